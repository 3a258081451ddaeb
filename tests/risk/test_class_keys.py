"""Integer class keys of decoded data give exactly the histograms of a plain group-by."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from minlint.risk import class_codes


def _group_by_histogram(frame: pl.DataFrame, names: list[str]) -> dict[int, int]:
    sizes = frame.group_by(names).agg(pl.len().alias("size")).group_by("size").agg(pl.len().alias("classes"))
    return {int(size): int(classes) for size, classes in sizes.iter_rows()}


def _values(texts: list[str | None], numbers: list[int | None], wide: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"value:a": texts, "value:b": numbers, "value:c": wide, "keep:s": list(range(len(texts)))},
        schema={"value:a": pl.String, "value:b": pl.Int64, "value:c": pl.Int64, "keep:s": pl.Int64},
    )


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(["02139", "02144", "10001", ""])),
            st.one_of(st.none(), st.integers(-3, 3)),
            # Far-apart integers take the dense-rank path rather than an offset.
            st.one_of(st.none(), st.sampled_from([-(2**60), 0, 7, 2**61])),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_class_keys_match_a_group_by_with_nulls_as_a_value(rows):
    frame = _values(*map(list, zip(*rows)))
    groupings = [["value:a", "value:b", "value:c"], ["value:a"], ["value:b", "value:c"]]
    coded = class_codes(frame, groupings)
    assert coded is not None
    assert coded.histograms(groupings) == [_group_by_histogram(frame, g) for g in groupings]


def test_too_many_value_combinations_for_one_integer_fall_back():
    # Three columns of 2,000,000 distinct values each: 8e18 combinations exceed an Int64 key.
    wide = pl.DataFrame({f"value:{n}": pl.int_range(0, 2_000_000, eager=True) * 3 for n in "xyz"})
    assert class_codes(wide, [["value:x", "value:y", "value:z"]]) is None
    assert class_codes(wide, [["value:x", "value:y"]]) is not None


def test_an_empty_table_has_no_classes():
    empty = _values([], [], []).head(0)
    coded = class_codes(empty, [["value:a", "value:b"]])
    assert coded is not None and coded.histograms([["value:a", "value:b"]]) == [{}]
