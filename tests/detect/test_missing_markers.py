"""Exports that write a missing value as text: R's `NA`, `N/A`, `unknown`, `prefer not to say`,
PLINK's `-9`. Like nulls and empty strings they are left out of the share of values that hold
an entity; a few percent of them used to turn sex, ethnicity and genotype columns into `none`,
and dates beside 55% `unknown` were never found.
"""

from __future__ import annotations

import random

import polars as pl
import pytest
from helpers import detect

from minlint.profile import profile_frame

ROWS = 3000


def _with_markers(rng: random.Random, value, marker: str, share: float) -> list[str]:
    return [marker if rng.random() < share else value(rng) for _ in range(ROWS)]


def test_the_profile_counts_markers_in_any_common_spelling_as_blanks():
    values = ["x", "NA", "n/a", "N/A", "Unknown", "UNKNOWN", "", None, "NAB", "unknown person", "-9"]
    profile = profile_frame("t", pl.DataFrame({"a": values}).lazy())["a"]
    assert (profile.nulls, profile.blanks, profile.filled) == (1, 7, 3)


@pytest.mark.parametrize("marker", ["NA", "N/A", "UNK", "?", "Prefer not to say", "unknown"])
def test_sex_and_ethnicity_with_a_missing_marker_in_six_percent_of_rows(marker):
    rng = random.Random(11)
    frame = pl.DataFrame(
        {
            "c1": _with_markers(rng, lambda r: r.choice(["M", "F"]), marker, 0.06),
            "race": _with_markers(rng, lambda r: r.choice(["White", "Black or African American", "Asian"]), marker, 0.06),
        }
    )
    findings = detect(frame, use_presidio=False)
    assert findings["c1"].entities == ("SEX",)
    assert findings["race"].entities == ("ETHNICITY",)


def test_dates_in_a_third_of_rows_beside_unknown_are_dates_under_a_cryptic_name():
    rng = random.Random(12)
    date = lambda r: f"{r.randint(1930, 2020)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"  # noqa: E731
    frame = pl.DataFrame({"c2": _with_markers(rng, date, "unknown", 0.67), "dob": _with_markers(rng, date, "n/a", 0.7)})
    findings = detect(frame, use_presidio=False)
    assert findings["c2"].category == findings["dob"].category == "quasi_identifier"
    assert findings["dob"].entities == ("DATE_OF_BIRTH",)


@pytest.mark.parametrize("missing", ["NA", "-9"])
def test_snp_dosages_written_as_text_with_no_calls_are_genotypes(missing):
    # PLINK --recode A: 0/1/2 per rsID column, `NA` for a missing call, so the column is text.
    rng = random.Random(13)
    dosages = _with_markers(rng, lambda r: str(r.choice([0, 1, 1, 2])), missing, 0.02)
    findings = detect(pl.DataFrame({"rs4988235": dosages}), use_presidio=False)
    assert (findings["rs4988235"].category, findings["rs4988235"].entities) == ("genomic", ("GENOTYPE",))


def test_a_column_of_markers_and_a_few_words_stays_none():
    rng = random.Random(14)
    frame = pl.DataFrame({"c3": _with_markers(rng, lambda r: r.choice(["stable", "improved"]), "NA", 0.9)})
    assert detect(frame, use_presidio=False)["c3"].category == "none"


def test_random_references_among_markers_stay_none_on_their_failed_checks():
    # Beside `unknown` the references make up every value that holds something: their shape
    # (15 or 9 digits) is an IMEI's or a national id's, their check digits are not.
    rng = random.Random(15)
    frame = pl.DataFrame(
        {
            "c4": _with_markers(rng, lambda r: str(r.randint(10**14, 10**15 - 1)), "unknown", 0.95),
            "c5": _with_markers(rng, lambda r: str(r.randint(10**8, 10**9 - 1)), "N/A", 0.95),
        }
    )
    findings = detect(frame, use_presidio=False)
    assert findings["c4"].category == findings["c5"].category == "none"
