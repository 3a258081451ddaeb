"""CSV and TSV exports (plain or gzip): sniffed delimiter, validated rows, inferred types.

Every record must have as many fields as the header and the encoding must be UTF-8 (or
wholly Windows-1252). The fast parsers check that: polars parses all fields as strings (it rejects
long records, stray quotes and invalid UTF-8) and, when a record may be short, pyarrow's parser
counts the fields of each. A file either rejects is checked again by Python's csv module, which
names the line of the problem and no cell value. Types are then inferred over every row. Inferring ourselves rather than from polars' first N rows keeps
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
import pyarrow as pa
import pyarrow.csv as pa_csv

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
# How R (`NA`), pandas and spreadsheets write a missing number (pandas' default `na_values`,
# those that are no float): a column of numbers and `NA` is numeric, its `NA`s null.
_MISSING_TEXT = ["#N/A", "#N/A N/A", "#NA", "<NA>", "N/A", "NA", "NULL", "None", "n/a", "null"]

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

    raw = _parse_well_formed(path, content, delimiter)
    if raw is not None:
        return Table(frame=raw.lazy().with_columns(_inferred_types(raw)))
    return _read_checked(path, content, delimiter)


def _read_checked(path: str, content: bytes | None, delimiter: str) -> Table:
    """The file read after the csv module checked every record: the path for files the fast
    parsers reject (to name the problem), other encodings and quoting polars refuses."""
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


def _parse_well_formed(path: str, content: bytes | None, delimiter: str) -> pl.DataFrame | None:
    """Every field as a string when the fast parsers find a well-formed UTF-8 file, else None.

    Polars rejects long records, stray quotes and invalid UTF-8, but pads a short record with
    nulls: only when the last column holds nulls does pyarrow's parser, which rejects a record
    of the wrong width, count the records again.
    """
    try:
        with _text_stream(path, content, "strict") as stream:
            header = _header(path, csv.reader(stream, delimiter=delimiter, strict=True))
    except (UnicodeDecodeError, csv.Error):
        return None  # the checked reading names the problem
    raw = _parse_strings(path, content, delimiter, lossy=False)
    if raw is None or raw.columns != header:
        return None
    if raw.get_column(header[-1]).null_count() and _records(path, content, delimiter, len(header)) != raw.height:
        return None
    return raw


def _records(path: str, content: bytes | None, delimiter: str, width: int) -> int | None:
    """The number of records after the header line when each has `width` fields, else None."""
    try:
        source = pa.py_buffer(content) if content is not None else pa.memory_map(path)
        table = pa_csv.read_csv(
            source,
            read_options=pa_csv.ReadOptions(column_names=[str(i) for i in range(width)], skip_rows=1),
            # A blank line is a record of nulls, as polars and the csv module read it.
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(include_columns=[]),
        )
    except (pa.ArrowException, OSError):  # its messages quote the record: never passed on
        return None
    return table.num_rows


def _header(path: str, reader) -> list[str]:
    """The first record of `reader`; InputError when there is none or it cannot be a header."""
    header = next((row for row in reader if row), None)
    if header is None:
        raise InputError(f"{path}: empty file")
    duplicate = first_duplicate(header)
    if duplicate is not None:
        raise InputError(f"{path}: duplicate column name {printable(duplicate)}")
    # Before any row is parsed: a 100,000-column header fails in milliseconds.
    check_width(path, len(header))
    return header


def _check_structure(
    path: str, content: bytes | None, delimiter: str, errors: str
) -> tuple[list[str], int]:
    """The header and the number of records; InputError on a ragged or malformed record."""
    with _text_stream(path, content, errors) as stream:
        # strict: an unterminated quote is an error, not a field swallowing the rest of the file.
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        try:
            header = _header(path, reader)
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


# Rows whose values settle most text columns as text before every row is checked.
_HEAD_ROWS = 1_000


def _inferred_types(raw: pl.DataFrame) -> list[pl.Expr]:
    """Casts giving each column the type polars would infer from all of its rows, with the
    missing-number spellings (`NA`, `NULL`) read as nulls in numeric and boolean columns."""
    # One value that is neither a number nor a boolean, or a number with a leading zero, keeps
    # a column as text: the head settles most text columns, the rest are checked on every row.
    head = _stats(raw.head(_HEAD_ROWS), raw.columns)
    undecided = [
        name
        for index, name in enumerate(raw.columns)
        if not head[f"{index}:leading_zero"]
        and head[f"{index}:present"] in (head[f"{index}:numeric"], head[f"{index}:boolean"])
    ]
    stats = _stats(raw, undecided)
    casts: list[pl.Expr] = []
    for index, name in enumerate(undecided):
        column = pl.col(name)
        present = stats[f"{index}:present"]
        if present == 0 or stats[f"{index}:leading_zero"] > 0:
            continue
        if stats[f"{index}:integer"] == present == stats[f"{index}:int64"]:
            casts.append(column.str.to_integer(strict=False).cast(pl.Int64).alias(name))
        elif stats[f"{index}:numeric"] == present and stats[f"{index}:float"] > 0:
            casts.append(column.cast(pl.Float64, strict=False).alias(name))
        elif stats[f"{index}:boolean"] == present:
            lowered = column.str.to_lowercase()
            casts.append(pl.when(lowered == "true").then(True).when(lowered == "false").then(False).alias(name))
    return casts


def _stats(frame: pl.DataFrame, names: list[str]) -> dict[str, int]:
    """The counts of `_column_stats` for the columns `names`, keyed `index:count`."""
    if not names:
        return {}
    exprs = (expr for index, name in enumerate(names) for expr in _column_stats(pl.col(name), index))
    return frame.select(exprs).row(0, named=True)


def _column_stats(column: pl.Expr, index: int) -> list[pl.Expr]:
    is_integer = column.str.contains(_INTEGER)
    is_float = column.str.contains(_FLOAT)
    return [
        (column.is_not_null() & ~column.is_in(_MISSING_TEXT)).sum().alias(f"{index}:present"),
        column.str.contains(_LEADING_ZERO).sum().alias(f"{index}:leading_zero"),
        is_integer.sum().alias(f"{index}:integer"),
        column.str.to_integer(strict=False).count().alias(f"{index}:int64"),
        is_float.sum().alias(f"{index}:float"),
        (is_integer | is_float).sum().alias(f"{index}:numeric"),
        column.str.contains(_BOOLEAN).sum().alias(f"{index}:boolean"),
    ]
