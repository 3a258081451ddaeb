"""Spark engine vs local engine on the 2,000,000-row health export; bounded memory at 1x and 4x.

Each scan runs in its own child process; peak RSS is that child's maximum resident set
(``resource.getrusage(RUSAGE_SELF)`` printed by the child, kB on Linux). For Spark the figure is the driver's
Python process only (the JVM and the Python workers are separate processes).
The 4x input is the 2M-row file written four times as a partitioned directory; with
MINLINT_MEMORY_BUDGET set low every local pass streams it in batches.

    .venv/bin/python benchmarks/spark_speed.py [--local-only]

Measured on the 2-core development machine (no Presidio; `--local-only` at bad3926):

    input                      engine  seconds  peak RSS MiB   at a3eac99: seconds  MiB
    2M rows, streaming         local       9.0           356                 4.6   668
    8M rows (4x), streaming    local     106.3           569                31.0  1328
    2M rows, decoded           local       3.1           940                 4.6  1404
    2M rows                    spark      52.0           299   (not rerun)

Streamed batches are Parquet slices (``collect_batches`` read ahead and buffered most of the
input), the risk stage's histograms run one query per grouping (together, polars cached the
shared value columns, every row) and l-diversity counts distinct (class, value) pairs (an
``n_unique`` per class held a hash set per class). 1x -> 4x is now 356 -> 569 MiB, not yet flat:
the value-count pass (``partials.count_partial`` over the whole frame, 325 -> 451 MiB) and the
bucket passes' allocator retention still grow; 4x is slow because bucket counts follow rows,
not classes (30 buckets x 5 groupings and 3 l-diversity columns, each a pass over the file).
The Spark driver holds no rows.
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
