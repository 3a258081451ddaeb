"""Quantities with a unit are not street addresses: `45 Jahre`, `3 Tage`, `5 Days`, `30 IU`.

A number and one capitalised word read as a house number and a street: German capitalises
every noun, so durations, doses and ages in German exports were direct identifiers (0.95).
"""

from __future__ import annotations

import random

import polars as pl
from helpers import detect

ROWS = 2000


def _quantities(rng: random.Random, units: list[str], top: int) -> list[str]:
    return [f"{rng.randint(1, top)} {rng.choice(units)}" for _ in range(ROWS)]


def test_durations_doses_and_ages_with_a_unit_stay_clear_of_addresses():
    rng = random.Random(5)
    frame = pl.DataFrame(
        {
            "alter": _quantities(rng, ["Jahre"], 99),
            "c1": _quantities(rng, ["Tage", "Wochen", "Monate"], 30),
            "c2": _quantities(rng, ["Tabletten", "Kapseln", "Tropfen"], 4),
            "c3": _quantities(rng, ["Days", "Weeks", "Months"], 30),
            "c4": _quantities(rng, ["IU", "Units"], 60),
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in frame.columns:
        assert "STREET_ADDRESS" not in findings[column].entities, column


def test_a_house_number_and_a_street_are_still_an_address():
    rng = random.Random(6)
    streets = ["Bonilla Crest", "Main Street", "Rhys Radial", "Oak Avenue", "Park Lane"]
    values = [f"{rng.randint(1, 9999)} {rng.choice(streets)}" for _ in range(ROWS)]
    assert detect(pl.DataFrame({"c1": values}), use_presidio=False)["c1"].entities == ("STREET_ADDRESS",)
