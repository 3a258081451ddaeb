"""`minlint fix` on the fixtures: the copy passes the same scan, leaks nothing, is reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from minlint.cli import app
from minlint.fix.fixer import FixOptions, fix_paths
from minlint.fix.plan import FixRefused
from minlint.scan import ScanOptions, scan_paths

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLINICAL = FIXTURES / "clinical_export.parquet"
KEY = "fix-test-key-0123456789abcdef"
DIRECT = ["first_name", "last_name", "ssn", "email", "phone", "address", "ip_address", "device_mac", "notes"]

# One configuration per built-in policy under which the fixture can be made to pass.
POLICY_CASES = [
    ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False),
    ScanOptions(policies=("us-doj-bulk-data",), destination="CN", use_presidio=False),
    ScanOptions(policies=("gdpr-transfer",), destination="US", use_presidio=False),
    ScanOptions(policies=("china-pipl-hgr",), destination="US", use_presidio=False, parameters={"origin": "CN"}),
    ScanOptions(policies=("hipaa-limited-data-set",), use_presidio=False, parameters={"data_use_agreement": True}),
]


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)


@pytest.fixture(scope="module")
def safe_harbor_copy(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)
    out = tmp_path_factory.mktemp("sh") / "clinical.parquet"
    result = fix_paths([str(CLINICAL)], FixOptions(scan=POLICY_CASES[0], output=out))
    monkeypatch.undo()
    return out, result


@pytest.mark.parametrize("options", POLICY_CASES, ids=["safe-harbor", "doj-cn", "gdpr-us", "pipl-cn-us", "limited-data-set"])
def test_the_copy_passes_the_same_scan_for_every_builtin_policy(options, tmp_path):
    out = tmp_path / "clinical.parquet"
    fix_paths([str(CLINICAL)], FixOptions(scan=options, output=out))
    again = scan_paths([str(out)], options)
    assert [v.rule_id for v in again.violations if v.severity == "error"] == []
    assert set(pl.read_parquet_schema(out)).isdisjoint(DIRECT)


def test_safe_harbor_copy_keeps_no_direct_identifier_value_and_reaches_k(safe_harbor_copy):
    out, result = safe_harbor_copy
    original = pl.read_parquet(CLINICAL)
    copy = pl.read_parquet(out)
    originals = set()
    for column in DIRECT + ["patient_id"]:
        originals |= set(original.get_column(column).cast(pl.String).drop_nulls())
    for column in copy.columns:
        assert originals.isdisjoint(set(copy.get_column(column).cast(pl.String).drop_nulls())), column
    assert result.after.datasets[0].risk.k_min >= 11
    plan = result.plans[0]
    assert plan.kanon.k_after >= 11
    assert copy.height == 3000 - plan.kanon.suppressed_rows
    assert copy.get_column("patient_id").str.len_chars().unique().to_list() == [64]
    assert copy.schema["birth_date"] == pl.Int32  # years (or bands of years), never dates


def test_safe_harbor_copy_removes_the_birth_years_over_89(safe_harbor_copy):
    """45 CFR 164.514(b)(2)(i)(C): born in 1936 or before, a person is over 89 on the tests'
    date (2026-11-25); the fixture has such births, and no band may start at or before 1936."""
    out, result = safe_harbor_copy
    assert pl.read_parquet(CLINICAL).get_column("birth_date").dt.year().min() <= 1936
    years = pl.read_parquet(out).get_column("birth_date").drop_nulls()
    assert years.len() > 0 and years.min() > 1936
    hierarchy = next(h for h in result.plans[0].hierarchies if h.column == "birth_date")
    assert all("birth years up to 1936 removed" in level.how for level in hierarchy.levels[:-1])


def test_birth_years_alone_over_89_are_removed_and_the_copy_passes(tmp_path):
    years = [1920 + (i % 90) for i in range(2000)]
    pl.DataFrame({"birth_year": years, "sex": ["F", "M"] * 1000}).write_parquet(tmp_path / "births.parquet")
    options = ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False)
    before = scan_paths([str(tmp_path / "births.parquet")], options)
    assert [(v.rule_id, v.column) for v in before.violations if v.rule_id == "HIPAA-SH-AGE-OVER-89"] == [
        ("HIPAA-SH-AGE-OVER-89", "birth_year")
    ]
    fix_paths([str(tmp_path / "births.parquet")], FixOptions(scan=options, output=tmp_path / "out.parquet"))
    copy = pl.read_parquet(tmp_path / "out.parquet").get_column("birth_year").drop_nulls()
    assert copy.len() > 0 and copy.min() > 1936
    assert [v.rule_id for v in scan_paths([str(tmp_path / "out.parquet")], options).violations if v.severity == "error"] == []


def test_fix_is_byte_identical_for_the_same_input_and_key(safe_harbor_copy, tmp_path):
    out, _ = safe_harbor_copy
    second = tmp_path / "again.parquet"
    fix_paths([str(CLINICAL)], FixOptions(scan=POLICY_CASES[0], output=second))
    assert second.read_bytes() == out.read_bytes()


def test_a_different_key_gives_different_pseudonyms(safe_harbor_copy, tmp_path, monkeypatch):
    out, _ = safe_harbor_copy
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", "another-key-0123456789abcdef")
    other = tmp_path / "other.parquet"
    fix_paths([str(CLINICAL)], FixOptions(scan=POLICY_CASES[0], output=other))
    first = set(pl.read_parquet(out).get_column("patient_id"))
    assert first.isdisjoint(set(pl.read_parquet(other).get_column("patient_id")))


def test_bulk_genomic_data_to_a_country_of_concern_is_refused_and_nothing_written(tmp_path):
    out = tmp_path / "genotypes.parquet"
    options = ScanOptions(policies=("us-doj-bulk-data",), destination="CN", use_presidio=False)
    with pytest.raises(FixRefused, match="prohibited") as refused:
        fix_paths([str(FIXTURES / "genotypes_matrix.parquet")], FixOptions(scan=options, output=out))
    assert "DOJ-GENOMIC-BULK" in refused.value.rules
    assert list(tmp_path.iterdir()) == []


def test_cli_fix_writes_copy_and_change_logs_without_values(tmp_path):
    out = tmp_path / "visits.parquet"
    result = CliRunner().invoke(app, ["fix", str(CLINICAL), "-o", str(out), "--no-presidio"])
    assert result.exit_code == 0, result.output
    assert "verified: the minimized copy passes hipaa-safe-harbor" in result.output
    log = json.loads(Path(f"{out}.changes.json").read_text())
    columns = {c["column"]: c["action"] for c in log["datasets"][0]["columns"]}
    assert columns["ssn"] == "dropped" and columns["patient_id"] == "pseudonymised"
    assert log["datasets"][0]["k"]["after"] >= 11
    everything = "".join(Path(f"{out}{s}").read_text() for s in (".changes.json", ".changes.md", ".changes.log"))
    original = pl.read_parquet(CLINICAL)
    for column in ("ssn", "email", "last_name"):
        assert not any(value in everything for value in original.get_column(column).head(50))


def test_cli_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    out = tmp_path / "copy.parquet"
    result = CliRunner().invoke(app, ["fix", str(CLINICAL), "-o", str(out), "--no-presidio", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "ssn: dropped" in result.output and "not verified (dry run" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_key_is_an_error_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("MINLINT_PSEUDONYM_KEY")
    result = CliRunner().invoke(app, ["fix", str(CLINICAL), "-o", str(tmp_path / "c.parquet"), "--no-presidio"])
    assert result.exit_code == 2
    assert "MINLINT_PSEUDONYM_KEY is not set" in result.output
    assert list(tmp_path.iterdir()) == []


def test_csv_input_gives_csv_output(tmp_path):
    source = tmp_path / "in" / "export.csv"
    source.parent.mkdir()
    pl.read_parquet(CLINICAL).head(400).write_csv(source)
    out = tmp_path / "out.csv"
    fix_paths([str(source)], FixOptions(scan=POLICY_CASES[0], output=out))
    copy = pl.read_csv(out, infer_schema=False)
    assert "ssn" not in copy.columns and copy.height > 0
    assert scan_paths([str(out)], POLICY_CASES[0]).verdict in ("pass", "warn")


@pytest.mark.parametrize("date_shift_days", [None, 30], ids=["generalised-dates", "shifted-dates"])
def test_streamed_and_in_memory_fixes_write_the_same_bytes(date_shift_days, tmp_path, monkeypatch):
    # In memory, pseudonyms go in row by row; over the memory budget the input streams and a
    # table of pseudonyms is joined back. The copy must not depend on which.
    options = POLICY_CASES[0]
    in_memory = tmp_path / "memory.parquet"
    first = fix_paths([str(CLINICAL)], FixOptions(scan=options, output=in_memory, date_shift_days=date_shift_days))
    monkeypatch.setenv("MINLINT_MEMORY_BUDGET", "1")
    streamed = tmp_path / "streamed.parquet"
    second = fix_paths([str(CLINICAL)], FixOptions(scan=options, output=streamed, date_shift_days=date_shift_days))
    assert streamed.read_bytes() == in_memory.read_bytes()
    assert first.plans[0].kanon.levels == second.plans[0].kanon.levels
    assert [d.notes for d in second.before.datasets] != [d.notes for d in first.before.datasets]  # it did stream
