"""The risk stage on Spark (partials and Spark group-bys, no rows on the driver) equals the
local polars risk stage, on frames that exercise each aggregate."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from risk.risk_findings import DIRECT, GENOMIC, HEALTH, QUASI, finding, plain  # noqa: E402

from minlint.risk import assess  # noqa: E402

pytest.importorskip("pyspark")

DAY = dt.date(1980, 5, 2)
COHORT = pl.DataFrame(
    {
        "zip": [2139, 2139, 2139, 10001, 10001, 10001, 94305, 94305, None],
        "sex": ["F", "F", "F", "M", "M", "M", None, None, None],
        "dob": [DAY, DAY, DAY, dt.date(1975, 1, 1), dt.date(1975, 1, 1), dt.date(1975, 1, 1), DAY, DAY, None],
        "age": [95, 95, 95, 40, 40, 40, 12, 12, None],
        "icd10": ["I10", None, "E11", "I10", "I10", "I10", "C50", None, None],
        "score": [1.5, 1.5, 2.0, None, 3.0, 3.0, 1.0, 2.0, 2.0],
        "patient_id": ["P1", "P1", "P2", "P3", "P4", "P5", "P6", "P6", None],
        "email": ["a@x", None, None, "b@x", None, None, None, None, "c@x"],
    }
)
COHORT_FINDINGS = (
    finding("zip", QUASI, "POSTAL_CODE", dtype="Int64"),
    finding("sex", QUASI, "GENDER"),
    finding("dob", QUASI, "DATE_OF_BIRTH", dtype="Date"),
    finding("age", QUASI, "AGE", dtype="Int64"),
    finding("icd10", HEALTH, "ICD10_CODE"),
    finding("score", HEALTH, "POLYGENIC_SCORE", dtype="Float64"),
    plain("patient_id"),
    finding("email", DIRECT, "EMAIL_ADDRESS"),
)
ZIP3 = pl.DataFrame({"zip": [21, 21, 100, 100, 203, None], "rs1": ["AA", "AG", None, "GG", "GG", "AA"]})
ZIP3_FINDINGS = (finding("zip", QUASI, "POSTAL_CODE", dtype="Int64"), finding("rs1", GENOMIC, "GENOTYPE"))


@pytest.fixture(scope="module")
def spark():
    from minlint.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def _on_spark(spark, frame: pl.DataFrame, findings, partitions: int = 3, **options):
    from minlint.engines.spark import SparkRiskAggregates

    # Arrow input is sliced in row order: each partition is one batch to merge.
    df = spark.createDataFrame(frame.with_row_index("__row").with_columns(pl.col("__row").cast(pl.Int64)).to_arrow())
    df = df.repartitionByRange(partitions, "__row").drop("__row")
    aggregates = SparkRiskAggregates(df, frame.schema)
    try:
        return assess(pl.DataFrame(schema=frame.schema).lazy(), findings, aggregates=aggregates, **options)
    finally:
        aggregates.close()


@pytest.mark.parametrize("quasi_identifiers", [None, ["zip", "sex"], ["sex"]])
def test_spark_classes_hipaa_and_persons_equal_the_local_ones(spark, quasi_identifiers):
    local = assess(COHORT.lazy(), COHORT_FINDINGS, quasi_identifiers=quasi_identifiers, k=3)
    on_spark = _on_spark(spark, COHORT, COHORT_FINDINGS, quasi_identifiers=quasi_identifiers, k=3)
    assert on_spark == local
    assert local.persons == 6  # P1..P6; the keyless row is no person
    if quasi_identifiers == ["sex"]:
        # Classes F, M and null sex, 3 rows each: k = 3. icd10: M holds only I10 (l = 1); score:
        # two values in each class, M's counting its null as one (as pycanon does).
        assert local.k_min == 3 and local.metrics["l_diversity"] == {"icd10": 1, "score": 2}


def test_integer_zip3_columns_are_judged_on_the_whole_column_not_per_batch(spark):
    local = assess(ZIP3.lazy(), ZIP3_FINDINGS)
    on_spark = _on_spark(spark, ZIP3, ZIP3_FINDINGS)
    assert on_spark == local
    assert local.metrics["hipaa"]["zip5_columns"] == []  # ZIP3 numbers: 021, 100, 203
    assert local.metrics["hipaa"]["restricted_zip3_rows"] == 1  # 203 is restricted


def test_a_batch_of_small_numbers_does_not_turn_a_zip5_column_into_zip3s(spark):
    # 00203 is a ZIP5 of the 002 area because the column holds 5-digit ZIPs; alone in its
    # batch it would look like the restricted ZIP3 203.
    frame = pl.DataFrame({"zip": [20399, 20399, 203, 203], "rs1": ["AA", "AG", "GG", "GG"]})
    local = assess(frame.lazy(), ZIP3_FINDINGS)
    assert _on_spark(spark, frame, ZIP3_FINDINGS, partitions=2) == local
    assert local.metrics["hipaa"]["restricted_zip3_rows"] == 2


def test_an_empty_dataframe_has_no_classes_on_either_engine(spark):
    empty = COHORT.clear()
    assert _on_spark(spark, empty, COHORT_FINDINGS) == assess(empty.lazy(), COHORT_FINDINGS)
