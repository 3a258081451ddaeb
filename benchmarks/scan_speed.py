"""Scan speed: `minlint scan` on a 2,000,000 x 12 health export vs `pl.read_parquet` of it.

Both are measured in this run on this machine, so the ratio is comparable across machines.
Target (issue "End-to-end scan"): ratio <= 3. Presidio's engine is built once per process;
the warm figure excludes that one-off second, the cold one includes it.

    python benchmarks/scan_speed.py [--rows N] [--notes en|de|ja]

Measured on the quiet 2-core dev machine (2026-11-26): read_parquet 0.10 s, warm scan 1.51 s
(14.9x; 47x at the start of the day), cold 2.76 s. Stages: decode 0.10 s, profile 0.30 s
(1.4 s before: per-value DataSketches updates), detect 0.46 s (value passes, Presidio beside
them in a thread), risk 0.56 s (1.9 s before: multi-column group-bys). CPU use is about 1.75
cores, so the remaining time is work, not waiting. The 3x target is not met: hashing every
value of the 12 columns once, one regex pass per text column and one sort per class grouping
already take about 5x the read.

Second session (2026-11-26, quiet, after detection round 2, new Safe Harbor identifiers and
the birth-year check): read 0.105 s, warm 1.55-1.59 s (14.6-15.1x), cold 2.63-2.83 s;
stages decode 0.11, profile 0.31-0.32, detect 0.45-0.50, risk 0.64-0.66 s. The same runs
on the code of the first session's close (worktree at 5e6970b, alternating) gave 1.51-1.75 s:
the added detectors cost nothing measurable. The cold figure gains from building Presidio in
the background from the start of the scan (``presidio_engine.warm_up``).

Third session (2026-11-26, quiet): en read 0.106 s, warm 1.68-1.76 s
(16.1-16.5x); the code before this session measured 1.68-1.74 s in the same alternating runs, so
the machine, not the code, is slower than the second session's figures. `--notes de` / `ja`
(nearly every note distinct, so every row is searched): warm 2.06 s / 2.03 s (15.2x / 16.5x),
detect 1.06 s / 0.94 s. Before the search regexes used ASCII boundaries in groups
(values.polars_regex, search_groups), `minlint scan` of the same de/ja files took 55-59 s.

Fourth session (2026-11-26): en warm 1.75-1.84 s (15.6-17.6x) against 1.76-1.78 s for the
third session's code in alternating runs; profile 0.37 s (+0.05 s: missing-value markers
counted by hash). `--notes de`: 2.27-2.30 s against 2.13-2.23 s, the third search group
(labelled passport, licence, account and member numbers) costing about 5%.

Fifth session (2026-11-26): en warm 1.84 s (18.5x; the machine gives 1.70-1.90 s for the
fourth session's code in alternating runs), de 2.45-2.54 s against 2.34-2.42 s for the code
at the start of the session (more search forms, the diagnosis words, the detection view of
categorical and full-width columns). benchmarks/floor.py measures the least work this issue
asks for at 5.1x the read: the 3x target is below that floor.

Sixth session (2026-11-26): en warm 2.30-2.55 s (22-24x) against 1.78-1.90 s for the fifth
session's code in alternating runs. The cost of the memory target (issue "Hardening",
benchmarks/memory.py): this 165 MiB (uncompressed) file is no longer decoded whole; profile and
detection stream it in slices and only the risk stage decodes its columns, so the file is
decoded three times instead of once (peak 460 instead of 895 MiB). Decoded batches now run
their value counts on the in-memory engine (detect 1.10 -> 0.90 s streamed). The stage
figures below are of the whole-decoded path, which files up to 64 MiB still take.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import polars as pl  # noqa: E402
from common import NOTES, best_of, health_export  # noqa: E402

from minlint import execution  # noqa: E402
from minlint.detect.presidio_engine import analyzer  # noqa: E402
from minlint.detect.registry import ALL_SPECS, DetectOptions, detect_dataset  # noqa: E402
from minlint.profile import profile_frame  # noqa: E402
from minlint.risk import assess  # noqa: E402
from minlint.scan import ScanOptions, scan_paths  # noqa: E402


def stage_times(path: Path) -> dict[str, float]:
    """Seconds of each stage of one warm scan of the decoded file (where the time goes)."""
    times: dict[str, float] = {}

    def timed(stage: str, action):
        start = time.perf_counter()
        result = action()
        times[stage] = time.perf_counter() - start
        return result

    with execution.in_memory():
        frame = timed("decode", lambda: pl.read_parquet(path)).lazy()
        profiles = timed("profile", lambda: profile_frame(str(path), frame))
        findings = timed("detect", lambda: detect_dataset(frame, profiles, DetectOptions()))
        timed("risk", lambda: assess(frame, findings))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--notes", choices=sorted(NOTES), default="en", help="Language of the free-text column.")
    args = parser.parse_args()
    path = health_export(args.rows, notes=args.notes)
    options = ScanOptions()

    cold = best_of(1, lambda: scan_paths([str(path)], options))
    analyzer(None, ALL_SPECS)
    read = best_of(args.repeats, lambda: pl.read_parquet(path))
    warm = best_of(args.repeats, lambda: scan_paths([str(path)], options))
    print(f"rows={args.rows} columns=12 notes={args.notes}")
    print(f"polars read_parquet : {read:.3f} s")
    print(f"minlint scan (warm) : {warm:.3f} s  ratio {warm / read:.1f}x  (target <= 3x)")
    print(f"minlint scan (cold) : {cold:.3f} s  ratio {cold / read:.1f}x  (includes building Presidio)")
    stages = min((stage_times(path) for _ in range(args.repeats)), key=lambda t: sum(t.values()))
    print("stages (best run)   : " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in stages.items()))


if __name__ == "__main__":
    main()
