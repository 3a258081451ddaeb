"""The risk stage over one dataset (``assess``), from the other modules' passes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from minlint import clock
from minlint.errors import ConfigError
from minlint.execution import collect, is_streaming
from minlint.model import ColumnFinding, RiskReport
from minlint.risk.classes import (
    _NO_CLASSES,
    ClassCodes,
    _bucketed_lowest_l,
    _class_key,
    _hints,
    _histogram,
    _histogram_query,
    _plan,
    class_codes,
    class_groupings,
    class_metrics,
    class_value_exprs,
    class_values,
)
from minlint.risk.hipaa import (
    _hipaa_plan,
    _hipaa_result,
    _zip3_numbers,
    integer_zip_columns,
    restricted_zip3_list,
)
from minlint.risk.persons import (
    _category_columns,
    _genomic_linkage,
    _genotypes_per_person_columns,
    _keyed_persons,
    _omic_feature_column,
    _persons_by_category,
    _persons_scalars,
    _presence,
    _variant_id_column,
    persons_in_long_table,
)
from minlint.risk.roles import (
    _DECIMALS,
    DEFAULT_K,
    MAX_L_DIVERSITY_COLUMNS,
    SNPS_THAT_IDENTIFY,
    _check_columns,
    _sensitive_columns,
    discover_quasi_identifiers,
    find_person_key,
)
from minlint.risk.scalars import RiskAggregates, _aggregated, _merged_scalars, _settled
from minlint.risk.streamed import StreamedAggregates


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_json(v) for v in value]
    if isinstance(value, float):
        return round(value, _DECIMALS)
    return value


def _quasi_identifiers(
    findings: Sequence[ColumnFinding], override: list[str] | None, schema: pl.Schema
) -> tuple[list[str], str]:
    if override is None:
        return [c for c in discover_quasi_identifiers(findings) if c in schema], "discovered"
    chosen = list(dict.fromkeys(c.strip() for c in override if c.strip()))
    _check_columns("quasi_identifiers", chosen, schema)
    return chosen, "configured"


def assess(
    frame: pl.LazyFrame,
    findings: tuple[ColumnFinding, ...],
    *,
    quasi_identifiers: list[str] | None = None,
    k: int = DEFAULT_K,
    restricted_zip3: frozenset[str] | None = None,
    person_key: str | None = None,
    sample_columns: tuple[str, ...] = (),
    aggregates: RiskAggregates | None = None,
    never_null: frozenset[str] = frozenset(),
    today: date | None = None,
) -> RiskReport:
    """Measure how re-identifiable a dataset is from its columns' findings (all rows, exact).

    ``quasi_identifiers`` overrides the discovered QI set (unknown column: ConfigError);
    ``person_key`` overrides the discovered person column; ``sample_columns`` names a VCF's
    per-sample genotype columns, whose count is the number of genomic persons.
    ``never_null`` names columns the profile found without nulls (their presence needs no read).
    ``today`` dates the birth years that mean an age over 89 (default ``clock.today()``).
    ``aggregates`` runs the passes on another engine (Spark) that returns only partials and
    group-by results; by default polars runs them on ``frame`` (streaming when
    ``minlint.execution`` says so), and ``frame`` then only gives the schema.
    """
    if k < 1:
        raise ConfigError(f"k: must be at least 1, got {k}")
    schema = frame.collect_schema()
    qi, qi_source = _quasi_identifiers(findings, quasi_identifiers, schema)
    if person_key is not None:
        _check_columns("person_key", [person_key], schema)
    key = person_key if person_key is not None else find_person_key(findings)
    if key is not None and key not in schema:
        key = None
    restricted = restricted_zip3_list() if restricted_zip3 is None else frozenset(restricted_zip3)

    categories = _category_columns([f for f in findings if f.column in schema], key)
    sensitive_all = [
        s for s in _sensitive_columns(findings, set(qi) | ({key} if key else set())) if s in schema
    ]
    sensitive = sensitive_all[:MAX_L_DIVERSITY_COLUMNS]
    plan = _plan(schema, findings, qi) if qi else None
    if aggregates is None and is_streaming():
        # Larger than the memory budget: the passes Spark runs, here in bounded batches and
        # hash buckets (one query over the whole dataset would hold its columns or a table
        # of every class and person at once).
        aggregates = StreamedAggregates(frame)
    zip3_numbers = None
    if aggregates is not None and integer_zip_columns(schema, findings):
        zip3_numbers = _zip3_numbers(aggregates, integer_zip_columns(schema, findings))

    # One pass for every scalar: HIPAA checks and persons per category.
    hipaa_plan = _hipaa_plan(schema, findings, restricted, today or clock.today(), zip3_numbers)
    scalar_exprs = {f"hipaa:{n}": e for n, e in hipaa_plan.exprs.items()}
    presence = _presence(categories, never_null, [f for f in findings if f.column in schema])
    scalar_exprs |= _persons_scalars(presence, key)
    scalar_exprs["rows"] = ("len", pl.lit(1))
    person_columns = _genotypes_per_person_columns(findings, sample_columns, key)
    variant_column = None if sample_columns else _variant_id_column(findings, person_columns)
    if variant_column is not None:
        scalar_exprs["variants"] = ("distinct", pl.col(variant_column))
    feature_column = _omic_feature_column(findings, key)
    if feature_column is not None:
        scalar_exprs["features"] = ("distinct", pl.col(feature_column))
    histograms: list[dict[int, int]] = []
    coded: ClassCodes | None = None  # decoded data: the classes as integer codes
    if aggregates is not None:
        measured = _merged_scalars(aggregates, scalar_exprs, schema)
        if plan is not None:
            histograms = aggregates.histograms(lambda rows: class_values(rows, plan, sensitive), class_groupings(plan))
    elif plan is None:
        measured = _settled(frame, scalar_exprs, collect(frame.select(_aggregated(scalar_exprs))).row(0, named=True))
    else:
        # Sensitive values are read only if l-diversity needs them (k >= 2).
        buckets = 1
        measured = _settled(frame, scalar_exprs, collect(frame.select(_aggregated(scalar_exprs))).row(0, named=True))
        coded = class_codes(frame, class_groupings(plan), class_value_exprs(frame, plan))
        values = class_values(frame, plan, sensitive)
        if coded is not None:
            histograms = coded.histograms(class_groupings(plan))
        else:
            # The data is decoded already; one class table at a time keeps the peak to one
            # table (five at once cost about 500 MiB more on 2,000,000 rows).
            histograms = [_histogram(collect(_histogram_query(values, g))) for g in class_groupings(plan)]
    hipaa = _hipaa_result({n[6:]: v for n, v in measured.items() if n.startswith("hipaa:")}, hipaa_plan, restricted)

    if aggregates is not None:
        # Batches and Spark partitions merge no distinct count: one keyed count of the ids.
        for name, column in (("variants", variant_column), ("features", feature_column)):
            if column is not None:
                measured[name], _ = _keyed_persons(aggregates, {"row": pl.lit(True)}, column)
    if aggregates is not None and key is not None:
        measured["persons"], persons_by_category = _keyed_persons(aggregates, presence, key)
    else:
        persons_by_category = _persons_by_category(frame, presence, key, measured)
    # Rows count as persons only when something in them is about a person (a retail table of
    # SKUs has rows, not persons).
    about_persons = bool(categories or key or qi or sample_columns)
    persons = int(measured["persons"]) if about_persons else None
    if person_columns:
        # Rows are variants (a VCF, a 23andMe raw-data file): each genotype column is a person,
        # or (a long table) each repetition of the variants.
        genomic_persons = persons_in_long_table(int(measured["rows"]), measured.get("variants"), person_columns)
        persons_by_category["human_genomic"] = genomic_persons
        if key is None:
            persons = genomic_persons

    if feature_column is not None and "human_omic_other" in persons_by_category:
        # A long 'omic table: each repetition of the feature ids is a sample.
        omic_persons = persons_in_long_table(int(measured["rows"]), measured.get("features"), ())
        persons_by_category["human_omic_other"] = omic_persons
        if not person_columns:
            persons = omic_persons

    metrics: dict[str, Any] = {"k": k, "rows": int(measured["rows"])}
    if plan is None:
        classes, hints = dict(_NO_CLASSES), []
    else:
        classes = class_metrics(histograms[0], k)
        hints = _hints(plan, histograms[1:]) if classes["k_min"] is not None else []
    if classes["k_min"] == 1:
        # A class of one row holds one value of every column: l = 1 exactly, nothing to count.
        classes["l_diversity"] = {s: 1 for s in sensitive}
    elif classes["k_min"] is not None and sensitive:
        names = class_groupings(plan)[0]
        if aggregates is None:
            if coded is not None:
                values, names = coded.with_kept(frame, names, sensitive), [_class_key(0)]
            lowest = _bucketed_lowest_l(values, names, sensitive, buckets)
        else:
            lowest = aggregates.lowest_l(names, sensitive)
        classes["l_diversity"] = {s: int(lowest[s]) for s in sensitive}
    l_values = [v for v in classes["l_diversity"].values()]
    linkage = _genomic_linkage(findings)
    # >= 30 independent SNPs single a person out: per person that is the genotype columns of a
    # matrix (persons in rows), or the variant rows of a VCF (persons in columns).
    snps_per_person = (
        int(measured.get("variants") or metrics["rows"]) if person_columns and key is None else linkage["genotype_columns"]
    )
    metrics.update(
        classes=classes["classes"],
        unique_rows=classes["unique_rows"],
        rows_below_k_share=classes["rows_below_k_share"],
        risk_average=classes["risk_average"],
        risk_maximum=classes["risk_maximum"],
        l_diversity=classes["l_diversity"],
        l_diversity_columns=len(sensitive_all),
        l_diversity_truncated=len(sensitive_all) > MAX_L_DIVERSITY_COLUMNS,
        l_min=min(l_values) if l_values else None,
        generalisation_hints=hints,
        hipaa=hipaa,
        y_str_columns=linkage["y_str_columns"],
        hla_columns=linkage["hla_columns"],
        snps_per_person=snps_per_person if linkage["genotype_columns"] else 0,
        snp_identifying=bool(linkage["genotype_columns"]) and snps_per_person >= SNPS_THAT_IDENTIFY,
        person_key=key,
        persons_estimated=False,
        quasi_identifier_source=qi_source,
    )
    return RiskReport(
        quasi_identifiers=tuple(qi),
        k_min=classes["k_min"],
        unique_share=classes["unique_share"],
        persons=persons,
        persons_by_category=dict(sorted(persons_by_category.items())),
        genotype_columns=linkage["genotype_columns"],
        metrics=_sorted_json(metrics),
    )
