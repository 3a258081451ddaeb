"""The user-facing contract as README.md, docs/ci.md and the design doc state it.

Exit codes and one-line errors for every kind of usage mistake, `minlint fix --output DIR/`,
masked examples in the text report, and SARIF/JSON from real scans under every built-in policy
(with a waiver, and of a fixed copy) validated against the official SARIF 2.1.0 schema and the
design's JSON fields.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from typer.testing import CliRunner

from minlint.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "minlint" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
KEY = "contract-audit-key-0123456789abcdef"
BUILTIN_POLICIES = ("china-pipl-hgr", "gdpr-transfer", "hipaa-limited-data-set", "hipaa-safe-harbor", "us-doj-bulk-data")


def _ssns(n: int) -> list[str]:
    """Valid SSNs (area 100-665, group and serial never zero): python-stdnum accepts them."""
    return [f"{100 + i % 500:03d}-{1 + i % 98:02d}-{1000 + i:04d}" for i in range(n)]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """200 rows: an SSN column (a Safe Harbor identifier) and a diagnosis code."""
    path = tmp_path / "in" / "export.csv"
    path.parent.mkdir()
    pl.DataFrame({
        "ssn": _ssns(200),
        "diagnosis": [["E11.9", "I10", "J45.909", "K21.9"][i % 4] for i in range(200)],
    }).write_csv(path)
    return path


def _run(args: list[str]):
    return CliRunner().invoke(app, args)


def _one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("minlint: error: "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "says"),
    [
        # Patterns, case-insensitive: click and typer word these a little differently by version
        # (`No such option: --bogus` / `No such option '--bogus'`, `'paths'` / `'PATHS...'`).
        (["scan", "{export}", "--bogus"], r"No such option:? '?--bogus'? \(see 'minlint scan --help'\)"),
        (["scan"], r"Missing argument 'paths(\.\.\.)?' \(see 'minlint scan --help'\)"),
        (["scan", "{export}", "--fail-on", "sometimes"], r"'sometimes' is not one of"),
        (["scan", "{export}", "--k", "1"], r"--k"),
        (["scan", "{export}", "--output"], r"Option '--output' requires an argument"),
        (["fix", "{export}"], r"Missing option '--output'"),
        (["explain"], r"Missing argument 'rule_id'"),
        (["policies", "show"], r"Missing argument 'name' \(see 'minlint policies show --help'\)"),
        (["scna", "{export}"], r"No such command '?scna'?"),
    ],
    ids=["unknown-option", "missing-path", "bad-fail-on", "k-too-small", "option-without-value",
         "fix-without-output", "explain-without-rule", "show-without-policy", "unknown-command"],
)
def test_a_usage_error_is_one_line_on_stderr_and_exit_2(args, says, export):
    result = _run([a.format(export=export) for a in args])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert re.search(says, line, re.IGNORECASE), line
    assert "Usage:" not in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "xml"], "--format 'xml': unknown format"),
        (["--destination", "XX"], "--destination XX: unknown country code"),
        (["--policy", "no-such-policy"], "no-such-policy: unknown policy"),
        (["--policy", "{bad_policy}"], "bad.yaml: rules: Input should be a valid list"),
    ],
    ids=["bad-format", "bad-destination", "unknown-policy", "policy-schema-error"],
)
def test_a_bad_setting_is_one_line_on_stderr_and_exit_2(args, says, export, tmp_path):
    bad_policy = tmp_path / "bad.yaml"
    bad_policy.write_text("name: bad\nrules: 5\n", encoding="utf-8")
    result = _run(["scan", str(export), "--no-presidio", *[a.format(bad_policy=bad_policy) for a in args]])
    assert result.exit_code == 2
    assert says in _one_error_line(result)
    assert result.stdout == ""


def test_top_level_help_states_the_exit_codes():
    result = _run(["--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit codes: 0 nothing at or above --fail-on" in text
    assert "1 violations" in text and "2 usage or input error" in text


def test_the_commands_exit_0_on_success():
    assert _run(["version"]).exit_code == 0
    assert _run(["policies", "list"]).exit_code == 0
    assert _run(["policies", "show", "us-doj-bulk-data"]).exit_code == 0
    assert _run(["explain", "HIPAA-SH-SSN"]).exit_code == 0


# --------------------------------------------------------------------------- fix


def test_fix_output_directory_with_trailing_slash_takes_the_input_file_name(export, tmp_path):
    out = tmp_path / "out"
    result = _run(["fix", str(export), "--output", f"{out}/", "--no-presidio"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == ["export.csv", "export.csv.changes.json", "export.csv.changes.log", "export.csv.changes.md"]
    assert pl.read_csv(out / "export.csv").columns == ["diagnosis"]


def test_fix_output_existing_directory_takes_the_input_file_name(export, tmp_path):
    out = tmp_path / "existing"
    out.mkdir()
    result = _run(["fix", str(export), "--output", str(out), "--no-presidio", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"-> {out / 'export.csv'}" in result.output
    assert list(out.iterdir()) == []


def test_fix_output_in_another_format_is_refused_up_front_naming_the_option(export, tmp_path):
    out = tmp_path / "copy.parquet"
    result = _run(["fix", str(export), "--output", str(out), "--no-presidio"])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert line == (
        f"minlint: error: --output {out}: the copy of {export} is written as csv; "
        "give a name ending in .csv (or a directory ending in /)"
    )
    assert ".minlint-fix-" not in line
    assert list(tmp_path.iterdir()) == [export.parent]


def test_fix_refusal_says_nothing_was_written_once(export, tmp_path):
    out = tmp_path / "copy.csv"
    result = _run(["fix", str(export), "--output", str(out), "--keep", "ssn", "--no-presidio"])
    assert result.exit_code == 1
    line = _one_error_line(result)
    assert "HIPAA-SH-SSN" in line
    assert line.count("nothing was written") == 1
    assert not out.exists()


def test_fix_reads_the_key_from_a_file_and_never_writes_it(tmp_path, monkeypatch):
    monkeypatch.delenv("MINLINT_PSEUDONYM_KEY", raising=False)
    source = tmp_path / "visits.csv"
    pl.DataFrame({
        "patient_id": [f"MRN{100000 + i // 2}" for i in range(200)],
        "diagnosis": [["E11.9", "I10"][i % 2] for i in range(200)],
    }).write_csv(source)
    key_file = tmp_path / "pseudonym.key"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    out = tmp_path / "out" / "visits.csv"
    result = _run(["fix", str(source), "--output", str(out), "--key-file", str(key_file), "--no-presidio"])
    assert result.exit_code == 0, result.output
    copy = pl.read_csv(out)
    assert copy.get_column("patient_id").str.len_chars().unique().to_list() == [64]
    assert copy.get_column("patient_id").n_unique() == 100
    everything = "".join(p.read_text(encoding="utf-8") for p in out.parent.iterdir())
    assert KEY not in everything and "MRN100000" not in everything


# --------------------------------------------------------------------------- text report


def test_show_examples_puts_masked_examples_in_the_text_report(export):
    plain = _run(["scan", str(export), "--no-presidio"])
    shown = _run(["scan", str(export), "--no-presidio", "--show-examples"])
    assert plain.exit_code == shown.exit_code == 1
    header = next(line for line in shown.stdout.splitlines() if line.startswith("column"))
    assert header.split() == ["column", "category", "entities", "evidence", "examples"]
    assert "examples" not in next(line for line in plain.stdout.splitlines() if line.startswith("column"))
    ssn_row = next(line for line in shown.stdout.splitlines() if line.startswith("ssn "))
    assert ssn_row.rstrip().endswith("***-**-" + ssn_row.rstrip()[-4:])
    assert ssn_row.rstrip()[-4:].isdigit()
    for value in _ssns(200):
        assert value not in shown.stdout


# --------------------------------------------------------------------------- SARIF and JSON of real scans


def _validate_sarif(document: dict) -> None:
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)


def _check_design_contract(document: dict) -> None:
    """The fields /work/shared/docs/design.md names, with their types, and the shipped schema."""
    jsonschema.validators.validator_for(REPORT_SCHEMA)(REPORT_SCHEMA).validate(document)
    assert document["version"] == "1"
    assert document["tool"]["name"] == "minlint" and isinstance(document["tool"]["version"], str)
    assert isinstance(document["policy"], str) and document["verdict"] in ("pass", "warn", "fail")
    for dataset in document["datasets"]:
        assert isinstance(dataset["path"], str) and isinstance(dataset["rows"], int)
        assert dataset["persons"] is None or isinstance(dataset["persons"], int)
        for column in dataset["columns"]:
            assert set(column) >= {"name", "dtype", "category", "entities"}
            assert column["category"] in ("direct_identifier", "quasi_identifier", "genomic", "health", "sensitive", "none")
            for entity in column["entities"]:
                assert set(entity) == {"entity", "score", "evidence"} and isinstance(entity["evidence"], list)
        risk = dataset["risk"]
        assert isinstance(risk["quasi_identifiers"], list)
        assert risk["k_min"] is None or isinstance(risk["k_min"], int)
        assert risk["unique_share"] is None or isinstance(risk["unique_share"], float)
    for violation in document["violations"]:
        assert set(violation) >= {"rule_id", "severity", "dataset", "column", "message", "citation"}
        assert violation["citation"], violation["rule_id"]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    """A clinical export, a genotype matrix and a CSV with cryptic names, as separate datasets."""
    directory = tmp_path_factory.mktemp("exports")
    for name in ("clinical_export.parquet", "genotypes_matrix.parquet", "cryptic_names.csv"):
        (directory / name).write_bytes((FIXTURES / name).read_bytes())
    return directory


@pytest.mark.parametrize("destination", ["CN", "US"])
def test_sarif_and_json_of_every_builtin_policy_validate(exports, destination, tmp_path):
    args = ["scan", str(exports), "--no-presidio", "-d", destination, "--origin", "CN"]
    for policy in BUILTIN_POLICIES:
        args += ["-p", policy]
    sarif, report = tmp_path / "r.sarif", tmp_path / "r.json"
    result = _run([*args, "-f", "sarif", "-o", str(sarif), "-f", "json", "-o", str(report)])
    assert result.exit_code == 1, result.output
    document = json.loads(sarif.read_text(encoding="utf-8"))
    _validate_sarif(document)
    fired = {r["properties"]["policy"] for r in document["runs"][0]["results"]}
    # To CN: GDPR (no adequacy), DOJ (country of concern) and both HIPAA policies fire; PIPL
    # needs a destination outside mainland China, which US is (where DOJ and GDPR-without-DPF are quiet).
    expected = {
        "CN": {"gdpr-transfer", "hipaa-limited-data-set", "hipaa-safe-harbor", "us-doj-bulk-data"},
        "US": {"china-pipl-hgr", "gdpr-transfer", "hipaa-limited-data-set", "hipaa-safe-harbor"},
    }[destination]
    assert fired == expected
    _check_design_contract(json.loads(report.read_text(encoding="utf-8")))


def test_sarif_with_a_waiver_validates_and_leaves_the_waived_result_out(exports, tmp_path):
    config = tmp_path / "minlint.toml"
    config.write_text(
        '[[waivers]]\ndataset = "*clinical_export.parquet"\ncolumn = "ssn"\nrule = "HIPAA-SH-SSN"\n'
        'reason = "Expert Determination 2025-014"\nexpires = 2999-12-31\n',
        encoding="utf-8",
    )
    sarif, report = tmp_path / "r.sarif", tmp_path / "r.json"
    result = _run(["scan", str(exports / "clinical_export.parquet"), "--no-presidio", "--config", str(config),
                   "-f", "sarif", "-o", str(sarif), "-f", "json", "-o", str(report)])
    assert result.exit_code == 1, result.output
    document = json.loads(sarif.read_text(encoding="utf-8"))
    _validate_sarif(document)
    run = document["runs"][0]
    assert run["properties"]["waived"] == 1
    assert ("HIPAA-SH-SSN", "ssn") not in {
        (r["ruleId"], r["locations"][0].get("logicalLocations", [{}])[0].get("name")) for r in run["results"]
    }
    json_report = json.loads(report.read_text(encoding="utf-8"))
    _check_design_contract(json_report)
    assert [(v["rule_id"], v["column"]) for v in json_report["waived"]] == [("HIPAA-SH-SSN", "ssn")]


def test_sarif_of_a_fixed_copy_validates_and_is_clean(export, tmp_path):
    out = tmp_path / "out" / "export.csv"
    assert _run(["fix", str(export), "--output", str(out), "--no-presidio"]).exit_code == 0
    sarif = tmp_path / "fixed.sarif"
    result = _run(["scan", str(out), "--no-presidio", "-f", "sarif", "-o", str(sarif)])
    assert result.exit_code == 0, result.output
    document = json.loads(sarif.read_text(encoding="utf-8"))
    _validate_sarif(document)
    assert document["runs"][0]["results"] == [] and document["runs"][0]["properties"]["verdict"] == "pass"


# --------------------------------------------------------------------------- README


def test_readme_config_example_loads_and_never_narrows_the_restricted_zip3_list(tmp_path):
    """Copying the README's config must not drop Safe Harbor's 2000-census ZIP3 areas (45 CFR
    164.514(b)(2)(i)(B)): the parameter replaces the whole list."""
    import re

    import yaml

    from minlint.config import load_config

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    config = tmp_path / ".minlint.toml"
    config.write_text(block, encoding="utf-8")
    settings = load_config(explicit=config)
    default = yaml.safe_load((ROOT / "minlint" / "data" / "restricted_zip3.yaml").read_text(encoding="utf-8"))["prefixes"]
    configured = settings.policy_parameters()["restricted_zip3"]
    assert sorted(set(configured) - set(default)) == ["205", "369"]
    assert set(default) <= set(configured)
    assert [w.rule for w in settings.waivers] == ["HIPAA-SH-ZIP5"]
