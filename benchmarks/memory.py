"""Peak memory of `minlint scan` on the 2,000,000-row health export vs. its Arrow size.

Each number comes from its own child process so that neither sees the other's memory: one child
reads the file with polars and prints `estimated_size()` (the decoded Arrow size), another runs
the full CLI scan; the scan's peak RSS is its `ru_maxrss` from `wait4`. Target: peak RSS at most
2x the Arrow size. The scan runs twice: as it does by default (a file over
``scan.WHOLE_DECODE_BYTES`` decoded, like this one, is streamed by profile and detection and
only the risk stage's columns are decoded) and with a 1-byte budget, the streaming path of a
file larger than the budget.

    python benchmarks/memory.py [--rows N] [--no-presidio]

Measured on the 2-core development machine (presidio off; Arrow size 259 MiB, target 518 MiB):

    path        before (a3eac99)          bad3926                    127ea35 (load 3-4)
    decoded     929 MiB  3.66x  ~4.6 s     911 MiB  3.52x  7.4 s      848 MiB  3.27x  3.7 s
    streaming   693 MiB  2.82x  ~7.8 s     357 MiB  1.38x  9.7 s      392 MiB  1.51x  7.4 s

    fb09b58 (load 4.7-5): decoded 823 MiB 3.18x 3.9 s; streaming 379 MiB 1.46x 8.7 s (the
    4x input streams in the same memory, benchmarks/spark_speed.py)

Streaming meets the target: batches are Parquet slices of about 32 MiB decoded
(``execution.batch_rows``) and the risk stage runs the Spark passes locally in hash buckets
(``risk.StreamedAggregates``). The decoded path does not: the decoded file alone peaks at
478 MiB (Arrow plus the reader's buffers, 1.85x) and the in-memory risk stage adds the class
keys of every grouping on top; a file that fits the budget trades memory for speed.

Second session (2026-11-26, quiet): decoded 839-847 MiB (3.24-3.27x), 2.4-2.5 s; streaming
394-401 MiB (1.52-1.55x), 4.7-4.8 s. Tried and reverted: decoding each pass's columns a
group of about 64 MiB at a time instead of the whole file (peak 764 MiB, profile 50% slower;
the risk stage's class values and codes, and allocator retention between groups, stay on
top), and jemalloc decay settings (``_RJEM_MALLOC_CONF``: 800-826 MiB on the whole file;
624 MiB with the column groups, at twice the time).

Sixth session (2026-11-26): the default path meets the target, Presidio on or off. Where the
decoded path's peak went (a probe reading RSS around each stage, Presidio off): decoding 355 MiB
above the imports (1.4x the data), profile +220, the risk stage +240 on top. Now:

* a file over ``scan.WHOLE_DECODE_BYTES`` (64 MiB uncompressed) is not decoded whole: profile
  and detection stream it (their peak about 355 MiB in all) and the risk stage alone runs in
  memory, reading only its columns;
* the risk stage's class codes are made one source column at a time inside the query that reads
  it (the QI value columns read together cost 256 MiB beside 56 MiB of codes), the class
  histograms one grouping at a time;
* the CLI sets polars' allocator to give freed pages back sooner (``cli.ALLOCATOR_DECAY``).

    path        Presidio on                 Presidio off
    default     460-463 MiB  1.78x  4.1-4.6 s   403 MiB  1.55x  3.1 s
    streaming   411-426 MiB  1.62x  6.1-6.9 s   349 MiB  1.35x  5.2 s

The code of the fifth session, Presidio on: default (decoded whole) 895 MiB (3.46x), streaming
447 MiB. Without the allocator setting the new default peaked 520-570 MiB with Presidio (2.0-2.2x).
The whole-decoded path of the new code peaks about 720 MiB (Presidio off) and keeps small files
fast; the default is about 0.5 s slower than it on this file (benchmarks/scan_speed.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent)]

from common import health_export  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
_ARROW_SIZE = "import sys, polars as pl; print(pl.read_parquet(sys.argv[1]).estimated_size())"


def arrow_size(path: Path) -> int:
    """Bytes the file takes decoded into Arrow memory, measured in a child process."""
    result = subprocess.run([sys.executable, "-c", _ARROW_SIZE, str(path)], capture_output=True, text=True, check=True)
    return int(result.stdout)


def scan_peak_rss(path: Path, report: Path, presidio: bool, budget: int | None = None) -> tuple[int, float, int]:
    """(peak RSS in bytes, wall seconds, exit code) of one `minlint scan` child process."""
    command = [sys.executable, "-m", "minlint", "scan", str(path), "-f", "json", "-o", str(report)]
    if not presidio:
        command.append("--no-presidio")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "true"}
    if budget is not None:
        env["MINLINT_MEMORY_BUDGET"] = str(budget)
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        sys.exit(f"scan failed (exit {child.returncode}): {child.stderr.read().decode(errors='replace')}")
    return usage.ru_maxrss * 1024, seconds, child.returncode  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    # The CLI's default (Presidio on) is what users run; before the sixth session the figures
    # below were taken with it off.
    parser.add_argument("--no-presidio", dest="presidio", action="store_false", help="Leave out the Presidio signal.")
    options = parser.parse_args()

    path = health_export(options.rows)
    arrow = arrow_size(path)
    mib = 1024**2
    print(f"file:        {path.name} ({path.stat().st_size / mib:.0f} MiB on disk, {options.rows} rows)")
    print(f"arrow size:  {arrow / mib:.0f} MiB")
    # Default: the reading its size gets (``scan._reading``). Budget 1 byte: the streaming path
    # that a file larger than the memory budget takes.
    for mode, budget in (("default", None), ("streaming", 1)):
        with tempfile.TemporaryDirectory() as directory:
            report = Path(directory) / "report.json"
            peak, seconds, exit_code = scan_peak_rss(path, report, options.presidio, budget)
            notes = json.loads(report.read_text())["datasets"][0].get("notes", [])
        ratio = peak / arrow
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"{mode + ':':12} peak RSS {peak / mib:.0f} MiB, {ratio:.2f}x arrow (target <= {TARGET_RATIO:.1f}x: {verdict}); "
              f"{seconds:.1f} s, exit {exit_code}, presidio {'on' if options.presidio else 'off'}")
        print(f"{'':12} notes: {'; '.join(notes) or '-'}")


if __name__ == "__main__":
    main()
