"""The change log of a fix, per dataset and column: text, JSON and Markdown.

It names columns, actions, rules, counts (rows, distinct values, suppressed rows, k) and never a
cell value: the log travels with the minimized copy and must not undo it.
"""

from __future__ import annotations

import json
from typing import Any

from minlint.fix.plan import ColumnChange, DatasetPlan

FORMATS = ("text", "json", "markdown")


def column_changes(plan: DatasetPlan) -> list[ColumnChange]:
    """Every changed column of a dataset, sorted by column name."""
    changes: list[ColumnChange] = []
    for column, rules in plan.drops.items():
        changes.append(ColumnChange(column, "dropped", "column removed", rules))
    for column, rules in plan.pseudonymise.items():
        changes.append(ColumnChange(column, "pseudonymised", "keyed HMAC-SHA-256 (64 hex digits)", rules))
    chosen = {c.column: c for c in plan.kanon.columns} if plan.kanon else {}
    for hierarchy in plan.hierarchies:
        mandate = plan.mandates.get(hierarchy.column)
        rules = tuple(sorted(set((mandate.rules if mandate else ()) + (plan.k_rules if plan.kanon else ()))))
        level = chosen[hierarchy.column].level if hierarchy.column in chosen else plan.levels[hierarchy.column]
        how = hierarchy.levels[level].how
        if how == "kept":
            continue
        summary = chosen.get(hierarchy.column)
        action = "suppressed" if level == hierarchy.top else ("shifted" if how == "shifted per person" else "generalised")
        changes.append(
            ColumnChange(
                hierarchy.column, action, how, rules,
                summary.distinct_before if summary else None, summary.distinct_after if summary else None,
            )
        )
    for column in plan.kept:
        changes.append(ColumnChange(column, "kept", "kept as asked (--keep)"))
    return sorted(changes, key=lambda c: c.column)


def dataset_json(plan: DatasetPlan, output: str) -> dict[str, Any]:
    result = plan.kanon
    return {
        "path": plan.path,
        "output": output,
        "format": plan.format,
        "rows_before": plan.rows,
        "rows_after": plan.rows - (result.suppressed_rows if result else 0),
        "rows_suppressed": result.suppressed_rows if result else 0,
        "k": {
            "target": plan.k_target,
            "before": plan.k_before,
            "after": result.k_after if result else None,
            "rules": list(plan.k_rules),
            "information_loss": result.loss if result else None,
            "lattice_nodes": result.nodes_in_lattice if result else None,
            "lattice_nodes_evaluated": result.nodes_evaluated if result else None,
        },
        "columns": [c.to_json() for c in column_changes(plan)],
    }


def to_json(plans: list[DatasetPlan], outputs: list[str], *, verified: bool, policies: list[str], destination: str | None) -> str:
    document = {
        "version": "1",
        "policies": policies,
        "destination": destination,
        "verified": verified,
        "datasets": [dataset_json(p, o) for p, o in zip(plans, outputs)],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _k_line(entry: dict[str, Any]) -> str | None:
    k = entry["k"]
    if k["target"] is None:
        return None
    return (
        f"k-anonymity: k = {k['before']} -> {k['after']} (target {k['target']}); "
        f"{entry['rows_suppressed']} rows suppressed; information loss {k['information_loss']}"
    )


def _describe(change: dict[str, Any]) -> str:
    text = f"{change['action']}: {change['how']}"
    if change["distinct_before"] is not None:
        text += f" ({change['distinct_before']} -> {change['distinct_after']} distinct values)"
    if change["rules"]:
        text += f" [{', '.join(change['rules'])}]"
    return text


def to_text(plans: list[DatasetPlan], outputs: list[str], *, verified: bool, policies: list[str], destination: str | None) -> str:
    lines = []
    for plan, output in zip(plans, outputs):
        entry = dataset_json(plan, output)
        lines.append(f"{entry['path']} -> {output}")
        lines.append(f"  rows: {entry['rows_before']} -> {entry['rows_after']}")
        if k_line := _k_line(entry):
            lines.append(f"  {k_line}")
        for change in entry["columns"]:
            lines.append(f"  {change['column']}: {_describe(change)}")
        if not entry["columns"]:
            lines.append("  no change needed")
    status = "verified: the minimized copy passes" if verified else "not verified (dry run: nothing written)"
    target = f" for {destination}" if destination else ""
    lines.append(f"{status} {', '.join(policies)}{target}")
    return "\n".join(lines) + "\n"


def to_markdown(plans: list[DatasetPlan], outputs: list[str], *, verified: bool, policies: list[str], destination: str | None) -> str:
    target = f" (destination {destination})" if destination else ""
    lines = [f"# minlint fix: {', '.join(policies)}{target}", ""]
    lines.append("Verified: the minimized copy passes the same scan." if verified else "Dry run: nothing written.")
    for plan, output in zip(plans, outputs):
        entry = dataset_json(plan, output)
        lines += ["", f"## `{entry['path']}` -> `{output}`", ""]
        lines.append(f"Rows: {entry['rows_before']} -> {entry['rows_after']} ({entry['rows_suppressed']} suppressed)")
        if k_line := _k_line(entry):
            lines += ["", k_line]
        lines += ["", "| column | action | how | distinct before | distinct after | rules |", "|---|---|---|---|---|---|"]
        for c in entry["columns"]:
            before = "" if c["distinct_before"] is None else c["distinct_before"]
            after = "" if c["distinct_after"] is None else c["distinct_after"]
            lines.append(f"| `{c['column']}` | {c['action']} | {c['how']} | {before} | {after} | {', '.join(c['rules'])} |")
    return "\n".join(lines) + "\n"


def render(fmt: str, plans: list[DatasetPlan], outputs: list[str], **kwargs: Any) -> str:
    return {"text": to_text, "json": to_json, "markdown": to_markdown}[fmt](plans, outputs, **kwargs)
