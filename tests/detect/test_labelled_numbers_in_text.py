"""Document and account numbers in notes after their label: `passport no.: X1234567`,
`driver's license: D123-4567-8901`, `account no.: GB12BANK…`, `member ID: XJH123456789`.
Bare, such codes are any reference; after the label they are what the writer says. A label
followed by a word (`passport on file`, `Passport: EXPIRED`) is no number."""

from __future__ import annotations

import random

import polars as pl
import pytest
from helpers import detect

ROWS = 3000
PLAIN = ("Patient stable, follow up in 3 months.", "passport on file, copy in chart", "Passport: EXPIRED",
         "member ID card not presented", "account settled")


def _notes(rng: random.Random, planted) -> list[str]:
    return [planted(rng) if rng.random() < 0.03 else rng.choice(PLAIN) for _ in range(ROWS)]


def _code(rng: random.Random, letters: int, digits: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(letters)) + "".join(
        rng.choice("0123456789") for _ in range(digits)
    )


@pytest.mark.parametrize(
    ("planted", "entity"),
    [
        (lambda r: f"ID checked, passport no.: {_code(r, 1, 8)}.", "US_PASSPORT"),
        (lambda r: f"Reisepass Nr. {_code(r, 1, 8)} vorgelegt", "US_PASSPORT"),
        (lambda r: f"driver's license: {_code(r, 1, 7)}", "US_DRIVER_LICENSE"),
        (lambda r: f"refund to account no. {_code(r, 4, 14)}", "ACCOUNT_NUMBER"),
        (lambda r: f"acct # {_code(r, 0, 10)}", "ACCOUNT_NUMBER"),
        (lambda r: f"member ID: {_code(r, 3, 9)} verified", "HEALTH_PLAN_ID"),
    ],
)
def test_a_labelled_number_in_three_percent_of_notes_is_found(planted, entity):
    rng = random.Random(7)
    finding = detect(pl.DataFrame({"c1": _notes(rng, planted)}), use_presidio=False)["c1"]
    assert entity in finding.entities


def test_labels_followed_by_words_are_no_numbers():
    rng = random.Random(8)
    finding = detect(pl.DataFrame({"c1": [rng.choice(PLAIN) for _ in range(ROWS)]}), use_presidio=False)["c1"]
    assert set(finding.entities) <= {"FREE_TEXT"}
