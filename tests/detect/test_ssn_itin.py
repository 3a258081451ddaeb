"""An SSN column also holds ITINs (9xx-7x-xxxx: the IRS number for persons without an SSN);
both identify a person. Random nine digits fail the combined rules about 7% of the time:
an SSN column under an `ssn` name, none under a cryptic one."""

from __future__ import annotations

import random

import polars as pl
from helpers import detect
from stdnum.us import itin, ssn

ROWS = 4000


def _valid(rng: random.Random, check) -> str:
    while True:
        value = f"{rng.randint(1, 999):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if check(value):
            return value


def test_an_ssn_column_with_a_tenth_of_itins_is_us_ssn():
    rng = random.Random(41)
    values = [_valid(rng, itin.is_valid) if i % 10 == 0 else _valid(rng, ssn.is_valid) for i in range(ROWS)]
    for name in ("ssn", "tin_c2"):
        finding = detect(pl.DataFrame({name: values}))[name]
        assert (finding.category, finding.entities[0]) == ("direct_identifier", "US_SSN"), name


def test_an_itin_inside_notes_is_found():
    rng = random.Random(42)
    notes = [f"Follow-up call, ticket {rng.randint(1000, 9999)}" for _ in range(ROWS)]
    for row in range(5, ROWS, 100):
        notes[row] += f"; taxpayer id {_valid(rng, itin.is_valid)}"
    finding = detect(pl.DataFrame({"notes": notes}))["notes"]
    assert "US_SSN" in finding.entities


def test_random_ssn_shaped_numbers_are_ssns_under_an_ssn_name_only():
    """Random dashed nine digits pass SSN or ITIN rules 93% of the time (Faker's non-US `ssn()`
    draws them so): under an `ssn` name that is an SSN column (85% suffices, the name is
    evidence); under a cryptic name it is not (98%)."""
    rng = random.Random(43)
    values = [f"{rng.randint(0, 999):03d}-{rng.randint(0, 99):02d}-{rng.randint(0, 9999):04d}" for _ in range(ROWS)]
    assert sum(not (ssn.is_valid(v) or itin.is_valid(v)) for v in values) > 0.05 * ROWS
    findings = detect(pl.DataFrame({"ssn": values, "c8": values}))
    assert (findings["ssn"].category, findings["ssn"].entities) == ("direct_identifier", ("US_SSN",))
    assert (findings["c8"].category, findings["c8"].entities) == ("none", ())
