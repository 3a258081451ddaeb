"""NIH NOT-OD-25-083 through the command line: `scan --policy us-doj-bulk-data` to CN and to JP."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from minlint.cli import app

runner = CliRunner()
VARIANTS = Path(__file__).resolve().parents[2] / "fixtures" / "variants.csv"


@pytest.fixture
def dbgap_subset(tmp_path: Path) -> Path:
    """40 participants of two dbGaP studies: too few for the DOJ genomic threshold (more than 100)."""
    rows = 40
    path = tmp_path / "dbgap_subset.csv"
    pl.DataFrame({
        "study": ["phs001292.v2.p2", "phs000424.v8.p2"] * (rows // 2),
        "sra_run": [f"SRR{10632674 + i * 7919}" for i in range(rows)],
        "dx": [["E11.9", "I10", "J45.909", "K21.9"][i % 4] for i in range(rows)],
    }).write_csv(path)
    return path


@pytest.fixture
def phenotypes(tmp_path: Path) -> Path:
    """Diagnoses and HbA1c of 40 participants: no accession in sight."""
    path = tmp_path / "phenotypes.csv"
    pl.DataFrame({
        "dx": [["E11.9", "I10", "J45.909", "K21.9"][i % 4] for i in range(40)],
        "hba1c": [5.0 + (i % 30) / 10 for i in range(40)],
    }).write_csv(path)
    return path


def scan(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["scan", "--no-presidio", "--policy", "us-doj-bulk-data", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def violations(report: dict) -> list[tuple[str, str, str | None]]:
    return [(v["rule_id"], v["severity"], v["column"]) for v in report["violations"]]


def test_a_few_dbgap_participants_to_cn_fail_and_to_jp_pass(dbgap_subset):
    code, report = scan(str(dbgap_subset), "--destination", "CN")
    assert code == 1 and report["verdict"] == "fail"
    # Accessions point to sequencing records; they are not a person's genomic results
    # (28 CFR 202.224), so they count no genomic persons: the NIH rule judges them.
    assert report["datasets"][0]["risk"]["persons_by_category"] == {"health": 40}
    assert violations(report) == [("NIH-CONTROLLED-ACCESS", "error", None)]
    assert report["violations"][0]["message"].startswith("Accession columns (sra_run, study; dbGaP")
    assert report["violations"][0]["citation"].startswith("NIH NOT-OD-25-083")
    code, report = scan(str(dbgap_subset), "--destination", "JP")
    assert (code, report["verdict"], violations(report)) == (0, "pass", [])


def test_the_variants_fixture_to_cn_is_bulk_genomic_and_controlled_access_and_to_jp_passes():
    code, report = scan(str(VARIANTS), "--destination", "CN")
    assert code == 1
    assert violations(report) == [("DOJ-GENOMIC-BULK", "error", None), ("NIH-CONTROLLED-ACCESS", "error", None)]
    assert "(biosample, ega_study, gsm, run, study, tcga_barcode;" in report["violations"][1]["message"]
    code, report = scan(str(VARIANTS), "--destination", "JP")
    assert (code, violations(report)) == (0, [])


def test_a_declared_controlled_access_source_blocks_data_without_accessions(phenotypes, tmp_path, monkeypatch):
    code, report = scan(str(phenotypes), "--destination", "CN")
    assert (code, violations(report)) == (0, [])
    (tmp_path / ".minlint.toml").write_text("[parameters]\ncontrolled_access_source = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, report = scan(str(phenotypes), "--destination", "CN")
    assert code == 1 and violations(report) == [("NIH-CONTROLLED-ACCESS-DERIVED", "error", None)]
    code, report = scan(str(phenotypes), "--destination", "JP")
    assert (code, violations(report)) == (0, [])


def test_fix_does_not_pass_controlled_access_data_by_dropping_the_accessions(dbgap_subset, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["fix", str(dbgap_subset), "--no-presidio", "-p", "us-doj-bulk-data", "-d", "CN", "-o", f"{out}/"]
    )
    assert result.exit_code == 1
    assert "NIH-CONTROLLED-ACCESS" in result.stderr and "nothing was written" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_explain_and_policies_show_name_the_notice_and_what_is_not_covered():
    explained = runner.invoke(app, ["explain", "NIH-CONTROLLED-ACCESS"])
    assert explained.exit_code == 0
    assert "Citation: NIH NOT-OD-25-083 (effective 4 April 2025); countries of concern as in 28 CFR 202.211" in explained.stdout
    shown = runner.invoke(app, ["policies", "show", "us-doj-bulk-data"])
    assert shown.exit_code == 0
    flat = " ".join(shown.stdout.split())
    assert "NIH-CONTROLLED-ACCESS [error] Accessions of controlled-access genomic records to a country of concern" in flat
    assert "the BIOSECURE Act (a contracting restriction, not a data-transfer rule) are not checked" in flat
