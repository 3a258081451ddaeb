"""A column whose values are an identifier in most rows, but fewer than the entity's
whole-column share: SSNs in 55-75% of rows beside `N/A` or `refused`, or a contact column
half e-mail addresses and half phone numbers.

Such rows are the column's own values and are not searched again, so the whole-value reading
must report them (they were `none`). Look-alikes in the same share stay `none`.
"""

from __future__ import annotations

import random

import polars as pl
import pytest
from helpers import detect, valid_ssn

ROWS = 3000
PLACEHOLDERS = ("N/A", "unknown", "refused", "pending")


def _column(rng: random.Random, share: float, value, other) -> list[str]:
    return [value(rng) if rng.random() < share else other(rng) for _ in range(ROWS)]


@pytest.mark.parametrize("share", [0.55, 0.65, 0.75])
def test_ssns_in_most_rows_beside_placeholders(share):
    rng = random.Random(f"ssn-{share}")
    values = _column(rng, share, valid_ssn, lambda r: r.choice(PLACEHOLDERS))
    finding = detect(pl.DataFrame({"k9": values}), use_presidio=False)["k9"]
    assert (finding.category, finding.entities) == ("direct_identifier", ("US_SSN",))


def test_emails_in_most_rows_beside_references():
    rng = random.Random(7)
    values = _column(rng, 0.6, lambda r: f"user{r.randint(1, 10**6)}@mail{r.randint(1, 50)}.org", lambda r: f"ref-{r.randint(1, 99999)}")
    finding = detect(pl.DataFrame({"k9": values}), use_presidio=False)["k9"]
    assert (finding.category, finding.entities) == ("direct_identifier", ("EMAIL_ADDRESS",))


def test_contact_column_of_emails_and_phones_reports_both():
    rng = random.Random(8)
    values = _column(
        rng,
        0.5,
        lambda r: f"user{r.randint(1, 10**6)}@mail{r.randint(1, 50)}.org",
        lambda r: f"({r.randint(201, 989)}) {r.randint(200, 999)}-{r.randint(1000, 9999)}",
    )
    finding = detect(pl.DataFrame({"contact": values}), use_presidio=False)["contact"]
    assert finding.category == "direct_identifier"
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= set(finding.entities)


def test_random_numbers_in_the_ssn_layout_stay_none():
    # One in nine random ddd-dd-dddd numbers breaks SSN rules (area 000, 666, 9xx...).
    rng = random.Random(9)
    values = _column(
        rng, 0.6, lambda r: f"{r.randint(0, 999):03d}-{r.randint(0, 99):02d}-{r.randint(0, 9999):04d}", lambda r: r.choice(PLACEHOLDERS)
    )
    finding = detect(pl.DataFrame({"k9": values}), use_presidio=False)["k9"]
    assert finding.category == "none"


def test_calendar_dates_in_most_rows_beside_placeholders_under_a_cryptic_name():
    # DATE has no search form (a bare date in text is any event's): its calendar check decides.
    rng = random.Random(10)
    dates = _column(rng, 0.6, lambda r: f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(2015, 2025)}", lambda r: r.choice(PLACEHOLDERS))
    versions = _column(rng, 0.6, lambda r: f"{r.randint(1, 9)}.{r.randint(0, 40)}.{r.randint(0, 99):02d}", lambda r: r.choice(PLACEHOLDERS))
    findings = detect(pl.DataFrame({"d2": dates, "v2": versions}), use_presidio=False)
    assert (findings["d2"].category, findings["d2"].entities) == ("quasi_identifier", ("DATE",))
    assert findings["v2"].category == "none"
