"""CSV reading: minlint's checked CSV reader and `minlint scan` vs `pl.read_csv` of the same file.

The 2,000,000 x 12 health export of scan_speed.py written as CSV, with every seventh
`order_total` (the last column) empty, so that a record might be short and the field count
check runs. No issue sets a target; the figures say what CSV exports cost beside Parquet.

    python benchmarks/csv_speed.py [--rows N]

Measured (2026-11-26, fourth session, 2-core dev machine, 257 MiB file): before, the reader
took 4.23 s (11.7x read_csv) and the warm scan 7.09 s (Python's csv module checked every
record, and four regexes over every value inferred the types); now the reader takes 1.42 s
(5.0x) and the scan 4.70 s (16.5x): polars parses, pyarrow counts the fields of each record
only when the last column has nulls, and a column is settled as text on its first 1,000 rows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import polars as pl  # noqa: E402
from common import best_of, health_export  # noqa: E402

from minlint.detect.presidio_engine import analyzer  # noqa: E402
from minlint.detect.registry import ALL_SPECS  # noqa: E402
from minlint.io.delimited import read_delimited  # noqa: E402
from minlint.scan import ScanOptions, scan_paths  # noqa: E402


def csv_export(rows: int) -> Path:
    path = health_export(rows).with_suffix(".csv")
    if not path.exists():
        frame = pl.read_parquet(health_export(rows))
        blank_every_seventh = pl.when(pl.int_range(pl.len()) % 7 == 0).then(None).otherwise(pl.col("order_total"))
        frame.with_columns(blank_every_seventh.alias("order_total")).write_csv(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    path = csv_export(args.rows)
    analyzer(None, ALL_SPECS)
    baseline = best_of(args.repeats, lambda: pl.read_csv(path))
    reader = best_of(args.repeats, lambda: read_delimited(str(path), "csv", None).frame.collect())
    scan = best_of(args.repeats, lambda: scan_paths([str(path)], ScanOptions()))
    print(f"rows={args.rows} columns=12 file={path.stat().st_size / 2**20:.0f} MiB")
    print(f"polars read_csv     : {baseline:.3f} s")
    print(f"minlint CSV reader  : {reader:.3f} s  ratio {reader / baseline:.1f}x")
    print(f"minlint scan (warm) : {scan:.3f} s  ratio {scan / baseline:.1f}x")


if __name__ == "__main__":
    main()
