"""Equivalence classes of the quasi-identifier values, on data in memory.

Every class metric derives from small aggregates of one group-by on the QI values: the
class-size histogram {size: classes} gives k, the unique and below-k shares and the
prosecutor risks exactly; the same histogram with one QI generalised gives its hint; the
fewest distinct sensitive values in a class gives l. Only these aggregates are collected, so
the streamed path (``minlint.risk.streamed``) and Spark (``minlint.engines.spark``) run the
same group-bys without sending rows to the driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from minlint.execution import collect, collect_all
from minlint.model import DATE_ENTITIES, ColumnFinding
from minlint.risk.roles import _age_expr, _check_columns, _rounded, _share

_INTEGER_LIKE = (pl.Boolean, pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32,
                 pl.Date, pl.Datetime, pl.Duration, pl.Time)


def _generalisation(
    finding: ColumnFinding | None, dtype: pl.DataType, column: str
) -> tuple[str, pl.Expr] | None:
    """How one QI column is generalised (Safe Harbor's own coarsenings), if it can be."""
    col = pl.col(column)
    entities = set(finding.entities) if finding else set()
    if "POSTAL_CODE" in entities:
        if dtype.is_integer():  # a ZIP read as a number lost its leading zeros: 2139 is 02139
            return "zip5->zip3", col // 100
        return "zip5->zip3", col.cast(pl.String).str.slice(0, 3)
    if "AGE" in entities:
        return "age->5-year band", (_age_expr(column, dtype) // 5 * 5).cast(pl.Int64, strict=False)
    if dtype in (pl.Date, pl.Datetime):
        return "date->year", col.dt.year()
    if entities & DATE_ENTITIES and dtype == pl.String:
        # Text dates: the four-digit year (ISO, dd.mm.yyyy, dd Mon yyyy all carry one).
        return "date->year", col.str.extract(r"(\d{4})", 1)
    return None  # a numeric "date" is a year already


@dataclass(frozen=True)
class _QiPlan:
    columns: tuple[str, ...]
    encodables: tuple[_Encodable, ...]
    generalised: tuple[tuple[str, str], ...]  # (column, how)


def _plan(schema: pl.Schema, findings: Sequence[ColumnFinding], qi: Sequence[str]) -> _QiPlan:
    by_column = {f.column: f for f in findings}
    encodables = [_Encodable(f"qi:{c}", pl.col(c)) for c in qi]
    generalised: list[tuple[str, str]] = []
    for column in qi:
        rule = _generalisation(by_column.get(column), schema[column], column)
        if rule is not None:
            how, expr = rule
            encodables.append(_Encodable(f"gen:{column}", expr))
            generalised.append((column, how))
    return _QiPlan(tuple(qi), tuple(encodables), tuple(generalised))


@dataclass(frozen=True)
class _Encodable:
    name: str  # alias of the value column
    expr: pl.Expr  # the value (a column or its generalisation)


def _encodable_value(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The value in a groupable form that keeps classes exact (same value, same class)."""
    if dtype in _INTEGER_LIKE:
        return expr.to_physical().cast(pl.Int64)
    if dtype == pl.String:
        return expr
    if dtype.is_nested() or dtype == pl.Binary or dtype == pl.Object:
        # Nested values have no text form; their 64-bit hash stands for them (collisions among
        # the values of one export are vanishingly unlikely, but this is the one inexact case).
        return expr.hash(seed=0).cast(pl.String)
    return expr.cast(pl.String)


def class_value_exprs(frame: pl.LazyFrame, plan: _QiPlan) -> dict[str, pl.Expr]:
    """``value:<encodable>`` per QI (and generalised QI): its expression over ``frame``, Int64
    or String (distinct values stay distinct)."""
    schema = frame.select([e.expr.alias(e.name) for e in plan.encodables]).collect_schema()
    return {f"value:{e.name}": _encodable_value(e.expr, schema[e.name]).alias(f"value:{e.name}") for e in plan.encodables}


def class_values(frame: pl.LazyFrame, plan: _QiPlan, sensitive: Sequence[str]) -> pl.LazyFrame:
    """One lazy query: ``class_value_exprs`` and ``keep:<column>`` per sensitive column, each
    Int64 or String. Nothing is collected; callers group it."""
    columns = frame.collect_schema()
    kept = [_encodable_value(pl.col(c), columns[c]).alias(f"keep:{c}") for c in sensitive]
    return frame.select(*class_value_exprs(frame, plan).values(), *kept)


def class_groupings(plan: _QiPlan) -> list[list[str]]:
    """The value columns of the QI classes, then of each generalisation hint (plan order)."""
    groupings = [[f"value:qi:{c}" for c in plan.columns]]
    for column, _how in plan.generalised:
        groupings.append([f"value:gen:{c}" if c == column else f"value:qi:{c}" for c in plan.columns])
    return groupings


def _histogram_query(values: pl.LazyFrame, names: Sequence[str]) -> pl.LazyFrame:
    """{size, classes}: how many equivalence classes have each size."""
    sizes = values.group_by(names).agg(pl.len().alias("size"))
    return sizes.group_by("size").agg(pl.len().alias("classes"))


def _histogram(frame: pl.DataFrame) -> dict[int, int]:
    return {int(size): int(classes) for size, classes in frame.iter_rows()}


# Decoded data: each grouping's classes as one exact integer key, counted by sorting. Polars'
# multi-column group-by on two million rows of (ZIP, date, sex, age) took 1.2 s; a sort and a
# run-length count of one Int64 key takes 0.05 s.
_KEY_LIMIT = 2**62


def _class_key(index: int) -> str:
    return f"class:{index}"


def _dense_code(value: pl.Expr, dtype: pl.DataType, low: int | None, high: int | None, rows: int) -> pl.Expr:
    """Each distinct value as an integer in 0..n-1 and null as n (exact, no hashing)."""
    if dtype == pl.String:
        # A Categories of its own: codes are dense for this column, whatever ran before.
        codes = value.cast(pl.Categorical(pl.Categories.random())).to_physical().cast(pl.Int64)
    elif low is not None and high - low <= 4 * rows:
        codes = value.cast(pl.Int64) - low
    else:
        codes = value.rank("dense").cast(pl.Int64) - 1
    # UInt32 halves the codes' memory; a column has fewer distinct values than 2**32 rows.
    return codes.fill_null(codes.max().fill_null(-1) + 1).cast(pl.UInt32)


@dataclass(frozen=True)
class ClassCodes:
    """Each QI value column as dense integer codes (UInt32), and how many codes each has."""

    codes: pl.DataFrame
    sizes: dict[str, int]

    def key(self, names: Sequence[str]) -> pl.Expr:
        """The class of a row as one Int64: the mixed-radix number of its columns' codes."""
        key = pl.lit(0, dtype=pl.Int64)
        for name in names:
            key = key * self.sizes[name] + pl.col(name)
        return key

    def histograms(self, groupings: Sequence[Sequence[str]]) -> list[dict[int, int]]:
        """{size: classes} per grouping: its key sorted, each run of equal keys is a class. One
        grouping at a time, so one key and its sorted copy are held at once (two at a time
        raised the peak by 150 MiB on 2,000,000 rows, for 0.1 s less)."""
        return [self._histogram(names) for names in groupings]

    def _histogram(self, names: Sequence[str]) -> dict[int, int]:
        sizes = self.codes.select(self.key(names).sort().rle().struct.field("len").value_counts(name="classes"))
        return {int(size): int(classes) for size, classes in sizes.to_series(0).struct.unnest().iter_rows()}

    def with_kept(self, frame: pl.LazyFrame, names: Sequence[str], kept: Sequence[str]) -> pl.LazyFrame:
        """``class:0`` (the classes of ``names``) beside the ``keep:`` columns, for l-diversity."""
        columns = frame.collect_schema()
        keep = frame.select(_encodable_value(pl.col(c), columns[c]).alias(f"keep:{c}") for c in kept)
        return self.codes.select(self.key(names).alias(_class_key(0))).hstack(collect(keep).get_columns()).lazy()


def class_codes(
    frame: pl.LazyFrame | pl.DataFrame, groupings: Sequence[Sequence[str]], values: dict[str, pl.Expr] | None = None
) -> ClassCodes | None:
    """The codes of the value columns the groupings use, from their ``values`` expressions over
    ``frame`` (default: ``frame``'s columns of those names); None when a grouping has too many
    value combinations for an Int64 key. Each value is coded in the expression that makes it,
    so the value columns (text ZIPs and dates) are never all held at once: on 2,000,000 rows
    they took 185 MiB beside their 56 MiB of codes."""
    frame = frame.lazy()
    needed = sorted({name for names in groupings for name in names})
    exprs = {name: (values or {}).get(name, pl.col(name)).alias(name) for name in needed}
    schema = frame.select(exprs.values()).collect_schema()
    numbers = [name for name in needed if schema[name] != pl.String]
    bounds = collect(
        frame.select(
            pl.len().alias("rows"),
            *(exprs[n].min().cast(pl.Int64).alias(f"low:{n}") for n in numbers),
            *(exprs[n].max().cast(pl.Int64).alias(f"high:{n}") for n in numbers),
        )
    ).row(0, named=True)
    by_source: dict[tuple[str, ...], list[str]] = {}
    for name in needed:
        by_source.setdefault(tuple(sorted(exprs[name].meta.root_names())), []).append(name)
    # One query per source column (a QI and its generalisation read it once): the value
    # columns of one query at a time are held, not all (on 2,000,000 rows the QI columns
    # read whole and their codes made together raised the peak by 256 MiB, one by one by 110).
    codes = pl.concat(
        [
            collect(frame.select(
                _dense_code(exprs[n], schema[n], bounds.get(f"low:{n}"), bounds.get(f"high:{n}"), bounds["rows"]).alias(n)
                for n in names
            ))
            for names in by_source.values()
        ],
        how="horizontal",
    ).select(needed)
    # An empty table has no codes: each column then has one (unused) code, so keys stay valid.
    sizes = {name: int(size or 1) for name, size in codes.select(pl.all().max() + 1).row(0, named=True).items()}
    for names in groupings:
        combinations = 1
        for name in names:
            combinations *= sizes[name]
        if combinations > _KEY_LIMIT:
            return None
    return ClassCodes(codes, sizes)


def _in_bucket(values: pl.LazyFrame, names: Sequence[str], bucket: int, buckets: int) -> pl.LazyFrame:
    """The rows whose class falls in ``bucket``: a class never straddles two buckets."""
    if buckets == 1:
        return values
    return values.filter(pl.struct(names).hash(seed=0) % buckets == bucket)


def _bucketed_lowest_l(
    values: pl.LazyFrame, names: Sequence[str], sensitive: Sequence[str], buckets: int
) -> dict[str, int]:
    lowest: dict[str, int] = {}
    for bucket in range(buckets):
        row = collect(_lowest_l_query(_in_bucket(values, names, bucket, buckets), names, sensitive)).row(0, named=True)
        for column, value in row.items():
            if value is not None:
                lowest[column] = min(int(value), lowest.get(column, int(value)))
    return lowest


def _lowest_l_query(values: pl.LazyFrame, names: Sequence[str], sensitive: Sequence[str]) -> pl.LazyFrame:
    """Fewest distinct values of each sensitive column within one class (null is a value)."""
    per_class = values.group_by(names).agg(pl.col(f"keep:{s}").n_unique().alias(s) for s in sensitive)
    return per_class.select(pl.col(s).min() for s in sensitive)


def _hints(plan: _QiPlan, histograms: Sequence[dict[int, int]]) -> list[dict[str, Any]]:
    """k after each generalisation, from the histograms of ``class_groupings(plan)[1:]``."""
    hints = []
    for (column, how), histogram in zip(plan.generalised, histograms):
        hints.append({"column": column, "how": how, "k_after": min(histogram) if histogram else None})
    return sorted(hints, key=lambda h: (-(h["k_after"] or 0), h["column"]))


def generalise_hints(
    frame: pl.LazyFrame, findings: tuple[ColumnFinding, ...], quasi_identifiers: Sequence[str]
) -> list[dict[str, Any]]:
    """For each QI column that Safe Harbor knows how to coarsen, k after coarsening only it.

    ZIP5 -> ZIP3 (first three characters), date -> year, age -> 5-year band; other columns get no
    hint. Exact k from all rows, sorted by ``k_after`` (highest first), then column name.
    """
    schema = frame.collect_schema()
    qi = list(dict.fromkeys(quasi_identifiers))
    _check_columns("quasi_identifiers", qi, schema)
    if not qi:
        return []
    plan = _plan(schema, findings, qi)
    values = class_values(frame, plan, ())
    frames = collect_all([_histogram_query(values, names) for names in class_groupings(plan)[1:]])
    return _hints(plan, [_histogram(f) for f in frames])


def class_metrics(histogram: dict[int, int], k: int) -> dict[str, Any]:
    """k-anonymity, unique share and prosecutor risk from the class-size histogram (exact)."""
    rows = sum(size * classes for size, classes in histogram.items())
    if rows == 0:
        return dict(_NO_CLASSES, classes=0)
    k_min, classes = min(histogram), sum(histogram.values())
    unique_rows = histogram.get(1, 0)
    rows_below_k = sum(size * count for size, count in histogram.items() if size < k)
    return {
        "classes": classes,
        "k_min": k_min,
        "unique_rows": unique_rows,
        "unique_share": _share(unique_rows / rows),
        "rows_below_k_share": _share(rows_below_k / rows),
        # Prosecutor model: a row in a class of n is re-identified with probability 1/n; the
        # mean over rows is (sum over classes of n * 1/n) / rows = classes / rows.
        "risk_average": _rounded(classes / rows),
        "risk_maximum": _rounded(1 / k_min),
        "l_diversity": {},
    }


_NO_CLASSES: dict[str, Any] = {
    "classes": None, "k_min": None, "unique_rows": None, "unique_share": None,
    "rows_below_k_share": None, "risk_average": None, "risk_maximum": None, "l_diversity": {},
}
