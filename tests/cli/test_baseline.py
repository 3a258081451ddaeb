"""Baseline round trip: accepted findings stop failing the scan, new ones still do."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from minlint.cli import app

runner = CliRunner()
SSNS = ["123-45-6789", "234-56-7891", "345-67-8912"]


def _export(path: Path, with_email: bool) -> Path:
    columns = {"soc": [SSNS[i % 3] for i in range(300)], "dx": ["E11.9", "I10", "J45.909"] * 100}
    if with_email:
        columns["contact"] = [f"person{i}@example.org" for i in range(300)]
    pl.DataFrame(columns).write_parquet(path)
    return path


def scan(*args: str):
    return runner.invoke(app, ["scan", "--no-presidio", "--format", "json", *args])


def test_baseline_accepts_known_findings_and_reports_only_new_ones(tmp_path):
    export = _export(tmp_path / "export.parquet", with_email=False)
    baseline = tmp_path / ".minlint-baseline.json"

    written = scan(str(export), "--write-baseline", str(baseline))
    assert written.exit_code == 0, written.output
    document = json.loads(baseline.read_text())
    assert [e["column"] for e in document["accepted"]] == ["soc"]
    assert all(len(e["fingerprint"]) == 64 for e in document["accepted"])
    assert not any(s in baseline.read_text() for s in SSNS)

    again = scan(str(export), "--baseline", str(baseline))
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert report["violations"] == [] and [v["column"] for v in report["baselined"]] == ["soc"]

    _export(export, with_email=True)
    new = scan(str(export), "--baseline", str(baseline))
    assert new.exit_code == 1
    assert {v["column"] for v in json.loads(new.stdout)["violations"]} == {"contact"}


def test_malformed_baseline_is_an_error(tmp_path):
    export = _export(tmp_path / "export.parquet", with_email=False)
    bad = tmp_path / "baseline.json"
    bad.write_text("{not json")
    result = scan(str(export), "--baseline", str(bad))
    assert result.exit_code == 2
