"""Exports that write a missing value as an empty string (`fillna("")` before `to_parquet`).

Shares of matching values leave empty strings out as they leave nulls out: a `dob` column
filled in 30% of rows and `""` elsewhere is birth dates, and was `none`.
"""

from __future__ import annotations

import random

import polars as pl
from helpers import detect

from minlint.profile import profile_frame

ROWS = 3000
FILLED = 0.3


def _sparse(rng: random.Random, value) -> list[str]:
    return [value(rng) if rng.random() < FILLED else "" for _ in range(ROWS)]


def test_the_profile_counts_empty_strings_apart_from_nulls():
    frame = pl.DataFrame({"a": ["x", "", None, "", "y"], "n": [1, 2, None, 4, 5]}).lazy()
    profiles = profile_frame("t", frame)
    assert (profiles["a"].nulls, profiles["a"].blanks, profiles["a"].filled) == (1, 2, 2)
    assert (profiles["n"].nulls, profiles["n"].blanks, profiles["n"].filled) == (1, 0, 4)


def test_quasi_identifiers_filled_in_a_third_of_rows_and_empty_elsewhere():
    rng = random.Random(20261126)
    frame = pl.DataFrame(
        {
            "dob": _sparse(rng, lambda r: f"{r.randint(1930, 2005)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"),
            "zip": _sparse(rng, lambda r: f"{r.randint(1000, 99999):05d}"),
            "sex": _sparse(rng, lambda r: r.choice("MF")),
            "age": _sparse(rng, lambda r: str(r.randint(1, 99))),
        }
    )
    findings = detect(frame, use_presidio=False)
    expected = {"dob": "DATE_OF_BIRTH", "zip": "POSTAL_CODE", "sex": "SEX", "age": "AGE"}
    for column, entity in expected.items():
        assert (findings[column].category, findings[column].entities) == ("quasi_identifier", (entity,)), column
