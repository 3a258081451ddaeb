"""`minlint fix --engine spark`: Spark rewrites and writes the same copy the local engine writes."""

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from minlint.cli import app
from minlint.fix.fixer import FixOptions, fix_paths
from minlint.scan import ScanOptions, scan_paths

pytest.importorskip("pyspark")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLINICAL = FIXTURES / "clinical_export.parquet"
KEY = "spark-fix-test-key-0123456789abcdef"
SAFE_HARBOR = ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False)


@pytest.fixture(scope="module")
def spark():
    from minlint.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def test_spark_fix_writes_the_rows_the_local_fix_writes_and_its_copy_passes(spark, tmp_path, monkeypatch):
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)
    local_out = tmp_path / "local" / "clinical.parquet"
    fix_paths([str(CLINICAL)], FixOptions(scan=SAFE_HARBOR, output=local_out))
    spark_out = tmp_path / "spark" / "clinical.parquet"
    result = CliRunner().invoke(app, [
        "fix", str(CLINICAL), "-o", str(spark_out), "--policy", "hipaa-safe-harbor", "--no-presidio",
        "--engine", "spark", "--spark-master", "local[2]",
    ])
    assert result.exit_code == 0, result.stderr
    # One Parquet file where the local engine puts it (Spark's part file moved into place),
    # beside the change logs; no scratch or staging directory is left.
    assert sorted(p.name for p in spark_out.parent.iterdir()) == [
        "clinical.parquet", "clinical.parquet.changes.json", "clinical.parquet.changes.log", "clinical.parquet.changes.md",
    ]
    local, on_spark = pl.read_parquet(local_out), pl.read_parquet(spark_out)
    assert on_spark.schema == local.schema
    assert on_spark.height == local.height == 2979  # 21 rows suppressed (tests dated 2026-11-25)
    assert on_spark.sort(pl.all()).equals(local.sort(pl.all()))
    # Same keyed pseudonyms: HMAC per batch equals HMAC over the whole column.
    assert on_spark.get_column("patient_id").str.len_chars().unique().to_list() == [64]
    assert "verified: the minimized copy passes" in result.stdout
    again = scan_paths([str(spark_out)], ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False, engine="spark"))
    assert [v.rule_id for v in again.violations if v.severity == "error"] == []


def _fix_both(source: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    local_out, spark_out = tmp_path / "local" / name, tmp_path / "spark" / name
    fix_paths([str(source)], FixOptions(scan=SAFE_HARBOR, output=local_out))
    spark_options = ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False, engine="spark", spark_master="local[2]")
    fix_paths([str(source)], FixOptions(scan=spark_options, output=spark_out))
    return local_out, spark_out


def test_spark_fix_writes_gzip_csv_with_the_local_rows(spark, tmp_path, monkeypatch):
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)
    local_out, spark_out = _fix_both(FIXTURES / "visits.csv.gz", tmp_path, "visits.csv.gz")
    assert spark_out.read_bytes()[:2] == b"\x1f\x8b"  # still gzip
    local, on_spark = pl.read_csv(local_out), pl.read_csv(spark_out)
    assert on_spark.columns == ["mrn", "visit_date", "icd10", "cpt", "loinc", "lab_value"]
    assert on_spark.height == local.height == 4000
    assert on_spark.equals(local)  # one partition in input order: the same row order too


def test_spark_csv_keeps_quotes_and_whitespace_as_the_local_writer_does(spark, tmp_path, monkeypatch):
    source = tmp_path / "in" / "lab.csv"
    source.parent.mkdir()
    source.write_text('assay,comment\nA1,"said ""repeat"" twice"\nB2,"  padded  "\nC3,\n', encoding="utf-8")
    local_out, spark_out = _fix_both(source, tmp_path, "lab.csv")
    expected = ["said \"repeat\" twice", "  padded  ", None]
    assert pl.read_csv(local_out).get_column("comment").to_list() == expected
    assert pl.read_csv(spark_out).get_column("comment").to_list() == expected


def test_spark_fix_refuses_partitioned_directories_before_writing(spark, tmp_path, monkeypatch):
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)
    out = tmp_path / "partitioned"
    result = CliRunner().invoke(app, [
        "fix", str(FIXTURES / "partitioned"), "-o", str(out), "--no-presidio", "--engine", "spark",
    ])
    assert result.exit_code == 2
    assert "fix --engine spark cannot write parquet_dir datasets" in result.stderr
    assert not out.exists()


def test_fix_without_pyspark_is_one_clear_error(without_pyspark, monkeypatch, tmp_path):
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)
    out = tmp_path / "clinical.parquet"
    result = CliRunner().invoke(app, ["fix", str(CLINICAL), "-o", str(out), "--no-presidio", "--engine", "spark"])
    assert result.exit_code == 2
    assert "pyspark is not installed (pip install 'minlint[spark]')" in result.stderr
    assert not out.exists()
