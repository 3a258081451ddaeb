"""Columns of times of day and of durations: no dates, and a Duration column is read, not
reported as a corrupt file (polars casts no Duration to text)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from minlint.scan import ScanOptions, scan_paths


def test_time_of_day_and_duration_columns_scan_clean(tmp_path):
    path = tmp_path / "events.parquet"
    rows = 500
    pl.DataFrame(
        {
            "c1": [dt.time(i % 24, i % 60) for i in range(rows)],
            "c2": [dt.timedelta(minutes=i) for i in range(rows)],
            "visit_date": [dt.date(2024, 1, 1) + dt.timedelta(days=i % 300) for i in range(rows)],
        }
    ).write_parquet(path)
    report = scan_paths([str(path)], ScanOptions(use_presidio=False))
    columns = {c.column: c for c in report.datasets[0].columns}
    assert columns["c1"].category == columns["c2"].category == "none"
    assert columns["visit_date"].category == "quasi_identifier"
