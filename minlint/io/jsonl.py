"""JSON Lines exports (plain or gzip): one JSON object per line, nested values left to flatten."""

from __future__ import annotations

import io
import json

import numpy as np
import polars as pl

from minlint.errors import InputError
from minlint.io.common import UTF8_BOM, Table, read_content

INVALID_UTF8_NOTE = "invalid UTF-8 replaced"

# JSON parsers (polars' and pyarrow's alike) recurse once per level and crash the whole process
# with a stack overflow on a few hundred levels. No export schema comes near 64 levels; deeper
# lines fail closed before any parser sees them.
MAX_NESTING_DEPTH = 64
_DEPTH_CHUNK = 4 * 1024**2
_QUOTE, _BACKSLASH, _NEWLINE = ord('"'), ord("\\"), ord("\n")
_OPENING, _CLOSING = (ord("{"), ord("[")), (ord("}"), ord("]"))


def read_jsonl(path: str, compression: str | None) -> Table:
    """A JSON Lines file as a LazyFrame; InputError with the line number of the first bad line."""
    content = read_content(path, compression).removeprefix(UTF8_BOM)
    if not content.strip():
        raise InputError(f"{path}: empty file")
    depth, line = deepest_nesting(content)
    if depth > MAX_NESTING_DEPTH:
        raise InputError(
            f"{path}: line {line}: nested {depth} levels deep, more than the "
            f"{MAX_NESTING_DEPTH} minlint reads"
        )
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


def deepest_nesting(content: bytes) -> tuple[int, int]:
    """(deepest bracket nesting of any line, its 1-based line number), brackets in strings aside.

    Vectorised over chunks, carrying the state of the line in progress: the depth, whether a
    string is open, and a trailing run of backslashes (``\\"`` does not close a string).
    """
    deepest, deepest_line = 0, 0
    depth, in_string, backslashes, line = 0, 0, 0, 1
    for start in range(0, len(content), _DEPTH_CHUNK):
        chunk = np.frombuffer(content, dtype=np.uint8, count=min(_DEPTH_CHUNK, len(content) - start), offset=start)
        position = np.arange(chunk.size, dtype=np.int64)
        # Backslashes just before each byte: a quote after an odd run is escaped.
        last_plain = np.maximum.accumulate(np.where(chunk == _BACKSLASH, -1, position))
        before = np.concatenate(([-1], last_plain[:-1]))
        run = position - 1 - before + np.where(before < 0, backslashes, 0)
        quotes = (chunk == _QUOTE) & (run % 2 == 0)
        newlines = chunk == _NEWLINE
        # Every line starts outside any string and at depth 0; the first continues the last chunk.
        line_start = np.maximum.accumulate(np.where(newlines, position, -1))
        first_line = line_start < 0
        quote_count = np.cumsum(quotes)
        quotes_before_line = np.where(first_line, -in_string, quote_count[np.maximum(line_start, 0)])
        inside = (quote_count - quotes_before_line) % 2 == 1
        step = np.isin(chunk, _OPENING).astype(np.int64) - np.isin(chunk, _CLOSING)
        level = np.cumsum(np.where(inside, 0, step))
        level_before_line = np.where(first_line, -depth, level[np.maximum(line_start, 0)])
        relative = level - level_before_line
        peak = int(relative.argmax())
        if relative[peak] > deepest:
            deepest = int(relative[peak])
            deepest_line = line + int(np.count_nonzero(newlines[:peak]))
        depth, in_string = int(relative[-1]), int(inside[-1])
        backslashes = int(run[-1] + 1) if chunk[-1] == _BACKSLASH else 0
        line += int(np.count_nonzero(newlines))
    return deepest, deepest_line
