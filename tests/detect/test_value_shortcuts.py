"""The value stage's shortcuts change how much is read, never what is found.

* A column whose sample holds every distinct value (with its rows) is measured on those
  values weighted by rows instead of over every row.
* The residual search's second pass is skipped only when every row holding a distinctive
  form is a whole-value match of an entity that dominates the column.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polars as pl
import pytest

from minlint.detect import values
from minlint.detect.registry import ALL_SPECS
from minlint.io.discover import discover
from minlint.io.readers import open_dataset
from minlint.profile import profile_frame

FIXTURES = Path(__file__).parents[2] / "fixtures"
DATASETS = ["clinical_export.parquet", "lookalikes.parquet", "misleading_names.csv", "multilingual.csv", "visits.csv.gz"]


def _without_row_counts(profiles):
    return {name: dataclasses.replace(p, sample_rows=()) for name, p in profiles.items()}


@pytest.mark.parametrize("name", DATASETS)
def test_measures_on_distinct_values_equal_a_pass_over_every_row(name):
    (source,) = discover([str(FIXTURES / name)])
    frame = open_dataset(source).frame
    profiles = profile_frame(name, frame)
    assert any(p.sample_rows for p in profiles.values())  # the shortcut is exercised
    shortcut = values.measure_values(frame, profiles, ALL_SPECS)
    every_row = values.measure_values(frame, _without_row_counts(profiles), ALL_SPECS)
    assert shortcut == every_row


def test_distinct_values_weighted_by_rows_give_exact_shares():
    frame = pl.DataFrame({"sex": ["F"] * 700 + ["M"] * 250 + ["unknown"] * 49 + [None], "age": [34] * 990 + [130] * 10})
    profiles = profile_frame("d", frame.lazy())
    assert profiles["sex"].sample == ("F", "M", "unknown") and profiles["sex"].sample_rows == (700, 250, 49)
    plan = values.plan_values(frame.schema, profiles, ALL_SPECS)
    assert not plan.expressions  # nothing left to read row by row
    evidence = values.measure_values(frame.lazy(), profiles, ALL_SPECS)
    assert {(e.entity, e.kind, e.share) for e in evidence["sex"]} == {("SEX", "vocabulary", 1.0)}
    assert ("AGE", "numeric", 0.99) in {(e.entity, e.kind, e.share) for e in evidence["age"]}


def _ssns(rows: int) -> list[str]:
    return [f"{100 + i % 600:03d}-{10 + i % 80:02d}-{1000 + i:04d}" for i in range(rows)]


def test_search_pass_is_skipped_only_when_nothing_else_holds_a_form():
    clean = pl.DataFrame({"ref": _ssns(5000)})
    profiles = profile_frame("d", clean.lazy())
    plan = values.plan_values(clean.schema, profiles, ALL_SPECS)
    counts = clean.select(plan.expressions).row(0, named=True)
    assert values.plan_search(plan, counts, profiles) == {}

    # Three rows hide an e-mail address in text: the residual search must run and find them.
    hidden = _ssns(4997) + [f"call back, mail pat{i}@example.org" for i in range(3)]
    frame = pl.DataFrame({"ref": hidden})
    profiles = profile_frame("d", frame.lazy())
    plan = values.plan_values(frame.schema, profiles, ALL_SPECS)
    counts = frame.select(plan.expressions).row(0, named=True)
    assert list(values.plan_search(plan, counts, profiles)) == ["ref"]
    evidence = values.measure_values(frame.lazy(), profiles, ALL_SPECS)
    assert ("EMAIL_ADDRESS", 3) in {(e.entity, e.search_rows) for e in evidence["ref"] if e.kind == "search"}


def test_ssns_planted_in_an_id_column_are_searched_despite_its_broad_shape():
    # Every value fits the record-number shape (letters, digits, dashes), SSNs included: a shape
    # trusted for its column name explains only values that are exactly its distinctive form.
    ids = [f"P{i:07d}" for i in range(5000)]
    for n, row in enumerate(range(0, 5000, 1000)):
        ids[row] = f"{123 + n:03d}-45-{6789 + n:04d}"
    frame = pl.DataFrame({"patient_id": ids})
    profiles = profile_frame("d", frame.lazy())
    evidence = values.measure_values(frame.lazy(), profiles, ALL_SPECS)
    assert ("US_SSN", 5) in {(e.entity, e.search_rows) for e in evidence["patient_id"] if e.kind == "search"}


def test_whole_value_patterns_set_long_values_aside_without_changing_matches():
    shape = r"[A-Za-z0-9_/-]{0,12}\d[A-Za-z0-9_/-]{0,20}"  # a record number: at most 33 characters
    cells = ["MRN-00123", "a" * 40 + "1", "P001; P002", None, "x" * 12 + "1" + "y" * 20]
    frame = pl.DataFrame({"v": cells})
    guarded = frame.select(values._whole_value_matches(pl.col("v"), shape)).to_series().to_list()
    assert guarded == [True, False, True, False, True]
    assert values._longest_match(shape) == 33 and values._longest_match(r"\p{Lu}\w+") is None
