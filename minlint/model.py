"""The frozen data passed from one pipeline stage to the next.

read -> profile (ColumnProfile) -> detect (ColumnFinding) -> risk (RiskReport)
-> policy (Violation) -> report (Report). Nothing mutates a value after it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Category = Literal["direct_identifier", "quasi_identifier", "genomic", "health", "sensitive", "none"]
Severity = Literal["error", "warning", "note"]

# Most identifying first: a column's category is the most identifying one among its entities.
CATEGORY_ORDER: tuple[str, ...] = (
    "direct_identifier",
    "genomic",
    "quasi_identifier",
    "health",
    "sensitive",
    "none",
)
SEVERITY_ORDER: tuple[str, ...] = ("error", "warning", "note")
# The data categories of 28 CFR 202.205 whose distinct persons the risk stage counts
# (RiskReport.persons_by_category keys) and whose bulk thresholds policies name.
PERSONS_CATEGORIES: tuple[str, ...] = (
    "human_genomic",
    "human_omic_other",
    "biometric",
    "precise_geolocation",
    "health",
    "financial",
    "covered_personal_identifiers",
)
# Entities whose values are calendar dates: Safe Harbor keeps only their year (risk, fix).
DATE_ENTITIES = frozenset({"DATE", "DATE_OF_BIRTH"})


@dataclass(frozen=True)
class ColumnProfile:
    """What one pass over a column tells; ``sample`` holds raw values and never leaves the process."""

    dataset: str
    column: str
    dtype: str
    rows: int
    nulls: int
    distinct: int
    min_length: int | None = None
    max_length: int | None = None
    mean_length: float | None = None
    sample: tuple[str, ...] = ()
    sample_complete: bool = False  # the sample holds every distinct value of the column
    # With a complete sample: the rows holding each sampled value (same order), when known.
    sample_rows: tuple[int, ...] = ()
    # Empty strings and missing-value markers (`NA`, `N/A`, `unknown`): how many exports write
    # a missing value. They are not nulls in the report, but a share of values that hold an
    # entity leaves them out.
    blanks: int = 0

    @property
    def non_null(self) -> int:
        return self.rows - self.nulls

    @property
    def filled(self) -> int:
        """Values that hold something: neither null nor blank."""
        return self.rows - self.nulls - self.blanks


@dataclass(frozen=True)
class Detection:
    """One entity found in one column, with the signals that fired (no values)."""

    column: str
    entity: str
    category: str
    score: float
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "score": round(self.score, 2), "evidence": list(self.evidence)}


@dataclass(frozen=True)
class ColumnFinding:
    """A column with everything detected in it; ``category`` is ``none`` when nothing was."""

    column: str
    dtype: str
    category: str
    detections: tuple[Detection, ...] = ()
    examples: tuple[str, ...] = ()  # masked examples, only filled on --show-examples

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(d.entity for d in self.detections)

    def has(self, entity: str) -> bool:
        return entity in self.entities

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.column,
            "dtype": self.dtype,
            "category": self.category,
            "entities": [d.to_json() for d in self.detections],
        }
        if self.examples:
            out["examples"] = list(self.examples)
        return out


@dataclass(frozen=True)
class RiskReport:
    """Re-identification metrics of one dataset; ``metrics`` is the JSON ``risk`` block."""

    quasi_identifiers: tuple[str, ...] = ()
    k_min: int | None = None
    unique_share: float | None = None
    persons: int | None = None
    persons_by_category: dict[str, int] = field(default_factory=dict)
    genotype_columns: int = 0
    metrics: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "quasi_identifiers": list(self.quasi_identifiers),
            "k_min": self.k_min,
            "unique_share": self.unique_share,
            "genotype_columns": self.genotype_columns,
            "persons_by_category": dict(sorted(self.persons_by_category.items())),
        }
        out.update(self.metrics)
        return out


@dataclass(frozen=True)
class Violation:
    """A rule of a policy that fired on a dataset (and column, when the rule is about one)."""

    rule_id: str
    severity: str
    dataset: str
    column: str | None
    message: str
    remediation: str = ""
    citation: str = ""
    policy: str = ""

    def sort_key(self) -> tuple:
        return (self.dataset, SEVERITY_ORDER.index(self.severity), self.rule_id, self.column or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "policy": self.policy,
            "severity": self.severity,
            "dataset": self.dataset,
            "column": self.column,
            "message": self.message,
            "remediation": self.remediation,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class DatasetReport:
    """One file (or partitioned directory) as scanned: its columns, risk and notes."""

    path: str
    format: str
    rows: int
    columns: tuple[ColumnFinding, ...]
    risk: RiskReport | None = None
    notes: tuple[str, ...] = ()

    @property
    def persons(self) -> int | None:
        return self.risk.persons if self.risk else None

    def column(self, name: str) -> ColumnFinding:
        for finding in self.columns:
            if finding.column == name:
                return finding
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "format": self.format,
            "rows": self.rows,
            "persons": self.persons,
            "columns": [c.to_json() for c in self.columns],
            "risk": self.risk.to_json() if self.risk else None,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def decision_for(violations: list[Violation] | tuple[Violation, ...]) -> str:
    """The sharing decision a set of violations amounts to."""
    severities = {v.severity for v in violations}
    if "error" in severities:
        return "blocked"
    if "warning" in severities:
        return "allowed_with_conditions"
    return "allowed"


@dataclass(frozen=True)
class Report:
    """The whole scan: every dataset, every violation, and what was waived."""

    tool_version: str
    policies: tuple[str, ...]
    destination: str | None
    datasets: tuple[DatasetReport, ...]
    violations: tuple[Violation, ...]
    waived: tuple[Violation, ...] = ()
    notes: tuple[str, ...] = ()
    baselined: tuple[Violation, ...] = ()  # accepted earlier (--baseline): not in the verdict
    engine: str = "local"  # "spark": computed by minlint.engines.spark (named in the JSON)

    @property
    def verdict(self) -> str:
        """``fail`` when any error remains, ``warn`` for warnings only, else ``pass``."""
        return {"blocked": "fail", "allowed_with_conditions": "warn", "allowed": "pass"}[
            decision_for(self.violations)
        ]

    def violations_for(self, dataset: str) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.dataset == dataset)

    def violations_across_datasets(self) -> tuple[Violation, ...]:
        """Violations of rules judged on the datasets added up (`3 datasets together`)."""
        paths = {d.path for d in self.datasets}
        return tuple(v for v in self.violations if v.dataset not in paths)

    def to_json(self) -> dict[str, Any]:
        datasets = []
        for dataset in self.datasets:
            entry = dataset.to_json()
            entry["decision"] = decision_for(self.violations_for(dataset.path))
            datasets.append(entry)
        out: dict[str, Any] = {
            "version": "1",
            "tool": {"name": "minlint", "version": self.tool_version},
            "policy": ",".join(self.policies),
            "policies": list(self.policies),
            "destination": self.destination,
            "verdict": self.verdict,
            "datasets": datasets,
            "violations": [v.to_json() for v in self.violations],
            "waived": [v.to_json() for v in self.waived],
            "baselined": [v.to_json() for v in self.baselined],
            "notes": list(self.notes),
        }
        if self.engine != "local":
            # The local JSON stays as it always was; another engine says which it was.
            out["engine"] = self.engine
        return out
