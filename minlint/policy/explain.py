"""Text for `minlint policies list`, `minlint policies show NAME` and `minlint explain RULE_ID`.

Every function returns the text (ending in a newline); cli.py writes it.
"""

from __future__ import annotations

import textwrap
from typing import Any

from minlint.errors import PolicyError
from minlint.policy.loader import DEFAULT_POLICY, list_builtin_policies, load_policy, parameter_value
from minlint.policy.schema import Condition, Policy, Rule

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent.rstrip()]


def format_policy_list() -> str:
    """One line per built-in policy: name, rule count, description; the default marked."""
    policies = list_builtin_policies()
    width = max((len(p.name) for p in policies), default=0)
    lines = []
    for policy in policies:
        marker = " (default)" if policy.name == DEFAULT_POLICY else ""
        lines.append(f"{policy.name.ljust(width)}  {len(policy.active_rules):>2} rules{marker}")
        lines.extend(_wrap(policy.description, " " * (width + 2)))
    return "\n".join(lines) + "\n"


def _value_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        items = [v.get("country", str(v)) if isinstance(v, dict) else str(v) for v in value]
        return "[" + ", ".join(items) + "]"
    return str(value)


def _resolved(item: Any, parameters: dict[str, Any]) -> str:
    """ "$eea" -> "$eea (AT, BE, ...)"; numbers and codes as they are."""
    if isinstance(item, str) and item.startswith("$"):
        try:
            return f"{item} {_value_text(parameter_value(parameters, item))}"
        except KeyError:
            return item
    return _value_text(item)


def _thresholds_text(value: Any, parameters: dict[str, Any]) -> str:
    if isinstance(value, str):
        value = parameter_value(parameters, value)
    return ", ".join(f"{category} > {_plain(v, parameters)}" for category, v in value.items())


def _plain(value: Any, parameters: dict[str, Any]) -> str:
    if isinstance(value, str) and value.startswith("$"):
        return _value_text(parameter_value(parameters, value))
    return _value_text(value)


def describe_condition(condition: Condition, parameters: dict[str, Any] | None = None) -> list[str]:
    """The condition in words, one clause per item, $parameters shown with their values."""
    parameters = parameters or {}
    clauses = []
    if condition.entities or condition.categories:
        kinds = [*condition.entities, *(f"category {c}" for c in condition.categories)]
        unit = "each column" if condition.per_column else "a dataset with a column"
        clauses.append(f"{unit} holding {' or '.join(kinds)}")
    if condition.dtypes:
        clauses.append(f"of dtype {' or '.join(condition.dtypes)}")
    if condition.with_detection_categories:
        clauses.append(f"that also holds {' or '.join(condition.with_detection_categories)} data")
    if condition.without_categories:
        clauses.append(f"when the dataset has no {' or '.join(condition.without_categories)} column")
    if condition.destinations:
        clauses.append("destination in " + ", ".join(_resolved(d, parameters) for d in condition.destinations))
    if condition.destinations_not_in:
        clauses.append("destination outside " + ", ".join(_resolved(d, parameters) for d in condition.destinations_not_in))
    for name, allowed in condition.parameter_in.items():
        clauses.append(f"parameter {name} is {' or '.join(allowed)}")
    if condition.requires_parameter:
        clauses.append(f"parameter {condition.requires_parameter} not confirmed")
    risk = condition.risk
    if risk is not None:
        if risk.k_min_below is not None:
            clauses.append(f"k-anonymity below {_plain(risk.k_min_below, parameters)}")
        if risk.unique_share_above is not None:
            clauses.append(f"unique rows above {_plain(risk.unique_share_above, parameters)}")
        if risk.genotype_columns_at_least is not None:
            clauses.append(f"at least {_plain(risk.genotype_columns_at_least, parameters)} genotype columns")
        if risk.snps_per_person_at_least is not None:
            clauses.append(f"at least {_plain(risk.snps_per_person_at_least, parameters)} SNPs per person")
        if risk.persons_above:
            clauses.append("persons: " + _thresholds_text(risk.persons_above, parameters))
        if risk.combined_persons_above:
            clauses.append(
                "combined: persons above the lowest threshold among the categories present ("
                + _thresholds_text(risk.combined_persons_above, parameters) + ")"
            )
        if risk.across_datasets:
            clauses.append("judged on each dataset, then on the datasets of one scan added up")
        if risk.hipaa:
            fallback = risk.hipaa_unmeasured_dtypes
            unmeasured = f" (not measured: dtype {' or '.join(fallback)})" if fallback else ""
            clauses.append(f"HIPAA check {risk.hipaa} fails{unmeasured}")
    return clauses or ["always"]


def _rule_lines(rule: Rule, policy: Policy) -> list[str]:
    state = "" if rule.enabled else " [disabled]"
    lines = [f"{rule.id}  [{rule.severity}]  {rule.title}{state}"]
    lines.extend(_wrap(f"Citation: {rule.citation}"))
    if rule.reference:
        lines.extend(_wrap(f"Reference: {rule.reference}"))
    lines.extend(_wrap("When: " + "; ".join(describe_condition(rule.when, policy.parameters))))
    if rule.superseded_by:
        lines.extend(_wrap(f"Not reported when {', '.join(rule.superseded_by)} fires"))
    lines.extend(_wrap(f"Fix: {rule.remediation}"))
    return lines


def format_policy(name: str) -> str:
    """A policy's description, sources, parameters and every rule with its citation."""
    policy = load_policy(name)
    lines = [f"{policy.name} (version {policy.version})"]
    lines.extend(_wrap(policy.description, ""))
    if policy.extends:
        lines.append(f"Extends: {policy.extends}")
    if policy.sources:
        lines.append("Sources:")
        for source in policy.sources:
            title = f" — {source.title}" if source.title else ""
            url = f" <{source.url}>" if source.url else ""
            lines.extend(_wrap(f"{source.citation}{title}{url}"))
    if policy.parameters:
        lines.append("Parameters:")
        for key in sorted(policy.parameters):
            lines.extend(_wrap(f"{key} = {_value_text(policy.parameters[key])}"))
    if policy.applies_when is not None:
        needed = "; ".join(f"{k} in {', '.join(v)}" for k, v in policy.applies_when.parameter_in.items())
        lines.append(f"Applies when: {needed}")
    lines.append(f"Rules ({len(policy.rules)}):")
    for rule in policy.rules:
        lines.append("")
        lines.extend(_rule_lines(rule, policy))
    return "\n".join(lines) + "\n"


def find_rule(rule_id: str) -> tuple[Rule, list[Policy]]:
    """The built-in rule with this id (case-insensitive) and the policies that hold it."""
    wanted = rule_id.strip().upper()
    holders = [(p, r) for p in list_builtin_policies() for r in p.rules if r.id == wanted]
    if not holders:
        raise PolicyError(f"{rule_id}: unknown rule id (see `minlint policies show NAME` for the rules of a policy)")
    return holders[0][1], [p for p, _ in holders]


def explain_rule(rule_id: str) -> str:
    """What the rule checks, why (citation and reference), and how to fix a violation."""
    rule, policies = find_rule(rule_id)
    lines = [f"{rule.id}: {rule.title}"]
    lines.append(f"Severity: {rule.severity}")
    lines.append(f"Policy: {', '.join(p.name for p in policies)}")
    lines.append(f"Citation: {rule.citation}")
    if rule.reference:
        lines.append(f"Reference: {rule.reference}")
    lines.append("Checks:")
    lines.extend(_wrap("; ".join(describe_condition(rule.when, policies[0].parameters))))
    if rule.superseded_by:
        lines.extend(_wrap(f"Not reported when {', '.join(rule.superseded_by)} fires on the same dataset."))
    lines.append("Message:")
    lines.extend(_wrap(rule.message))
    lines.append("Fix:")
    lines.extend(_wrap(rule.remediation))
    return "\n".join(lines) + "\n"
