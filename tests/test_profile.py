"""The profile: counts over all rows and a deterministic, order-independent sample."""

import polars as pl

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
