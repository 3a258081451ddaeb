"""Shared helpers for the benchmarks: deterministic data and best-of-N timing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np
import polars as pl

DATA = Path(__file__).parent / "data"


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """Fastest of `repeats` runs, in seconds (the least disturbed by the rest of the machine)."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


# Clinical notes per language: non-ASCII text takes other paths through the regex engines.
NOTES = {
    "en": (
        "Patient stable, follow up in 3 months.",
        "Reports mild pain after surgery; continue current medication.",
        "No acute distress noted today.",
    ),
    "de": (
        "Patient stabil, Kontrolle in 3 Monaten.",
        "Klagt über leichte Schmerzen nach der Operation; Medikation unverändert fortführen.",
        "Heute keine akuten Beschwerden, Rückfrage beim Hausarzt nötig.",
    ),
    "ja": ("患者は安定しています。3か月後に再診。", "術後に軽い痛み、現在の投薬を継続。", "本日、急性の苦痛は認められない。"),
}


def _notes(rng: np.random.Generator, language: str, rows: int) -> pl.Series:
    """English: three fixed notes (the history of figures in scan_speed.py used them). Other
    languages: a note and a visit number per row, nearly all distinct as real notes are, so
    every row goes through the search for identifiers inside text."""
    chosen = pl.Series(rng.choice(list(NOTES[language]), rows))
    if language == "en":
        return chosen
    visits = pl.Series(rng.integers(1, 100_000, rows)).cast(pl.String)
    return chosen + " #" + visits


def health_export(rows: int = 2_000_000, seed: int = 20261125, notes: str = "en") -> Path:
    """A 12-column health export (identifiers, quasi-identifiers, health data), written once;
    `notes` picks the language of the free-text column."""
    suffix = "" if notes == "en" else f"_{notes}"
    path = DATA / f"health_export_{rows}{suffix}.parquet"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    area, group, serial = rng.integers(1, 665, rows), rng.integers(1, 99, rows), rng.integers(1, 9999, rows)
    frame = pl.DataFrame(
        {
            "patient_id": [f"P{i:08d}" for i in range(rows)],
            "ssn": [f"{a:03d}-{g:02d}-{s:04d}" for a, g, s in zip(area, group, serial)],
            "email": [f"patient{i}@example.org" for i in range(rows)],
            "zip": [f"{z:05d}" for z in rng.integers(501, 99950, rows)],
            "birth_date": pl.Series(rng.integers(-20000, 15000, rows)).cast(pl.Date),
            "sex": rng.choice(["M", "F"], rows),
            "age": rng.integers(0, 100, rows),
            "icd10": rng.choice(["E11.9", "I10", "J45.909", "C50.911", "F32.A", "M54.5"], rows),
            "hba1c": rng.normal(6.0, 1.0, rows).round(1),
            "systolic_bp": rng.integers(90, 180, rows),
            "notes": _notes(rng, notes, rows),
            "order_total": rng.normal(100, 20, rows).round(2),
        }
    )
    frame.write_parquet(path)
    return path
