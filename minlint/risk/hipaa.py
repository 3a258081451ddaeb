"""HIPAA Safe Harbor checks over all rows (45 CFR 164.514(b)(2)(i)(B), (C)): ZIP codes, the
restricted ZIP3 areas, dates finer than the year, and ages over 89 or birth years implying
them; names and counts only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from minlint import clock
from minlint.execution import collect
from minlint.model import DATE_ENTITIES, ColumnFinding
from minlint.risk.roles import OVER_89, QUASI, _age_expr, _has_any, _share
from minlint.risk.scalars import RiskAggregates, _aggregated, _Scalar

_RESTRICTED_ZIP3_FILE = Path(__file__).parent.parent / "data" / "restricted_zip3.yaml"


@lru_cache(maxsize=1)
def restricted_zip3_list() -> frozenset[str]:
    """The default restricted ZIP3 prefixes (2000 Census, HHS guidance of Nov 2012), from data."""
    document = yaml.safe_load(_RESTRICTED_ZIP3_FILE.read_text(encoding="utf-8"))
    return frozenset(str(prefix).zfill(3) for prefix in document["prefixes"])


def restricted_zip3_source() -> str:
    """Where the default restricted ZIP3 list comes from (for reports and ``explain``)."""
    document = yaml.safe_load(_RESTRICTED_ZIP3_FILE.read_text(encoding="utf-8"))
    return " ".join(str(document["source"]).split())


def _zip3_numbers(aggregates: RiskAggregates, columns: list[str]) -> dict[str, bool]:
    """First pass for integer ZIP columns: does the column maximum stay within 999?"""
    parts = aggregates.partials(lambda batch: batch.select(pl.col(c).max() for c in columns).row(0, named=True), columns)
    maxima = {c: max((p[c] for p in parts if p[c] is not None), default=None) for c in columns}
    return {c: maxima[c] is not None and maxima[c] <= 999 for c in columns}


def _holds_zip3_numbers(col: pl.Expr, known: bool | None) -> pl.Expr:
    """Integer ZIPs lose their leading zeros; a column that never exceeds 999 holds ZIP3s
    (5-digit ZIPs below 1000 exist only in 005xx, Holtsville NY). ``known``: the answer from a
    first pass (engines that see rows in batches), else measured over the whole column."""
    return pl.lit(known) if known is not None else col.max() <= 999


def _zip3_expr(column: str, dtype: pl.DataType, known: bool | None = None) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_integer():
        prefix = pl.when(_holds_zip3_numbers(col, known)).then(col).otherwise(col // 100)
        return prefix.cast(pl.String).str.zfill(3)
    return col.cast(pl.String).str.slice(0, 3)


def _is_zip5_expr(column: str, dtype: pl.DataType, known: bool | None) -> pl.Expr:
    """Per row: a ZIP5 (or ZIP+4); null for null. Its mean is the column's ZIP5 share."""
    col = pl.col(column)
    if dtype.is_integer():
        return pl.when(_holds_zip3_numbers(col, known)).then(pl.lit(False)).otherwise(col.is_between(0, 99999))
    return col.cast(pl.String).str.contains(r"^\s*\d{5}(?:-\d{4})?\s*$")


def _finer_than_year_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.Date:
        return col.dt.ordinal_day() != 1
    if dtype == pl.Datetime:
        return col != col.dt.truncate("1y")
    if dtype.is_numeric():
        return pl.lit(False)  # a number in a date column is a year (or a count), never finer
    text = col.cast(pl.String).str.strip_chars()
    # A bare year, or 1 January at midnight, is year precision; anything else is finer.
    year_only = text.str.contains(r"^\d{4}$|^\d{4}-01-01(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
    return text.is_not_null() & ~year_only


def birth_year_cutoff(today: date) -> int:
    """Birth years up to this one may mean an age over 89 today: someone born 90 years ago is
    89 or 90. Such years are "elements of dates indicative of such age" (45 CFR
    164.514(b)(2)(i)(C)), even when only the year is left."""
    return today.year - (OVER_89 + 1)


def birth_year_of(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The year of a birth date ``value`` of type ``dtype``: Date/Datetime by calendar, text by
    its four-digit year (or yyyymmdd), an integer as a year (or yyyymmdd). Null where none can
    be read. ``minlint fix`` checks its own output with it, as the scan will."""
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return value.dt.year().cast(pl.Int64)
    if dtype.is_integer():
        number = value.cast(pl.Int64)
        return pl.when(number.is_between(1000, 9999)).then(number).when(
            number.is_between(1000_01_01, 9999_12_31)).then(number // 10_000)
    if dtype.is_numeric():
        return pl.lit(None, dtype=pl.Int64)
    text = value.cast(pl.String).str.strip_chars()
    year = pl.coalesce(text.str.extract(r"^(\d{4})\d{4}$", 1), text.str.extract(r"(?:^|\D)(\d{4})(?:\D|$)", 1))
    return year.cast(pl.Int64, strict=False)


@dataclass(frozen=True)
class _HipaaPlan:
    """The one-pass scalars of the Safe Harbor checks and the columns each check covers."""

    exprs: dict[str, _Scalar]
    zips: list[str]
    dates: list[str]
    ages: list[str]
    births: list[str]  # DATE_OF_BIRTH columns: their years may imply an age over 89
    birth_cutoff: int


def _hipaa_columns(
    schema: pl.Schema, findings: Sequence[ColumnFinding]
) -> tuple[list[str], list[str], list[str], list[str]]:
    zips = [f.column for f in findings if f.has("POSTAL_CODE") and f.column in schema]
    dates = [
        f.column for f in findings
        if f.column in schema and f.category == QUASI
        and (_has_any(f, DATE_ENTITIES) or schema[f.column] in (pl.Date, pl.Datetime))
    ]
    ages = [f.column for f in findings if f.has("AGE") and f.column in schema]
    births = [f.column for f in findings if f.has("DATE_OF_BIRTH") and f.column in schema and f.column not in ages]
    return zips, dates, ages, births


def integer_zip_columns(schema: pl.Schema, findings: Sequence[ColumnFinding]) -> list[str]:
    """POSTAL_CODE columns read as integers: whether they hold ZIP3s needs the column maximum."""
    return [c for c in _hipaa_columns(schema, findings)[0] if schema[c].is_integer()]


def _hipaa_plan(
    schema: pl.Schema,
    findings: Sequence[ColumnFinding],
    restricted: frozenset[str],
    today: date,
    zip3_numbers: dict[str, bool] | None = None,
) -> _HipaaPlan:
    zips, dates, ages, births = _hipaa_columns(schema, findings)
    cutoff = birth_year_cutoff(today)
    known = zip3_numbers or {}
    exprs: dict[str, _Scalar] = {}
    prefixes = sorted(restricted)
    for column in zips:
        exprs[f"zip5:{column}"] = ("mean", _is_zip5_expr(column, schema[column], known.get(column)))
        exprs[f"zip3:{column}"] = ("any", _zip3_expr(column, schema[column], known.get(column)).is_in(prefixes))
    exprs["restricted_zip3_rows"] = (
        ("sum", pl.any_horizontal(
            [_zip3_expr(c, schema[c], known.get(c)).is_in(prefixes).fill_null(False) for c in zips]
        ))
        if zips else ("sum", pl.lit(0))
    )
    for column in dates:
        exprs[f"finer:{column}"] = ("any", _finer_than_year_expr(column, schema[column]))
    over_89 = {c: _age_expr(c, schema[c]) > OVER_89 for c in ages}
    over_89 |= {c: birth_year_of(pl.col(c), schema[c]) <= cutoff for c in births}
    for column, over in over_89.items():
        exprs[f"over89:{column}"] = ("any", over)
    exprs["ages_over_89_rows"] = (
        ("sum", pl.any_horizontal([over.fill_null(False) for over in over_89.values()]))
        if over_89 else ("sum", pl.lit(0))
    )
    return _HipaaPlan(exprs, zips, dates, ages, births, cutoff)


def _hipaa_result(measured: dict[str, Any], plan: _HipaaPlan, restricted: frozenset[str]) -> dict[str, Any]:
    zip5_share = {c: _share(measured[f"zip5:{c}"] or 0.0) for c in sorted(plan.zips)}
    return {
        "zip5_columns": [c for c in sorted(plan.zips) if zip5_share[c]],
        "zip5_share": zip5_share,
        "restricted_zip3_columns": sorted(c for c in plan.zips if measured[f"zip3:{c}"]),
        "restricted_zip3_rows": int(measured["restricted_zip3_rows"] or 0),
        "restricted_zip3_prefixes": len(restricted),
        "dates_finer_than_year": sorted(c for c in plan.dates if measured[f"finer:{c}"]),
        "ages_over_89_columns": sorted(c for c in plan.ages + plan.births if measured[f"over89:{c}"]),
        "ages_over_89_rows": int(measured["ages_over_89_rows"] or 0),
        "birth_years_over_89_up_to": plan.birth_cutoff,
    }


def hipaa_findings(
    frame: pl.LazyFrame,
    findings: tuple[ColumnFinding, ...],
    *,
    restricted_zip3: frozenset[str] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Safe Harbor checks (45 CFR 164.514(b)(2)(i)(B), (C)) over all rows; names and counts only.

    ``zip5_columns``            POSTAL_CODE columns holding 5-digit ZIPs (``zip5_share``: share
                                of non-null values that are ZIP5 or ZIP+4, per POSTAL_CODE column)
    ``restricted_zip3_rows``    rows whose ZIP starts with a restricted prefix (population
                                <= 20,000; ``restricted_zip3_prefixes`` says how many are listed;
                                ``restricted_zip3_columns`` the POSTAL_CODE columns holding one)
    ``dates_finer_than_year``   quasi-identifier date columns with any value other than a bare
                                year or 1 January (Date/Datetime or text)
    ``ages_over_89_columns``    AGE columns with a value over 89, and DATE_OF_BIRTH columns with
                                a birth year up to ``birth_years_over_89_up_to`` (``today``'s year
                                minus 90: an age over 89 now); ``ages_over_89_rows`` rows
    """
    restricted = restricted_zip3_list() if restricted_zip3 is None else frozenset(restricted_zip3)
    plan = _hipaa_plan(frame.collect_schema(), findings, restricted, today or clock.today())
    measured = collect(frame.select(_aggregated(plan.exprs))).row(0, named=True)
    return _hipaa_result(measured, plan, restricted)
