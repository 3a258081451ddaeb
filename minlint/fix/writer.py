"""Write a minimized frame in the input's format: Parquet -> Parquet, CSV -> CSV, dir -> dir.

Plain Parquet and CSV/TSV outputs stream (``sink_parquet``/``sink_csv``): the query reads, rewrites
and writes batch by batch. Gzip-wrapped text, JSON Lines and partitioned directories are written
from one collected frame. Output is deterministic: fixed row order, no timestamps (gzip mtime 0),
partitions in sorted order.
"""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import polars as pl

from minlint.errors import ConfigError
from minlint.io.parquet import partition_files

WRITABLE_FORMATS = ("parquet", "parquet_dir", "csv", "tsv", "jsonl")


def check_writable(path: str, fmt: str) -> None:
    if fmt not in WRITABLE_FORMATS:
        raise ConfigError(f"{path}: fix cannot write {fmt} datasets (it writes {', '.join(WRITABLE_FORMATS)})")


def _delimiter(fmt: str) -> str:
    return "\t" if fmt == "tsv" else ","


def partition_keys(directory: str) -> list[str]:
    """Hive partition keys of a Parquet directory, outermost first (from the first file's path)."""
    files = partition_files(directory)
    if not files:
        return []
    relative = Path(os.path.relpath(files[0], directory)).parts[:-1]
    return [part.split("=", 1)[0] for part in relative if "=" in part]


def write_dataset(frame: pl.LazyFrame, target: Path, fmt: str, *, compressed: bool, source_path: str) -> None:
    """Write ``frame`` to ``target`` (a file, or a directory for ``parquet_dir``)."""
    check_writable(source_path, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet_dir":
        _write_partitioned(frame, target, partition_keys(source_path))
    elif fmt == "parquet" and not compressed:
        frame.sink_parquet(target)
    elif fmt == "parquet":
        buffer = io.BytesIO()
        frame.collect().write_parquet(buffer)
        _write_gzip(target, buffer.getvalue())
    elif fmt in ("csv", "tsv") and not compressed:
        frame.sink_csv(target, separator=_delimiter(fmt))
    elif fmt in ("csv", "tsv"):
        _write_gzip(target, frame.collect().write_csv(separator=_delimiter(fmt)).encode("utf-8"))
    else:  # jsonl
        text = frame.collect().write_ndjson().encode("utf-8")
        _write_gzip(target, text) if compressed else target.write_bytes(text)


def _write_gzip(target: Path, data: bytes) -> None:
    # mtime=0 and no file name in the header: the same data gives the same bytes.
    with open(target, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(data)


def _write_partitioned(frame: pl.LazyFrame, target: Path, keys: list[str]) -> None:
    """Hive layout under ``target`` by the same keys, where the minimized data still has them."""
    data = frame.collect()
    present = [key for key in keys if key in data.columns]
    target.mkdir(parents=True, exist_ok=True)
    if not present:
        data.write_parquet(target / "part-0.parquet")
        return
    for values, part in sorted(
        data.partition_by(present, as_dict=True, maintain_order=True).items(),
        key=lambda item: tuple("" if v is None else str(v) for v in item[0]),
    ):
        directory = target.joinpath(*[f"{k}={'__HIVE_DEFAULT_PARTITION__' if v is None else v}" for k, v in zip(present, values)])
        directory.mkdir(parents=True, exist_ok=True)
        part.drop(present).write_parquet(directory / "part-0.parquet")
