"""`minlint scan` end to end through the command line: exit codes, JSON contract, no leaks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from minlint.cli import app

runner = CliRunner()

SSNS = ["123-45-6789", "234-56-7891", "345-67-8912", "456-78-9123"]
EMAILS = ["ada.lovelace@example.org", "alan.turing@example.net", "grace.hopper@example.com", "emmy.noether@example.de"]


@pytest.fixture
def identified_export(tmp_path: Path) -> Path:
    rows = 400
    frame = pl.DataFrame(
        {
            "record": [f"R{i:05d}" for i in range(rows)],
            "soc": [SSNS[i % 4] for i in range(rows)],
            "contact": [EMAILS[i % 4] for i in range(rows)],
            "dx": [["E11.9", "I10", "J45.909"][i % 3] for i in range(rows)],
            "qty": [i % 7 for i in range(rows)],
        }
    )
    path = tmp_path / "export.parquet"
    frame.write_parquet(path)
    return path


@pytest.fixture
def clean_export(tmp_path: Path) -> Path:
    frame = pl.DataFrame({"dx": ["E11.9", "I10", "J45.909"] * 100, "qty": list(range(300))})
    path = tmp_path / "clean.csv"
    frame.write_csv(path)
    return path


def scan(*args: str):
    return runner.invoke(app, ["scan", "--no-presidio", *args])


def test_identified_export_fails_with_exit_1_and_names_the_columns(identified_export):
    result = scan(str(identified_export), "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["version"] == "1"
    assert report["verdict"] == "fail"
    columns = {c["name"]: c for c in report["datasets"][0]["columns"]}
    assert set(columns) == {"record", "soc", "contact", "dx", "qty"}
    assert columns["soc"]["category"] == "direct_identifier"
    assert columns["soc"]["entities"][0]["entity"] == "US_SSN"
    assert columns["contact"]["entities"][0]["entity"] == "EMAIL_ADDRESS"
    assert columns["dx"]["category"] == "health"
    assert columns["qty"]["category"] == "none"
    flagged = {(v["rule_id"], v["column"]) for v in report["violations"]}
    assert any(column == "soc" for _, column in flagged)
    assert any(column == "contact" for _, column in flagged)


def test_clean_export_passes_with_exit_0(clean_export):
    result = scan(str(clean_export), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "pass"


def test_fail_on_never_exits_0_even_with_violations(identified_export):
    assert scan(str(identified_export), "--fail-on", "never").exit_code == 0


def test_no_planted_value_appears_in_any_format(identified_export, tmp_path):
    for fmt in ("text", "json", "sarif", "github", "junit", "markdown"):
        result = scan(str(identified_export), "--format", fmt)
        assert result.exit_code == 1, (fmt, result.output)
        for secret in SSNS + EMAILS:
            assert secret not in result.output, (fmt, secret)


def test_show_examples_prints_masked_values_only(identified_export):
    result = scan(str(identified_export), "--format", "json", "--show-examples")
    report = json.loads(result.stdout)
    soc = next(c for c in report["datasets"][0]["columns"] if c["name"] == "soc")
    assert soc["examples"] and all(e.startswith("***-**-") for e in soc["examples"])
    for secret in SSNS + EMAILS:
        assert secret not in result.output


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["missing.parquet"], "missing.parquet"),
        (["{export}", "--policy", "no-such-policy"], "no-such-policy"),
        (["{export}", "--destination", "XX"], "XX"),
    ],
)
def test_input_and_usage_errors_exit_2_with_one_line(identified_export, args, fragment):
    argv = [a.replace("{export}", str(identified_export)) for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "minlint", "scan", "--no-presidio", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("minlint: error:") and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_restricted_zip3_list_is_a_policy_parameter(tmp_path, monkeypatch):
    path = tmp_path / "zip3.csv"
    pl.DataFrame({"zip3": ["205", "100", "101"] * 100, "dx": ["E11.9", "I10", "J45.909"] * 100}).write_csv(path)
    default = json.loads(scan(str(path), "--format", "json").stdout)
    assert default["datasets"][0]["risk"]["hipaa"]["restricted_zip3_rows"] == 0
    (tmp_path / ".minlint.toml").write_text('[parameters]\nrestricted_zip3 = ["205", "369"]\n')
    monkeypatch.chdir(tmp_path)
    later_census = json.loads(scan(str(path), "--format", "json").stdout)
    assert later_census["datasets"][0]["risk"]["hipaa"]["restricted_zip3_rows"] == 100


def test_national_identity_numbers_fail_safe_harbor(tmp_path):
    from faker import Faker

    faker = Faker("it_IT")
    faker.seed_instance(1)
    path = tmp_path / "italia.csv"
    pl.DataFrame({"x": [faker.ssn() for _ in range(200)]}).write_csv(path)
    result = scan(str(path), "--format", "json")
    assert result.exit_code == 1
    assert [v["rule_id"] for v in json.loads(result.stdout)["violations"]] == ["HIPAA-SH-NATIONAL-ID"]


def test_a_vcf_with_more_than_30_variants_per_sample_is_identifying_genotype_data():
    vcf = Path(__file__).resolve().parents[2] / "fixtures" / "cohort.vcf"
    result = scan(str(vcf), "--format", "json")
    report = json.loads(result.stdout)
    assert report["datasets"][0]["risk"]["snps_per_person"] == 40
    assert [v["rule_id"] for v in report["violations"]] == ["HIPAA-SH-GENOTYPES"]


def test_a_23andme_raw_data_file_is_one_persons_identifying_genome():
    raw = Path(__file__).resolve().parents[2] / "fixtures" / "consumer_23andme.tsv"
    report = json.loads(scan(str(raw), "--format", "json").stdout)
    dataset = report["datasets"][0]
    assert dataset["persons"] == 1 and dataset["risk"]["persons_by_category"] == {"human_genomic": 1}
    assert dataset["risk"]["snps_per_person"] == 3000
    assert [v["rule_id"] for v in report["violations"]] == ["HIPAA-SH-GENOTYPES"]


def test_quasi_identifiers_a_dataset_lacks_fail_closed_naming_the_dataset_and_the_source(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    pl.DataFrame({"zip": ["02139", "10001"], "sex": ["F", "M"]}).write_csv(exports / "a.csv")
    pl.DataFrame({"postcode": ["SW1A 1AA", "EC1A 1BB"], "sex": ["F", "M"]}).write_csv(exports / "b.csv")
    result = runner.invoke(app, ["scan", str(exports), "--quasi-identifiers", "zip,sex", "--no-presidio"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "b.csv" in lines[0] and "--quasi-identifiers names 'zip'" in lines[0]
    passing = runner.invoke(app, ["scan", str(exports / "a.csv"), "--quasi-identifiers", "zip,sex", "--no-presidio"])
    assert passing.exit_code in (0, 1), passing.stderr
