"""Markdown for a pull-request comment: verdict, flagged columns, violations."""

from __future__ import annotations

import dataclasses

from minlint.model import ColumnFinding, Detection
from minlint.report import render
from minlint.report.markdown import code_cell, text_cell


def test_verdict_line_comes_first(report):
    lines = render(report, "markdown").splitlines()
    assert lines[:3] == [
        "## minlint: **FAIL**",
        "",
        "fail: 2 errors, 3 warnings, 1 note; 1 waived "
        "(policies: hipaa-safe-harbor, us-doj-bulk-data, gdpr; destination: CN)",
    ]


def test_flagged_columns_table_per_dataset(report):
    text = render(report, "markdown")
    assert (
        "### `exports/cohort.parquet`\n\n"
        "Decision: **blocked**; parquet, 20,000 rows, 20,000 persons; 5 of 6 columns flagged.\n\n"
        "| column | category | entities | evidence |\n"
        "|---|---|---|---|\n"
        "| `ssn` | direct_identifier | US\\_SSN (0.99) | name:ssn, pattern:100%, stdnum:100% |\n"
        "| `\\x1b[31mred` | quasi_identifier | ZIP\\_CODE (0.90) | pattern:99.2% |\n"
        "| `[bold]x` | health | ICD10\\_CODE (0.87) | pattern:96.0% |\n"
        "| `birth_date` | quasi_identifier | DATE\\_OF\\_BIRTH (0.95)<br>DATE (0.60) "
        "| name:birth\\_date, dtype:date<br>dtype:date |\n"
        "| `rs4988235` | genomic | GENOTYPE (0.97) | name:rsid, pattern:100% |\n"
    ) in text
    assert "`visit_count`" not in text


def test_violations_table_lists_severity_rule_column_message_citation(report):
    text = render(report, "markdown")
    assert (
        "| severity | rule | column | message | citation |\n"
        "|---|---|---|---|---|\n"
        "| warning | `HIPAA-SH-MRN` | `patient_id` | Medical record numbers must be removed | 45 CFR 164.514(b)(2)(i)(H) |\n"
        "| note | `GDPR-ART9-HEALTH` | `hba1c` | Health data is a special category | GDPR Art. 9(1) |\n"
    ) in text
    assert "| error | `DOJ-GENOMIC-BULK` | - | Human genomic data" in text
    assert "| warning | `HIPAA-SH-ZIP` | `\\x1b[31mred` | 5-digit ZIP codes in \\\\x1b\\[31mred |" in text


def test_waivers_and_notes_are_listed(report):
    text = render(report, "markdown")
    assert "| warning | `HIPAA-SH-DATES` | `exports/labs 2024.csv` | `collected_on` | Dates finer than year |" in text
    assert text.endswith(
        "### Notes\n\n- CN is a country of concern (28 CFR 202.211)\n"
        "- exports/labs 2024.csv: quoted fields re-read with the csv module\n"
    )


def test_cells_cannot_break_the_table_or_inject_markup():
    assert code_cell("a|b") == "`a\\|b`"
    assert code_cell("x`y") == "``x`y``"
    assert code_cell("`tick") == "`` `tick ``"
    assert text_cell("<img src=x> *bold* [link](http://e) @team | next") == (
        "\\<img src=x\\> \\*bold\\* \\[link\\](http://e) \\@team \\| next"
    )


def test_a_column_name_with_a_pipe_stays_in_its_cell(report):
    dataset = report.datasets[0]
    piped = ColumnFinding("a|b", "String", "direct_identifier", (Detection("a|b", "EMAIL_ADDRESS", "direct_identifier", 0.9, ("name:email",)),))
    report = dataclasses.replace(report, datasets=(dataclasses.replace(dataset, columns=(piped,)),))
    assert "| `a\\|b` | direct_identifier | EMAIL\\_ADDRESS (0.90) | name:email |" in render(report, "markdown")


def test_clean_scan_has_a_pass_verdict_and_no_tables(clean_report):
    assert render(clean_report, "markdown") == (
        "## minlint: **PASS**\n\n"
        "pass: no violations (policies: hipaa-safe-harbor; destination: not given)\n\n"
        "### `exports/aggregates.csv`\n\n"
        "Decision: **allowed**; csv, 12 rows; 0 of 1 columns flagged.\n"
    )
