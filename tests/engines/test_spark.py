"""The Spark engine gives the local engine's JSON report on every fixture (local[2] session)."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from minlint.cli import app
from minlint.report import render
from minlint.report.json import report_schema
from minlint.scan import ScanOptions, scan_paths

pytest.importorskip("pyspark")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# Every dataset fixture: Spark reads the Parquet ones, minlint's readers hand it the rest.
DATASETS = sorted(
    p.name for p in FIXTURES.iterdir()
    if p.name not in ("README.md", "canaries.json", "expected.json", "generate.py")
)


@pytest.fixture(scope="module")
def spark():
    from minlint.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def _json(paths, engine):
    report = scan_paths([str(p) for p in paths], ScanOptions(engine=engine, use_presidio=False))
    return json.loads(render(report, "json"))


def test_spark_report_equals_the_local_report_on_every_fixture(spark):
    paths = [FIXTURES / name for name in DATASETS]
    local = _json(paths, "local")
    on_spark = _json(paths, "spark")
    validator = Draft202012Validator(report_schema())
    validator.validate(on_spark)
    validator.validate(local)
    assert on_spark.pop("engine") == "spark" and "engine" not in local
    assert len(local["datasets"]) == len(DATASETS)
    for left, right in zip(local["datasets"], on_spark["datasets"]):
        assert left == right, left["path"]
    assert on_spark == local


def test_without_pyspark_the_spark_engine_is_one_clear_error(without_pyspark):
    result = CliRunner().invoke(app, ["scan", str(FIXTURES / "visits.csv.gz"), "--engine", "spark"])
    assert result.exit_code == 2
    assert "pyspark is not installed (pip install 'minlint[spark]')" in result.stderr
