"""Never print what minlint protects: canary values planted in exports must not appear in any
output format, log line, error message or exception text; `--show-examples` shows masked values
only.

Canaries come from `fixtures/canaries.json` when the fixtures generator has written it (each
value with the export it is planted in), and are always planted in a small export here as well: SSNs, e-mail addresses, names, MRNs, a DNA sequence and genotype calls.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "sarif", "github", "junit", "markdown")

PLANTED = {
    # Valid SSNs: published ones such as 078-05-1120 are never-issued numbers, not read as SSNs.
    "ssn": ["287-65-4321", "414-82-1937", "655-10-2846", "536-22-8726", "323-12-3456", "601-18-4287"],
    "email": [
        "zelda.quarrington@canary-mail.org",
        "ambrose.fenwick@canary-mail.org",
        "ottilie.brackwater@canary-mail.org",
        "cyprian.holloway@canary-mail.org",
        "wilhelmina.strand@canary-mail.org",
        "barnaby.ellsworth@canary-mail.org",
    ],
    "patient_name": [
        "Zelda Quarrington",
        "Ambrose Fenwick",
        "Ottilie Brackwater",
        "Cyprian Holloway",
        "Wilhelmina Strand",
        "Barnaby Ellsworth",
    ],
    "mrn": ["MRN-77812301", "MRN-77812302", "MRN-77812303", "MRN-77812304", "MRN-77812305", "MRN-77812306"],
    "sequence": [
        "ACGTTGCAACGTAGCTAGGATCCA",
        "TTGACCGTAGGCTAACGTTGCAAT",
        "GGCATCGATCGTTAGCCATGCATG",
        "CCGTAGCTAGCTTAGGCATCGATC",
        "ATCGGCTAGCATCGTAGGCTAGCA",
        "GCTAGCTAGGATCGATCGGATCCA",
    ],
    "rs4988235": ["AG", "GG", "AA", "AG", "GG", "AA"],
}
# Values short enough to occur by chance in any text (genotype calls) are planted but not
# searched for; everything from 8 characters up is.
MIN_CANARY_LENGTH = 8
MASKED_SSN = re.compile(r"^\*\*\*-\*\*-\d{4}$")


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "minlint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "CI": "true"},
    )


def _fixture_canaries() -> tuple[list[str], list[str]]:
    """(canary values, exports holding them) from fixtures/canaries.json, when it exists.

    Each entry is ``{"value", "entity", "file", "column"}``: the value is planted in that file.
    """
    listing = ROOT / "fixtures" / "canaries.json"
    if not listing.exists():
        return [], []
    entries = json.loads(listing.read_text())
    values = [e["value"] for e in entries if len(e["value"]) >= MIN_CANARY_LENGTH]
    exports = sorted({str(ROOT / "fixtures" / e["file"]) for e in entries})
    return values, exports


def _canaries() -> list[str]:
    planted = [v for values in PLANTED.values() for v in values if len(v) >= MIN_CANARY_LENGTH]
    return sorted(set(planted) | set(_fixture_canaries()[0]))


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("canaries")
    frame = pl.DataFrame(PLANTED)
    frame.write_csv(directory / "cohort.csv")
    frame.write_parquet(directory / "cohort.parquet")
    frame.write_ndjson(directory / "cohort.jsonl")
    # A row that breaks the file right after a canary: the error must not quote it.
    (directory / "broken").mkdir()
    (directory / "broken/ragged.csv").write_text(
        "ssn,email\n078-05-1120,zelda.quarrington@canary-mail.org,Zelda Quarrington\n"
    )
    return directory


def _assert_no_canary(text: str, where: str) -> None:
    leaked = [canary for canary in _canaries() if canary in text]
    assert leaked == [], f"{where} leaks {len(leaked)} canary values"


@pytest.mark.parametrize("show_examples", [False, True], ids=["plain", "show-examples"])
def test_no_output_format_contains_a_canary(export, show_examples):
    args = ["scan", "cohort.csv", "cohort.parquet", "cohort.jsonl", "--fail-on", "never"]
    for fmt in FORMATS:
        args += ["-f", fmt, "-o", f"report-{show_examples}.{fmt}"]
    if show_examples:
        args.append("--show-examples")
    result = _cli(args, export)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    _assert_no_canary(result.stdout.decode() + result.stderr.decode(), "stdout/stderr")
    for fmt in FORMATS:
        _assert_no_canary((export / f"report-{show_examples}.{fmt}").read_text(), f"--format {fmt}")


def test_show_examples_are_masked(export):
    result = _cli(["scan", "cohort.parquet", "--show-examples", "-f", "json", "--fail-on", "never"], export)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    columns = {c["name"]: c for c in json.loads(result.stdout)["datasets"][0]["columns"]}
    ssn_examples = columns["ssn"]["examples"]
    assert len(ssn_examples) == 3
    assert all(MASKED_SSN.match(example) for example in ssn_examples), ssn_examples
    # Every example keeps no more than the last four letters and digits.
    for column in columns.values():
        for example in column.get("examples", []):
            assert sum(ch.isalnum() for ch in example) <= 4, column["name"]


def test_examples_are_off_by_default(export):
    result = _cli(["scan", "cohort.parquet", "-f", "json", "--fail-on", "never"], export)
    columns = json.loads(result.stdout)["datasets"][0]["columns"]
    assert [c["name"] for c in columns if "examples" in c] == []


def test_error_message_does_not_quote_the_row(export):
    result = _cli(["scan", "broken/ragged.csv"], export)
    assert result.returncode == 2
    assert result.stderr.decode() == "minlint: error: broken/ragged.csv: line 2: expected 2 fields, found 3\n"
    _assert_no_canary(result.stdout.decode() + result.stderr.decode(), "error message")


def test_internal_error_text_does_not_carry_values(export, monkeypatch):
    """Even a bug deep inside (an exception whose text holds a value) prints only its type."""
    from typer.testing import CliRunner

    import minlint.scan
    from minlint.cli import app

    def explode(*args, **kwargs):
        raise ValueError(f"could not parse {PLANTED['ssn'][0]} near {PLANTED['email'][0]}")

    monkeypatch.chdir(export)
    monkeypatch.delenv("MINLINT_DEBUG", raising=False)
    monkeypatch.setattr(minlint.scan, "detect_dataset", explode)
    result = CliRunner().invoke(app, ["scan", "cohort.csv", "--no-presidio"])
    assert result.exit_code == 2
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "minlint: error: internal error (ValueError)" in output
    _assert_no_canary(output, "internal error")


def test_fixture_exports_do_not_leak_their_canaries(tmp_path):
    strings, exports = _fixture_canaries()
    if not exports:
        pytest.skip("fixtures/canaries.json not generated")
    args = ["scan", *exports, "--fail-on", "never", "--show-examples"]
    for fmt in FORMATS:
        args += ["-f", fmt, "-o", str(tmp_path / f"fixtures.{fmt}")]
    result = _cli(args, ROOT)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    _assert_no_canary(result.stdout.decode() + result.stderr.decode(), "stdout/stderr")
    for fmt in FORMATS:
        _assert_no_canary((tmp_path / f"fixtures.{fmt}").read_text(), f"fixtures --format {fmt}")
