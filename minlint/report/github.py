"""``--format github``: workflow-command annotations for GitHub Actions, one per violation.

``::error file=exports/cohort.parquet,title=HIPAA-SH-SSN::column ssn: ...`` shows on the run and
on the pull request's changed files. When ``GITHUB_STEP_SUMMARY`` names a file, the Markdown
report is appended to it so the job summary shows the tables.
"""

from __future__ import annotations

import os

from minlint.errors import ConfigError
from minlint.model import Report, Violation
from minlint.report.base import message_with_column, sorted_violations, verdict_summary
from minlint.report.markdown import markdown_report
from minlint.report.safe import posix_path, safe_text

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions toolkit does (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property: as data, plus ``:`` and ``,`` which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(violation: Violation) -> str:
    """One workflow command; data text is control-escaped first so it cannot forge a command."""
    parts = [message_with_column(violation)]
    if violation.remediation:
        parts.append(f"Remediation: {violation.remediation}")
    if violation.citation:
        parts.append(f"Citation: {violation.citation}")
    message = "%0A".join(escape_data(safe_text(part)) for part in parts)
    properties = (
        f"file={escape_property(safe_text(posix_path(violation.dataset)))},"
        f"title={escape_property(safe_text(violation.rule_id))}"
    )
    return f"::{COMMAND[violation.severity]} {properties}::{message}"


def append_step_summary(report: Report) -> None:
    """Append the Markdown report to the job summary file GitHub Actions names, if any."""
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(markdown_report(report))
    except OSError as error:
        raise ConfigError(f"{SUMMARY_ENV}={path}: cannot append the job summary ({error.strerror})") from None


class GithubFormat:
    def format(self, report: Report) -> str:
        append_step_summary(report)
        lines = [annotation(v) for v in sorted_violations(report.violations)]
        lines.append(f"minlint: {safe_text(verdict_summary(report))}")
        return "\n".join(lines) + "\n"
