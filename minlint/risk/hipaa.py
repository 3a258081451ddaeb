"""HIPAA Safe Harbor checks over all rows (45 CFR 164.514(b)(2)(i)(B), (C)): ZIP codes, the
restricted ZIP3 areas, dates finer than the year and ages over 89; names and counts only."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

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


def _hipaa_columns(
    schema: pl.Schema, findings: Sequence[ColumnFinding]
) -> tuple[list[str], list[str], list[str]]:
    zips = [f.column for f in findings if f.has("POSTAL_CODE") and f.column in schema]
    dates = [
        f.column for f in findings
        if f.column in schema and f.category == QUASI
        and (_has_any(f, DATE_ENTITIES) or schema[f.column] in (pl.Date, pl.Datetime))
    ]
    ages = [f.column for f in findings if f.has("AGE") and f.column in schema]
    return zips, dates, ages


def integer_zip_columns(schema: pl.Schema, findings: Sequence[ColumnFinding]) -> list[str]:
    """POSTAL_CODE columns read as integers: whether they hold ZIP3s needs the column maximum."""
    return [c for c in _hipaa_columns(schema, findings)[0] if schema[c].is_integer()]


def _hipaa_plan(
    schema: pl.Schema,
    findings: Sequence[ColumnFinding],
    restricted: frozenset[str],
    zip3_numbers: dict[str, bool] | None = None,
) -> tuple[dict[str, _Scalar], list[str], list[str], list[str]]:
    zips, dates, ages = _hipaa_columns(schema, findings)
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
    for column in ages:
        exprs[f"over89:{column}"] = ("any", _age_expr(column, schema[column]) > OVER_89)
    exprs["ages_over_89_rows"] = (
        ("sum", pl.any_horizontal([(_age_expr(c, schema[c]) > OVER_89).fill_null(False) for c in ages]))
        if ages else ("sum", pl.lit(0))
    )
    return exprs, zips, dates, ages


def _hipaa_result(measured: dict[str, Any], zips: list[str], dates: list[str], ages: list[str],
                  restricted: frozenset[str]) -> dict[str, Any]:
    zip5_share = {c: _share(measured[f"zip5:{c}"] or 0.0) for c in sorted(zips)}
    return {
        "zip5_columns": [c for c in sorted(zips) if zip5_share[c]],
        "zip5_share": zip5_share,
        "restricted_zip3_columns": sorted(c for c in zips if measured[f"zip3:{c}"]),
        "restricted_zip3_rows": int(measured["restricted_zip3_rows"] or 0),
        "restricted_zip3_prefixes": len(restricted),
        "dates_finer_than_year": sorted(c for c in dates if measured[f"finer:{c}"]),
        "ages_over_89_columns": sorted(c for c in ages if measured[f"over89:{c}"]),
        "ages_over_89_rows": int(measured["ages_over_89_rows"] or 0),
    }


def hipaa_findings(
    frame: pl.LazyFrame,
    findings: tuple[ColumnFinding, ...],
    *,
    restricted_zip3: frozenset[str] | None = None,
) -> dict[str, Any]:
    """Safe Harbor checks (45 CFR 164.514(b)(2)(i)(B), (C)) over all rows; names and counts only.

    ``zip5_columns``            POSTAL_CODE columns holding 5-digit ZIPs (``zip5_share``: share
                                of non-null values that are ZIP5 or ZIP+4, per POSTAL_CODE column)
    ``restricted_zip3_rows``    rows whose ZIP starts with a restricted prefix (population
                                <= 20,000; ``restricted_zip3_prefixes`` says how many are listed;
                                ``restricted_zip3_columns`` the POSTAL_CODE columns holding one)
    ``dates_finer_than_year``   quasi-identifier date columns with any value other than a bare
                                year or 1 January (Date/Datetime or text)
    ``ages_over_89_columns``    AGE columns with a value over 89; ``ages_over_89_rows`` rows
    """
    restricted = restricted_zip3_list() if restricted_zip3 is None else frozenset(restricted_zip3)
    exprs, zips, dates, ages = _hipaa_plan(frame.collect_schema(), findings, restricted)
    measured = collect(frame.select(_aggregated(exprs))).row(0, named=True)
    return _hipaa_result(measured, zips, dates, ages, restricted)
