"""Generate malformed and hostile inputs for `minlint scan`, with the outcome each must have.

    python tests/bad_inputs/generate.py OUT_DIR

writes every case into OUT_DIR (tests write into a tmp directory; `tests/bad_inputs/generated/`
is gitignored) and a `cases.json` manifest. Each case is a builder registered with `@case`: it
writes its files and returns the arguments after `minlint scan`, relative to OUT_DIR (the CLI
runs with OUT_DIR as its working directory, so reported paths are exactly these).

Expected outcomes (fail closed): exit 2 with exactly one `minlint: error:` line naming the file
and the problem, or, for data that is valid once read, exit 0/1 with the report's note saying
what reading had to repair. The huge cases (100 MB cell, 100,000 columns, gzip bomb) are bounded
by minlint's documented limits, so each still runs in seconds.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SUPPORTED = ".csv, .jsonl, .ndjson, .parquet, .pq, .tsv, .txt, .vcf (each also .gz)"
# Valid SSNs (area, group and serial rules): the famous published ones (078-05-1120 from the
# Woolworth wallet, 219-09-9999, 457-55-5462) are on python-stdnum's list of numbers never
# issued, so a column of them is rightly not read as SSNs.
SSNS = ("287-65-4321", "414-82-1937", "655-10-2846", "536-22-8726", "323-12-3456", "601-18-4287")
# What reading repaired, and what a table without rows means (see test_bad_inputs.py).
INVALID_UTF8_NOTE = "invalid UTF-8 replaced"
WINDOWS_1252_NOTE = "not UTF-8: read as Windows-1252 (Latin-1)"
NO_ROWS_NOTE = "no data rows: only column names were checked"


@dataclass(frozen=True)
class Case:
    """One hostile input and the outcome `minlint scan` must give on it."""

    name: str
    args: tuple[str, ...]
    exit_code: int
    # exit 2: the exact stderr line after `minlint: error: `. exit 0/1: the one note the report
    # (its dataset or the report itself) must carry ("" when none).
    message: str
    slow: bool = False
    unreadable: bool = False  # a file without read permission (test drops root privileges)
    presidio: bool = False  # whether Presidio matters to the case (else --no-presidio)
    columns: tuple[str, ...] = field(default_factory=tuple)  # exact column names expected


_Builder = Callable[[Path], tuple[str, ...]]
BUILDERS: dict[str, tuple[_Builder, dict]] = {}


def case(name: str, exit_code: int, message: str, **options) -> Callable[[_Builder], _Builder]:
    def register(build: _Builder) -> _Builder:
        BUILDERS[name] = (build, {"exit_code": exit_code, "message": message, **options})
        return build

    return register


def _write(out: Path, name: str, content: bytes | str) -> str:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return name


def _patients_csv(rows: int = 6) -> str:
    lines = ["patient_id,ssn,diagnosis"]
    lines += [f"P{i:04d},{SSNS[i % len(SSNS)]},E11.9" for i in range(rows)]
    return "\n".join(lines) + "\n"


def _parquet_bytes(rows: int = 50) -> bytes:
    table = pa.table(
        {
            "patient_id": [f"P{i:04d}" for i in range(rows)],
            "ssn": [SSNS[i % len(SSNS)] for i in range(rows)],
            "age": list(range(rows)),
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="none")
    return buffer.getvalue()


def _footer_start(content: bytes) -> int:
    footer_length = int.from_bytes(content[-8:-4], "little")
    return len(content) - 8 - footer_length


# --- Parquet ---------------------------------------------------------------------------------

PARQUET_INVALID = "not a valid Parquet file (corrupt or truncated footer)"


@case("parquet_truncated", 2, f"parquet_truncated.parquet: {PARQUET_INVALID}")
def _parquet_truncated(out: Path) -> tuple[str, ...]:
    content = _parquet_bytes()
    return (_write(out, "parquet_truncated.parquet", content[: len(content) // 2]),)


@case("parquet_bad_trailing_magic", 2, f"parquet_bad_trailing_magic.parquet: {PARQUET_INVALID}")
def _parquet_bad_trailing_magic(out: Path) -> tuple[str, ...]:
    return (_write(out, "parquet_bad_trailing_magic.parquet", _parquet_bytes()[:-4] + b"PARX"),)


@case(
    "parquet_bad_leading_magic",
    2,
    "parquet_bad_leading_magic.parquet: not a valid Parquet file (bad magic bytes)",
)
def _parquet_bad_leading_magic(out: Path) -> tuple[str, ...]:
    return (_write(out, "parquet_bad_leading_magic.parquet", b"JUNK" + _parquet_bytes()[4:]),)


@case("parquet_garbled_footer", 2, f"parquet_garbled_footer.parquet: {PARQUET_INVALID}")
def _parquet_garbled_footer(out: Path) -> tuple[str, ...]:
    content = bytearray(_parquet_bytes())
    start = _footer_start(bytes(content))
    content[start : len(content) - 8] = bytes(range(256)) * ((len(content) - 8 - start) // 256) + bytes(
        (len(content) - 8 - start) % 256
    )
    return (_write(out, "parquet_garbled_footer.parquet", bytes(content)),)


@case("parquet_huge_footer_length", 2, f"parquet_huge_footer_length.parquet: {PARQUET_INVALID}")
def _parquet_huge_footer_length(out: Path) -> tuple[str, ...]:
    content = _parquet_bytes()
    return (_write(out, "parquet_huge_footer_length.parquet", content[:-8] + (2**31 - 1).to_bytes(4, "little") + b"PAR1"),)


@case(
    "parquet_corrupt_pages",
    2,
    "parquet_corrupt_pages.parquet: could not read the data (corrupt or truncated file)",
)
def _parquet_corrupt_pages(out: Path) -> tuple[str, ...]:
    # The footer is intact, so the file opens; the column chunks between are junk.
    content = bytearray(_parquet_bytes())
    start = _footer_start(bytes(content))
    junk = random.Random(8).randbytes(start - 4)
    content[4:start] = junk
    return (_write(out, "parquet_corrupt_pages.parquet", bytes(content)),)


@case("parquet_empty_file", 2, "parquet_empty_file.parquet: empty file")
def _parquet_empty_file(out: Path) -> tuple[str, ...]:
    return (_write(out, "parquet_empty_file.parquet", b""),)


@case("csv_named_parquet", 2, "csv_named_parquet.parquet: not a valid Parquet file (bad magic bytes)")
def _csv_named_parquet(out: Path) -> tuple[str, ...]:
    return (_write(out, "csv_named_parquet.parquet", _patients_csv()),)


@case("parquet_named_csv", 2, "parquet_named_csv.csv: content is Parquet, not CSV (rename it to .parquet)")
def _parquet_named_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "parquet_named_csv.csv", _parquet_bytes()),)


@case("gzip_named_csv", 2, "gzip_named_csv.csv: content is gzip-compressed, not CSV (rename it to .csv.gz)")
def _gzip_named_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "gzip_named_csv.csv", gzip.compress(_patients_csv().encode(), mtime=0)),)


@case("parquet_zero_rows", 0, NO_ROWS_NOTE, columns=("patient_id", "ssn", "age"))
def _parquet_zero_rows(out: Path) -> tuple[str, ...]:
    buffer = io.BytesIO()
    schema = pa.schema([("patient_id", pa.string()), ("ssn", pa.string()), ("age", pa.int64())])
    pq.write_table(schema.empty_table(), buffer)
    return (_write(out, "parquet_zero_rows.parquet", buffer.getvalue()),)


@case(
    "parquet_duplicate_columns",
    2,
    "parquet_duplicate_columns.parquet: duplicate column name 'ssn'",
)
def _parquet_duplicate_columns(out: Path) -> tuple[str, ...]:
    table = pa.Table.from_arrays([pa.array(["a"]), pa.array([SSNS[0]]), pa.array([SSNS[1]])], names=["id", "ssn", "ssn"])
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return (_write(out, "parquet_duplicate_columns.parquet", buffer.getvalue()),)


def _nested_table(depth: int) -> pa.Table:
    kind: pa.DataType = pa.string()
    value: object = SSNS[0]
    for _ in range(depth):
        kind = pa.struct([pa.field("a", kind)])
        value = {"a": value}
    return pa.table({"n": pa.array([value] * 3, type=kind)})


@case(
    "parquet_deeply_nested",
    2,
    "parquet_deeply_nested.parquet: not a valid Parquet file (schema nested too deeply)",
)
def _parquet_deeply_nested(out: Path) -> tuple[str, ...]:
    # pyarrow writes it but refuses to read back a schema deeper than 100 levels.
    buffer = io.BytesIO()
    pq.write_table(_nested_table(150), buffer)
    return (_write(out, "parquet_deeply_nested.parquet", buffer.getvalue()),)


@case("parquet_nested_ssn", 1, "", columns=("n" + ".a" * 20,))
def _parquet_nested_ssn(out: Path) -> tuple[str, ...]:
    # Twenty levels is deep but legitimate: the SSN at the leaf is still found.
    buffer = io.BytesIO()
    pq.write_table(_nested_table(20), buffer)
    return (_write(out, "parquet_nested_ssn.parquet", buffer.getvalue()),)


@case("parquet_dir_mixed_schema", 2, "mixed/part-1.parquet: schema differs from mixed/part-0.parquet in the same dataset")
def _parquet_dir_mixed_schema(out: Path) -> tuple[str, ...]:
    _write(out, "mixed/part-0.parquet", _parquet_bytes())
    buffer = io.BytesIO()
    pq.write_table(pa.table({"other": [1, 2]}), buffer)
    _write(out, "mixed/part-1.parquet", buffer.getvalue())
    return ("mixed",)


# --- Delimited text --------------------------------------------------------------------------


@case("binary_junk_csv", 2, "binary_junk.csv: line 1: NUL byte, binary content is not CSV")
def _binary_junk_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "binary_junk.csv", b"\x00" + random.Random(1).randbytes(4096)),)


@case("binary_junk_parquet", 2, "binary_junk.parquet: not a valid Parquet file (bad magic bytes)")
def _binary_junk_parquet(out: Path) -> tuple[str, ...]:
    return (_write(out, "binary_junk.parquet", random.Random(2).randbytes(4096)),)


@case("binary_junk_jsonl", 2, "binary_junk.jsonl: line 1: invalid JSON")
def _binary_junk_jsonl(out: Path) -> tuple[str, ...]:
    return (_write(out, "binary_junk.jsonl", random.Random(3).randbytes(4096)),)


@case("empty_csv", 2, "empty.csv: empty file")
def _empty_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "empty.csv", b""),)


@case("bom_only_csv", 2, "bom_only.csv: empty file")
def _bom_only_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "bom_only.csv", b"\xef\xbb\xbf\n\n"),)


@case("empty_jsonl", 2, "empty.jsonl: empty file")
def _empty_jsonl(out: Path) -> tuple[str, ...]:
    return (_write(out, "empty.jsonl", b"\n"),)


@case("header_only_csv", 0, NO_ROWS_NOTE, columns=("patient_id", "ssn", "diagnosis"))
def _header_only_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "header_only.csv", "patient_id,ssn,diagnosis\n"),)


@case("ragged_csv", 2, "ragged.csv: line 3: expected 3 fields, found 4")
def _ragged_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "ragged.csv", f"patient_id,ssn,diagnosis\nP1,{SSNS[0]},E11.9\nP2,{SSNS[1]},I10,extra\n"),)


@case("unterminated_quote_csv", 2, "unterminated_quote.csv: line 3: malformed delimited text (unexpected end of data)")
def _unterminated_quote_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "unterminated_quote.csv", f'patient_id,ssn,notes\nP1,{SSNS[0]},"never closed\nP2,{SSNS[1]},x\n'),)


@case("nul_bytes_csv", 2, "nul_bytes.csv: line 2: NUL byte, binary content is not CSV")
def _nul_bytes_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "nul_bytes.csv", f"patient_id,ssn\nP1\x00,{SSNS[0]}\n".encode()),)


@case("mixed_encodings_csv", 1, INVALID_UTF8_NOTE, columns=("patient_name", "ssn", "city"))
def _mixed_encodings_csv(out: Path) -> tuple[str, ...]:
    # An export concatenated from a UTF-8 and a Latin-1 system: both halves must be checked.
    utf8 = "".join(f"José Núñez,{ssn},Köln\n" for ssn in SSNS[:3]).encode("utf-8")
    latin1 = "".join(f"José Núñez,{ssn},Köln\n" for ssn in SSNS[3:]).encode("latin-1")
    return (_write(out, "mixed_encodings.csv", b"patient_name,ssn,city\n" + utf8 + latin1),)


@case("invalid_utf8_csv", 1, INVALID_UTF8_NOTE, columns=("patient_id", "ssn", "code"))
def _invalid_utf8_csv(out: Path) -> tuple[str, ...]:
    # 0x81 and 0x8d are neither UTF-8 nor Windows-1252: junk, read with replacement.
    rows = b"".join(f"P{i},{ssn},".encode() + b"\x81\x8d\xfe\xff" + b"\n" for i, ssn in enumerate(SSNS))
    return (_write(out, "invalid_utf8.csv", b"patient_id,ssn,code\n" + rows),)


@case("windows_1252_csv", 1, WINDOWS_1252_NOTE, columns=("patient_name", "ssn", "straße"))
def _windows_1252_csv(out: Path) -> tuple[str, ...]:
    rows = "".join(f"José Müller,{ssn},Hauptstraße {i}\n" for i, ssn in enumerate(SSNS, 1))
    return (_write(out, "windows_1252.csv", ("patient_name,ssn,straße\n" + rows).encode("cp1252")),)


@case("bom_csv", 1, "", columns=("patient_id", "ssn", "diagnosis"))
def _bom_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "bom.csv", b"\xef\xbb\xbf" + _patients_csv().encode()),)


@case("duplicate_columns_csv", 2, "duplicate_columns.csv: duplicate column name 'ssn'")
def _duplicate_columns_csv(out: Path) -> tuple[str, ...]:
    return (_write(out, "duplicate_columns.csv", f"id,ssn,ssn\nP1,{SSNS[0]},{SSNS[1]}\n"),)


CONTROL_NAMES = ("\x1b[2J\x1b[31mssn\x1b[0m", "bell\x07name", "back\x08space", "csi\x9bname", "tab\there")


@case("control_char_columns_csv", 1, "", columns=CONTROL_NAMES)
def _control_char_columns_csv(out: Path) -> tuple[str, ...]:
    # Column names a terminal would execute: clear screen, colours, bell, C1 CSI.
    header = ",".join(f'"{name}"' for name in CONTROL_NAMES)
    rows = "".join(f"{ssn},a,b,c,d\n" for ssn in SSNS)
    return (_write(out, "control_char_columns.csv", header + "\n" + rows),)


@case("ansi_file_name", 2, "ansi\\x1b[31mname.csv: line 3: expected 3 fields, found 4")
def _ansi_file_name(out: Path) -> tuple[str, ...]:
    return (_write(out, "ansi\x1b[31mname.csv", "a,b,c\n1,2,3\n1,2,3,4\n"),)


@case("newline_file_name", 2, "two\\x0alines.csv: empty file")
def _newline_file_name(out: Path) -> tuple[str, ...]:
    return (_write(out, "two\nlines.csv", b""),)


WIDE_COLUMNS = 100_000


@case(
    "wide_100000_columns_csv",
    2,
    f"wide.csv: {WIDE_COLUMNS} columns, more than the 10000 minlint checks in one dataset "
    "(split the export)",
    slow=True,
)
def _wide_csv(out: Path) -> tuple[str, ...]:
    header = ",".join(f"c{i}" for i in range(WIDE_COLUMNS))
    row = ",".join(str(i % 10) for i in range(WIDE_COLUMNS))
    return (_write(out, "wide.csv", f"{header}\n{row}\n{row}\n"),)


LONG_CELL_BYTES = 100 * 1024**2


@case(
    "long_cell_100mb_csv",
    2,
    "long_cell.csv: column 'notes' has a value of 104857600 characters, more than the 1000000 "
    "minlint checks",
    slow=True,
)
def _long_cell_csv(out: Path) -> tuple[str, ...]:
    sentence = "Patient reports mild pain after surgery; continue current medication. "
    cell = (sentence * (LONG_CELL_BYTES // len(sentence) + 1))[:LONG_CELL_BYTES]
    path = out / "long_cell.csv"
    with path.open("w", encoding="ascii") as stream:
        stream.write(f"patient_id,ssn,notes\nP1,{SSNS[0]},")
        stream.write(cell)
        stream.write(f"\nP2,{SSNS[1]},short note\n")
    return ("long_cell.csv",)


# --- JSON Lines, VCF ------------------------------------------------------------------------


@case("jsonl_deeply_nested", 2, "deep.jsonl: line 2: nested 1000 levels deep, more than the 64 minlint reads")
def _jsonl_deeply_nested(out: Path) -> tuple[str, ...]:
    # Parsers recurse per level: without a bound this crashes the process (stack overflow).
    shallow = json.dumps({"ssn": SSNS[0]})
    deep = '{"a":' * 1000 + '"x"' + "}" * 1000
    return (_write(out, "deep.jsonl", shallow + "\n" + deep + "\n"),)


@case("jsonl_brackets_in_strings", 1, "", columns=("note", "ssn"))
def _jsonl_brackets_in_strings(out: Path) -> tuple[str, ...]:
    # Brackets inside strings are text, not nesting: this shallow file must be read.
    lines = [json.dumps({"note": "[[[{{{" * 40 + '\\"' + "]]]" * 90, "ssn": ssn}) for ssn in SSNS]
    return (_write(out, "brackets.jsonl", "\n".join(lines) + "\n"),)


@case("jsonl_not_objects", 2, "arrays.jsonl: line 1: not a JSON object")
def _jsonl_not_objects(out: Path) -> tuple[str, ...]:
    return (_write(out, "arrays.jsonl", "[1, 2]\n[3, 4]\n"),)


@case("vcf_without_header", 2, "no_header.vcf: line 2: expected the #CHROM header line")
def _vcf_without_header(out: Path) -> tuple[str, ...]:
    return (_write(out, "no_header.vcf", "##fileformat=VCFv4.2\n1\t100\trs1\tA\tG\t.\t.\t.\n"),)


# --- Compression ----------------------------------------------------------------------------


@case("gzip_bomb_csv", 2, "bomb.csv.gz: decompressed size exceeds limit (67108864 bytes)")
def _gzip_bomb_csv(out: Path) -> tuple[str, ...]:
    # ~100 KiB that inflate to 128 MiB: bounded by the 64 MiB floor / 200:1 ratio limit.
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as stream:
        stream.write(b"a,b\n")
        block = b"0" * 1024**2
        for _ in range(128):
            stream.write(block)
    return (_write(out, "bomb.csv.gz", buffer.getvalue()),)


@case("truncated_gzip", 2, "truncated.csv.gz: truncated gzip stream")
def _truncated_gzip(out: Path) -> tuple[str, ...]:
    content = gzip.compress(_patients_csv(200).encode(), mtime=0)
    return (_write(out, "truncated.csv.gz", content[: len(content) // 2]),)


@case("not_gzip", 2, "not_gzip.csv.gz: not a valid gzip file")
def _not_gzip(out: Path) -> tuple[str, ...]:
    return (_write(out, "not_gzip.csv.gz", _patients_csv()),)


# --- Paths ----------------------------------------------------------------------------------


@case("empty_directory", 2, f"empty_dir: directory contains no supported data file ({SUPPORTED})")
def _empty_directory(out: Path) -> tuple[str, ...]:
    (out / "empty_dir").mkdir()
    return ("empty_dir",)


@case("directory_without_data", 2, f"no_data_dir: directory contains no supported data file ({SUPPORTED})")
def _directory_without_data(out: Path) -> tuple[str, ...]:
    _write(out, "no_data_dir/README.md", "# not data\n")
    _write(out, "no_data_dir/scan.png", b"\x89PNG\r\n\x1a\n")
    return ("no_data_dir",)


@case("glob_matches_nothing", 2, "nothing-*.parquet: glob matches nothing")
def _glob_matches_nothing(out: Path) -> tuple[str, ...]:
    return ("nothing-*.parquet",)


@case("missing_path", 2, "missing.csv: path does not exist")
def _missing_path(out: Path) -> tuple[str, ...]:
    return ("missing.csv",)


@case("unsupported_extension", 2, f"cohort.xlsx: unsupported file type (supported: {SUPPORTED})")
def _unsupported_extension(out: Path) -> tuple[str, ...]:
    return (_write(out, "cohort.xlsx", b"PK\x03\x04"),)


@case("symlink_loop_file", 2, "loop.csv: symlink loop")
def _symlink_loop_file(out: Path) -> tuple[str, ...]:
    os.symlink("loop.csv", out / "loop.csv")
    return ("loop.csv",)


@case("symlink_loop_directory", 2, "loop_dir/sub/back: symlink loop")
def _symlink_loop_directory(out: Path) -> tuple[str, ...]:
    _write(out, "loop_dir/sub/data.csv", _patients_csv())
    os.symlink("..", out / "loop_dir/sub/back")
    return ("loop_dir",)


@case("broken_symlink", 2, "dangling.csv: broken symbolic link")
def _broken_symlink(out: Path) -> tuple[str, ...]:
    os.symlink("gone.csv", out / "dangling.csv")
    return ("dangling.csv",)


@case("unreadable_file", 2, "unreadable.csv: permission denied", unreadable=True)
def _unreadable_file(out: Path) -> tuple[str, ...]:
    _write(out, "unreadable.csv", _patients_csv())
    os.chmod(out / "unreadable.csv", 0)
    return ("unreadable.csv",)


# --- Policies, destinations, waivers ---------------------------------------------------------
# An expired waiver is not an error: it no longer covers anything, so the violation stands
# (exit 1) and the report notes the expiry. A waiver without a reason is a config error.


def _good_csv(out: Path) -> str:
    return _write(out, "good.csv", _patients_csv())


@case("policy_bad_yaml", 2, "bad_policy.yaml: not valid YAML (line 3, column 1)")
def _policy_bad_yaml(out: Path) -> tuple[str, ...]:
    _write(out, "bad_policy.yaml", "name: broken\nrules: [unclosed\n")
    return (_good_csv(out), "--policy", "bad_policy.yaml")


@case("policy_bad_schema", 2, "schema_policy.yaml: rules: Input should be a valid list")
def _policy_bad_schema(out: Path) -> tuple[str, ...]:
    _write(out, "schema_policy.yaml", "name: wrong\ndescription: rules are not a list\nrules: 42\n")
    return (_good_csv(out), "--policy", "schema_policy.yaml")


BUILTIN_POLICIES = ", ".join(sorted(p.stem for p in (Path(__file__).parents[2] / "policies").glob("*.yaml")))


@case("unknown_policy", 2, f"no-such-policy: unknown policy (built-in: {BUILTIN_POLICIES}; or give a path to a YAML file)")
def _unknown_policy(out: Path) -> tuple[str, ...]:
    return (_good_csv(out), "--policy", "no-such-policy")


@case("unknown_country", 2, "--destination XX: unknown country code (expected ISO 3166-1 alpha-2, e.g. US, DE, CN)")
def _unknown_country(out: Path) -> tuple[str, ...]:
    return (_good_csv(out), "--destination", "XX")


def _waiver_config(out: Path, name: str, waiver: str) -> tuple[str, ...]:
    _write(out, f"{name}.toml", f'[[waivers]]\nrule = "HIPAA-SH-SSN"\ncolumn = "ssn"\n{waiver}\n')
    return (_good_csv(out), "--config", f"{name}.toml")


@case("expired_waiver", 1, "waiver for HIPAA-SH-SSN on ssn expired on 2020-01-01", columns=("patient_id", "ssn", "diagnosis"))
def _expired_waiver(out: Path) -> tuple[str, ...]:
    return _waiver_config(out, "expired", 'reason = "IRB 2020-17"\nexpires = 2020-01-01')


@case("waiver_without_reason", 2, "reasonless.toml: waiver without reason (waivers[0], rule HIPAA-SH-SSN): every waiver needs a reason")
def _waiver_without_reason(out: Path) -> tuple[str, ...]:
    return _waiver_config(out, "reasonless", "expires = 2099-01-01")


@case("bad_config_toml", 2, "broken.toml: not valid TOML (line 1, column 10)")
def _bad_config_toml(out: Path) -> tuple[str, ...]:
    _write(out, "broken.toml", "[[waivers]\nrule = \n")
    return (_good_csv(out), "--config", "broken.toml")


def generate(out: Path, names: list[str] | None = None) -> list[Case]:
    """Write the cases (all, or those named) into ``out``; the cases with their arguments."""
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for name in names or list(BUILDERS):
        build, expected = BUILDERS[name]
        cases.append(Case(name=name, args=tuple(build(out)), **expected))
    (out / "cases.json").write_text(json.dumps([asdict(c) for c in cases], indent=1, sort_keys=True))
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUT_DIR")
    for generated in generate(Path(sys.argv[1])):
        print(f"{generated.name}: exit {generated.exit_code}")
