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
    state = (0, 0, 0)  # depth, inside a string (0/1), trailing backslashes of the line so far
    line = 1
    for start in range(0, len(content), _DEPTH_CHUNK):
        count = min(_DEPTH_CHUNK, len(content) - start)
        chunk = np.frombuffer(content, dtype=np.uint8, count=count, offset=start)
        relative, newlines, state = _chunk_depths(chunk, state)
        peak = int(relative.argmax())
        if relative[peak] > deepest:
            deepest = int(relative[peak])
            deepest_line = line + int(np.count_nonzero(newlines[:peak]))
        line += int(np.count_nonzero(newlines))
    return deepest, deepest_line


def _chunk_depths(chunk: np.ndarray, state: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int]]:
    """Depth relative to its line's start at every byte, the newline mask, the state after."""
    depth, in_string, backslashes = state
    quotes = chunk == _QUOTE
    _unmark_escaped_quotes(chunk, quotes, backslashes)
    newlines = chunk == _NEWLINE
    quote_count = np.cumsum(quotes, dtype=np.int64) + in_string
    step = ((chunk == _OPENING[0]) | (chunk == _OPENING[1])).astype(np.int8)
    step -= (chunk == _CLOSING[0]) | (chunk == _CLOSING[1])
    step[quote_count % 2 == 1] = 0
    level = np.cumsum(step, dtype=np.int64) + depth
    at_line_ends = newlines.nonzero()[0]
    if at_line_ends.size and (level[at_line_ends].any() or (quote_count[at_line_ends] % 2).any()):
        # An unbalanced line (invalid JSON, or hostile): every line starts afresh at depth 0
        # outside any string, so one line cannot hide the nesting of the next.
        position = np.arange(chunk.size, dtype=np.int64)
        line_start = np.maximum.accumulate(np.where(newlines, position, -1))
        first = line_start < 0
        base = np.maximum(line_start, 0)
        inside = (quote_count - np.where(first, 0, quote_count[base])) % 2 == 1
        step = ((chunk == _OPENING[0]) | (chunk == _OPENING[1])).astype(np.int8)
        step -= (chunk == _CLOSING[0]) | (chunk == _CLOSING[1])
        step[inside] = 0
        level = np.cumsum(step, dtype=np.int64)
        level = level - np.where(first, -depth, level[base])
        quote_count = quote_count - np.where(first, 0, quote_count[base])
    trailing = _backslashes_before(chunk, chunk.size, backslashes)
    return level, newlines, (int(level[-1]), int(quote_count[-1] % 2), trailing)


def _backslashes_before(chunk: np.ndarray, position: int, carried: int) -> int:
    """Length of the run of backslashes ending just before ``position``."""
    index = position - 1
    while index >= 0 and chunk[index] == _BACKSLASH:
        index -= 1
    return position - 1 - index + (carried if index < 0 else 0)


def _unmark_escaped_quotes(chunk: np.ndarray, quotes: np.ndarray, carried: int) -> None:
    """Clear the quotes that an odd run of backslashes escapes (few: only those after a \\)."""
    positions = np.flatnonzero(quotes)
    after_backslash = positions[(positions > 0) & (chunk[np.maximum(positions - 1, 0)] == _BACKSLASH)]
    candidates = after_backslash.tolist()
    if carried and positions.size and positions[0] == 0:
        candidates.insert(0, 0)
    for position in candidates:
        if _backslashes_before(chunk, position, carried) % 2 == 1:
            quotes[position] = False
