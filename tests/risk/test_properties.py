"""Properties that hold for any data: k <= rows, generalising never lowers k, unique iff k = 1."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from risk.risk_findings import QUASI, finding

from minlint.risk import assess

FINDINGS = (
    finding("zip", QUASI, "POSTAL_CODE"),
    finding("age", QUASI, "AGE", dtype="Int64"),
    finding("sex", QUASI, "SEX"),
)

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["02139", "02138", "02144", "10001", "10002", "036", None]),
        st.one_of(st.none(), st.integers(min_value=0, max_value=110)),
        st.sampled_from(["F", "M", "X", None]),
    ),
    min_size=1,
    max_size=60,
)


def frame_of(rows: list[tuple]) -> pl.DataFrame:
    zips, ages, sexes = zip(*rows)
    return pl.DataFrame(
        {"zip": list(zips), "age": list(ages), "sex": list(sexes)},
        schema={"zip": pl.String, "age": pl.Int64, "sex": pl.String},
    )


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_k_never_exceeds_rows_and_matches_a_plain_group_by(rows):
    frame = frame_of(rows)
    risk = assess(frame.lazy(), FINDINGS)
    sizes = frame.group_by(["zip", "age", "sex"]).len()["len"]
    assert 1 <= risk.k_min <= frame.height
    assert risk.k_min == sizes.min()
    assert risk.metrics["classes"] == sizes.len()


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_generalising_a_quasi_identifier_never_lowers_k(rows):
    frame = frame_of(rows)
    risk = assess(frame.lazy(), FINDINGS)
    for hint in risk.metrics["generalisation_hints"]:
        assert hint["k_after"] >= risk.k_min
    coarser = frame.with_columns(pl.col("zip").str.slice(0, 3), (pl.col("age") // 5 * 5))
    assert assess(coarser.lazy(), FINDINGS).k_min >= risk.k_min
    by_hint = {h["column"]: h["k_after"] for h in risk.metrics["generalisation_hints"]}
    assert by_hint["zip"] == assess(frame.with_columns(pl.col("zip").str.slice(0, 3)).lazy(), FINDINGS).k_min
    assert by_hint["age"] == assess(frame.with_columns(pl.col("age") // 5 * 5).lazy(), FINDINGS).k_min


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_unique_share_is_zero_exactly_when_k_is_at_least_two(rows):
    risk = assess(frame_of(rows).lazy(), FINDINGS)
    assert (risk.unique_share == 0) == (risk.k_min >= 2)
