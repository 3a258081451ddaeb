"""Parquet files and (hive-partitioned) directories of them, scanned lazily.

The footer of every file is read up front: a truncated upload or a CSV renamed to .parquet fails
here with the file named, not later inside a polars query.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from minlint.errors import InputError
from minlint.io.common import (
    PARQUET_MAGIC,
    Table,
    check_width,
    first_duplicate,
    printable,
    read_gzip_bounded,
)

PARQUET_EXTENSIONS = (".parquet", ".pq")
_LEADING_ZERO = re.compile(r"-?0\d")


def read_parquet_file(path: str, compression: str | None) -> Table:
    """One Parquet file (gzip-wrapped ones are inflated into memory, bounded)."""
    if compression == "gzip":
        content = read_gzip_bounded(path)
        _check_magic(path, content[: len(PARQUET_MAGIC)])
        _metadata(path, io.BytesIO(content))
        return Table(frame=_scan(path, lambda: pl.read_parquet(io.BytesIO(content)).lazy()))
    _check_magic(path, _leading_bytes(path))
    _metadata(path, path)
    return Table(frame=_scan(path, lambda: pl.scan_parquet(path, glob=False)))


def read_parquet_dir(path: str) -> Table:
    """All Parquet files under a directory as one dataset; hive keys (``year=2024``) are columns."""
    files = partition_files(path)
    if not files:
        raise InputError(f"{path}: directory contains no Parquet file")
    for part in files:
        _check_magic(part, _leading_bytes(part))
    first_schema = _metadata(files[0], files[0]).schema.to_arrow_schema()
    for part in files[1:]:
        schema = _metadata(part, part).schema.to_arrow_schema()
        if not _same_columns(schema, first_schema):
            # Scanning them together would fail or drop columns; either way fail closed here.
            raise InputError(f"{part}: schema differs from {files[0]} in the same dataset")
    inferred = _scan(path, lambda: pl.scan_parquet(files, hive_partitioning=True, glob=False))
    # The hive keys are the columns polars added beyond those stored in the files.
    schema = inferred.collect_schema()
    hive_keys = [name for name in schema.names() if name not in first_schema.names]
    partitions = _partition_values(files)
    textual = {
        key for key in hive_keys if any(map(_LEADING_ZERO.match, partitions.get(key, ())))
    }
    if not textual:
        return Table(frame=inferred)
    # Polars types partition values like the rest of a table: zip3=021 would become 21 and lose
    # the very pattern the HIPAA ZIP3 check (45 CFR 164.514(b)(2)) needs. Keep such keys text.
    hive_schema = {
        name: pl.String if name in textual else dtype
        for name, dtype in schema.items()
        if name in hive_keys
    }
    return Table(
        frame=_scan(
            path,
            lambda: pl.scan_parquet(
                files, hive_partitioning=True, hive_schema=hive_schema, glob=False
            ),
        )
    )


def partition_files(directory: str) -> list[str]:
    """Every Parquet file under ``directory``, sorted (Spark's ``_SUCCESS``/``.crc`` left out)."""
    found: list[str] = []
    visited: set[str] = set()
    for root, dirs, names in os.walk(directory, followlinks=True):
        visited.add(os.path.realpath(root))
        # Links back to a visited directory would make the walk endless.
        dirs[:] = sorted(d for d in dirs if os.path.realpath(os.path.join(root, d)) not in visited)
        found.extend(
            os.path.join(root, name)
            for name in sorted(names)
            if name.lower().endswith(PARQUET_EXTENSIONS)
        )
    return sorted(found)


def _partition_values(files: list[str]) -> dict[str, set[str]]:
    """The values each ``key=value`` directory name in the files' paths takes."""
    values: dict[str, set[str]] = {}
    for file in files:
        for part in Path(file).parts[:-1]:
            key, equals, value = part.partition("=")
            if equals:
                values.setdefault(key, set()).add(value)
    return values


def _leading_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(len(PARQUET_MAGIC))
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def _check_magic(path: str, leading: bytes) -> None:
    """A Parquet file starts with ``PAR1``; the footer alone would let a spliced file through."""
    if not leading:
        raise InputError(f"{path}: empty file")
    if leading != PARQUET_MAGIC:
        raise InputError(f"{path}: not a valid Parquet file (bad magic bytes)")


def _metadata(path: str, source: str | io.BytesIO) -> pq.FileMetaData:
    """The footer, checked for what polars would choke on later: width and duplicate names."""
    try:
        metadata = pq.read_metadata(source)
        names = metadata.schema.to_arrow_schema().names
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except (pa.ArrowException, OSError) as error:
        # Arrow's own messages carry no cell values; only this one is singled out.
        deep = "too deeply nested" in str(error)
        problem = "schema nested too deeply" if deep else "corrupt or truncated footer"
        raise InputError(f"{path}: not a valid Parquet file ({problem})") from None
    check_width(path, metadata.num_columns)
    duplicate = first_duplicate(names)
    if duplicate is not None:
        raise InputError(f"{path}: duplicate column name {printable(duplicate)}")
    return metadata


def _same_columns(left: pa.Schema, right: pa.Schema) -> bool:
    return left.equals(right, check_metadata=False)


def _scan(path: str, scan) -> pl.LazyFrame:
    """Run a scan and resolve its schema, turning polars' failures into one InputError line."""
    try:
        frame = scan()
        frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError):
        raise InputError(f"{path}: could not read the Parquet schema") from None
    return frame
