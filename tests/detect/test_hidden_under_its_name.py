"""A column named for an entity whose values are notes holding that entity in a few rows.

The name makes the value pass measure the entity's whole-value shape (a date under `dob`, a
record number under `mrn`), which notes never fit. The rows holding the entity's form inside
text must still be searched: `ssn` notes with an SSN in 3% of rows were reported `none`.
"""

from __future__ import annotations

import random

import polars as pl
import pytest
from helpers import detect, valid_ssn

ROWS = 3000
SHARE = 0.03
NOTES = ("pt stable, continue metformin", "BP elevated, recheck in 2w", "no acute distress", None)


def _birth_note(rng: random.Random) -> str:
    return f"DOB: {rng.randint(1930, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _ssn_note(rng: random.Random) -> str:
    return f"ssn {valid_ssn(rng)} on file"


def _record_note(rng: random.Random) -> str:
    return f"MRN: {rng.randint(1_000_000, 9_999_999)}"


CASES = [
    ("ssn", _ssn_note, "US_SSN", "direct_identifier"),
    ("ssn_note", _ssn_note, "US_SSN", "direct_identifier"),
    ("dob", _birth_note, "DATE_OF_BIRTH", "quasi_identifier"),
    ("birth_date_note", _birth_note, "DATE_OF_BIRTH", "quasi_identifier"),
    ("mrn_note", _record_note, "MEDICAL_RECORD_NUMBER", "direct_identifier"),
]


@pytest.mark.parametrize(("column", "hidden", "entity", "category"), CASES, ids=[c[0] for c in CASES])
def test_entity_hidden_in_notes_under_its_own_name(column, hidden, entity, category):
    rng = random.Random(f"{column}-20261126")
    values = [hidden(rng) if rng.random() < SHARE else rng.choice(NOTES) for _ in range(ROWS)]
    finding = detect(pl.DataFrame({column: values}), use_presidio=False)[column]
    assert finding.category == category
    assert entity in finding.entities
    assert any(e.startswith("search:") for d in finding.detections if d.entity == entity for e in d.evidence)
