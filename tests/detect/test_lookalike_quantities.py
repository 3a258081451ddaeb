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


def test_prose_and_codes_that_read_like_identifiers_stay_clear():
    rng = random.Random(7)
    frame = pl.DataFrame(
        {
            "c1": [f"Taking into account {rng.randint(1000, 999999)} records." for _ in range(ROWS)],
            "c2": [f"Teniendo en cuenta {rng.randint(10, 99)} {rng.randint(100, 999)} casos." for _ in range(ROWS)],
            "c3": [f"Isoniazid given at clinic DOT daily, week {rng.randint(1, 9)}." for _ in range(ROWS)],
            "c4": [f"{rng.choice('ABCDEFGH')}{rng.randint(1, 12):02d}" for _ in range(ROWS)],  # plate wells
            "c5": [f"HR {rng.uniform(1, 3):.4f} (95% CI {rng.uniform(0.5, 1):.4f}, {rng.uniform(1, 3):.4f})" for _ in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in frame.columns:
        assert set(findings[column].entities) <= {"FREE_TEXT", "CLINICAL_NOTE"}, column


def test_measurement_names_do_not_name_identifiers():
    rng = random.Random(8)
    frame = pl.DataFrame(
        {
            "cell_count": [rng.randint(1_000_000, 9_999_999) for _ in range(ROWS)],
            "länge_cm": [round(rng.uniform(150, 200), 2) for _ in range(ROWS)],
            "eta_squared": [round(rng.uniform(0, 1), 3) for _ in range(ROWS)],
            "age_adjusted_rate": [round(rng.uniform(1, 90), 1) for _ in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    assert {column: f.category for column, f in findings.items()} == dict.fromkeys(frame.columns, "none")


def test_neighbouring_statistics_rounded_like_coordinates_are_no_position():
    rng = random.Random(9)
    frame = pl.DataFrame(
        {
            "z": [round(rng.gauss(0, 1.2), 5) for _ in range(ROWS)],
            "egfr": [round(rng.uniform(40, 120), 5) for _ in range(ROWS)],
            "usd_eur": [round(rng.uniform(1.05, 1.12), 6) for _ in range(ROWS)],
            "usd_jpy": [round(rng.uniform(105, 150), 6) for _ in range(ROWS)],
            "height_m": [round(rng.uniform(1.5, 2.0), 5) for _ in range(ROWS)],
            "c1": [round(rng.uniform(18, 40), 5) for _ in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in frame.columns:
        assert "GEO_COORDINATE" not in findings[column].entities, column


def test_kinds_of_device_are_no_device_identifiers_but_serials_are():
    rng = random.Random(10)
    frame = pl.DataFrame(
        {
            "device_type": [rng.choice(["glucometer", "smartwatch", "insulin pump", "CGM_Dexcom_G6"]) for _ in range(ROWS)],
            "device_serial": [f"SN{rng.randint(10**7, 10**8 - 1)}" for _ in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    assert findings["device_type"].category == "none"
    assert findings["device_serial"].entities == ("DEVICE_ID",)
