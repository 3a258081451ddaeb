"""Helpers shared by tests: the real pipeline on small frames."""

from __future__ import annotations

import polars as pl

from minlint.detect.registry import DetectOptions, detect_dataset
from minlint.model import ColumnFinding
from minlint.profile import profile_frame


def detect(frame: pl.DataFrame, *, use_presidio: bool = True) -> dict[str, ColumnFinding]:
    """Profile and detect a frame exactly as `minlint scan` does; findings by column."""
    lazy = frame.lazy()
    profiles = profile_frame("test", lazy)
    findings = detect_dataset(lazy, profiles, DetectOptions(use_presidio=use_presidio))
    return {f.column: f for f in findings}
