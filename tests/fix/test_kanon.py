"""Generalisation search: output k reaches the threshold; the least lossy node is chosen."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minlint.fix import kanon, transforms


def _hierarchies(frame: pl.DataFrame, safe_harbor: bool = False) -> tuple[transforms.Hierarchy, ...]:
    schema = frame.schema
    return (
        transforms.zip_hierarchy("zip", schema["zip"], safe_harbor=safe_harbor, restricted=frozenset({"036"})),
        transforms.age_hierarchy("age", schema["age"], top_code=safe_harbor),
        transforms.value_hierarchy("sex", schema["sex"]),
    )


def _output_k(frame: pl.DataFrame, result: kanon.KAnonymityResult, hierarchies) -> tuple[int, int]:
    exprs = [h.levels[result.levels[h.column]].expr.alias(h.column) for h in hierarchies]
    out = frame.lazy().select(exprs)
    keep = kanon.suppression_filter(result)
    out = (out.filter(keep) if keep is not None else out).collect()
    sizes = out.group_by(["zip", "age", "sex"]).len().get_column("len")
    return (int(sizes.min()) if out.height else 0), out.height


rows = st.tuples(
    st.sampled_from(["02139", "02140", "03601", "10001", "10002", "94110"]),
    st.integers(0, 99),
    st.sampled_from(["F", "M"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(rows, min_size=30, max_size=200), st.integers(2, 8))
def test_output_k_reaches_the_threshold_within_the_suppression_limit(data, k):
    frame = pl.DataFrame(data, schema=["zip", "age", "sex"], orient="row")
    hierarchies = _hierarchies(frame)
    result = kanon.search(frame.lazy(), hierarchies, k, max_suppression=0.1)
    k_out, height = _output_k(frame, result, hierarchies)
    assert height == frame.height - result.suppressed_rows
    assert result.suppressed_rows <= int(0.1 * frame.height)
    assert height == 0 or k_out >= k
    assert result.k_after == (k_out if height else None)


def test_finest_node_is_chosen_when_the_data_already_has_k():
    frame = pl.DataFrame({"zip": ["02139"] * 6 + ["10001"] * 6, "age": [40] * 12, "sex": ["F"] * 12})
    result = kanon.search(frame.lazy(), _hierarchies(frame), 3)
    assert result.levels == {"zip": 0, "age": 0, "sex": 0}
    assert (result.suppressed_rows, result.k_after, result.loss) == (0, 6, 0.0)


def test_one_coarsening_beats_suppressing_many_rows():
    # Each ZIP5 appears twice; ZIP3 merges them into classes of 4: k = 4 needs ZIP3, not suppression.
    zips = ["02139", "02139", "02140", "02140", "10001", "10001", "10002", "10002"]
    frame = pl.DataFrame({"zip": zips, "age": [40] * 8, "sex": ["F"] * 8})
    result = kanon.search(frame.lazy(), _hierarchies(frame), 4, max_suppression=0.5)
    assert result.levels == {"zip": 2, "age": 0, "sex": 0}
    assert result.columns[0].how == "ZIP3 (restricted areas -> 000)"
    assert (result.columns[0].distinct_before, result.columns[0].distinct_after) == (4, 2)
    assert result.suppressed_rows == 0


def test_safe_harbor_levels_start_at_zip3_with_restricted_areas_and_top_coded_ages():
    frame = pl.DataFrame({"zip": ["03601", "02139"], "age": [95, 42], "sex": ["F", "M"]})
    hierarchies = _hierarchies(frame, safe_harbor=True)
    out = frame.select([h.levels[0].expr.alias(h.column) for h in hierarchies])
    assert out.get_column("zip").to_list() == ["000", "021"]
    assert out.get_column("age").to_list() == ["90+", "42"]
    bands = frame.select(hierarchies[1].levels[1].expr.alias("age")).get_column("age").to_list()
    assert bands == ["90+", "40-44"]


def _mixed_frame(rows: int) -> pl.DataFrame:
    """Strings, integers, dates and floats with nulls: every way a quasi-identifier is coded."""
    import datetime

    return pl.DataFrame(
        {
            "zip": [None if i % 17 == 0 else f"{(i * 7919) % 60 + 2100:05d}" for i in range(rows)],
            "age": [None if i % 13 == 0 else (i * 31) % 97 for i in range(rows)],
            "birth": [datetime.date(1940, 1, 1) + datetime.timedelta(days=(i * 997) % 20000) for i in range(rows)],
            "lat": [round(40 + ((i * 37) % 500) / 97, 3) for i in range(rows)],
            "sex": [("F", "M", None)[i % 3] for i in range(rows)],
        }
    )


def _mixed_hierarchies(frame: pl.DataFrame) -> tuple[transforms.Hierarchy, ...]:
    schema = frame.schema
    return (
        transforms.zip_hierarchy("zip", schema["zip"], safe_harbor=True, restricted=frozenset({"021"})),
        transforms.age_hierarchy("age", schema["age"], top_code=True),
        transforms.date_hierarchy("birth", schema["birth"], safe_harbor=False),
        transforms.coordinate_hierarchy("lat", schema["lat"]),
        transforms.value_hierarchy("sex", schema["sex"]),
    )


def _brute_force_sizes(frame: pl.DataFrame, hierarchies, node) -> list[int]:
    # with_columns, not select: a node of only suppressed (literal null) levels still has every row.
    generalised = frame.with_columns([h.levels[level].expr.alias(h.column) for h, level in zip(hierarchies, node)])
    generalised = generalised.select([h.column for h in hierarchies])
    return sorted(generalised.group_by(generalised.columns).len().get_column("len").to_list())


@pytest.mark.parametrize(
    ("dense_factor", "pack_limit"),
    [(kanon._DENSE_FACTOR, kanon._PACK_LIMIT), (0, kanon._PACK_LIMIT), (kanon._DENSE_FACTOR, 1 << 8)],
    ids=["bincount", "hash-group-by", "renumbered-keys"],
)
def test_class_sizes_at_every_node_equal_a_group_by_of_the_generalised_rows(dense_factor, pack_limit, monkeypatch):
    monkeypatch.setattr(kanon, "_DENSE_FACTOR", dense_factor)
    monkeypatch.setattr(kanon, "_DIRECT_CODES", 0 if dense_factor == 0 else kanon._DIRECT_CODES)
    monkeypatch.setattr(kanon, "_PACK_LIMIT", pack_limit)
    frame = _mixed_frame(600)
    hierarchies = _mixed_hierarchies(frame)
    lattice = kanon._Lattice(hierarchies, frame)
    assert int(lattice.weights.sum()) == 600
    for node in itertools.product(*[range(h.top + 1) for h in hierarchies]):
        expected = _brute_force_sizes(frame, hierarchies, node)
        assert sorted(lattice.class_sizes(node).tolist()) == expected, node
        per_combination = lattice.combination_class_sizes(node)
        assert int(per_combination.max()) == expected[-1]


def test_search_is_the_same_on_the_dense_and_the_hash_path(monkeypatch):
    frame = _mixed_frame(900)
    hierarchies = _mixed_hierarchies(frame)
    dense = kanon.search(frame.lazy(), hierarchies, 5, max_suppression=0.1)
    monkeypatch.setattr(kanon, "_DENSE_FACTOR", 0)
    monkeypatch.setattr(kanon, "_DIRECT_CODES", 0)
    hashed = kanon.search(frame.lazy(), hierarchies, 5, max_suppression=0.1)
    assert dense.levels == hashed.levels
    assert (dense.suppressed_rows, dense.k_after, dense.classes_after) == (hashed.suppressed_rows, hashed.k_after, hashed.classes_after)
    assert dense.small_classes.equals(hashed.small_classes)
    assert dense.k_after >= 5 and dense.suppressed_rows <= 90


def test_ages_written_as_text_bands_or_with_a_unit_generalise_without_becoming_null():
    frame = pl.DataFrame({"age": ["18-29", "65+", "45 years", "47", "92", None]})
    hierarchy = transforms.age_hierarchy("age", frame.schema["age"], top_code=True)
    levels = {level.how: frame.select(level.expr.alias("age")).get_column("age").to_list() for level in hierarchy.levels}
    assert levels["ages over 89 -> 90+"] == ["18-29", "65+", "45", "47", "90+", None]
    # A band already wider than the level's bands stays as it is; single ages are banded.
    assert levels["age -> 5-year band (over 89 -> 90+)"] == ["18-29", "65+", "45-49", "45-49", "90+", None]
    assert levels["age -> 20-year band (over 89 -> 90+)"] == ["18-29", "65+", "40-59", "40-59", "90+", None]
