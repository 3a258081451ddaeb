"""Misses found by probing unseen exports (seventh session): timestamps that are not ISO,
identifiers that pandas stored as floats, and numbered column names."""

from __future__ import annotations

import random

import polars as pl
import pytest
from stdnum import luhn

from helpers import detect

ROWS = 300
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _moments(seed: int = 0) -> list[tuple[int, int, int, int, int]]:
    rng = random.Random(seed)
    return [(rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
            for _ in range(ROWS)]


def _entities(frame: pl.DataFrame) -> dict[str, set[str]]:
    return {column: set(f.entities) for column, f in detect(frame, use_presidio=False).items()}


_DATES = {"DATE", "DATE_OF_BIRTH"}


@pytest.mark.parametrize(
    "column, write",
    [
        # US and European exports with a time of day (Excel, SQL Server, SAP)
        ("admission_date", lambda y, m, d, h, n: f"{m}/{d}/{y} {(h % 12) or 12}:{n:02d}:00 {'AM' if h < 12 else 'PM'}"),
        ("aufnahmedatum", lambda y, m, d, h, n: f"{d:02d}.{m:02d}.{y} {h:02d}:{n:02d}"),
        ("date_sortie", lambda y, m, d, h, n: f"{d:02d}/{m:02d}/{y} {h:02d}:{n:02d}:00"),
        # HL7 v2 timestamps and Oracle's default date format
        ("admit_date", lambda y, m, d, h, n: f"{y}{m:02d}{d:02d}{h:02d}{n:02d}"),
        ("msg_date", lambda y, m, d, h, n: f"{y}{m:02d}{d:02d}{h:02d}{n:02d}{d:02d}"),
        ("dob", lambda y, m, d, h, n: f"{d:02d}-{_MONTHS[m - 1]}-{y % 100:02d}"),
        ("discharge", lambda y, m, d, h, n: f"{d:02d}-{_MONTHS[m - 1]}-{y % 100:02d} {h:02d}.{n:02d}.00.000000 AM"),
        # Birth dates without separators, and a Japanese era year
        ("dob", lambda y, m, d, h, n: f"{d:02d}{m:02d}{y}"),
        ("birth_date", lambda y, m, d, h, n: f"{y % 100:02d}{m:02d}{d:02d}"),
        ("生年月日", lambda y, m, d, h, n: f"昭和{min(max(y, 1926), 1988) - 1925}年{m}月{d}日"),
    ],
)
def test_dates_written_as_exports_write_them_are_dates(column, write):
    frame = pl.DataFrame({column: [write(*moment) for moment in _moments()]})
    assert _entities(frame)[column] & _DATES


def test_a_timestamp_layout_is_still_checked_against_the_calendar():
    # Fourteen digits that are no calendar moment (month 20): order numbers, not HL7 times.
    rng = random.Random(3)
    frame = pl.DataFrame({"ref": [f"20{rng.randint(10, 99)}20{rng.randint(10**7, 10**8 - 1)}" for _ in range(ROWS)]})
    assert not _entities(frame)["ref"] & _DATES


def _card(rng: random.Random) -> str:
    stem = "4" + "".join(str(rng.randint(0, 9)) for _ in range(14))
    return stem + luhn.calc_check_digit(stem)


def test_identifiers_stored_as_whole_floats_are_read_as_numbers():
    """pandas writes an integer column with one missing value as float64 (`123456789.0`)."""
    rng = random.Random(0)
    frame = pl.DataFrame(
        {
            "card_number": [float(_card(rng)) for _ in range(ROWS)],
            "ssn": [float(f"{rng.randint(100, 665)}{rng.randint(10, 99)}{rng.randint(1000, 9999)}") for _ in range(ROWS)],
            "mrn": [float(rng.randint(10**6, 10**8)) for _ in range(ROWS)],
            "zip": [float(rng.randint(10000, 99999)) if i % 10 else None for i in range(ROWS)],
        }
    )
    found = _entities(frame)
    assert "CREDIT_CARD" in found["card_number"] and "US_SSN" in found["ssn"]
    assert "MEDICAL_RECORD_NUMBER" in found["mrn"] and "POSTAL_CODE" in found["zip"]
    # Measurements stay measurements: fractional floats are not read as integers.
    findings = detect(frame.with_columns(pl.col("zip") + 0.5), use_presidio=False)
    assert findings["zip"].dtype == "Float64" and "POSTAL_CODE" not in findings["zip"].entities


def test_numbered_column_names_read_as_their_word():
    rng = random.Random(0)
    frame = pl.DataFrame(
        {
            "dx1": [rng.choice(["E11.9", "F32.9", "B20", "I10"]) for _ in range(ROWS)],
            "zip2": [f"{rng.randint(10000, 99999)}" for _ in range(ROWS)],
            "age1": [rng.randint(18, 95) for _ in range(ROWS)],
            "c7": [rng.randint(18, 95) for _ in range(ROWS)],  # cryptic stays cryptic
        }
    )
    found = _entities(frame)
    assert "ICD10_CODE" in found["dx1"] and "POSTAL_CODE" in found["zip2"] and "AGE" in found["age1"]
    assert found["c7"] == set()
