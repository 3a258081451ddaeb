"""Choose the transformations that make a dataset pass: from the violations and the risk stage.

Per column, in order of precedence:

* ``--keep COLUMN``: left as it is (the verification scan then says whether that is allowed);
* the person key (risk stage's ``person_key``) when it is a direct identifier: pseudonymised
  with a keyed HMAC (45 CFR 164.514(c) re-identification code; GDPR Art. 4(5));
* every other direct identifier and every free-text column: dropped (Safe Harbor's 18 identifiers,
  45 CFR 164.514(b)(2)(i)(A)-(R); the limited data set's, 164.514(e)(2));
* a column a violated rule names: ZIP -> ZIP3 with restricted areas -> 000, dates -> year, ages
  over 89 -> 90+ where the rule is one of those Safe Harbor checks; otherwise dropped;
* quasi-identifiers: generalised along their hierarchies until k reaches the threshold of the
  policy's k rule, then the remaining small classes are suppressed (``kanon.search``).

Rules no transformation can satisfy stop the fix before anything is written (``FixRefused``):
a rule that needs a confirmation (data use agreement, safeguards), and bulk rules on persons
(above all 28 CFR 202.303: bulk human 'omic data to a country of concern is prohibited outright).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from minlint.fix import transforms
from minlint.fix.kanon import KAnonymityResult
from minlint.fix.transforms import Hierarchy
from minlint.model import DATE_ENTITIES, SEVERITY_ORDER, ColumnFinding, DatasetReport, Report, Violation
from minlint.policy.loader import parameter_value
from minlint.policy.schema import Policy, Rule
from minlint.risk import restricted_zip3_list

FREE_TEXT_ENTITIES = frozenset({"FREE_TEXT", "CLINICAL_NOTE"})
OMIC_CATEGORIES = frozenset({"human_genomic", "human_omic_other"})


class FixRefused(Exception):
    """A rule no transformation can satisfy; nothing is written. Exit code 1."""

    def __init__(self, rules: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.rules = rules


@dataclass(frozen=True)
class ColumnChange:
    """What happens to one column, and which rules asked for it (never a value)."""

    column: str
    action: str  # dropped, pseudonymised, generalised, shifted, suppressed, kept
    how: str
    rules: tuple[str, ...] = ()
    distinct_before: int | None = None
    distinct_after: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "action": self.action,
            "how": self.how,
            "rules": list(self.rules),
            "distinct_before": self.distinct_before,
            "distinct_after": self.distinct_after,
        }


@dataclass(frozen=True)
class Mandate:
    """The finest level a Safe Harbor check allows a quasi-identifier (and the rules behind it)."""

    zip_safe_harbor: bool = False
    date_year: bool = False
    age_top_code: bool = False
    births_up_to: int | None = None  # birth years up to this one mean an age over 89: removed
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatasetPlan:
    path: str
    format: str
    rows: int
    drops: dict[str, tuple[str, ...]]  # column -> rules
    pseudonymise: dict[str, tuple[str, ...]]
    shift_dates: tuple[str, ...]
    hierarchies: tuple[Hierarchy, ...]  # every quasi-identifier transformed, at level 0 = finest allowed
    levels: dict[str, int]  # chosen level per hierarchy column
    mandates: dict[str, Mandate]
    k_target: int | None
    k_before: int | None
    k_rules: tuple[str, ...]
    kanon: KAnonymityResult | None = None
    kept: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def needs_key(self) -> bool:
        return bool(self.pseudonymise or self.shift_dates)


def failing(violations: tuple[Violation, ...], fail_on: str) -> tuple[Violation, ...]:
    """The violations that make ``scan`` exit 1 with this ``--fail-on``."""
    if fail_on == "never":
        return ()
    limit = SEVERITY_ORDER.index(fail_on)
    return tuple(v for v in violations if SEVERITY_ORDER.index(v.severity) <= limit)


def _rules_by_id(policies: list[Policy]) -> dict[tuple[str, str], Rule]:
    return {(p.name, r.id): r for p in policies for r in p.rules}


def refuse_across_datasets(report: Report, policies: list[Policy], fail_on: str) -> None:
    """FixRefused for a rule that fired on the datasets added up (`3 datasets together`) and
    that no transformation satisfies: each dataset alone may pass, the transfer does not."""
    rules = _rules_by_id(policies)
    for violation in failing(report.violations_across_datasets(), fail_on):
        rule = rules.get((violation.policy, violation.rule_id))
        reason = _refusal(violation, rule) if rule is not None else None
        if reason:
            raise FixRefused((violation.rule_id,), f"{violation.dataset}: cannot be fixed: {reason}")


def _refusal(violation: Violation, rule: Rule) -> str | None:
    """Why no transformation can satisfy this rule, or None when one can."""
    when = rule.when
    if when.requires_parameter:
        return (
            f"{violation.rule_id} needs {when.requires_parameter} to be confirmed "
            f"(a legal condition, not a property of the data): no transformation satisfies it"
        )
    risk = when.risk
    if risk is None:
        return None
    for thresholds in (risk.persons_above, risk.combined_persons_above):
        categories = set(thresholds) if isinstance(thresholds, dict) else set()
        if thresholds is None:
            continue
        if categories & OMIC_CATEGORIES or isinstance(thresholds, str):
            return (
                f"{violation.rule_id}: this transfer of human 'omic data is prohibited "
                f"(28 CFR 202.303); no transformation makes it allowed"
            )
        return f"{violation.rule_id}: the number of persons is above the rule's threshold; fix does not remove persons"
    return None


def _is_k_rule(rule: Rule) -> bool:
    return rule.when.risk is not None and rule.when.risk.k_min_below is not None


def _k_threshold(rule: Rule, policy: Policy, dataset: DatasetReport, parameters: dict[str, Any]) -> int:
    """The k a k rule judges with: the risk stage's k replaces the policy's own (as the engine does)."""
    merged = dict(policy.parameters)
    if dataset.risk is not None and "k" in dataset.risk.metrics:
        merged["k"] = dataset.risk.metrics["k"]
    merged.update(parameters)
    value = rule.when.risk.k_min_below  # type: ignore[union-attr]
    return int(parameter_value(merged, value) if isinstance(value, str) else value)


def _mandate_for(rule: Rule) -> str | None:
    risk = rule.when.risk
    return risk.hipaa if risk is not None else None


def build_plan(
    dataset: DatasetReport,
    violations: tuple[Violation, ...],
    policies: list[Policy],
    *,
    schema: pl.Schema,
    keep: tuple[str, ...] = (),
    extra_drops: dict[str, tuple[str, ...]] | None = None,
    parameters: dict[str, Any] | None = None,
    date_shift: bool = False,
    configured_quasi_identifiers: bool = False,
    fail_on: str = "error",
) -> DatasetPlan:
    """The transformations for one dataset; FixRefused when a rule cannot be satisfied.

    ``violations`` are the dataset's; those at or above ``fail_on`` are fixed, and a k rule is
    honoured at any severity (k reaches the policy's threshold even where it only warns).
    """
    rules = _rules_by_id(policies)
    must = set(failing(violations, fail_on))
    refusals = []
    mandates: dict[str, dict[str, Any]] = {}
    drops: dict[str, list[str]] = {c: list(r) for c, r in (extra_drops or {}).items()}
    k_target, k_rules = None, []
    person_key = dataset.risk.metrics.get("person_key") if dataset.risk else None
    age_columns = {f.column for f in dataset.columns if "AGE" in f.entities}
    hipaa = (dataset.risk.metrics.get("hipaa") or {}) if dataset.risk else {}
    for violation in violations:
        rule = rules.get((violation.policy, violation.rule_id))
        if rule is None or (violation not in must and not _is_k_rule(rule)):
            continue
        reason = _refusal(violation, rule)
        if reason and violation in must:
            refusals.append((violation.rule_id, reason))
            continue
        if _is_k_rule(rule):
            policy = next(p for p in policies if p.name == violation.policy)
            threshold = _k_threshold(rule, policy, dataset, parameters or {})
            k_target = max(k_target or 0, threshold)
            k_rules.append(violation.rule_id)
            continue
        if violation.column is None:
            continue
        flag = _mandate_for(rule)
        if flag in ("zip5", "restricted_zip3"):
            mandates.setdefault(violation.column, {}).setdefault("zip", []).append(violation.rule_id)
        elif flag == "dates_finer_than_year":
            mandates.setdefault(violation.column, {}).setdefault("date", []).append(violation.rule_id)
        elif flag == "ages_over_89":
            kind = "age" if violation.column in age_columns else "birth"
            mandates.setdefault(violation.column, {}).setdefault(kind, []).append(violation.rule_id)
        elif violation.column != person_key:
            drops.setdefault(violation.column, []).append(violation.rule_id)
    if refusals:
        ids = tuple(sorted({rule_id for rule_id, _ in refusals}))
        reasons = "; ".join(sorted({reason for _, reason in refusals}))
        raise FixRefused(ids, f"{dataset.path}: cannot be fixed: {reasons}")

    findings = {f.column: f for f in dataset.columns}
    pseudonymise: dict[str, tuple[str, ...]] = {}
    rules_on: dict[str, list[str]] = {}
    for violation in must:
        if violation.column:
            rules_on.setdefault(violation.column, []).append(violation.rule_id)
    for finding in dataset.columns:
        column = finding.column
        if column in keep:
            drops.pop(column, None)
            continue
        if finding.category == "direct_identifier" and column == person_key:
            drops.pop(column, None)
            pseudonymise[column] = tuple(sorted(set(rules_on.get(column, []))))
        elif finding.category == "direct_identifier" or set(finding.entities) & FREE_TEXT_ENTITIES:
            drops.setdefault(column, []).extend(rules_on.get(column, []))

    quasi = list(dataset.risk.quasi_identifiers) if dataset.risk else []
    hierarchies = []
    final_mandates: dict[str, Mandate] = {}
    for column in quasi:
        if column in keep or column in pseudonymise:
            continue
        if column in drops and not configured_quasi_identifiers:
            continue
        mandate = mandates.get(column, {})
        final_mandates[column] = Mandate(
            zip_safe_harbor="zip" in mandate,
            date_year="date" in mandate,
            age_top_code="age" in mandate,
            births_up_to=hipaa.get("birth_years_over_89_up_to") if "birth" in mandate else None,
            rules=tuple(sorted({r for ids in mandate.values() for r in ids})),
        )
        hierarchy = _hierarchy(findings.get(column), column, schema[column], final_mandates[column], date_shift)
        if column in drops:  # a configured quasi-identifier must stay as a column: suppress its values
            hierarchy = Hierarchy(column, hierarchy.kind, hierarchy.levels[-1:])
        needed = k_target is not None or mandate or hierarchy.levels[0].how != "kept" or column in drops
        if needed:
            hierarchies.append(hierarchy)
    if configured_quasi_identifiers:
        for column in quasi:
            drops.pop(column, None)
    shift = tuple(h.column for h in hierarchies if h.kind == "date" and date_shift and not final_mandates[h.column].date_year)
    return DatasetPlan(
        path=dataset.path,
        format=dataset.format,
        rows=dataset.rows,
        drops={c: tuple(sorted(set(r))) for c, r in sorted(drops.items()) if c in schema and c not in keep},
        pseudonymise=pseudonymise,
        shift_dates=shift,
        hierarchies=tuple(hierarchies),
        levels={h.column: 0 for h in hierarchies},
        mandates=final_mandates,
        k_target=k_target,
        k_before=dataset.risk.k_min if dataset.risk else None,
        k_rules=tuple(sorted(set(k_rules))),
        kept=tuple(sorted(c for c in keep if c in schema)),
    )


def _hierarchy(finding: ColumnFinding | None, column: str, dtype: pl.DataType, mandate: Mandate, date_shift: bool) -> Hierarchy:
    entities = set(finding.entities) if finding else set()
    if "POSTAL_CODE" in entities:
        return transforms.zip_hierarchy(
            column, dtype, safe_harbor=mandate.zip_safe_harbor,
            restricted=restricted_zip3_list() if mandate.zip_safe_harbor else frozenset(),
        )
    if "AGE" in entities:
        return transforms.age_hierarchy(column, dtype, top_code=mandate.age_top_code)
    if entities & DATE_ENTITIES or transforms.is_temporal(dtype):
        hierarchy = transforms.date_hierarchy(column, dtype, safe_harbor=mandate.date_year, births_up_to=mandate.births_up_to)
        if date_shift and not mandate.date_year:
            first = transforms.Level("shifted per person", hierarchy.levels[0].expr)
            hierarchy = Hierarchy(column, "date", (first,) + hierarchy.levels[1:])
        return hierarchy
    if "GEO_COORDINATE" in entities and dtype.is_numeric():
        return transforms.coordinate_hierarchy(column, dtype)
    return transforms.value_hierarchy(column, dtype)
