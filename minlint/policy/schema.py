"""The policy file format: pydantic models, validated strictly (unknown keys are errors).

A policy is data: rules say *when* they fire (a ``when`` condition over the detect and risk
results, the destination and the policy's parameters) and *what* to say (message, citation,
remediation). The engine (``minlint.policy.engine``) interprets the conditions; nothing here
knows a regulation. The JSON Schema in ``minlint/schemas/policy.schema.json`` is generated from
these models by ``policy_json_schema()`` and kept in sync by a test.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from minlint.model import PERSONS_CATEGORIES

Category = Literal["direct_identifier", "quasi_identifier", "genomic", "health", "sensitive", "none"]
# The keys of RiskReport.persons_by_category (28 CFR 202.205 categories), plus ``all`` for the
# distinct persons of the whole dataset (RiskReport.persons).
PersonsCategory = Literal[PERSONS_CATEGORIES + ("all",)]
# Safe Harbor checks the risk stage measures over every row (RiskReport.metrics["hipaa"]).
HipaaFlag = Literal["zip5", "restricted_zip3", "dates_finer_than_year", "ages_over_89"]

REFERENCE_PATTERN = r"^\$[a-z_][a-z0-9_]*(\.[a-z0-9_]+)?$"
Reference = str  # "$name" or "$name.key": a value from the policy's parameters
RULE_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
POLICY_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# What a message or remediation template may name, besides the policy's parameters.
PLACEHOLDERS = frozenset(
    {
        "policy", "rule", "dataset", "column", "columns", "entity", "category", "destination",
        "persons", "threshold", "k_min", "k", "unique_share", "genotype_columns", "snps_per_person", "origin",
        "quasi_identifiers",
    }
)

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "policy.schema.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("$")


IntOrRef = Union[int, str]
FloatOrRef = Union[float, str]


def _check_reference(value: Any) -> Any:
    if isinstance(value, str) and not re.match(REFERENCE_PATTERN, value):
        raise ValueError(f"{value!r} is neither a number nor a $parameter reference")
    return value


class RiskCondition(_Strict):
    """Comparisons with the risk stage's results; every one given must hold.

    Without a risk report (risk stage skipped) a rule with a risk condition does not fire,
    except that a ``hipaa`` flag falls back to ``hipaa_unmeasured_dtypes`` when that is given.
    """

    k_min_below: IntOrRef | None = Field(None, description="Smallest equivalence class is below this k.")
    unique_share_above: FloatOrRef | None = Field(None, description="Share of unique rows above this.")
    genotype_columns_at_least: IntOrRef | None = Field(None, description="At least this many genotype columns.")
    snps_per_person_at_least: IntOrRef | None = Field(
        None,
        description="At least this many SNP genotypes per person: genotype columns of a matrix, "
        "variant rows of a VCF or a one-person raw-data file.",
    )
    persons_above: dict[PersonsCategory, IntOrRef] | str | None = Field(
        None,
        description="Distinct persons of any listed category above its number (any one suffices); "
        "or a $parameter holding such a mapping.",
    )
    combined_persons_above: dict[PersonsCategory, IntOrRef] | str | None = Field(
        None,
        description="Persons of the dataset above the lowest number among the listed categories present "
        "(28 CFR 202.205: combined data is bulk at the lowest applicable threshold).",
    )
    across_datasets: bool = Field(
        False,
        description="Also judge the persons of all datasets of one scan added up, when no dataset alone "
        "crosses (28 CFR 202.205: aggregated across transactions with the same counterparty).",
    )
    hipaa: HipaaFlag | None = Field(None, description="A Safe Harbor check of the risk stage that fails.")
    hipaa_unmeasured_dtypes: list[str] | None = Field(
        None,
        description="When the hipaa flag was not measured: columns of these dtypes match instead "
        "('*' = any). Without it the rule needs the measurement.",
    )

    @field_validator("k_min_below", "unique_share_above", "genotype_columns_at_least", "snps_per_person_at_least")
    @classmethod
    def _check_number(cls, value: Any) -> Any:
        return _check_reference(value)

    @field_validator("persons_above", "combined_persons_above")
    @classmethod
    def _check_thresholds(cls, value: dict | str | None) -> dict | str | None:
        if isinstance(value, str):
            return _check_reference(value)
        for threshold in (value or {}).values():
            _check_reference(threshold)
        return value


class Condition(_Strict):
    """When a rule fires. All parts given must hold; list parts match any of their items."""

    entities: list[str] = Field(default_factory=list, description="Columns with any of these entities.")
    categories: list[Category] = Field(default_factory=list, description="Columns of any of these categories.")
    dtypes: list[str] = Field(default_factory=list, description="Only columns of these dtypes (e.g. String, Date).")
    with_detection_categories: list[Category] = Field(
        default_factory=list, description="Only columns that also carry a detection of these categories."
    )
    scope: Literal["column", "dataset"] | None = Field(
        None,
        description="column: one violation per matching column; dataset: one per dataset with a "
        "matching column. Default: column when entities/categories are given, else dataset.",
    )
    without_categories: list[Category] = Field(
        default_factory=list, description="The dataset has no column of these categories."
    )
    destinations: list[str] = Field(
        default_factory=list, description="The destination is one of these ISO codes or $sets."
    )
    destinations_not_in: list[str] = Field(
        default_factory=list, description="The destination is in none of these ISO codes or $sets."
    )
    parameter_in: dict[str, list[str]] = Field(
        default_factory=dict, description="A parameter's value is one of these (e.g. origin: [CN])."
    )
    requires_parameter: str | None = Field(
        None, description="Fires when this parameter is not confirmed (unset, false or empty)."
    )
    risk: RiskCondition | None = None

    @property
    def selects_columns(self) -> bool:
        return bool(self.entities or self.categories)

    @property
    def per_column(self) -> bool:
        return self.scope == "column" if self.scope else self.selects_columns

    @property
    def about_destination(self) -> bool:
        return bool(self.destinations or self.destinations_not_in)

    @model_validator(mode="after")
    def _column_scope_needs_columns(self) -> "Condition":
        if self.scope == "column" and not self.selects_columns:
            raise ValueError("scope 'column' needs entities or categories")
        return self


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN, description="Stable id, e.g. HIPAA-SH-SSN.")
    title: str = Field(min_length=1)
    severity: Literal["error", "warning", "note"]
    citation: str = Field(min_length=1, description="The legal text the rule implements.")
    reference: str = Field("", description="Section of docs/policy-reference.md the rule rests on.")
    message: str = Field(min_length=1, description="Template: {column}, {dataset}, {entity}, {persons}, {threshold}, ...")
    remediation: str = Field(min_length=1)
    when: Condition
    superseded_by: list[str] = Field(
        default_factory=list, description="Rule ids that, when they fire on the same dataset, replace this one."
    )
    enabled: bool = True

    @field_validator("message", "remediation")
    @classmethod
    def _one_paragraph(cls, text: str) -> str:
        return " ".join(text.split())


class RuleOverride(_Strict):
    """Changes to an inherited rule (``extends``), by id."""

    severity: Literal["error", "warning", "note"] | None = None
    enabled: bool | None = None
    message: str | None = None
    remediation: str | None = None


class Source(_Strict):
    citation: str = Field(min_length=1)
    title: str = ""
    url: str = ""


class Applicability(_Strict):
    """A policy that applies only to some data (e.g. PIPL: data originating in China)."""

    parameter_in: dict[str, list[str]]
    note: str = Field(min_length=1, description="Note when the policy does not apply.")


class Policy(_Strict):
    name: str = Field(pattern=POLICY_NAME_PATTERN)
    description: str = ""
    version: str = "1"
    extends: str | None = Field(None, description="Built-in policy name or path; rules merged by id.")
    sources: list[Source] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    applies_when: Applicability | None = None
    rules: list[Rule] = Field(default_factory=list)
    overrides: dict[str, RuleOverride] = Field(default_factory=dict)

    @field_validator("description")
    @classmethod
    def _one_paragraph(cls, text: str) -> str:
        return " ".join(text.split())

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def active_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)


def template_fields(template: str) -> list[str]:
    """The placeholder names a str.format template uses ("{persons}" -> "persons")."""
    return [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]


def references(value: Any) -> list[str]:
    """Every "$name" reference in a condition value (nested lists/dicts)."""
    if _is_reference(value):
        return [value]
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in references(item)]
    if isinstance(value, (list, tuple)):
        return [ref for item in value for ref in references(item)]
    return []


def policy_json_schema() -> dict[str, Any]:
    """JSON Schema of a policy file, from the pydantic models."""
    schema = Policy.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/minlint/minlint/schemas/policy.schema.json"
    schema["title"] = "minlint policy"
    return schema


def policy_json_schema_text() -> str:
    return json.dumps(policy_json_schema(), indent=2, sort_keys=True) + "\n"


def write_policy_json_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate minlint/schemas/policy.schema.json (run after changing the models)."""
    path.write_text(policy_json_schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_policy_json_schema())
