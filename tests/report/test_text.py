"""The default text report: tables, decisions, waivers, risk, and nothing a terminal obeys."""

from __future__ import annotations

import dataclasses
import re
import sys

from minlint.model import ColumnFinding, DatasetReport, Detection, Violation
from minlint.report import render
from minlint.report.text import risk_lines

SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_header_and_flagged_columns_table(report):
    lines = render(report, "text").splitlines()
    assert lines[0] == "minlint 0.1.0  policies: hipaa-safe-harbor, us-doj-bulk-data, gdpr; destination: CN"
    assert lines[2] == "exports/cohort.parquet  (parquet, 20,000 rows, 20,000 persons)"
    assert lines[3].split() == ["column", "category", "entities", "evidence"]
    assert lines[5].split() == ["ssn", "direct_identifier", "US_SSN", "(0.99)", "name:ssn,", "pattern:100%,", "stdnum:100%"]
    assert lines[6].split() == ["\\x1b[31mred", "quasi_identifier", "ZIP_CODE", "(0.90)", "pattern:99.2%"]
    assert lines[7].split() == ["[bold]x", "health", "ICD10_CODE", "(0.87)", "pattern:96.0%"]
    assert lines[9].split() == ["DATE", "(0.60)", "dtype:date"]
    assert lines[11] == "5 of 6 columns flagged"


def test_violations_show_rule_severity_column_message_remediation_and_citation(report):
    text = render(report, "text")
    ssn = text.index("HIPAA-SH-SSN")
    block = text[text.rindex("\n", 0, ssn) + 1:].splitlines()[:3]
    assert [line.split() for line in block] == [
        ["error", "HIPAA-SH-SSN", "ssn", "Social", "Security", "numbers", "must", "be", "removed"],
        ["remediation:", "Drop", "the", "column"],
        ["citation:", "45", "CFR", "164.514(b)(2)(i)(G)"],
    ]


def test_decisions_waivers_notes_and_verdict(report):
    lines = render(report, "text").splitlines()
    assert [line for line in lines if line.startswith("decision: ")] == [
        "decision: blocked", "decision: allowed_with_conditions",
    ]
    assert "waived (1):" in lines
    assert "  warning HIPAA-SH-DATES exports/labs 2024.csv column collected_on: Dates finer than year" in lines
    assert "note: quoted fields re-read with the csv module" in lines
    assert lines[-2:] == ["note: CN is a country of concern (28 CFR 202.211)",
                          "verdict: fail: 2 errors, 3 warnings, 1 note; 1 waived"]


def test_risk_summary_lines_come_from_the_risk_stage_and_are_escaped(report):
    lines = render(report, "text").splitlines()
    assert "  Quasi-identifiers (discovered): birth_date, \\x1b[31mred" in lines
    assert any(line.startswith("  k-anonymity: k = 1 (target 11); unique rows 97.0%") for line in lines)


def test_risk_summary_falls_back_without_the_risk_stage(report, monkeypatch):
    monkeypatch.setitem(sys.modules, "minlint.risk", None)
    assert risk_lines(report.datasets[0].risk) == ["k-anonymity: k = 1; unique rows 97.0%; persons 20,000"]
    assert "  k-anonymity: k = 12; unique rows 0.0%; persons 480" in render(report, "text").splitlines()


def test_plain_text_has_no_escape_codes_and_names_are_not_markup(report):
    text = render(report, "text", color=False)
    assert "\x1b" not in text
    assert "\\x1b[31mred" in text
    assert "[bold]x" in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert max(len(line) for line in text.splitlines()) <= 120


def test_color_uses_only_style_codes_and_says_the_same(report):
    colored = render(report, "text", color=True)
    codes = set(SGR.findall(colored))
    assert "\x1b[1;31m" in codes  # errors and the fail verdict in bold red
    assert "\x1b" not in SGR.sub("", colored)
    assert [line.rstrip() for line in SGR.sub("", colored).splitlines()] == render(report, "text").splitlines()


def test_width_does_not_follow_the_environment(report, monkeypatch):
    plain = render(report, "text")
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert render(report, "text") == plain


def test_a_wide_genotype_matrix_collapses_into_one_row_per_kind(report):
    snps = [f"rs{i}" for i in range(1000, 1030)]
    columns = tuple(
        ColumnFinding(s, "String", "genomic", (Detection(s, "GENOTYPE", "genomic", 0.97, ("name:rsid",)),)) for s in snps
    )
    matrix = DatasetReport("exports/matrix.parquet", "parquet", 400, (*report.datasets[0].columns[:1], *columns))
    violations = tuple(
        Violation("GDPR-ART9-GENETIC", "warning", matrix.path, s, f"Genetic data in {s}", "", "GDPR Art. 9(1)", "gdpr")
        for s in snps
    )
    wide = dataclasses.replace(report, datasets=(matrix,), violations=violations, waived=(), notes=())
    lines = render(wide, "text").splitlines()
    assert lines[5].split() == ["ssn", "direct_identifier", "US_SSN", "(0.99)", "name:ssn,", "pattern:100%,", "stdnum:100%"]
    assert lines[6:9] == [
        "30 columns: rs1000, rs1001, rs1002, rs1003,    genomic             GENOTYPE (0.97)   name:rsid",
        "rs1004, ...",
        "31 of 31 columns flagged",
    ]
    table = lines[lines.index("violations:") + 3:][:4]
    assert table == [
        "warning    GDPR-ART9-GENETIC   30 columns: rs1000, rs1001, rs1002,          Genetic data in rs1000",
        "                               rs1003, rs1004, ...                          ... and 29 more like it (--format json lists",
        "                                                                            every one)",
        "                                                                            citation: GDPR Art. 9(1)",
    ]
    assert lines[-1] == "verdict: warn: 30 warnings"
