"""A streamed dataset's class group-bys run one hash bucket of classes at a time; the metrics
are exactly those of one group-by over all rows."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from risk.risk_findings import HEALTH, QUASI, finding

from minlint import execution, risk
from minlint.risk import assess

FINDINGS = (
    finding("zip", QUASI, "POSTAL_CODE"),
    finding("age", QUASI, "AGE", dtype="Int64"),
    finding("sex", QUASI, "SEX"),
    finding("icd10", HEALTH, "ICD10_CODE"),
)

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["02139", "02138", "10001", None]),
        st.one_of(st.none(), st.integers(min_value=30, max_value=36)),
        st.sampled_from(["F", "M", None]),
        st.sampled_from(["I10", "E11.9", None]),
    ),
    min_size=1,
    max_size=80,
)


@pytest.fixture
def tiny_class_budget(monkeypatch):
    # 1 byte of budget: every class table is split into as many buckets as rows x groupings.
    monkeypatch.setenv("MINLINT_MEMORY_BUDGET", "1")
    monkeypatch.setattr(risk, "_CLASS_TABLE_FLOOR", 1)
    monkeypatch.setattr(risk, "_BYTES_PER_CLASS", 1)


def test_the_bucket_count_follows_rows_groupings_and_budget(tiny_class_budget, monkeypatch):
    assert risk._class_buckets(60, 4) == 240
    monkeypatch.setattr(risk, "_CLASS_TABLE_FLOOR", 100)
    assert risk._class_buckets(60, 4) == 3
    assert risk._class_buckets(0, 4) == 1


@settings(max_examples=25, deadline=None)
@given(rows_strategy)
def test_bucketed_classes_equal_one_group_by(rows):
    zips, ages, sexes, codes = zip(*rows)
    frame = pl.DataFrame(
        {"zip": list(zips), "age": list(ages), "sex": list(sexes), "icd10": list(codes)},
        schema={"zip": pl.String, "age": pl.Int64, "sex": pl.String, "icd10": pl.String},
    )
    with execution.in_memory():
        whole = assess(frame.lazy(), FINDINGS, k=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINLINT_MEMORY_BUDGET", "1")
        patch.setattr(risk, "_CLASS_TABLE_FLOOR", 1)
        patch.setattr(risk, "_BYTES_PER_CLASS", 1)
        assert risk._class_buckets(frame.height, 4) > 1
        bucketed = assess(frame.lazy(), FINDINGS, k=3)
    assert bucketed == whole


def test_l_diversity_is_the_minimum_over_buckets(tiny_class_budget):
    frame = pl.DataFrame(
        {
            "zip": ["02139"] * 4 + ["10001"] * 4,
            "age": [30] * 8,
            "sex": ["F"] * 8,
            "icd10": ["I10", "E11.9", None, "I10", "I10", "I10", "I10", "I10"],
        }
    )
    result = assess(frame.lazy(), FINDINGS, k=3)
    assert result.k_min == 4
    assert result.metrics["l_diversity"] == {"icd10": 1}  # 10001 holds only I10; 02139 has 3
