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


def test_spark_detects_on_the_local_engines_view_of_categorical_and_full_width_columns(spark, tmp_path):
    """Categorical text and full-width digits are read as text and ASCII by both engines
    (``registry.detection_view``): SSNs in 3% of a categorical comment column, Japanese phone
    numbers in full-width digits."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(5)
    rows = 2_000
    comments = [
        f"Called back, SSN {rng.integers(100, 665):03d}-{rng.integers(10, 99):02d}-{rng.integers(1000, 9999):04d} on file"
        if i % 33 == 0 else rng.choice(["Stable.", "Follow up in 3 months.", "No change."])
        for i in range(rows)
    ]
    widths = str.maketrans("0123456789-", "０１２３４５６７８９－")
    phones = [f"0{rng.integers(70, 90)}-{rng.integers(1000, 9999)}-{rng.integers(1000, 9999)}".translate(widths) for _ in range(rows)]
    path = tmp_path / "clinic.parquet"
    pl.DataFrame({"kommentar": pl.Series(comments).cast(pl.Categorical), "renraku": phones}).write_parquet(path)

    local, on_spark = _json([path], "local"), _json([path], "spark")
    on_spark.pop("engine")
    assert on_spark == local
    entities = {c["name"]: {e["entity"] for e in c["entities"]} for c in local["datasets"][0]["columns"]}
    assert "US_SSN" in entities["kommentar"] and "PHONE_NUMBER" in entities["renraku"]
