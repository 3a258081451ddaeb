"""Software versions fit the date pattern (d.d.dd) but not the calendar read day first, as
dotted dates are; real dates in every layout stay DATE, placeholders and all."""

from __future__ import annotations

import random

import polars as pl
import pytest
from helpers import detect

from minlint.detect.validators import calendar_date

ROWS = 4000


def test_a_column_of_version_strings_is_no_date():
    rng = random.Random(31)
    versions = [f"{rng.randint(0, 9)}.{rng.randint(0, 20)}.{rng.randint(10, 60)}" for _ in range(ROWS)]
    finding = detect(pl.DataFrame({"fw": versions}))["fw"]
    assert (finding.category, finding.entities) == ("none", ())


@pytest.mark.parametrize("layout", ["{d:02d}.{m:02d}.{y}", "{m:02d}/{d:02d}/{y}", "{y}-{m:02d}-{d:02d}", "{d}.{m}.{y}"])
def test_dates_with_a_tenth_of_placeholders_stay_dates(layout):
    rng = random.Random(32)
    values = [
        "00/00/0000" if i % 10 == 0 else layout.format(d=rng.randint(1, 28), m=rng.randint(1, 12), y=rng.randint(2015, 2024))
        for i in range(ROWS)
    ]
    finding = detect(pl.DataFrame({"c7": values}))["c7"]
    assert (finding.category, finding.entities) == ("quasi_identifier", ("DATE",))


@pytest.mark.parametrize(
    ("value", "valid"),
    [("15.03.1987", True), ("3.14.27", False), ("03/15/1987", True), ("15/03/1987", True), ("31.02.2000", False),
     ("2024.05.03", True), ("20240503", True), ("20241303", False), ("5-Mar-2020", True), ("00/00/0000", False)],
)
def test_calendar_date(value, valid):
    assert calendar_date(value) is valid


def test_versions_with_small_parts_are_no_dotted_dates():
    # `2.5.15` reads as 2 May 2015; dates with a two-digit year pad day and month (02.05.15).
    rng = random.Random(33)
    versions = [f"{rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 30)}" for _ in range(ROWS)]
    padded = [f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(0, 24):02d}" for _ in range(ROWS)]
    findings = detect(pl.DataFrame({"analyzer_fw": versions, "c1": padded}), use_presidio=False)
    assert findings["analyzer_fw"].category == "none"
    assert findings["c1"].entities[0] in ("DATE", "DATE_OF_BIRTH")
