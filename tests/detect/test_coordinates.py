"""Positions under any name: a latitude and a longitude in neighbouring columns of numbers
rounded to 4-8 decimals, and pairs in one value by their rounding; pairs of measurements
(`1.75, 72.30`, `0.35/0.40`) and computed or rounded-to-cents numbers are not positions."""

from __future__ import annotations

import random

import polars as pl
from faker import Faker
from helpers import detect

ROWS = 2000


def _faker(seed: int) -> Faker:
    fake = Faker()
    fake.seed_instance(seed)
    return fake


def test_latitude_and_longitude_columns_under_cryptic_names_are_coordinates():
    fake = _faker(1)
    points = [fake.local_latlng(country_code="US") for _ in range(ROWS)]
    frame = pl.DataFrame(
        {
            "id": [f"R{i}" for i in range(ROWS)],
            "c7": [float(fake.latitude()) for _ in range(ROWS)],
            "c8": [float(fake.longitude()) for _ in range(ROWS)],
            "v1": [float(p[1]) for p in points],  # longitude first
            "v2": [float(p[0]) for p in points],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in ("c7", "c8", "v1", "v2"):
        assert findings[column].entities == ("GEO_COORDINATE",), column
    assert findings["id"].category == "none"


def test_measurements_computed_values_and_frequencies_side_by_side_are_no_coordinates():
    rng = random.Random(2)
    height = [round(rng.uniform(1.5, 2.0), 2) for _ in range(ROWS)]
    weight = [round(rng.uniform(50, 110), 1) for _ in range(ROWS)]
    frame = pl.DataFrame(
        {
            "c1": height,
            "c2": weight,
            "bmi": [w / h**2 for w, h in zip(weight, height)],  # unrounded: 15 digits
            "c3": [rng.uniform(-80, 80) for _ in range(ROWS)],
            "maf": [round(rng.uniform(0, 0.5), 4) for _ in range(ROWS)],
            "p": [round(rng.uniform(0, 1), 4) for _ in range(ROWS)],
            "c4": [f"{h:.2f}, {w:.2f}" for h, w in zip(height, weight)],
            "c5": [f"{rng.uniform(0.1, 0.9):.2f}/{rng.uniform(0.1, 0.9):.2f}" for _ in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in frame.columns:
        assert "GEO_COORDINATE" not in findings[column].entities, column


def test_pairs_in_one_value_count_by_their_rounding_or_under_a_coordinate_name():
    fake = _faker(3)
    pairs = [(float(fake.latitude()), float(fake.longitude())) for _ in range(ROWS)]
    frame = pl.DataFrame(
        {
            "c1": [f"{a:.5f}, {b:.5f}" for a, b in pairs],
            "coords": [f"{a:.2f}, {b:.2f}" for a, b in pairs],
            "c2": [f"{a:.2f}, {b:.2f}" for a, b in pairs],
        }
    )
    findings = detect(frame, use_presidio=False)
    assert findings["c1"].entities == findings["coords"].entities == ("GEO_COORDINATE",)
    assert findings["c2"].category == "none"  # two decimals and no name: any two measurements


def test_a_position_in_three_percent_of_notes_is_found_and_a_confidence_interval_is_not():
    fake = _faker(4)
    rng = random.Random(4)
    notes = [
        f"Found at {float(fake.latitude()):.5f}, {float(fake.longitude()):.5f} by EMS." if rng.random() < 0.03 else "no acute distress"
        for _ in range(ROWS)
    ]
    intervals = [f"OR 95% CI {rng.uniform(0.1, 0.5):.4f}, {rng.uniform(0.5, 0.99):.4f}" for _ in range(ROWS)]
    findings = detect(pl.DataFrame({"c1": notes, "c2": intervals}), use_presidio=False)
    assert "GEO_COORDINATE" in findings["c1"].entities
    assert "GEO_COORDINATE" not in findings["c2"].entities
