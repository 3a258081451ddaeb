"""The one-pass scalars of the risk stage (sums, means, any/all flags, distinct counts) and
the engine interface (``RiskAggregates``) that runs the passes elsewhere (streamed, Spark)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import polars as pl

from minlint.execution import collect


class RiskAggregates(Protocol):
    """Runs the passes of ``assess`` on another engine; only partials and aggregates come back."""

    def partials(self, compute: Callable[[pl.DataFrame], Any], columns: Sequence[str]) -> list[Any]:
        """``compute`` on every batch of rows of ``columns`` (the dataset's types), one result
        per non-empty batch."""

    def histograms(
        self, values: Callable[[pl.LazyFrame], pl.LazyFrame], groupings: list[list[str]]
    ) -> list[dict[int, int]]:
        """{size: classes} per grouping of the columns ``values`` gives for the rows."""

    def lowest_l(self, names: list[str], sensitive: list[str]) -> dict[str, int]:
        """Fewest distinct ``keep:<s>`` values (null counts as one) in a class of ``names``;
        called after ``histograms``, on the same values."""

    def keyed_counts(self, values: Callable[[pl.LazyFrame], pl.LazyFrame], flags: list[str]) -> dict[str, int]:
        """Over the ``key`` column ``values`` gives (nulls dropped): ``persons`` distinct keys,
        and per flag column the keys with the flag true on any of their rows."""


def _columns_read(expressions: Iterable[pl.Expr], schema: pl.Schema) -> list[str]:
    """The columns the expressions read; at least one, so that batches still count the rows."""
    columns = sorted({name for expr in expressions for name in expr.meta.root_names()})
    return columns or list(schema)[:1]


def _merged_scalars(aggregates: RiskAggregates, scalars: dict[str, _Scalar], schema: pl.Schema) -> dict[str, Any]:
    """The scalars from per-batch partials: sums add, any/all combine, means from sum and count."""
    mergeable = {n: s for n, s in scalars.items() if s[0] != "distinct"}

    def partial(batch: pl.DataFrame) -> dict[str, Any]:
        exprs = []
        for name, (kind, expr) in mergeable.items():
            if kind == "mean":
                exprs += [expr.cast(pl.Int64).sum().alias(f"sum:{name}"), expr.count().alias(f"count:{name}")]
            else:
                exprs.append(_AGGREGATE[kind](expr).alias(name))
        return batch.select(exprs).row(0, named=True)

    parts = aggregates.partials(partial, _columns_read((expr for _kind, expr in mergeable.values()), schema))
    merged: dict[str, Any] = {}
    for name, (kind, _expr) in mergeable.items():
        if kind == "mean":
            count = sum(int(p[f"count:{name}"]) for p in parts)
            merged[name] = sum(int(p[f"sum:{name}"]) for p in parts) / count if count else None
        elif kind == "any":
            merged[name] = any(bool(p[name]) for p in parts)
        elif kind == "all":
            merged[name] = all(p[name] is None or bool(p[name]) for p in parts)
        else:  # sum, len
            merged[name] = sum(int(p[name] or 0) for p in parts)
    return merged


# A scalar of the risk stage: a per-row expression and how rows combine. Every kind but
# "distinct" merges across batches (minlint.engines.spark); polars aggregates it directly here.
_Scalar = tuple[str, pl.Expr]
_AGGREGATE = {
    "sum": lambda e: e.sum(),
    "any": lambda e: e.any(),
    "all": lambda e: e.all(),
    "mean": lambda e: e.mean(),
    "len": lambda e: pl.len(),
    # Distinct hashes first: when every non-null value has its own hash the values are all
    # distinct, and that count is exact; otherwise ``_settled`` counts the values themselves.
    "distinct": lambda e: e.drop_nulls().hash(seed=0).n_unique(),
}


def _aggregated(scalars: dict[str, _Scalar]) -> list[pl.Expr]:
    aggregates = [_AGGREGATE[kind](expr).alias(name) for name, (kind, expr) in scalars.items()]
    aggregates += [expr.count().alias(f"count:{name}") for name, (kind, expr) in scalars.items() if kind == "distinct"]
    return aggregates


def _settled(frame: pl.LazyFrame, scalars: dict[str, _Scalar], measured: dict[str, Any]) -> dict[str, Any]:
    """Exact distinct counts: fewer distinct hashes than values may be a hash collision (or
    repeated values), so those are counted again on the values (a slower, exact n_unique)."""
    recount = {
        name: expr for name, (kind, expr) in scalars.items()
        if kind == "distinct" and measured[name] < measured[f"count:{name}"]
    }
    if recount:
        measured |= collect(frame.select(e.drop_nulls().n_unique().alias(n) for n, e in recount.items())).row(0, named=True)
    return {name: value for name, value in measured.items() if not name.startswith("count:")}
