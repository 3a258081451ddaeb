"""`.minlint.toml` / `[tool.minlint]`: discovery, kebab-case keys, waivers, one-line ConfigErrors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from minlint.config import DEFAULT_SAMPLE_SIZE, Config, Waiver, load_config
from minlint.errors import ConfigError
from minlint.profile import DEFAULT_SAMPLE_SIZE as PROFILE_SAMPLE_SIZE

FULL = """
policies = ["hipaa-safe-harbor", "us-doj-bulk-data"]
destination = "de"
include = ["exports/**"]
exclude = ["exports/tmp/*"]
fail-on = "warning"
sample-size = 500
k = 5
data-use-agreement = true
safeguards = ["scc", "BCR"]
origin = "cn"

[quasi-identifiers]
"*" = ["zip3", "sex"]
"exports/claims_*.parquet" = ["zip3", "birth_year", "sex"]

[parameters]
snps_that_identify = 40

[[waivers]]
dataset = "exports/cohort.parquet"
column = "mrn"
rule = "HIPAA-SH-MRN"
reason = "IRB 2024-117: linkage key kept by the honest broker"
approver = "privacy office"
expires = 2026-06-30
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_file_is_found(tmp_path):
    config = load_config(tmp_path)
    assert config == Config()
    assert (config.fail_on, config.k, config.sample_size, config.policies) == ("error", 11, 200, [])
    assert DEFAULT_SAMPLE_SIZE == PROFILE_SAMPLE_SIZE


def test_every_setting_in_kebab_case(tmp_path):
    write(tmp_path, ".minlint.toml", FULL)
    config = load_config(tmp_path)
    assert config.policies == ["hipaa-safe-harbor", "us-doj-bulk-data"]
    assert (config.destination, config.origin) == ("DE", "CN")
    assert (config.fail_on, config.sample_size, config.k, config.data_use_agreement) == ("warning", 500, 5, True)
    assert config.safeguards == ["BCR", "SCC"]
    assert config.global_quasi_identifiers() == ["zip3", "sex"]
    assert config.quasi_identifiers_for("/data/exports/claims_2024.parquet") == ["zip3", "birth_year", "sex"]
    assert config.quasi_identifiers_for("exports/cohort.parquet") == ["zip3", "sex"]
    assert config.waivers == [
        Waiver(
            dataset="exports/cohort.parquet",
            column="mrn",
            rule="HIPAA-SH-MRN",
            reason="IRB 2024-117: linkage key kept by the honest broker",
            approver="privacy office",
            expires=date(2026, 6, 30),
        )
    ]
    assert config.policy_parameters() == {
        "snps_that_identify": 40,
        "data_use_agreement": True,
        "safeguards": ["BCR", "SCC"],
        "origin": "CN",
    }


def test_quasi_identifiers_as_a_plain_list_and_snake_case_keys(tmp_path):
    write(tmp_path, ".minlint.toml", 'quasi_identifiers = ["zip", "dob"]\nfail_on = "never"\n')
    config = load_config(tmp_path)
    assert config.global_quasi_identifiers() == ["zip", "dob"] and config.fail_on == "never"
    assert config.quasi_identifiers_for("any.csv") == ["zip", "dob"]


def test_walks_up_to_the_nearest_config_and_minlint_toml_wins_over_pyproject(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.minlint]\nfail-on = "never"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert load_config(deep).fail_on == "never"
    write(tmp_path, ".minlint.toml", 'fail-on = "warning"\n')
    assert load_config(deep).fail_on == "warning"


def test_a_pyproject_without_tool_minlint_is_passed_over(tmp_path):
    write(tmp_path, ".minlint.toml", "k = 7\n")
    write(tmp_path / "pkg", "pyproject.toml", '[project]\nname = "pkg"\n')
    assert load_config(tmp_path / "pkg").k == 7


def test_explicit_file(tmp_path):
    path = write(tmp_path, "ci.toml", 'destination = "jp"\n')
    assert load_config(tmp_path, explicit=path).destination == "JP"
    pyproject = write(tmp_path / "p", "pyproject.toml", "[tool.other]\nx = 1\n")
    with pytest.raises(ConfigError) as error:
        load_config(explicit=pyproject)
    assert str(error.value) == f"{pyproject}: no [tool.minlint] table"


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[waivers]]\nrule = \n", "{path}: not valid TOML (line 2, column 8)"),
        ("colour = 'red'\n", "{path}: unknown setting colour"),
        ("[[waivers]]\nrule = 'X-1'\nreason = 'r'\nowner = 'me'\n", "{path}: unknown setting waivers[0].owner"),
        (
            "[[waivers]]\nrule = 'HIPAA-SH-SSN'\ncolumn = 'ssn'\nexpires = 2099-01-01\n",
            "{path}: waiver without reason (waivers[0], rule HIPAA-SH-SSN): every waiver needs a reason",
        ),
        (
            "[[waivers]]\nrule = 'HIPAA-SH-SSN'\nreason = '   '\n",
            "{path}: waiver without reason (waivers[0], rule HIPAA-SH-SSN): every waiver needs a reason",
        ),
        ("fail-on = 'sometimes'\n", "{path}: fail-on: Input should be 'error', 'warning' or 'never'"),
        ("k = 1\n", "{path}: k: Input should be greater than or equal to 2"),
        ("sample-size = 'many'\n", "{path}: sample-size: Input should be a valid integer, unable to parse string as an integer"),
        (
            "destination = 'XX'\n",
            "{path}: destination XX: unknown country code (expected ISO 3166-1 alpha-2, e.g. US, DE, CN)",
        ),
        ("[[waivers]]\nrule = 'A-1'\nreason = 'r'\nexpires = 'soon'\n", "{path}: waivers[0].expires: Input should be a valid date or datetime, input is too short"),
    ],
    ids=[
        "toml-syntax", "unknown-key", "unknown-waiver-key", "waiver-without-reason", "blank-reason",
        "bad-fail-on", "k-too-small", "sample-size-not-int", "unknown-destination", "bad-expiry",
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(tmp_path, text, message):
    path = write(tmp_path, ".minlint.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value) == message.replace("{path}", str(path))


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(explicit=tmp_path / "nope.toml")
    assert str(error.value) == f"{tmp_path / 'nope.toml'}: config file does not exist"
