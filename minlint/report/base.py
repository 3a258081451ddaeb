"""The one interface every output format implements, and what the formats share.

A format is a small class with ``format(report) -> str``; ``minlint.report`` maps the
``--format`` names to them. Formats show only what the ``Report`` carries: column names, entity
types, scores, counts and (already masked) examples, never a raw cell value.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Protocol

from minlint.model import SEVERITY_ORDER, ColumnFinding, DatasetReport, Report, Violation


class Formatter(Protocol):
    """Turns a finished scan into the text of one output format (deterministic, no clock)."""

    def format(self, report: Report) -> str: ...


def sorted_violations(violations: Iterable[Violation]) -> list[Violation]:
    """Dataset, then most severe first, then rule and column: the order every format lists them."""
    return sorted(violations, key=lambda v: (*v.sort_key(), v.message))


def across_datasets(report: Report) -> dict[str, list[Violation]]:
    """Violations of the scan's datasets added up (`3 datasets together`), by that name: rules
    judged on persons across the datasets, which no one dataset's section lists."""
    grouped: dict[str, list[Violation]] = {}
    for violation in sorted_violations(report.violations_across_datasets()):
        grouped.setdefault(violation.dataset, []).append(violation)
    return grouped


def flagged_columns(dataset: DatasetReport) -> list[ColumnFinding]:
    """Columns where something was detected, in the dataset's column order."""
    return [finding for finding in dataset.columns if finding.category != "none"]


def entity_labels(finding: ColumnFinding) -> list[str]:
    """``US_SSN (0.99)`` per detection, strongest first."""
    return [f"{d.entity} ({d.score:.2f})" for d in _by_score(finding)]


def evidence_labels(finding: ColumnFinding) -> list[str]:
    """The signals behind each detection, in the order of :func:`entity_labels`."""
    return [", ".join(d.evidence) if d.evidence else "-" for d in _by_score(finding)]


def _by_score(finding: ColumnFinding):
    return sorted(finding.detections, key=lambda d: (-d.score, d.entity))


def severity_counts(violations: Iterable[Violation]) -> str:
    """``2 errors, 1 warning`` (severities in order, zero counts left out), or ``no violations``."""
    counts = Counter(v.severity for v in violations)
    parts = []
    for severity in SEVERITY_ORDER:
        n = counts.get(severity, 0)
        if n:
            parts.append(f"{n:,} {severity}{'' if n == 1 else 's'}")
    return ", ".join(parts) if parts else "no violations"


def scope_line(report: Report) -> str:
    """Which policies judged the scan and for which destination."""
    policies = ", ".join(report.policies) if report.policies else "none"
    destination = report.destination or "not given"
    return f"policies: {policies}; destination: {destination}"


def verdict_summary(report: Report) -> str:
    """``fail: 2 errors, 1 warning; 1 waived`` — the line every format ends or starts with."""
    summary = f"{report.verdict}: {severity_counts(report.violations)}"
    if report.waived:
        summary += f"; {len(report.waived)} waived"
    return summary


def message_with_column(violation: Violation) -> str:
    """The violation's message, led by its column when the message does not name it already.

    Annotations and code-scanning alerts show the message alone, so the column must be in it.
    """
    if violation.column is None or violation.column in violation.message:
        return violation.message
    return f"column {violation.column}: {violation.message}"
