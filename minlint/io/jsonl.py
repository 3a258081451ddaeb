"""JSON Lines exports (plain or gzip): one JSON object per line, nested values left to flatten."""

from __future__ import annotations

import io
import json

import polars as pl

from minlint.errors import InputError
from minlint.io.common import UTF8_BOM, Table, read_content

INVALID_UTF8_NOTE = "invalid UTF-8 replaced"


def read_jsonl(path: str, compression: str | None) -> Table:
    """A JSON Lines file as a LazyFrame; InputError with the line number of the first bad line."""
    content = read_content(path, compression).removeprefix(UTF8_BOM)
    if not content.strip():
        raise InputError(f"{path}: empty file")
    notes: tuple[str, ...] = ()
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        content = content.decode("utf-8", errors="replace").encode("utf-8")
        notes = (INVALID_UTF8_NOTE,)
    try:
        # The schema is inferred from every line: a key first seen in line 101 is a column too,
        # not silently dropped (polars' default looks at 100 lines).
        frame = pl.read_ndjson(io.BytesIO(content), infer_schema_length=None)
    except pl.exceptions.PolarsError:
        raise InputError(f"{path}: {_first_bad_line(content)}") from None
    return Table(frame=frame.lazy(), notes=notes)


def _first_bad_line(content: bytes) -> str:
    """Where the JSON goes wrong, without quoting any of it."""
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            return f"line {number}: invalid JSON"
        if not isinstance(value, dict):
            return f"line {number}: not a JSON object"
    return "could not read as JSON Lines"
