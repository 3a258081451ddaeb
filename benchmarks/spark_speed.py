"""Spark engine vs local engine on the 2,000,000-row health export; bounded memory at 1x and 4x.

Each scan runs in its own child process; peak RSS is that child's maximum resident set
(``resource.getrusage(RUSAGE_SELF)`` printed by the child, kB on Linux). For Spark the figure is the driver's
Python process only (the JVM and the Python workers are separate processes).
The 4x input is the 2M-row file written four times as a partitioned directory; with
MINLINT_MEMORY_BUDGET set low every local pass streams it in batches.

    .venv/bin/python benchmarks/spark_speed.py [--local-only]

Measured on the 2-core development machine (no Presidio; `--local-only`, best of 2; the
machine was shared, load average 3-4 on its 2 cores during the 127ea35 runs):

    input                      engine  at 127ea35: seconds  MiB   at bad3926: seconds  MiB
    2M rows, streaming         local                 7.1   380                  9.0   356
    8M rows (4x), streaming    local                49.2   585                106.3   569
    2M rows, decoded           local                 3.8   822                  3.1   940
    2M rows                    spark     (not rerun)                           52.0   299

At 127ea35 the value counts and the residual search stream in batches of the columns they
read (their 4x peak 571 -> 359 MiB), and the risk stage's buckets follow a KMV estimate of the
classes, not the rows: the 4x input (2,000,000 classes, each four times) gets the 1x input's
7 buckets instead of 30, every grouping's histogram comes from one table per bucket (5 passes
per bucket before), and l-diversity takes one pass per bucket for all sensitive columns.
1x -> 4x is still not flat (380 -> 585 MiB): at 4x a bucket's table is built from four
slices, and merging each slice's group-by into it (``risk._grouped_bucket``) costs a table
more; the allocator also keeps freed pages between passes (with jemalloc's decay at 0,
``_RJEM_MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0``, one bucket of the histograms held
300 MiB live where RSS showed 438). The Spark driver holds no rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, health_export  # noqa: E402

_CHILD = """
import sys
from minlint.scan import ScanOptions, scan_paths
import resource
scan_paths([sys.argv[1]], ScanOptions(engine=sys.argv[2], spark_master=sys.argv[3] or None, use_presidio=False))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(path: Path, engine: str, budget: str | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one scan in a fresh child process."""
    env = dict(os.environ, **({"MINLINT_MEMORY_BUDGET": budget} if budget else {}))
    start = time.perf_counter()
    master = "local[2]" if engine == "spark" else ""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), engine, master], check=True, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    # The child's own peak (RUSAGE_CHILDREN would be the largest child so far, not this one).
    return seconds, int(done.stdout.split()[-1]) / 1024


def times_four(source: Path) -> Path:
    directory = DATA / "health_export_4x"
    if not directory.exists():
        for part in range(4):
            (directory / f"part={part}").mkdir(parents=True)
            shutil.copy(source, directory / f"part={part}" / "data.parquet")
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local-only", action="store_true", help="Skip the Spark run.")
    local_only = parser.parse_args().local_only
    source = health_export()
    low_budget = str(64 * 2**20)  # far below the decoded size: the local engine streams
    print("input                      engine  seconds  peak RSS MiB")
    for label, path, engine, budget in (
        ("2M rows, streaming", source, "local", low_budget),
        ("8M rows (4x), streaming", times_four(source), "local", low_budget),
        ("2M rows, decoded", source, "local", None),
        ("2M rows", source, "spark", None),
    ):
        if local_only and engine == "spark":
            continue
        seconds, peak = run(path, engine, budget)
        print(f"{label:26} {engine:6} {seconds:8.1f} {peak:12.0f}")


if __name__ == "__main__":
    main()
