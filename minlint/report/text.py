"""``--format text`` (the default): tables for a person at a terminal or reading a CI log.

Per dataset: a table of flagged columns (category, entities with scores, evidence), the risk
summary, the violations with their remediation and citation, and the sharing decision; then
waivers, notes and the verdict. Every string from the data goes in as a ``rich.text.Text`` after
``safe_text``, so neither ANSI escapes nor Rich markup (``[bold]``) in a column name take effect.
"""

from __future__ import annotations

from io import StringIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from minlint.model import DatasetReport, Report, RiskReport, Violation, decision_for
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

WIDTH = 120  # fixed, so a report file is the same whichever terminal wrote it
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
VERDICT_STYLE = {"fail": "bold red", "warn": "bold yellow", "pass": "bold green"}
# More alike rows than this collapse into one row naming the first NAMES_SHOWN columns.
GROUP_OVER = 20
NAMES_SHOWN = 5
DECISION_STYLE = {"blocked": "bold red", "allowed_with_conditions": "bold yellow", "allowed": "bold green"}


def _text(value: str, style: str = "") -> Text:
    return Text(safe_text(value), style=style)


def _lines(values: list[str]) -> Text:
    """One cell of several lines; the newlines are ours, the values are escaped."""
    return Text("\n".join(safe_text(value) for value in values))


def _line(*parts: tuple[str, str] | str) -> Text:
    """A line of (text, style) parts; every part is control-escaped and never markup."""
    line = Text()
    for part in parts:
        value, style = (part, "") if isinstance(part, str) else part
        line.append(safe_text(value), style=style)
    return line


def risk_lines(risk: RiskReport) -> list[str]:
    """The risk stage's own summary when it offers one, else k, unique share and persons."""
    try:
        from minlint.risk import summary_lines
    except ImportError:
        summary_lines = None
    if summary_lines is not None:
        return list(summary_lines(risk))
    unique = "n/a" if risk.unique_share is None else f"{risk.unique_share * 100:.1f}%"
    k_min = "n/a" if risk.k_min is None else str(risk.k_min)
    persons = "n/a" if risk.persons is None else f"{risk.persons:,}"
    return [f"k-anonymity: k = {k_min}; unique rows {unique}; persons {persons}"]


def _names(names: list[str]) -> str:
    """``10,000 columns: rs1, rs2, rs3, ...`` for a group too long to list."""
    head = ", ".join(names[:NAMES_SHOWN])
    return f"{len(names):,} columns: {head}, ..."


def _grouped(items: list, signature) -> list[list]:
    """Items in order, but a signature shared by more than GROUP_OVER items becomes one group.

    A genotype matrix has thousands of columns flagged alike (and a rule firing on each): one
    line per column would bury the other findings and take Rich seconds to lay out.
    """
    groups: dict = {}
    for item in items:
        groups.setdefault(signature(item), []).append(item)
    out, emitted = [], set()
    for item in items:
        key = signature(item)
        if len(groups[key]) <= GROUP_OVER:
            out.append([item])
        elif key not in emitted:
            emitted.add(key)
            out.append(groups[key])
    return out


def _columns_table(dataset: DatasetReport) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    flagged = flagged_columns(dataset)
    # --show-examples: the scan masked them already (***-**-6789); a column of its own, only then.
    with_examples = any(finding.examples for finding in flagged)
    headers = ("column", "category", "entities", "evidence") + (("examples",) if with_examples else ())
    for header in headers:
        table.add_column(header, overflow="fold")
    signature = lambda f: (f.category, tuple(entity_labels(f)), tuple(evidence_labels(f)))  # noqa: E731
    for group in _grouped(flagged, signature):
        finding = group[0]
        name = finding.column if len(group) == 1 else _names([f.column for f in group])
        cells = [_text(name), _text(finding.category), _lines(entity_labels(finding)), _lines(evidence_labels(finding))]
        if with_examples:
            # A collapsed group's columns have examples of their own: none stands for all.
            cells.append(_lines(list(finding.examples)) if len(group) == 1 and finding.examples else _text("-"))
        table.add_row(*cells)
    return table


def _violations_table(violations: list[Violation]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for header in ("severity", "rule", "column", "message"):
        table.add_column(header, overflow="fold")
    for group in _grouped(violations, lambda v: (v.severity, v.rule_id)):
        v = group[0]
        details = _text(v.message)
        if len(group) > 1:
            details.append(f"\n... and {len(group) - 1:,} more like it (--format json lists every one)", style="dim")
        if v.remediation:
            details.append("\n").append_text(_line(("remediation: ", "dim"), v.remediation))
        if v.citation:
            details.append("\n").append_text(_line(("citation: ", "dim"), v.citation))
        if len(group) > 1:
            column = _names([c.column or "-" for c in group])
        else:
            column = v.column if v.column is not None else "-"
        table.add_row(
            _text(v.severity, SEVERITY_STYLE[v.severity]),
            _text(v.rule_id),
            _text(column),
            details,
        )
    return table


def _dataset_header(dataset: DatasetReport) -> Text:
    facts = [dataset.format, f"{dataset.rows:,} rows"]
    if dataset.persons is not None:
        facts.append(f"{dataset.persons:,} persons")
    return _line((posix_path(dataset.path), "bold"), f"  ({', '.join(facts)})")


def _print_dataset(console: Console, report: Report, dataset: DatasetReport) -> None:
    violations = sorted_violations(report.violations_for(dataset.path))
    flagged = flagged_columns(dataset)
    console.print(_dataset_header(dataset))
    if flagged:
        console.print(_columns_table(dataset))
    console.print(_line(f"{len(flagged):,} of {len(dataset.columns):,} columns flagged"))
    if dataset.risk is not None:
        console.print(_line(("risk:", "bold")))
        for line in risk_lines(dataset.risk):
            console.print(_line("  ", line))
    for note in dataset.notes:
        console.print(_line(("note: ", "dim"), note))
    if violations:
        console.print(_line(("violations:", "bold")))
        console.print(_violations_table(violations))
    decision = decision_for(violations)
    console.print(_line(("decision: ", "bold"), (decision, DECISION_STYLE[decision])))
    console.print()


def _print_waived(console: Console, waived: list[Violation]) -> None:
    console.print(_line((f"waived ({len(waived)}):", "bold")))
    for v in waived:
        column = f" column {v.column}" if v.column is not None else ""
        console.print(_line("  ", (v.severity, SEVERITY_STYLE[v.severity]), f" {v.rule_id} {posix_path(v.dataset)}{column}: {v.message}"))


def text_report(report: Report, *, color: bool = False) -> str:
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=WIDTH,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(_line((f"minlint {report.tool_version}", "bold"), f"  {scope_line(report)}"))
    console.print()
    for dataset in report.datasets:
        _print_dataset(console, report, dataset)
    for together, violations in across_datasets(report).items():
        console.print(_line((together, "bold"), "  (persons added up over the datasets above)"))
        console.print(_line(("violations:", "bold")))
        console.print(_violations_table(violations))
        decision = decision_for(violations)
        console.print(_line(("decision: ", "bold"), (decision, DECISION_STYLE[decision])))
        console.print()
    if report.waived:
        _print_waived(console, sorted_violations(report.waived))
    if report.baselined:
        console.print(_line((f"baseline: {len(report.baselined)} accepted finding(s) not counted", "dim")))
    for note in report.notes:
        console.print(_line(("note: ", "dim"), note))
    console.print(_line(("verdict: ", "bold"), (verdict_summary(report), VERDICT_STYLE[report.verdict])))
    # Rich pads every table row to the table's width; trailing blanks only bloat logs and diffs.
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


class TextFormat:
    def __init__(self, *, color: bool = False) -> None:
        self.color = color

    def format(self, report: Report) -> str:
        return text_report(report, color=self.color)
