"""Distinct persons per DOJ data category (28 CFR 202.205) and the genomic linkage counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from minlint.detect.registry import SPECS_BY_ENTITY, found_only_inside_values
from minlint.detect.values import polars_regex
from minlint.execution import collect
from minlint.model import PERSONS_CATEGORIES, ColumnFinding, Detection
from minlint.risk.classes import _encodable_value
from minlint.risk.roles import (
    BIOMETRIC_ENTITIES,
    DIRECT,
    FINANCIAL_ENTITIES,
    GEOLOCATION_ENTITIES,
    KEYED_GENOMIC_ENTITIES,
    LISTED_QUASI_ENTITIES,
    OTHER_OMIC_ENTITIES,
    PERSONAL_GENOMIC_ENTITIES,
    _has_any,
    _is_genotype_column,
    names_designed_oligos,
)
from minlint.risk.scalars import RiskAggregates, _Scalar


def _keyed_persons(
    aggregates: RiskAggregates, presence: dict[str, pl.Expr], person_key: str
) -> tuple[int, dict[str, int]]:
    """Distinct persons, and per category the persons with it on any row (one group-by on the key)."""
    flags = [f"has:{c}" for c in presence]

    def values(rows: pl.LazyFrame) -> pl.LazyFrame:
        dtype = rows.collect_schema()[person_key]
        key = _encodable_value(pl.col(person_key), dtype).alias("key")
        present = [expr.alias(f"has:{c}") for c, expr in presence.items()]
        return rows.filter(pl.col(person_key).is_not_null()).select(key, *present)

    counts = aggregates.keyed_counts(values, flags)
    return counts["persons"], {c: counts[f"has:{c}"] for c in presence}


def _category_columns(findings: Sequence[ColumnFinding], person_key: str | None) -> dict[str, list[str]]:
    """Columns of each DOJ data category present (28 CFR 202.205 categories)."""
    columns: dict[str, list[str]] = {key: [] for key in PERSONS_CATEGORIES}
    listed_kinds: set[str] = set()
    for f in findings:
        if _has_any(f, PERSONAL_GENOMIC_ENTITIES) or _is_genotype_column(f) or (
            person_key and _has_any(f, KEYED_GENOMIC_ENTITIES) and not names_designed_oligos(f.column)
        ):
            columns["human_genomic"].append(f.column)
        if _has_any(f, OTHER_OMIC_ENTITIES):
            columns["human_omic_other"].append(f.column)
        if _has_any(f, BIOMETRIC_ENTITIES):
            columns["biometric"].append(f.column)
        if _has_any(f, GEOLOCATION_ENTITIES):
            columns["precise_geolocation"].append(f.column)
        if f.category == "health":
            columns["health"].append(f.column)
        if _has_any(f, FINANCIAL_ENTITIES):
            columns["financial"].append(f.column)
        if f.column == person_key:
            continue  # the key is the link between identifiers, not one of them
        kinds = {d.entity for d in f.detections if d.category == DIRECT or d.entity in LISTED_QUASI_ENTITIES}
        if kinds:
            listed_kinds |= kinds
            columns["covered_personal_identifiers"].append(f.column)
    # 28 CFR 202.234: a listed identifier counts in combination with another listed identifier
    # or with data linking them (here: a person key).
    if not (len(listed_kinds) >= 2 or (listed_kinds and person_key)):
        columns["covered_personal_identifiers"] = []
    return {key: sorted(cols) for key, cols in columns.items() if cols}


# The detections that put a column in each category (as `_category_columns` reads them).
_IN_CATEGORY: dict[str, Callable[[Detection], bool]] = {
    "human_genomic": lambda d: d.entity in PERSONAL_GENOMIC_ENTITIES | KEYED_GENOMIC_ENTITIES,
    "human_omic_other": lambda d: d.entity in OTHER_OMIC_ENTITIES,
    "biometric": lambda d: d.entity in BIOMETRIC_ENTITIES,
    "precise_geolocation": lambda d: d.entity in GEOLOCATION_ENTITIES,
    "health": lambda d: d.category == "health",
    "financial": lambda d: d.entity in FINANCIAL_ENTITIES,
    "covered_personal_identifiers": lambda d: d.category == DIRECT or d.entity in LISTED_QUASI_ENTITIES,
}


def _rows_with_found_forms(finding: ColumnFinding, category: str) -> pl.Expr | None:
    """The rows of a column where its category's entities were found inside the text, when
    that is all the column holds of them; None when every value counts.

    One card number in 20,000 notes is one person's financial data, not 20,000 persons'.
    """
    relevant = [d for d in finding.detections if _IN_CATEGORY[category](d)]
    forms = [
        SPECS_BY_ENTITY[d.entity].search for d in relevant
        if found_only_inside_values(d) and d.entity in SPECS_BY_ENTITY and SPECS_BY_ENTITY[d.entity].search
    ]
    if not relevant or len(forms) < len(relevant):
        return None
    combined = "|".join(f"(?:{polars_regex(form)})" for form in sorted(set(forms)))
    return pl.col(finding.column).cast(pl.String).str.contains(combined).fill_null(False)


def _presence(
    categories: dict[str, list[str]], never_null: frozenset[str], findings: Sequence[ColumnFinding] = ()
) -> dict[str, pl.Expr]:
    """Per category, whether a row holds any of its columns.

    A column the profile counted without a null is present in every row, and so is its
    category: the passes then need not read (decode) its values at all. A column holding the
    category only in forms found inside its text counts the rows that hold them.
    """
    by_name = {f.column: f for f in findings}
    presence = {}
    for category, columns in categories.items():
        found = {c: rows for c in columns if c in by_name and (rows := _rows_with_found_forms(by_name[c], category)) is not None}
        whole = [c for c in columns if c not in found]
        if never_null.intersection(whole):
            presence[category] = pl.repeat(True, pl.len())
        else:
            presence[category] = pl.any_horizontal([pl.col(c).is_not_null() for c in whole] + list(found.values()))
    return presence


def _persons_scalars(presence: dict[str, pl.Expr], person_key: str | None) -> dict[str, _Scalar]:
    """Scalars for the one pass: rows per category, or whether every keyed row has the category."""
    if person_key is None:
        exprs = {f"persons:{c}": ("sum", present) for c, present in presence.items()}
        return exprs | {"persons": ("len", pl.lit(1))}
    key = pl.col(person_key)
    exprs = {f"dense:{c}": ("all", present | key.is_null()) for c, present in presence.items()}
    # With one row per person (a pseudonymised export), a category's persons are its keyed rows.
    exprs |= {f"keyed:{c}": ("sum", present & key.is_not_null()) for c, present in presence.items()}
    return exprs | {"persons": ("distinct", key), "keyed_rows": ("sum", key.is_not_null())}


def _persons_by_category(
    frame: pl.LazyFrame, presence: dict[str, pl.Expr], person_key: str | None, measured: dict[str, Any]
) -> dict[str, int]:
    """Distinct persons (or rows) per category; one group-by on the key for sparse categories,
    unless each person has one row (then the keyed rows holding the category are its persons)."""
    if person_key is None:
        return {c: int(measured[f"persons:{c}"]) for c in presence}
    # Where every keyed row carries the category, its persons are all persons (no extra pass).
    counts = {c: int(measured["persons"]) for c in presence if measured[f"dense:{c}"]}
    sparse = [c for c in presence if c not in counts]
    if sparse and measured["persons"] == measured["keyed_rows"]:
        counts |= {c: int(measured[f"keyed:{c}"]) for c in sparse}
    elif sparse:
        key = pl.col(person_key)
        per_person = collect(
            frame.filter(key.is_not_null())
            .group_by(key)
            .agg(presence[c].any().alias(c) for c in sparse)
            .select(pl.col(c).sum() for c in sparse)
        ).row(0, named=True)
        counts |= {c: int(per_person[c]) for c in sparse}
    return counts


def _genotypes_per_person_columns(
    findings: Sequence[ColumnFinding], sample_columns: Sequence[str], key: str | None
) -> tuple[str, ...]:
    """Genotype columns that each hold one person's calls, with variants in rows.

    A VCF names its sample columns; a consumer raw-data file (rsid, chromosome, position,
    genotype) has no person key and locates each row's variant instead.
    """
    if sample_columns:
        return tuple(sample_columns)
    locates_variants = any(f.has("RSID") or f.has("VARIANT_POSITION") for f in findings)
    if key is not None or not locates_variants:
        return ()
    return tuple(f.column for f in findings if _is_genotype_column(f))


def _variant_id_column(findings: Sequence[ColumnFinding], person_columns: Sequence[str]) -> str | None:
    """The variant id column of a table whose genotype columns each hold one person's calls
    and whose key (if any) is unknown: its distinct count says how many persons share it."""
    if not person_columns:
        return None
    return next((f.column for f in findings if f.has("RSID") and f.column not in person_columns), None)


def _omic_feature_column(findings: Sequence[ColumnFinding], key: str | None) -> str | None:
    """The feature id column (probe, gene, assay) of a long 'omic table without a known key."""
    if key is not None:
        return None
    return next((f.column for f in findings if _has_any(f, OTHER_OMIC_ENTITIES) and f.dtype == "String"), None)


def persons_in_long_table(rows: int, variants: int | None, person_columns: Sequence[str]) -> int:
    """Persons in a table with variants in rows and no known person key.

    A consumer raw-data file lists each variant once: its genotype column is one person. A
    long table (`bcftools query` output, one row per sample and variant) repeats each variant
    once per sample, under a key named anything (`specimen`, `k1`) or none: each variant
    repeated n times on average means n persons at least (without this they counted as one,
    and 101 persons' genotypes passed to a country of concern).
    """
    repeated = -(-rows // variants) if variants else 1
    return max(len(person_columns), repeated)


def _genomic_linkage(findings: Sequence[ColumnFinding]) -> dict[str, Any]:
    genotype = sum(1 for f in findings if _is_genotype_column(f))
    return {
        "genotype_columns": genotype,
        "y_str_columns": sum(1 for f in findings if f.has("Y_STR")),
        "hla_columns": sum(1 for f in findings if f.has("HLA_ALLELE")),
    }
