"""Helpers shared by tests: the real pipeline on small frames."""

from __future__ import annotations

import random

import polars as pl
from stdnum.us import ssn

from minlint.detect.registry import DetectOptions, detect_dataset
from minlint.model import ColumnFinding
from minlint.profile import profile_frame


def detect(frame: pl.DataFrame, *, use_presidio: bool = True) -> dict[str, ColumnFinding]:
    """Profile and detect a frame exactly as `minlint scan` does; findings by column."""
    lazy = frame.lazy()
    profiles = profile_frame("test", lazy)
    findings = detect_dataset(lazy, profiles, DetectOptions(use_presidio=use_presidio))
    return {f.column: f for f in findings}


def valid_ssn(rng: random.Random) -> str:
    """A random SSN in its dashed layout that passes the SSA's rules (python-stdnum)."""
    while not ssn.is_valid(value := f"{rng.randint(1, 899):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"):
        pass
    return value
