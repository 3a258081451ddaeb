"""Violations of the scan's datasets added up (`2 datasets together`) appear in every format:
no dataset's section holds them, and a reader of the text report must still see why it failed."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from minlint.model import Violation
from minlint.report import render

TOGETHER = Violation(
    rule_id="DOJ-GENOMIC-BULK", severity="error", dataset="2 datasets together", column=None,
    message="Human genomic data of 120 persons (more than 100) would go to CN.",
    remediation="Do not send it.", citation="28 CFR 202.205", policy="us-doj-bulk-data",
)


@pytest.fixture
def added_up(report):
    return dataclasses.replace(report, violations=(*report.violations, TOGETHER))


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "json", "sarif"])
def test_every_format_shows_the_violation_of_the_datasets_together(added_up, fmt):
    rendered = render(added_up, fmt)
    assert "120 persons (more than 100)" in rendered
    assert rendered.count("DOJ-GENOMIC-BULK") >= 1


def test_text_report_gives_the_datasets_together_their_own_section(added_up):
    text = render(added_up, "text")
    section = text[text.index("2 datasets together"):]
    assert section.splitlines()[0].startswith("2 datasets together")
    assert "decision: blocked" in section


def test_junit_has_a_failing_suite_for_the_datasets_together(added_up):
    root = ET.fromstring(render(added_up, "junit").split("\n", 1)[1])
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "2 datasets together")
    assert int(suite.get("failures")) >= 1
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in root.iter("testsuite"))
