"""Same data, same report: two scans, and a scan with the paths in reverse order, give
byte-identical JSON and SARIF. Each run is its own process with its own hash seed, so set or
dict order that depends on Python's string hashing would show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("deterministic")
    rng = np.random.default_rng(7)
    rows = 3_000
    cohort = pl.DataFrame(
        {
            "patient_id": [f"P{i:06d}" for i in range(rows)],
            "ssn": [f"{a:03d}-{g:02d}-{s:04d}" for a, g, s in zip(rng.integers(1, 665, rows), rng.integers(1, 99, rows), rng.integers(1, 9999, rows))],
            "email": [f"patient{i}@example.org" for i in range(rows)],
            "zip": [f"{z:05d}" for z in rng.integers(501, 99950, rows)],
            "birth_date": pl.Series(rng.integers(-20000, 15000, rows)).cast(pl.Date),
            "sex": rng.choice(["M", "F"], rows),
            "icd10": rng.choice(["E11.9", "I10", "J45.909", "C50.911"], rows),
            "notes": rng.choice(["Patient stable, follow up in 3 months.", "No acute distress noted today."], rows),
        }
    )
    cohort.write_parquet(directory / "cohort.parquet")
    cohort.head(500).write_csv(directory / "extract.csv")
    pl.DataFrame({"rs429358": rng.choice(["TT", "CT", "CC"], 400), "rs7412": rng.choice(["CC", "CT", "TT"], 400)}).write_ndjson(
        directory / "genotypes.jsonl"
    )
    return directory


def _scan(directory: Path, paths: list[str], tag: str, hash_seed: str) -> tuple[bytes, bytes]:
    json_out, sarif_out = directory / f"{tag}.json", directory / f"{tag}.sarif"
    result = subprocess.run(
        [sys.executable, "-m", "minlint", "scan", *paths, "--destination", "CN",
         "-f", "json", "-o", str(json_out), "-f", "sarif", "-o", str(sarif_out)],
        cwd=directory,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed, "CI": "true"},
    )
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    return json_out.read_bytes(), sarif_out.read_bytes()


def test_same_scan_twice_and_reversed_paths_give_identical_json_and_sarif(exports):
    paths = ["cohort.parquet", "extract.csv", "genotypes.jsonl"]
    first = _scan(exports, paths, "first", "1")
    second = _scan(exports, paths, "second", "2")
    reversed_order = _scan(exports, list(reversed(paths)), "reversed", "3")
    assert first[0] == second[0] == reversed_order[0]
    assert first[1] == second[1] == reversed_order[1]
    # And the report is about all three datasets, in sorted order.
    assert [d["path"] for d in json.loads(first[0])["datasets"]] == sorted(paths)
    for volatile in (b"timestamp", b"startTimeUtc", b"endTimeUtc"):
        assert volatile not in first[0] + first[1]
