"""Judge scanned datasets against policies: rules (data) -> violations -> waivers -> outcome.

The engine only interprets the condition vocabulary of ``minlint.policy.schema``; what a rule
means legally lives in its YAML (citation, message, remediation).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath
from typing import Any, Iterable

from minlint import clock
from minlint.config import Waiver
from minlint.model import (
    ColumnFinding,
    DatasetReport,
    RiskReport,
    Violation,
    decision_for,
)
from minlint.policy.loader import country_codes, parameter_value
from minlint.policy.schema import Condition, Policy, RiskCondition, Rule


@dataclass(frozen=True)
class PolicyOutcome:
    violations: tuple[Violation, ...]
    waived: tuple[Violation, ...]
    notes: tuple[str, ...]

    def decisions(self, datasets: Iterable[DatasetReport]) -> dict[str, str]:
        """Each dataset's sharing decision (blocked, allowed_with_conditions, allowed)."""
        return decisions_by_dataset(datasets, self.violations)


def decisions_by_dataset(datasets: Iterable[DatasetReport], violations: Iterable[Violation]) -> dict[str, str]:
    violations = tuple(violations)
    return {
        d.path: decision_for([v for v in violations if v.dataset == d.path])
        for d in sorted(datasets, key=lambda d: d.path)
    }


# --------------------------------------------------------------------------- facts of one match


@dataclass(frozen=True)
class _Facts:
    """What a risk condition found, for the message template."""

    persons: int | None = None
    threshold: Any = None
    category: str | None = None


class _Context:
    """One policy, one dataset, one destination: resolves parameters and risk values."""

    def __init__(self, policy: Policy, dataset: DatasetReport, destination: str | None, parameters: dict[str, Any]):
        self.policy = policy
        self.dataset = dataset
        self.destination = destination
        risk = dataset.risk
        merged = dict(policy.parameters)
        # The k the risk stage measured against (config/CLI) is the k a policy judges with.
        if risk is not None and "k" in risk.metrics:
            merged["k"] = risk.metrics["k"]
        merged.update(parameters)
        self.parameters = merged

    def value(self, item: Any) -> Any:
        if isinstance(item, str) and item.startswith("$"):
            return parameter_value(self.parameters, item)
        return item

    def countries(self, items: list[str]) -> set[str]:
        return set(country_codes(items, self.parameters))

    @property
    def hipaa(self) -> dict[str, Any] | None:
        risk = self.dataset.risk
        if risk is None:
            return None
        hipaa = risk.metrics.get("hipaa")
        return hipaa if isinstance(hipaa, dict) else None


def _confirmed(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


def _destination_holds(condition: Condition, context: _Context) -> bool | None:
    """True/False, or None when the rule is about a destination and none was given."""
    if not condition.about_destination:
        return True
    if context.destination is None:
        return None
    if condition.destinations and context.destination not in context.countries(condition.destinations):
        return False
    return context.destination not in context.countries(condition.destinations_not_in)


def _parameters_hold(condition: Condition, context: _Context) -> bool:
    for name, allowed in condition.parameter_in.items():
        value = context.parameters.get(name)
        if value is None or str(value).upper() not in {a.upper() for a in allowed}:
            return False
    if condition.requires_parameter is not None:
        return not _confirmed(context.parameters.get(condition.requires_parameter))
    return True


# --------------------------------------------------------------------------- columns


def _dtype_name(dtype: str) -> str:
    # "Datetime(time_unit='us', time_zone=None)" -> "Datetime"
    return dtype.split("(", 1)[0].split("[", 1)[0]


def _matches_column(condition: Condition, finding: ColumnFinding) -> bool:
    entity_hit = any(e in condition.entities for e in finding.entities)
    category_hit = finding.category in condition.categories
    if not (entity_hit or category_hit):
        return False
    if condition.dtypes and _dtype_name(finding.dtype) not in condition.dtypes:
        return False
    if condition.with_detection_categories:
        return any(d.category in condition.with_detection_categories for d in finding.detections)
    return True


def _hipaa_columns(flag: str, hipaa: dict[str, Any], candidates: list[ColumnFinding]) -> list[ColumnFinding]:
    """The candidate columns a Safe Harbor check of the risk stage flags (45 CFR 164.514(b)(2))."""
    zip5 = set(hipaa.get("zip5_columns") or [])
    if flag == "zip5":
        return [c for c in candidates if c.column in zip5]
    if flag == "restricted_zip3":
        # A ZIP cut to 3 digits is allowed unless its area has 20,000 people or fewer (B).
        if "restricted_zip3_columns" in hipaa:
            listed = set(hipaa.get("restricted_zip3_columns") or [])
            return [c for c in candidates if c.column in listed and c.column not in zip5]
        # Older risk blocks count rows only: any POSTAL_CODE column that is not ZIP5 is suspect.
        if not hipaa.get("restricted_zip3_rows"):
            return []
        return [c for c in candidates if c.column not in zip5]
    if flag == "dates_finer_than_year":
        listed = set(hipaa.get("dates_finer_than_year") or [])
        return [c for c in candidates if c.column in listed]
    if "ages_over_89_columns" in hipaa:
        listed = set(hipaa.get("ages_over_89_columns") or [])
        return [c for c in candidates if c.column in listed]
    return candidates if hipaa.get("ages_over_89_rows") else []


def _hipaa_dataset_flag(flag: str, hipaa: dict[str, Any]) -> bool:
    key = {
        "zip5": "zip5_columns",
        "restricted_zip3": "restricted_zip3_rows",
        "dates_finer_than_year": "dates_finer_than_year",
        "ages_over_89": "ages_over_89_rows",
    }[flag]
    return bool(hipaa.get(key))


def _with_dtypes(dtypes: list[str], candidates: list[ColumnFinding]) -> list[ColumnFinding]:
    if "*" in dtypes:
        return candidates
    return [c for c in candidates if _dtype_name(c.dtype) in dtypes]


# --------------------------------------------------------------------------- risk


def _persons_over(thresholds: dict[str, Any], context: _Context) -> _Facts | None:
    """The category whose persons exceed its threshold (lowest threshold first), if any."""
    risk = context.dataset.risk
    crossed = []
    for category, threshold in thresholds.items():
        limit = int(context.value(threshold))
        persons = risk.persons if category == "all" else risk.persons_by_category.get(category)
        if persons is not None and persons > limit:
            crossed.append((limit, category, persons))
    if not crossed:
        return None
    limit, category, persons = min(crossed)
    return _Facts(persons=persons, threshold=limit, category=category)


def _combined_over(thresholds: dict[str, Any], context: _Context) -> _Facts | None:
    """28 CFR 202.205: data combining categories is bulk at the lowest threshold among them.

    Combined means two categories at least (one alone is its own rule's), and the persons are
    those holding any of them: at most every person, at most the categories' persons added up
    (5 genotyped persons among 101 do not make 101 persons of combined data).
    """
    risk = context.dataset.risk
    persons = {
        category: risk.persons if category == "all" else risk.persons_by_category.get(category, 0)
        for category in thresholds
    }
    present = [(int(context.value(thresholds[c])), c) for c, count in persons.items() if count]
    if len(present) < 2 or risk.persons is None:
        return None
    limit, category = min(present)
    combined = min(risk.persons, sum(persons[c] for c in persons if c != "all"))
    if combined <= limit:
        return None
    return _Facts(persons=combined, threshold=limit, category=category)


def _risk_facts(condition: RiskCondition, context: _Context) -> _Facts | None:
    """The facts when every dataset-level risk comparison holds, else None."""
    risk = context.dataset.risk
    if risk is None:
        return None
    facts = _Facts(persons=risk.persons)
    if condition.k_min_below is not None:
        limit = int(context.value(condition.k_min_below))
        if risk.k_min is None or risk.k_min >= limit:
            return None
        facts = replace(facts, threshold=limit)
    if condition.unique_share_above is not None:
        limit = float(context.value(condition.unique_share_above))
        if risk.unique_share is None or risk.unique_share <= limit:
            return None
        facts = replace(facts, threshold=limit)
    if condition.genotype_columns_at_least is not None:
        limit = int(context.value(condition.genotype_columns_at_least))
        if risk.genotype_columns < limit:
            return None
        facts = replace(facts, threshold=limit)
    if condition.snps_per_person_at_least is not None:
        limit = int(context.value(condition.snps_per_person_at_least))
        if _snps_per_person(risk) < limit:
            return None
        facts = replace(facts, threshold=limit)
    for thresholds, judge in ((condition.persons_above, _persons_over), (condition.combined_persons_above, _combined_over)):
        if thresholds:
            crossed = judge(context.value(thresholds), context)
            if crossed is None:
                return None
            facts = crossed
    return facts


def _needs_risk(condition: RiskCondition | None) -> bool:
    if condition is None:
        return False
    fields = condition.model_dump(exclude_none=True, exclude={"hipaa", "hipaa_unmeasured_dtypes", "across_datasets"})
    return bool(fields) or (condition.hipaa is not None and condition.hipaa_unmeasured_dtypes is None)


# --------------------------------------------------------------------------- one rule


@dataclass(frozen=True)
class _Hit:
    column: ColumnFinding | None
    columns: tuple[str, ...]
    facts: _Facts


def _rule_hits(rule: Rule, context: _Context) -> list[_Hit]:
    condition = rule.when
    if not _parameters_hold(condition, context) or not _destination_holds(condition, context):
        return []
    dataset = context.dataset
    if any(c.category in condition.without_categories for c in dataset.columns):
        return []
    facts = _Facts(persons=dataset.persons)
    if condition.risk is not None and _needs_risk(condition.risk):
        measured = _risk_facts(condition.risk, context)
        if measured is None:
            return []
        facts = measured
    candidates = [c for c in dataset.columns if _matches_column(condition, c)] if condition.selects_columns else None
    flag = condition.risk.hipaa if condition.risk is not None else None
    if flag is not None:
        hipaa = context.hipaa
        if hipaa is None:
            fallback = condition.risk.hipaa_unmeasured_dtypes
            if fallback is None:
                return []
            candidates = _with_dtypes(fallback, candidates) if candidates is not None else None
        elif candidates is not None:
            candidates = _hipaa_columns(flag, hipaa, candidates)
        elif not _hipaa_dataset_flag(flag, hipaa):
            return []
    if candidates is None:
        return [_Hit(None, (), facts)]
    candidates = sorted(candidates, key=lambda c: c.column)
    if not candidates:
        return []
    if condition.per_column:
        return [_Hit(c, (c.column,), facts) for c in candidates]
    return [_Hit(None, tuple(c.column for c in candidates), facts)]


def _template_values(rule: Rule, context: _Context, hit: _Hit) -> dict[str, Any]:
    risk = context.dataset.risk
    column = hit.column
    entities: list[str] = []
    if column is not None and rule.when.with_detection_categories:
        # Free text: name what was found inside, not that it is text.
        entities = [d.entity for d in column.detections if d.category in rule.when.with_detection_categories]
    elif column is not None:
        entities = [e for e in column.entities if e in rule.when.entities] or list(column.entities)
    values: dict[str, Any] = {
        name: ", ".join(map(str, value)) if isinstance(value, list) else value
        for name, value in context.parameters.items()
    }
    values.update(
        policy=context.policy.name,
        rule=rule.id,
        dataset=context.dataset.path,
        column=column.column if column else ", ".join(hit.columns),
        columns=", ".join(hit.columns),
        entity=", ".join(dict.fromkeys(entities)),
        category=hit.facts.category or (column.category if column else ""),
        destination=context.destination or "",
        persons="unknown" if hit.facts.persons is None else hit.facts.persons,
        threshold="" if hit.facts.threshold is None else hit.facts.threshold,
        k_min=risk.k_min if risk else None,
        k=context.parameters.get("k", ""),
        unique_share=risk.unique_share if risk else None,
        genotype_columns=risk.genotype_columns if risk else 0,
        snps_per_person=_snps_per_person(risk) if risk else 0,
        origin=context.parameters.get("origin") or "",
        quasi_identifiers=", ".join(risk.quasi_identifiers) if risk else "",
    )
    return values


def _snps_per_person(risk: RiskReport) -> int:
    """SNPs each person's genotypes span: matrix columns, or variant rows (VCF, raw-data file)."""
    return int(risk.metrics.get("snps_per_person") or risk.genotype_columns)


def _violation(rule: Rule, context: _Context, hit: _Hit) -> Violation:
    values = _template_values(rule, context, hit)
    return Violation(
        rule_id=rule.id,
        severity=rule.severity,
        dataset=context.dataset.path,
        column=hit.column.column if hit.column else None,
        message=rule.message.format_map(values),
        remediation=rule.remediation.format_map(values),
        citation=rule.citation,
        policy=context.policy.name,
    )


# --------------------------------------------------------------------------- one policy


def _without_superseded(rules: tuple[Rule, ...], found: list[Violation]) -> list[Violation]:
    fired = {v.rule_id for v in found}
    superseded = {r.id for r in rules if any(other in fired for other in r.superseded_by)}
    return [v for v in found if v.rule_id not in superseded]


def _policy_notes(policy: Policy, datasets: list[DatasetReport], destination: str | None) -> list[str]:
    notes = []
    rules = policy.active_rules
    if destination is None and any(r.when.about_destination for r in rules):
        notes.append(f"{policy.name}: no destination given; rules about the destination were not evaluated")
    unmeasured = sorted(d.path for d in datasets if d.risk is None)
    needing = sorted(r.id for r in rules if _needs_risk(r.when.risk))
    if unmeasured and needing:
        notes.append(
            f"{policy.name}: risk not measured for {', '.join(unmeasured)}; "
            f"rules not evaluated there: {', '.join(needing)}"
        )
    return notes


def _applies(policy: Policy, parameters: dict[str, Any]) -> bool:
    if policy.applies_when is None:
        return True
    merged = {**policy.parameters, **parameters}
    for name, allowed in policy.applies_when.parameter_in.items():
        value = merged.get(name)
        if value is None or str(value).upper() not in {a.upper() for a in allowed}:
            return False
    return True


def judge_policy(
    policy: Policy, datasets: list[DatasetReport], destination: str | None, parameters: dict[str, Any]
) -> tuple[list[Violation], list[str]]:
    """The violations of one policy on every dataset, and its notes."""
    if not _applies(policy, parameters):
        return [], [f"{policy.name}: {policy.applies_when.note}"]
    violations: list[Violation] = []
    for dataset in datasets:
        context = _Context(policy, dataset, destination, parameters)
        found = [_violation(rule, context, hit) for rule in policy.active_rules for hit in _rule_hits(rule, context)]
        violations.extend(_without_superseded(policy.active_rules, found))
    violations.extend(_across_datasets(policy, datasets, destination, parameters, violations))
    return violations, _policy_notes(policy, datasets, destination)


def _scan_total(datasets: list[DatasetReport]) -> DatasetReport | None:
    """The datasets of one scan as one: their persons per category added up.

    A person in two files counts twice: the sum is an upper bound, as the rule reads "in one
    transaction or aggregated across transactions with the same counterparty".
    """
    measured = [d for d in datasets if d.risk is not None and d.risk.persons is not None]
    if len(measured) < 2:
        return None
    by_category: dict[str, int] = {}
    for dataset in measured:
        for category, persons in dataset.risk.persons_by_category.items():
            by_category[category] = by_category.get(category, 0) + persons
    risk = RiskReport(persons=sum(d.risk.persons for d in measured), persons_by_category=by_category)
    return DatasetReport(f"{len(measured)} datasets together", "scan", sum(d.rows for d in measured), (), risk)


def _across_datasets(
    policy: Policy, datasets: list[DatasetReport], destination: str | None, parameters: dict[str, Any],
    per_dataset: list[Violation],
) -> list[Violation]:
    """Rules judged on the scan's datasets added up, where no dataset alone fired them: 101
    consumer raw-data files of one person each are 101 persons' genomic data to one recipient."""
    total = _scan_total(datasets)
    rules = tuple(r for r in policy.active_rules if r.when.risk is not None and r.when.risk.across_datasets)
    if total is None or not rules:
        return []
    context = _Context(policy, total, destination, parameters)
    fired = {v.rule_id for v in per_dataset if v.policy == policy.name}
    found = [
        _violation(rule, context, hit)
        for rule in rules
        if rule.id not in fired and not fired.intersection(rule.superseded_by)
        for hit in _rule_hits(rule, context)
    ]
    return _without_superseded(rules, found)


# --------------------------------------------------------------------------- waivers


def _waiver_target(waiver: Waiver) -> str:
    return waiver.column if waiver.column else f"all columns of {waiver.dataset}"


def waiver_matches(waiver: Waiver, violation: Violation) -> bool:
    from fnmatch import fnmatchcase

    if not fnmatchcase(violation.rule_id, waiver.rule):
        return False
    if waiver.column is not None and violation.column != waiver.column:
        return False
    path = PurePath(violation.dataset)
    return waiver.dataset == "*" or fnmatchcase(violation.dataset, waiver.dataset) or path.match(waiver.dataset)


def _waived_message(violation: Violation, waiver: Waiver) -> Violation:
    terms = [waiver.reason]
    if waiver.approver:
        terms.append(f"approved by {waiver.approver}")
    if waiver.expires:
        terms.append(f"until {waiver.expires.isoformat()}")
    return replace(violation, message=f"{violation.message} [waived: {'; '.join(terms)}]")


def apply_waivers(
    violations: list[Violation], waivers: list[Waiver], today: date
) -> tuple[list[Violation], list[Violation], list[str]]:
    """Split violations into (open, waived); notes for expired waivers and ones matching nothing."""
    notes: list[str] = []
    active: list[Waiver] = []
    for waiver in waivers:
        if waiver.expires is not None and waiver.expires < today:
            # An expired waiver no longer covers anything: the violation stands again.
            notes.append(f"waiver for {waiver.rule} on {_waiver_target(waiver)} expired on {waiver.expires.isoformat()}")
        else:
            active.append(waiver)
    remaining: list[Violation] = []
    waived: list[Violation] = []
    used: set[int] = set()
    for violation in violations:
        match = next((i for i, w in enumerate(active) if waiver_matches(w, violation)), None)
        if match is None:
            remaining.append(violation)
        else:
            used.add(match)
            waived.append(_waived_message(violation, active[match]))
    for i, waiver in enumerate(active):
        if i not in used:
            notes.append(f"waiver for {waiver.rule} on {_waiver_target(waiver)} matched no violation")
    return remaining, waived, notes


# --------------------------------------------------------------------------- entry point


def evaluate(
    policies: list[Policy],
    datasets: list[DatasetReport],
    destination: str | None,
    waivers: list[Waiver] = [],  # noqa: B006 - read only
    today: date | None = None,
    *,
    parameters: dict[str, Any] | None = None,
) -> PolicyOutcome:
    """Judge every dataset with every policy; apply waivers valid on ``today`` (default: today).

    ``parameters`` (config/CLI: data_use_agreement, safeguards, origin, ...) override the
    policies' own parameters.
    """
    parameters = dict(parameters or {})
    violations: list[Violation] = []
    notes: list[str] = []
    for policy in policies:
        found, policy_notes = judge_policy(policy, list(datasets), destination, parameters)
        violations.extend(found)
        notes.extend(policy_notes)
    remaining, waived, waiver_notes = apply_waivers(violations, list(waivers), today or clock.today())
    return PolicyOutcome(
        violations=tuple(sorted(set(remaining), key=_order)),
        waived=tuple(sorted(set(waived), key=_order)),
        notes=tuple(sorted(set(notes + waiver_notes))),
    )


def _order(violation: Violation) -> tuple:
    return (*violation.sort_key(), violation.policy, violation.message)
