"""``--format junit``: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps).

One testsuite per dataset. Its test cases: ``scan`` (fails when the dataset has any violation)
and one case per rule id that fired anywhere in the scan, so every suite lists the same rules
and a rule that passes on one export shows as passed there. A rule whose only violations in a
dataset were waived is skipped. XML 1.0 cannot hold most control characters even escaped, so
all text goes through ``safe_text``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from minlint.model import SEVERITY_ORDER, DatasetReport, Report, Violation, decision_for
from minlint.report.base import across_datasets, message_with_column, severity_counts, sorted_violations
from minlint.report.safe import posix_path, safe_text

SCAN_CASE = "scan"


def _most_severe(violations: list[Violation]) -> str:
    return min((v.severity for v in violations), key=SEVERITY_ORDER.index)


def _columns_of(violations: list[Violation]) -> str:
    columns = sorted({v.column for v in violations if v.column is not None})
    return ", ".join(columns) if columns else "(whole dataset)"


def _details(violations: list[Violation]) -> str:
    lines = [f"Columns: {_columns_of(violations)}"]
    for v in violations:
        lines.append(f"[{v.severity}] {v.rule_id}: {message_with_column(v)}")
        if v.remediation:
            lines.append(f"  Remediation: {v.remediation}")
        if v.citation:
            lines.append(f"  Citation: {v.citation}")
    return "\n".join(safe_text(line) for line in lines)


def _fail(case: ET.Element, message: str, violations: list[Violation]) -> None:
    failure = ET.SubElement(case, "failure", message=safe_text(message), type=_most_severe(violations))
    failure.text = _details(violations)


def _rule_case(suite: ET.Element, classname: str, rule_id: str,
               violations: list[Violation], waived: list[Violation]) -> str:
    """Add the test case of one rule; return its outcome (passed, failed or skipped)."""
    case = ET.SubElement(suite, "testcase", classname=classname, name=safe_text(rule_id))
    if violations:
        if len(violations) == 1:
            message = message_with_column(violations[0])
        else:
            message = f"{len(violations)} violations in columns {_columns_of(violations)}"
        _fail(case, message, violations)
        return "failed"
    if waived:
        ET.SubElement(case, "skipped", message=safe_text(f"waived: {_columns_of(waived)}"))
        return "skipped"
    return "passed"


def _suite(report: Report, dataset: DatasetReport, rule_ids: list[str]) -> ET.Element:
    classname = safe_text(posix_path(dataset.path))
    violations = sorted_violations(report.violations_for(dataset.path))
    waived = sorted_violations(v for v in report.waived if v.dataset == dataset.path)
    suite = ET.Element("testsuite", name=classname)
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("decision", decision_for(violations)),
        ("format", dataset.format),
        ("rows", str(dataset.rows)),
        ("persons", "" if dataset.persons is None else str(dataset.persons)),
    ):
        ET.SubElement(properties, "property", name=name, value=safe_text(value))

    outcomes = []
    scan = ET.SubElement(suite, "testcase", classname=classname, name=SCAN_CASE)
    if violations:
        _fail(scan, severity_counts(violations), violations)
        outcomes.append("failed")
    else:
        outcomes.append("passed")
    for rule_id in rule_ids:
        outcomes.append(_rule_case(
            suite, classname, rule_id,
            [v for v in violations if v.rule_id == rule_id],
            [v for v in waived if v.rule_id == rule_id],
        ))
    suite.set("tests", str(len(outcomes)))
    suite.set("failures", str(outcomes.count("failed")))
    suite.set("errors", "0")
    suite.set("skipped", str(outcomes.count("skipped")))
    return suite


def junit_xml(report: Report) -> str:
    rule_ids = sorted({v.rule_id for v in (*report.violations, *report.waived)})
    root = ET.Element("testsuites", name="minlint")
    suites = [_suite(report, dataset, rule_ids) for dataset in report.datasets]
    # The scan's datasets added up (rules on persons across them) as one more suite.
    suites += [
        _suite(report, DatasetReport(together, "scan", sum(d.rows for d in report.datasets), ()), rule_ids)
        for together in across_datasets(report)
    ]
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(s.get(attribute)) for s in suites)))
    root.extend(suites)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class JunitFormat:
    def format(self, report: Report) -> str:
        return junit_xml(report)
