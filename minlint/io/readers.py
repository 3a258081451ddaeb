"""Open a discovered dataset as a lazy polars frame with flat columns."""

from __future__ import annotations

import os
from dataclasses import dataclass

import polars as pl

from minlint.errors import InputError
from minlint.io.common import Table, check_width
from minlint.io.delimited import read_delimited
from minlint.io.discover import DatasetSource
from minlint.io.flatten import flatten
from minlint.io.jsonl import read_jsonl
from minlint.io.parquet import read_parquet_dir, read_parquet_file
from minlint.io.vcf import read_vcf


@dataclass(frozen=True)
class LoadedDataset:
    """A dataset ready to profile: flat columns, with what reading it had to repair in ``notes``.

    ``samples`` names the per-sample genotype columns of a VCF (empty for other formats);
    ``non_human`` the other organism its header names as the reference (a mouse cohort).
    Text formats are decoded by their readers; a Parquet frame is a lazy scan of the file.
    """

    path: str
    format: str
    frame: pl.LazyFrame
    notes: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()
    non_human: str | None = None
    decoded: bool = False  # the frame is in memory (``scan.decode_for_reuse``), not a file scan


def open_dataset(source: DatasetSource) -> LoadedDataset:
    """Read ``source``; InputError (one line naming the file) on anything unreadable."""
    table = _read(source)
    frame = flatten(table.frame, source.path)
    # Readers check the width they can see cheaply; flattening nested columns can add more.
    check_width(source.path, len(frame.collect_schema()))
    return LoadedDataset(
        path=source.path,
        format=source.format,
        frame=frame,
        notes=table.notes,
        samples=table.samples,
        non_human=table.non_human,
    )


def _read(source: DatasetSource) -> Table:
    path, compression = source.path, source.compression
    if not os.path.exists(path):
        raise InputError(f"{path}: path does not exist")
    if source.format == "parquet":
        return read_parquet_file(path, compression)
    if source.format == "parquet_dir":
        return read_parquet_dir(path)
    if source.format in ("csv", "tsv"):
        return read_delimited(path, source.format, compression)
    if source.format == "jsonl":
        return read_jsonl(path, compression)
    if source.format == "vcf":
        return read_vcf(path, compression)
    raise InputError(f"{path}: unsupported format {source.format!r}")
