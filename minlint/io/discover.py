"""Turn what the user typed (files, directories, globs) into the datasets to scan.

Fail closed: every path the user named must yield at least one dataset or an InputError. A file
that is silently skipped is a file whose identifiers leave the organisation unchecked.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass

from minlint.errors import InputError
from minlint.io.delimited import head_text, sniff_delimiter

FORMATS = ("parquet", "csv", "tsv", "jsonl", "vcf", "parquet_dir")

# Extension (lower case, without .gz) -> format; "txt" is sniffed into csv or tsv.
_EXTENSIONS: dict[str, str] = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".vcf": "vcf",
}
_SUPPORTED = ", ".join(sorted(_EXTENSIONS)) + " (each also .gz)"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class DatasetSource:
    """One dataset to scan: a file, or a (hive-partitioned) directory of Parquet files."""

    path: str
    format: str
    compression: str | None = None


def discover(
    paths: list[str],
    include: list[str] | None = None,
    exclude: list[str] | None = None,
) -> list[DatasetSource]:
    """Every dataset behind ``paths``, deduplicated and sorted by path.

    ``include``/``exclude`` are fnmatch globs on the dataset path (as shown in reports).
    """
    if not paths:
        raise InputError("<no path>: no input path given")
    found: dict[str, DatasetSource] = {}
    for raw in paths:
        for source in _expand(raw):
            found.setdefault(source.path, source)
    sources = _drop_covered_by_parquet_dirs(sorted(found.values(), key=lambda s: s.path))
    selected = [s for s in sources if _selected(s.path, include, exclude)]
    if sources and not selected:
        raise InputError(f"{', '.join(paths)}: every dataset is excluded by --include/--exclude")
    return selected


def format_of(path: str) -> tuple[str, str | None] | None:
    """(format, compression) from a file name, ``txt`` still unsniffed; None when unsupported."""
    lower = path.lower()
    compression = None
    if lower.endswith(".gz"):
        compression = "gzip"
        lower = lower[: -len(".gz")]
    fmt = _EXTENSIONS.get(os.path.splitext(lower)[1])
    return (fmt, compression) if fmt else None


def display_path(path: str) -> str:
    """The path as the user recognises it: relative to the cwd when under it, posix separators."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    shown = absolute if relative == ".." or relative.startswith(".." + os.sep) else relative
    return shown.replace(os.sep, "/")


def _selected(path: str, include: list[str] | None, exclude: list[str] | None) -> bool:
    if include and not any(fnmatch.fnmatchcase(path, pattern) for pattern in include):
        return False
    return not (exclude and any(fnmatch.fnmatchcase(path, pattern) for pattern in exclude))


def _expand(raw: str) -> list[DatasetSource]:
    """The datasets one command-line argument names."""
    if not os.path.lexists(raw) and _GLOB_CHARS & set(raw):
        return _expand_glob(raw)
    kind = _stat_kind(raw, raw)
    if kind == "dir":
        sources = _walk_directory(raw, ancestors=())
        if not sources:
            raise InputError(f"{raw}: directory contains no supported data file ({_SUPPORTED})")
        return sources
    source = _file_source(raw)
    if source is None:
        raise InputError(f"{raw}: unsupported file type (supported: {_SUPPORTED})")
    return [source]


def _expand_glob(pattern: str) -> list[DatasetSource]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        raise InputError(f"{pattern}: glob matches nothing")
    sources: list[DatasetSource] = []
    for match in matches:
        # Matches are entries the glob picked, not paths the user named one by one: unsupported
        # files among them are passed over like files met in a directory walk.
        kind = _entry_kind(match)
        if kind == "dir":
            sources.extend(_walk_directory(match, ancestors=()))
        elif kind == "file":
            source = _file_source(match)
            if source is not None:
                sources.append(source)
    if not sources:
        raise InputError(f"{pattern}: glob matches no supported data file ({_SUPPORTED})")
    return sources


def _stat_kind(path: str, shown: str) -> str:
    """``dir`` or ``file``; InputError for anything that cannot be followed to a readable entry."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(f"{shown}: broken symbolic link") from None
        raise InputError(f"{shown}: path does not exist") from None
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{shown}: symlink loop") from None
        raise InputError(f"{shown}: cannot access ({error.strerror})") from None
    if os.path.isdir(path):
        return "dir"
    if not os.path.isfile(path):
        raise InputError(f"{shown}: not a regular file or directory (mode {oct(mode)})")
    return "file"


def _file_source(path: str) -> DatasetSource | None:
    """The dataset a regular file is, or None for an unsupported extension."""
    detected = format_of(path)
    if detected is None:
        return None
    fmt, compression = detected
    _check_readable(path)
    if fmt == "txt":
        fmt = _sniff_txt(path, compression)
    return DatasetSource(path=display_path(path), format=fmt, compression=compression)


def _check_readable(path: str) -> None:
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as error:
        raise InputError(f"{path}: cannot open ({error.strerror})") from None


def _sniff_txt(path: str, compression: str | None) -> str:
    """``tsv`` when a .txt export is tab-separated, else ``csv`` (delimiter sniffed again later)."""
    return "tsv" if sniff_delimiter(head_text(path, compression), "csv") == "\t" else "csv"


def _walk_directory(directory: str, ancestors: tuple[str, ...]) -> list[DatasetSource]:
    """The datasets in a directory.

    A directory whose supported files are all Parquet (at any depth, e.g. hive partitions
    ``year=2024/part-0.parquet``) is one ``parquet_dir`` dataset. Otherwise each supported file
    is a dataset and each subdirectory is judged by the same rule, so a CSV sitting beside a
    partitioned table is scanned rather than swallowed by it.
    """
    files = _supported_files(directory, ancestors)
    if not files:
        return []
    if all(fmt == "parquet" and compression is None for _, fmt, compression in files):
        return [DatasetSource(path=display_path(directory), format="parquet_dir")]
    sources: list[DatasetSource] = []
    real = os.path.realpath(directory)
    for entry in _entries(directory):
        kind = _entry_kind(entry)
        if kind == "dir":
            sources.extend(_walk_directory(entry, ancestors + (real,)))
        elif kind == "file":
            source = _file_source(entry)
            if source is not None:
                sources.append(source)
    return sources


def _supported_files(
    directory: str, ancestors: tuple[str, ...]
) -> list[tuple[str, str, str | None]]:
    """(path, format, compression) of every supported file under ``directory``, recursively."""
    real = os.path.realpath(directory)
    if real in ancestors:
        raise InputError(f"{directory}: symlink loop")
    found: list[tuple[str, str, str | None]] = []
    for entry in _entries(directory):
        kind = _entry_kind(entry)
        if kind == "dir":
            found.extend(_supported_files(entry, ancestors + (real,)))
        elif kind == "file":
            detected = format_of(entry)
            if detected is not None:
                found.append((entry, *detected))
    return found


def _entry_kind(entry: str) -> str | None:
    """``dir``/``file`` for an entry met while walking; None for one that is not data.

    An entry that cannot be followed fails closed when its name says it is data (a dangling
    ``cohort.csv`` link must not be skipped) and always on a loop, which could hide a directory.
    """
    try:
        return _stat_kind(entry, entry)
    except InputError:
        looping = False
        try:
            os.stat(entry)
        except OSError as error:
            looping = error.errno == errno.ELOOP
        if looping or format_of(entry) is not None:
            raise
        return None


def _entries(directory: str) -> Iterable[str]:
    try:
        names = sorted(os.listdir(directory))
    except PermissionError:
        raise InputError(f"{directory}: permission denied") from None
    except OSError as error:
        raise InputError(f"{directory}: cannot list directory ({error.strerror})") from None
    return [os.path.join(directory, name) for name in names]


def _drop_covered_by_parquet_dirs(sources: list[DatasetSource]) -> list[DatasetSource]:
    """Drop datasets inside a ``parquet_dir`` also named (``data/**`` names parts and parents)."""
    dirs = [s.path for s in sources if s.format == "parquet_dir"]

    def covered(source: DatasetSource) -> bool:
        return any(
            source.path != d and (d == "." or source.path.startswith(d.rstrip("/") + "/"))
            for d in dirs
        )

    return [s for s in sources if not covered(s)]
