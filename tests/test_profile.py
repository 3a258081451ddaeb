"""The profile: counts over all rows and a deterministic, order-independent sample."""

import polars as pl

from minlint import partials
from minlint.partials import DISTINCT_RELATIVE_ERROR
from minlint.profile import profile_frame


def test_counts_and_lengths():
    frame = pl.DataFrame({"a": ["x", "yy", None, "zzz"], "n": [1, 2, 2, None]})
    profiles = profile_frame("d", frame.lazy())
    assert profiles["a"].rows == 4 and profiles["a"].nulls == 1 and profiles["a"].distinct == 3
    assert (profiles["a"].min_length, profiles["a"].max_length) == (1, 3)
    assert profiles["n"].sample == ("1", "2") and profiles["n"].sample_complete


def test_sample_is_bounded_deterministic_and_independent_of_row_order():
    values = [f"v{i:05d}" for i in range(50_000)]
    forward = profile_frame("d", pl.DataFrame({"c": values}).lazy(), sample_size=100)["c"]
    backward = profile_frame("d", pl.DataFrame({"c": values[::-1]}).lazy(), sample_size=100)["c"]
    assert len(forward.sample) == 100 and not forward.sample_complete
    assert forward.sample == backward.sample
    # Not the first values in sort order: a hash sample spreads over the whole range.
    assert forward.sample[-1] > "v25000"


def test_distinct_count_is_exact_below_the_sketch_size_and_close_above():
    repeated = [f"id{i % 4000}" for i in range(120_000)]  # 4,000 values, each 30 times
    assert profile_frame("d", pl.DataFrame({"c": repeated}).lazy())["c"].distinct == 4000
    many = [f"id{i}" for i in range(300_000)]
    estimate = profile_frame("d", pl.DataFrame({"c": many}).lazy())["c"].distinct
    # Relative standard error 1.6%: four of them is far outside chance.
    assert abs(estimate - 300_000) / 300_000 < 4 * DISTINCT_RELATIVE_ERROR


def test_distinct_sketch_merges_to_the_single_pass_answer():
    values = pl.Series("c", [f"p{i % 90_000}" for i in range(200_000)])
    whole = partials.merge_profiles("d", pl.Schema({"c": pl.String}), [partials.profile_partial(values.to_frame(), 200)], 200)
    parts = [partials.profile_partial(values.slice(start, 30_000).to_frame(), 200) for start in range(0, 200_000, 30_000)]
    merged = partials.merge_profiles("d", pl.Schema({"c": pl.String}), parts, 200)
    assert merged["c"].distinct == whole["c"].distinct and merged["c"].sample == whole["c"].sample


def test_smallest_distinct_hashes_widen_past_repeated_values():
    # One value fills most rows, so the smallest raw hashes repeat; another column is almost
    # unique, and a third has few values. Each must still give its smallest distinct hashes.
    frame = pl.DataFrame(
        {
            "skewed": ["same"] * 50_000 + [f"v{i}" for i in range(20_000)],
            "nearly_unique": [f"u{i // 2 if i < 10 else i}" for i in range(70_000)],
            "few": [f"f{i % 7}" for i in range(70_000)],
        }
    )
    present = {name: frame.height for name in frame.columns}
    smallest = partials._smallest_distinct(frame, present, 4096)
    for name in frame.columns:
        expected = frame.get_column(name).hash(partials.SAMPLE_SEED).unique().sort().head(4096)
        assert smallest[name].to_list() == expected.to_list()
    assert smallest["few"].len() == 7


def test_empty_and_all_null_columns_profile_to_nothing():
    frame = pl.DataFrame({"a": [None, None], "b": [1, 2]}, schema={"a": pl.String, "b": pl.Int64})
    profiles = profile_frame("d", frame.lazy())
    assert profiles["a"].distinct == 0 and profiles["a"].sample == () and profiles["a"].nulls == 2
    empty = profile_frame("d", frame.head(0).lazy())
    assert empty["b"].rows == 0 and empty["b"].sample == ()
