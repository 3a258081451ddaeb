"""A searched form that is one of the column's own shapes is judged as a whole column: random
16-digit references are not cards, though one in thirty of them passes a card check by chance;
a few real cards among other references are still found."""

from __future__ import annotations

import random

import polars as pl
from helpers import detect
from stdnum import luhn

ROWS = 5000


def _digits(rng: random.Random, length: int) -> str:
    return rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(length - 1))


def _visa(rng: random.Random) -> str:
    body = "4" + "".join(rng.choice("0123456789") for _ in range(14))
    return body + luhn.calc_check_digit(body)


def test_random_16_digit_references_are_not_cards():
    rng = random.Random(16)
    frame = pl.DataFrame({"ref": [_digits(rng, 16) for _ in range(ROWS)]})
    finding = detect(frame)["ref"]
    assert (finding.category, finding.entities) == ("none", ())


def test_cards_hidden_in_two_percent_of_other_references_are_found():
    rng = random.Random(17)
    values = [_visa(rng) if i % 50 == 3 else _digits(rng, 10) for i in range(ROWS)]
    finding = detect(pl.DataFrame({"ref": values}))["ref"]
    assert finding.category == "direct_identifier"
    assert "CREDIT_CARD" in finding.entities
