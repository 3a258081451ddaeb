"""A streamed dataset's class group-bys run one hash bucket of classes at a time; the metrics
are exactly those of one group-by over all rows."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from risk.risk_findings import HEALTH, QUASI, finding

from minlint import execution
from minlint.risk import streamed
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


def _tiny_class_budget(patch) -> None:
    # 1 byte of budget and 1 byte a group: as many buckets as (estimated) groups.
    patch.setenv("MINLINT_MEMORY_BUDGET", "1")
    patch.setattr(streamed, "_CLASS_TABLE_FLOOR", 1)
    patch.setattr(streamed, "_BYTES_PER_CLASS", 1)
    patch.setattr(streamed, "_KEY_COPIES", 0)
    patch.setattr(streamed, "_ESTIMATE_HEADROOM", 1)


@pytest.fixture
def tiny_class_budget(monkeypatch):
    _tiny_class_budget(monkeypatch)


def test_the_bucket_count_follows_the_groups_their_size_and_the_budget(tiny_class_budget, monkeypatch):
    assert streamed._class_buckets(streamed._KeyEstimate(60, 40.0)) == 60
    monkeypatch.setattr(streamed, "_CLASS_TABLE_FLOOR", 100)
    assert streamed._class_buckets(streamed._KeyEstimate(60, 40.0)) == 1
    monkeypatch.setattr(streamed, "_KEY_COPIES", 2)
    assert streamed._class_buckets(streamed._KeyEstimate(60, 40.0)) == 49  # 60 x (1 + 2 x 40) / 100
    assert streamed._class_buckets(streamed._KeyEstimate(0, 40.0)) == 1
    # Classes that repeat (more rows than classes) charge the merge: 1.5 x 4,860 bytes / 100.
    assert streamed._class_buckets(streamed._KeyEstimate(60, 40.0, rows=61)) == 73
    assert streamed._class_buckets(streamed._KeyEstimate(60, 40.0, rows=60)) == 49


def test_the_class_estimate_counts_distinct_classes_not_rows():
    # The same 3,000 classes four times over (as the 4x benchmark input repeats its file):
    # below the sketch size the count is exact, and the bytes are those of one row's values.
    frame = pl.DataFrame({"zip": [f"{i % 3000:05d}" for i in range(12_000)], "age": [i % 3000 for i in range(12_000)]})
    estimate = streamed._estimate_keys(lambda rows: rows, frame.lazy(), frame.height, {"classes": ["zip", "age"]})
    assert estimate["classes"].distinct == 3000
    assert estimate["classes"].row_bytes == pytest.approx(frame.estimated_size() / frame.height, rel=0.05)


def test_a_repeated_input_gets_its_buckets_times_the_merge_charge_not_times_its_rows():
    once = pl.DataFrame({"zip": [f"{i:05d}" for i in range(5_000)], "age": [i % 90 for i in range(5_000)]})
    four_times = pl.concat([once] * 4)
    estimates = [
        streamed._estimate_keys(lambda rows: rows, f.lazy(), f.height, {"c": ["zip", "age"]})["c"] for f in (once, four_times)
    ]
    assert (estimates[0].rows, estimates[1].rows) == (5_000, 20_000)
    with pytest.MonkeyPatch.context() as patch:
        _tiny_class_budget(patch)
        patch.setattr(streamed, "_CLASS_TABLE_FLOOR", 100)
        # 5,027 estimated classes a byte each, 100 bytes a bucket. Four times the rows, not
        # four times the buckets: only the merge of repeated classes is charged (1.5x).
        assert [e.distinct for e in estimates] == [5027, 5027]
        assert [streamed._class_buckets(e) for e in estimates] == [51, 76]


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
        _tiny_class_budget(patch)
        # Slices of 7 rows: a bucket's table is merged from several slices' group-bys.
        patch.setattr(streamed, "batch_rows", lambda frame, target_bytes=0: 7)
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
