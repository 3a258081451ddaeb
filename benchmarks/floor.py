"""The floor under the speed targets: the least work the issues themselves ask for, in polars.

Issue "End-to-end scan" asks for a scan within 3x of `pl.read_parquet`, and issue "minlint fix"
for a fix within 3x of a plain read + write. Both issues also fix what a scan must do: profile
every column (distinct counts), run value patterns over every row, and measure k-anonymity on
the quasi-identifiers; fix adds a keyed HMAC-SHA-256 per person key and the write. This script
measures a deliberately minimal version of that work on the same 2,000,000 x 12 export:

* profile: null count and the *approximate* distinct count (HyperLogLog) of every column;
* detect: ONE regex per text column over every row, three forms (SSN, e-mail, US phone)
  against minlint's thirty-odd entities, with no validator run on a match;
* risk: ONE group-by of the four quasi-identifier columns and its smallest class;
* fix: those, plus HMAC-SHA-256 of every person key (minlint's own loop, which copies the keyed
  hash states: 0.66 us a key against 1.6 us for `hmac.digest`), and the write, with no
  generalisation search and no verification scan.

The three scan queries run in one `pl.collect_all`, so polars spreads them over both cores.
If the floor alone is above a target, no implementation that does what the issue asks meets
that target on this machine; the ratios printed are that argument, measured in this run.

    python benchmarks/floor.py [--rows N] [--repeats N]

Measured on the quiet 2-core dev machine (2026-11-26, best of 5): read 0.102-0.103 s, scan
floor 0.52-0.54 s (5.1-5.3x); read + write 0.55-0.56 s, fix floor 2.93 s (5.3x), of which
the 2,000,000 HMACs are 1.3 s. minlint's own scan is 1.7-2.0 s (17-19x) and fix 7.5 s (13x):
the floors say a 3x scan or fix is out of reach for any implementation of these issues on
this machine, while the gap between floor and minlint (3-4x) is what its thirty-odd
validated entities, exact distinct counts, samples and risk metrics cost.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import polars as pl  # noqa: E402
from common import best_of, health_export  # noqa: E402

from minlint.fix.pseudonym import hmac_digests  # noqa: E402

THREE_FORMS = r"\b\d{3}-\d{2}-\d{4}\b|[\w.+-]+@[\w-]+\.\w+|\(?\b\d{3}\)?[ -]?\d{3}-\d{4}\b"
QUASI_IDENTIFIERS = ["zip", "birth_date", "sex", "age"]
PERSON_KEY = "patient_id"
KEY = b"floor-benchmark-key-0123456789ab"


def scan_floor_queries(frame: pl.DataFrame) -> list[pl.LazyFrame]:
    lazy = frame.lazy()
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    profile = lazy.select(
        [pl.col(c).null_count().alias(f"{c}_nulls") for c in frame.columns]
        + [pl.col(c).approx_n_unique().alias(f"{c}_distinct") for c in frame.columns]
    )
    detect = lazy.select([pl.col(c).str.contains(THREE_FORMS).sum() for c in text])
    risk = lazy.group_by(QUASI_IDENTIFIERS).len().select(pl.col("len").min())
    return [profile, detect, risk]


def scan_floor(path: Path) -> None:
    pl.collect_all(scan_floor_queries(pl.read_parquet(path)))


def fix_floor(path: Path, out: Path) -> None:
    frame = pl.read_parquet(path)
    pl.collect_all(scan_floor_queries(frame))
    keys = frame[PERSON_KEY].cast(pl.Binary).to_list()
    pseudonyms = pl.Series(PERSON_KEY, hmac_digests(KEY, keys, b""), dtype=pl.Binary)
    frame.with_columns(pseudonyms.bin.encode("hex")).drop("ssn", "email", "notes").write_parquet(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    path = health_export(args.rows)
    with tempfile.TemporaryDirectory() as work:
        plain, out = Path(work) / "plain.parquet", Path(work) / "floor.parquet"
        read = best_of(args.repeats, lambda: pl.read_parquet(path))
        read_write = best_of(args.repeats, lambda: pl.read_parquet(path).write_parquet(plain))
        scan = best_of(args.repeats, lambda: scan_floor(path))
        fix = best_of(args.repeats, lambda: fix_floor(path, out))
    print(f"rows={args.rows} columns=12")
    print(f"polars read_parquet      : {read:.3f} s")
    print(f"scan floor               : {scan:.3f} s  ratio {scan / read:.1f}x  (issue target for a scan <= 3x)")
    print(f"polars read + write      : {read_write:.3f} s")
    print(f"fix floor                : {fix:.3f} s  ratio {fix / read_write:.1f}x  (issue target for fix <= 3x)")


if __name__ == "__main__":
    main()
