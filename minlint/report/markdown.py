"""``--format markdown``: a pull-request comment (or GitHub step summary).

Verdict first, then per dataset a table of flagged columns and a table of its violations.
Column names and paths come from the data: they go in code spans, where Markdown, HTML and
@mentions are inert, and every other text cell has Markdown syntax escaped.
"""

from __future__ import annotations

import re

from minlint.model import DatasetReport, Report, Violation, decision_for
from minlint.report.base import (
    across_datasets,
    entity_labels,
    evidence_labels,
    flagged_columns,
    scope_line,
    sorted_violations,
    verdict_summary,
)
from minlint.report.safe import posix_path, safe_text

VERDICT_MARK = {"pass": "PASS", "warn": "WARN", "fail": "FAIL"}
# Brackets are escaped, so "(" and "!" can never complete a link or image.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>|~&@])")


def text_cell(text: str) -> str:
    """Plain text for a table cell: controls escaped, Markdown and HTML syntax inert."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", safe_text(text))


def code_cell(text: str) -> str:
    """Text from the data in a code span, fenced with more backticks than it holds.

    A pipe still ends a table cell inside a code span (GFM), so it is escaped as ``\\|``.
    """
    text = safe_text(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") or not text.strip() else text
    return f"{fence}{padded}{fence}".replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _column_rows(dataset: DatasetReport) -> list[tuple[str, ...]]:
    return [
        (
            code_cell(finding.column),
            finding.category,
            "<br>".join(text_cell(label) for label in entity_labels(finding)),
            "<br>".join(text_cell(label) for label in evidence_labels(finding)),
        )
        for finding in flagged_columns(dataset)
    ]


def _violation_row(violation: Violation) -> tuple[str, ...]:
    return (
        violation.severity,
        code_cell(violation.rule_id),
        code_cell(violation.column) if violation.column is not None else "-",
        text_cell(violation.message),
        text_cell(violation.citation) if violation.citation else "-",
    )


def markdown_report(report: Report) -> str:
    verdict = VERDICT_MARK[report.verdict]
    lines = [
        f"## minlint: **{verdict}**",
        "",
        f"{text_cell(verdict_summary(report))} ({text_cell(scope_line(report))})",
    ]
    for dataset in report.datasets:
        violations = sorted_violations(report.violations_for(dataset.path))
        flagged = flagged_columns(dataset)
        lines += [
            "",
            f"### {code_cell(posix_path(dataset.path))}",
            "",
            f"Decision: **{decision_for(violations)}**; {dataset.format}, {dataset.rows:,} rows"
            + (f", {dataset.persons:,} persons" if dataset.persons is not None else "")
            + f"; {len(flagged):,} of {len(dataset.columns):,} columns flagged.",
        ]
        if flagged:
            lines += ["", *_table(("column", "category", "entities", "evidence"), _column_rows(dataset))]
        if violations:
            lines += [
                "",
                *_table(("severity", "rule", "column", "message", "citation"), [_violation_row(v) for v in violations]),
            ]
    for together, violations in across_datasets(report).items():
        lines += [
            "",
            f"### {text_cell(together)}",
            "",
            f"Decision: **{decision_for(violations)}**; persons added up over the datasets above.",
            "",
            *_table(("severity", "rule", "column", "message", "citation"), [_violation_row(v) for v in violations]),
        ]
    if report.waived:
        lines += ["", "### Waived", ""]
        lines += _table(
            ("severity", "rule", "dataset", "column", "message"),
            [
                (v.severity, code_cell(v.rule_id), code_cell(posix_path(v.dataset)),
                 code_cell(v.column) if v.column is not None else "-", text_cell(v.message))
                for v in sorted_violations(report.waived)
            ],
        )
    notes = [*report.notes, *(f"{posix_path(d.path)}: {note}" for d in report.datasets for note in d.notes)]
    if notes:
        lines += ["", "### Notes", ""]
        lines += [f"- {text_cell(note)}" for note in notes]
    return "\n".join(lines) + "\n"


class MarkdownFormat:
    def format(self, report: Report) -> str:
        return markdown_report(report)
