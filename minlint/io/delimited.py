"""CSV and TSV exports (plain or gzip): sniffed delimiter, validated rows, inferred types.

The file is parsed twice, both in bounded memory per row: Python's csv module checks the
structure (every record has as many fields as the header, encoding is UTF-8) so that a problem is
reported with its line number and no cell value; polars then parses all fields as strings and
types are inferred over every row. Inferring ourselves rather than from polars' first N rows keeps
identifier-like numbers with leading zeros (ZIP "02134", MRN "000123") as text in every row, where
an integer would destroy the very pattern detectors and HIPAA's ZIP3 rule (45 CFR 164.514(b)(2))
look for.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from typing import TextIO

import polars as pl

from minlint.errors import InputError
from minlint.io.common import (
    GZIP_MAGIC,
    HEAD_BYTES,
    PARQUET_MAGIC,
    UTF8_BOM,
    Table,
    check_width,
    first_duplicate,
    printable,
    read_content,
    read_head,
)

DELIMITERS = ",;\t|"
INVALID_UTF8_NOTE = "invalid UTF-8 replaced"
WINDOWS_1252_NOTE = "not UTF-8: read as Windows-1252 (Latin-1)"

# Polars' own inference rules for CSV text (Int64, Float64, Boolean, else String), applied to
# every row instead of a prefix.
_INTEGER = r"^-?\d+$"
_LEADING_ZERO = r"^-?0\d"
_FLOAT = r"^[-+]?((\d*\.\d+)([eE][-+]?\d+)?|inf|NaN|(\d+)[eE][-+]?\d+|\d+\.)$"
_BOOLEAN = r"^(?i)(true|false)$"

# Clinical free text easily exceeds csv's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_delimited(path: str, fmt: str, compression: str | None) -> Table:
    """A CSV/TSV file as a LazyFrame with inferred column types."""
    content = read_content(path, compression) if compression == "gzip" else None
    head = content[:HEAD_BYTES] if content is not None else read_head(path, None)
    if not head.removeprefix(UTF8_BOM).strip():
        raise InputError(f"{path}: empty file")
    _check_text(path, head, fmt)
    if head.removeprefix(UTF8_BOM).startswith(b"#"):
        content = _without_comment_preamble(path, content if content is not None else read_content(path, None))
        head = content[:HEAD_BYTES]
    delimiter = sniff_delimiter(_decode_head(head), fmt)

    lossy = False
    notes: tuple[str, ...] = ()
    try:
        header, records = _check_structure(path, content, delimiter, errors="strict")
    except UnicodeDecodeError:
        content = content if content is not None else read_content(path, None)
        transcoded = _from_windows_1252(content)
        if transcoded is not None:
            content, notes = transcoded, (WINDOWS_1252_NOTE,)
            header, records = _check_structure(path, content, delimiter, errors="strict")
        else:
            lossy, notes = True, (INVALID_UTF8_NOTE,)
            header, records = _check_structure(path, content, delimiter, errors="replace")

    errors = "replace" if lossy else "strict"
    raw = _parse_strings(path, content, delimiter, lossy)
    if raw is None or raw.columns != header or raw.height != records:
        # Polars is stricter than the csv module about quotes inside unquoted fields (5'10")
        # and knows no bare-CR line ends; the csv module, which validated the file, reads it.
        raw = _parse_strings_leniently(path, content, delimiter, errors)
    return Table(frame=raw.lazy().with_columns(_inferred_types(raw)), notes=notes)


# A byte sequence that is a UTF-8 encoded character other than ASCII.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _from_windows_1252(content: bytes) -> bytes | None:
    """The content re-encoded as UTF-8 when it is Windows-1252 (Latin-1) text, else None.

    European hospital systems still export in Windows-1252: read as UTF-8 with replacement,
    `Müller` became `M\ufffdller`, which no name list knows. A file in which no non-ASCII byte
    sequence reads as UTF-8 is taken as Windows-1252; a file that mixes the two encodings
    keeps the lossy UTF-8 reading (its UTF-8 half would turn into mojibake).
    """
    if _UTF8_MULTIBYTE.search(content):
        return None
    try:
        return content.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d)
        return None


def _without_comment_preamble(path: str, content: bytes) -> bytes:
    """Drop the `#` comment block that consumer genotype files (23andMe, AncestryDNA) open with.

    23andMe writes its column header as the last comment line (`# rsid<TAB>chromosome…`);
    when that line holds a delimiter it becomes the header, otherwise the first line after the
    block is the header.
    """
    lines = content.removeprefix(UTF8_BOM).split(b"\n")
    preamble = 0
    while preamble < len(lines) and lines[preamble].startswith(b"#"):
        preamble += 1
    if preamble == len(lines) or not b"".join(lines[preamble:]).strip():
        raise InputError(f"{path}: only comment lines, no data")
    last_comment = lines[preamble - 1].lstrip(b"#").strip()
    header = [last_comment] if any(d.encode() in last_comment for d in DELIMITERS) else []
    return b"\n".join(header + lines[preamble:])


def head_text(path: str, compression: str | None) -> str:
    """The decoded first 64 KiB of a file, for sniffing."""
    return _decode_head(read_head(path, compression))


def sniff_delimiter(text: str, fmt: str) -> str:
    """The delimiter among ``,;\\t|`` that the head of the file uses."""
    preferred = "\t" if fmt == "tsv" else ","
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the head was cut mid-line
    lines = [line for line in lines if line.strip()]
    if not lines:
        return preferred
    header = lines[0]
    if preferred in header and fmt == "tsv":
        return preferred
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed in header:
        return sniffed
    # The sniffer needs several consistent rows; a header and one row, or a single column, fall
    # back to the candidate the header uses most (the format's own delimiter on a tie).
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts.values())
    if best == 0 or counts[preferred] == best:
        return preferred
    return next(candidate for candidate in DELIMITERS if counts[candidate] == best)


def _check_text(path: str, head: bytes, fmt: str) -> None:
    """InputError when the head is binary: another format under a text name, or junk.

    Python's csv module accepts NUL since 3.11, so binary content would otherwise be read as
    one-column text and pass as "checked".
    """
    kind = fmt.upper()
    if head.startswith(PARQUET_MAGIC):
        raise InputError(f"{path}: content is Parquet, not {kind} (rename it to .parquet)")
    if head.startswith(GZIP_MAGIC):
        raise InputError(f"{path}: content is gzip-compressed, not {kind} (rename it to .{fmt}.gz)")
    nul = head.find(b"\x00")
    if nul >= 0:
        line = head.count(b"\n", 0, nul) + 1
        raise InputError(f"{path}: line {line}: NUL byte, binary content is not {kind}")


def _decode_head(head: bytes) -> str:
    return head.removeprefix(UTF8_BOM).decode("utf-8", errors="replace")


def _check_structure(
    path: str, content: bytes | None, delimiter: str, errors: str
) -> tuple[list[str], int]:
    """The header and the number of records; InputError on a ragged or malformed record."""
    with _text_stream(path, content, errors) as stream:
        # strict: an unterminated quote is an error, not a field swallowing the rest of the file.
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        try:
            header = next((row for row in reader if row), None)
            if header is None:
                raise InputError(f"{path}: empty file")
            duplicate = first_duplicate(header)
            if duplicate is not None:
                raise InputError(f"{path}: duplicate column name {printable(duplicate)}")
            # Before any row is parsed: a 100,000-column header fails in milliseconds.
            check_width(path, len(header))
            records = 0
            for row in reader:
                records += 1
                # A blank line is a record of nulls to polars, not a ragged row.
                if row and len(row) != len(header):
                    raise InputError(
                        f"{path}: line {reader.line_num}: expected {len(header)} fields, "
                        f"found {len(row)}"
                    )
        except csv.Error as error:
            # The csv module's messages name only the delimiter/quote characters, never data.
            raise InputError(
                f"{path}: line {reader.line_num}: malformed delimited text ({error})"
            ) from None
    return header, records


def _text_stream(path: str, content: bytes | None, errors: str) -> TextIO:
    if content is not None:
        return io.TextIOWrapper(
            io.BytesIO(content), encoding="utf-8-sig", errors=errors, newline=""
        )
    try:
        return open(path, encoding="utf-8-sig", errors=errors, newline="")
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None


def _parse_strings(
    path: str, content: bytes | None, delimiter: str, lossy: bool
) -> pl.DataFrame | None:
    """Every field as a string, parsed by polars; None when polars cannot parse the file."""
    source: str | bytes = content if content is not None else path
    try:
        return pl.read_csv(
            source,
            separator=delimiter,
            has_header=True,
            infer_schema=False,
            encoding="utf8-lossy" if lossy else "utf8",
            glob=False,
            raise_if_empty=True,
        )
    except pl.exceptions.NoDataError:
        raise InputError(f"{path}: empty file") from None
    except pl.exceptions.PolarsError:
        # Polars' message quotes the offending field: it is dropped, not passed on.
        return None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def _parse_strings_leniently(
    path: str, content: bytes | None, delimiter: str, errors: str
) -> pl.DataFrame:
    """Every field as a string, parsed by the csv module with polars' conventions for nulls."""
    with _text_stream(path, content, errors) as stream:
        # strict: an unterminated quote is an error, not a field swallowing the rest of the file.
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        header = next(row for row in reader if row)
        columns: list[list[str | None]] = [[] for _ in header]
        for row in reader:
            # Empty fields and blank lines are nulls, as polars reads them.
            values = row or [""] * len(header)
            for column, value in zip(columns, values, strict=True):
                column.append(value or None)
    return pl.DataFrame(
        {name: pl.Series(name, column, dtype=pl.String) for name, column in zip(header, columns)}
    )


def _inferred_types(raw: pl.DataFrame) -> list[pl.Expr]:
    """Casts giving each column the type polars would infer from all of its rows."""
    if raw.width == 0:
        return []
    stats = raw.select(
        expr
        for index, name in enumerate(raw.columns)
        for expr in _column_stats(pl.col(name), index)
    ).row(0, named=True)
    casts: list[pl.Expr] = []
    for index, name in enumerate(raw.columns):
        column = pl.col(name)
        present = stats[f"{index}:present"]
        if present == 0 or stats[f"{index}:leading_zero"] > 0:
            continue
        if stats[f"{index}:integer"] == present == stats[f"{index}:int64"]:
            casts.append(column.str.to_integer(strict=False).cast(pl.Int64).alias(name))
        elif stats[f"{index}:numeric"] == present and stats[f"{index}:float"] > 0:
            casts.append(column.cast(pl.Float64, strict=False).alias(name))
        elif stats[f"{index}:boolean"] == present:
            casts.append((column.str.to_lowercase() == "true").alias(name))
    return casts


def _column_stats(column: pl.Expr, index: int) -> list[pl.Expr]:
    is_integer = column.str.contains(_INTEGER)
    is_float = column.str.contains(_FLOAT)
    return [
        column.count().alias(f"{index}:present"),
        column.str.contains(_LEADING_ZERO).sum().alias(f"{index}:leading_zero"),
        is_integer.sum().alias(f"{index}:integer"),
        column.str.to_integer(strict=False).count().alias(f"{index}:int64"),
        is_float.sum().alias(f"{index}:float"),
        (is_integer | is_float).sum().alias(f"{index}:numeric"),
        column.str.contains(_BOOLEAN).sum().alias(f"{index}:boolean"),
    ]
