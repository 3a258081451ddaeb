"""Spark engine vs local engine on the 2,000,000-row health export; bounded memory at 1x and 4x.

Each scan runs in its own child process; peak RSS is that child's maximum resident set
(``resource.getrusage(RUSAGE_SELF)`` printed by the child, kB on Linux). For Spark the figure is the driver's
Python process only (the JVM and the Python workers are separate processes).
The 4x input is the 2M-row file written four times as a partitioned directory; with
MINLINT_MEMORY_BUDGET set low every local pass streams it in batches.

    .venv/bin/python benchmarks/spark_speed.py [--local-only]

Measured on the 2-core development machine (no Presidio; `--local-only`, two runs each, the
before and after runs alternating; the machine was shared, load average 4-6 on its 2 cores):

    input                      engine  at fb09b58: seconds  MiB   at 91a9722: seconds  MiB
    2M rows, streaming         local               8.4-8.7  371-387           4.9-6.7  399-401
    8M rows (4x), streaming    local             52.9-53.8  385-392         46.4-53.9  592-604
    2M rows, decoded           local               2.4-4.2  818-854           3.8-4.0  831-838
    2M rows                    spark     (not rerun; 52.0 s, 299 MiB at bad3926)

1x -> 4x is flat at fb09b58 (within 4%). Per stage (ru_maxrss after each, 4x), the bucket
passes of the risk stage had grown with the input: a bucket's table was merged with each
slice's in memory (150 MiB for two tables of 290,000 classes), and a slice as long as the
classes (2,000,000 rows) cost 115 MiB of decoding whatever its bucket held. Now slices are
two scalar batches (``risk.streamed._SLICE_BATCHES``), merges run on the streaming engine once the
pending slices have as many rows as the table, l-diversity counts its pairs streamed, and
classes that repeat across slices get 1.5x the buckets (``risk.streamed._class_buckets``): at 4x the
histograms peak at 370 MiB (410 without that charge, 548 before), l-diversity at 380 (594),
against 380-390 for the 1x histograms. Times are within the load's noise of before; the
streamed merges alone (before the 1.5x charge, load near 2) took the 4x scan to 26-34 s,
and the charge adds half the bucket passes back. jemalloc's decay (``_RJEM_MALLOC_CONF``)
is left alone: ``dirty_decay_ms:0`` (with the streamed merges only) lowered the 4x peak from
576 to 442 MiB but took the risk stage from 19 to 55 s, and
``background_thread:true,dirty_decay_ms:1000`` (tried before the charge) changed neither
peak beyond the noise (1x/4x 375/413 against 371-387/416-441 MiB).
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
