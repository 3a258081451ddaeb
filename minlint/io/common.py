"""What every reader shares: the table it returns, bounded gzip reading, safe names in messages."""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass

import polars as pl

from minlint.errors import InputError

# A gzip bomb (a few KiB that inflate to many GiB) must not exhaust the memory of a CI runner or a
# data-steward's laptop: decompression stops at an absolute cap, and at a ratio far beyond what
# real exports reach (CSV compresses roughly 5-20:1). Tiny files are only held to the floor,
# because a header-only CSV can legitimately exceed 200:1.
MAX_DECOMPRESSED_BYTES = 2 * 1024**3
MAX_COMPRESSION_RATIO = 200
RATIO_FLOOR_BYTES = 64 * 1024**2
_CHUNK = 1024**2

HEAD_BYTES = 64 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"

# Work per column is roughly constant (profile, pattern measures, Presidio on a sample), so a
# 100,000-column table would run for hours. Past this limit the dataset fails closed (exit 2)
# instead of being scanned in part: split such an export by columns.
MAX_COLUMNS = 10_000


@dataclass(frozen=True)
class Table:
    """What one format reader hands back to ``open_dataset``."""

    frame: pl.LazyFrame
    notes: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()
    non_human: str | None = None  # the other organism a VCF's header names as its reference


def decompressed_limit(compressed_size: int) -> int:
    """The most bytes a gzip file of ``compressed_size`` bytes may inflate to."""
    by_ratio = max(RATIO_FLOOR_BYTES, compressed_size * MAX_COMPRESSION_RATIO)
    return min(MAX_DECOMPRESSED_BYTES, by_ratio)


def read_gzip_bounded(path: str) -> bytes:
    """The decompressed content of ``path``; InputError past the limit or on a corrupt stream."""
    limit = decompressed_limit(os.path.getsize(path))
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(f"{path}: decompressed size exceeds limit ({limit} bytes)")
                chunks.append(chunk)
    except EOFError:
        raise InputError(f"{path}: truncated gzip stream") from None
    except (gzip.BadGzipFile, zlib.error):
        raise InputError(f"{path}: not a valid gzip file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    return b"".join(chunks)


def read_content(path: str, compression: str | None) -> bytes:
    """The whole (decompressed) content of a file, for formats parsed from memory."""
    if compression == "gzip":
        return read_gzip_bounded(path)
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def read_head(path: str, compression: str | None, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` (decompressed) bytes; gzip reads stop at ``size`` so no bomb inflates."""
    try:
        if compression == "gzip":
            with gzip.open(path, "rb") as stream:
                return stream.read(size)
        with open(path, "rb") as stream:
            return stream.read(size)
    except EOFError:
        raise InputError(f"{path}: truncated gzip stream") from None
    except (gzip.BadGzipFile, zlib.error):
        raise InputError(f"{path}: not a valid gzip file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def check_width(path: str, columns: int) -> None:
    """InputError when a dataset has more columns than minlint checks (``MAX_COLUMNS``)."""
    if columns > MAX_COLUMNS:
        raise InputError(
            f"{path}: {columns} columns, more than the {MAX_COLUMNS} minlint checks in one "
            "dataset (split the export)"
        )


def printable(name: str) -> str:
    """A column name fit for a one-line message: control characters escaped, quoted."""
    escaped = "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
        for ch in name
    )
    return f"'{escaped}'"


def first_duplicate(names: list[str]) -> str | None:
    """The first name that occurs twice, if any."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None
