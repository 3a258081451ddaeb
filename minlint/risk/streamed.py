"""The risk passes on a dataset larger than the memory budget, on polars' streaming engine.

Scalars come from row batches; the class, (class, sensitive values) and person group-bys run
one hash bucket of groups at a time, as many buckets as the estimated number of groups needs,
each built from short slices of the rows merged on the streaming engine, so the peak stays
flat as the input grows (``benchmarks/spark_speed.py`` measures it at 4x the 2,000,000 rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from minlint import partials
from minlint.execution import batch_rows, collect, memory_budget
from minlint.risk.classes import _histogram, _in_bucket, class_codes

# A streamed group-by's memory per group, sizing the hash buckets of a streamed dataset's class
# and person group-bys: a fixed part plus copies of the group's decoded key bytes (the
# streaming hash table, the collected table, its merge with the next slice's, the integer
# codes of the sums), allocator retention included. Measured on the health export (41 bytes of
# class values a row): a bucket of 250,000 classes raised the peak RSS by about 230 MiB.
_BYTES_PER_CLASS = 256
_KEY_COPIES = 16
_ESTIMATE_HEADROOM = 1.05  # the KMV estimate's relative standard error is 1.6%: three of them
# The class tables may take at least this much, however low the decoded-dataset budget is set:
# below it the bucket passes cost more time than the memory they save.
_CLASS_TABLE_FLOOR = 256 * 2**20
# Rows of a slice of the bucket passes, in scalar batches (``execution.batch_rows``): a
# streamed slice's memory follows its rows (a 2,000,000-row slice of the l-diversity columns
# raised the peak RSS by 115 MiB, a 500,000-row one by none measurable, in the same time).
_SLICE_BATCHES = 2
# Bucket memory where classes repeat across slices (see ``_class_buckets``): 1.5x the buckets
# brought the 4x benchmark input's histogram peak from about 410 to 370 MiB, the 1x input's.
_REPEATED_CLASS_CHARGE = 1.5


@dataclass(frozen=True)
class _KeyEstimate:
    distinct: int  # distinct value tuples of the key's columns (KMV estimate, exact when few)
    row_bytes: float  # decoded bytes of those columns per row
    rows: int = 0  # rows the estimate read (the rows the group-by will read)


def _slices(
    values: Callable[[pl.LazyFrame], pl.LazyFrame], frame: pl.LazyFrame, rows: int, columns: Sequence[str], step: int
) -> Iterator[pl.LazyFrame]:
    """The ``columns`` of ``values`` of consecutive slices of ``step`` rows of ``frame`` (``rows``
    rows). The slice is taken before ``values`` (which may filter), so polars pushes it into
    the Parquet scan and each slice decodes only its row groups."""
    for offset in range(0, rows, step):
        yield values(frame.slice(offset, step)).select(columns)


def _estimate_keys(
    values: Callable[[pl.LazyFrame], pl.LazyFrame], frame: pl.LazyFrame, rows: int, keys: dict[str, Sequence[str]]
) -> dict[str, _KeyEstimate]:
    """Per key (a list of value columns): distinct value tuples and decoded bytes per row, from
    one pass over slices. The tuples' hashes make a KMV sketch per slice (its
    ``partials.DISTINCT_SKETCH_SIZE`` smallest distinct hashes); the smallest of the slices'
    union is the sketch of the whole frame, as ``partials.merge_distinct`` merges them."""
    needed = sorted({column for columns in keys.values() for column in columns})
    smallest: dict[str, list[int]] = {name: [] for name in keys}
    row_bytes = dict.fromkeys(keys, 0.0)
    size = partials.DISTINCT_SKETCH_SIZE
    read = 0
    for piece in _slices(values, frame, rows, needed, batch_rows(frame)):
        batch = collect(piece)
        if batch.height == 0:
            continue
        read += batch.height
        sketches = batch.select(
            pl.struct(columns).hash(partials.SAMPLE_SEED).unique().bottom_k(size).implode().alias(name)
            for name, columns in keys.items()
        ).row(0, named=True)
        for name, columns in keys.items():
            smallest[name] = sorted(set(smallest[name]).union(sketches[name]))[:size]
            row_bytes[name] = max(row_bytes[name], batch.select(columns).estimated_size() / batch.height)
    return {name: _KeyEstimate(partials.distinct_estimate(smallest[name]), row_bytes[name], read) for name in keys}


def _class_buckets(estimate: _KeyEstimate) -> int:
    """How many hash buckets keep a streamed group-by with ``estimate.distinct`` groups in the
    memory budget. From the groups, not the rows: the 8,000,000-row input that repeats 2,000,000
    classes four times gets the 2,000,000-row input's buckets times ``_REPEATED_CLASS_CHARGE``,
    not four times them."""
    groups = estimate.distinct * _ESTIMATE_HEADROOM
    per_group = _BYTES_PER_CLASS + _KEY_COPIES * estimate.row_bytes
    if estimate.rows > groups:
        # Classes repeat: a bucket's table holds all its classes early and each merge reads
        # it beside as many slice rows again (``_grouped_bucket``); where every row is its own
        # class the merged parts are disjoint and never exceed the final table.
        per_group *= _REPEATED_CLASS_CHARGE
    needed = groups * per_group
    return max(1, int(-(-needed // max(memory_budget(), _CLASS_TABLE_FLOOR))))


def _coarsest(groupings: Sequence[Sequence[str]]) -> list[str]:
    """The bucket key shared by every grouping: per QI position its generalised column where a
    grouping has one, else the QI column. Each generalisation is a function of its QI value, so
    rows of one class of any grouping agree on it and one bucket holds the class whole."""
    coarse = list(groupings[0])
    for names in groupings[1:]:
        if len(names) != len(coarse):
            raise RuntimeError("each grouping replaces QI columns of the first with their generalisations")
        coarse = [other if other != first else current for first, other, current in zip(groupings[0], names, coarse)]
    return coarse


@dataclass(frozen=True)
class _Grouping:
    """A bucketed group-by of streamed rows: the group ``keys``, the per-group ``aggregates`` and
    the expressions that ``merge`` two tables' rows of one group (counts add up, flags by
    ``any``; without aggregates the groups are the distinct keys), and ``slice_rows``."""

    keys: tuple[str, ...]
    aggregates: tuple[pl.Expr, ...]
    merge: tuple[pl.Expr, ...]
    slice_rows: int


def _grouped_bucket(
    values: Callable[[pl.LazyFrame], pl.LazyFrame],
    frame: pl.LazyFrame,
    rows: int,
    grouping: _Grouping,
    bucketing: tuple[Sequence[str], int, int],
) -> pl.DataFrame:
    """The group-by of the ``values`` of the ``rows`` rows of ``frame`` that fall in one bucket
    (``bucketing``: the bucket key, the bucket, the buckets), one streaming query per slice of
    ``grouping.slice_rows`` rows; the slices' groups are merged into the table of the ones
    before once they have as many rows as it (so the table is at most doubled, and each row
    is merged a few times, not once per slice). Slices are short (``_SLICE_BATCHES``): a
    streamed slice's memory follows its rows, not its groups."""
    bucket_key, bucket, buckets = bucketing
    keys, per_group = list(grouping.keys), list(grouping.aggregates)
    columns = sorted({*keys, *bucket_key, *(name for expr in per_group for name in expr.meta.root_names())})
    table: pl.DataFrame | None = None
    pending: list[pl.DataFrame] = []
    for piece in _slices(values, frame, rows, columns, grouping.slice_rows):
        pending.append(collect(_in_bucket(piece, bucket_key, bucket, buckets).group_by(keys).agg(per_group)))
        if table is None:
            table = pending.pop()
        elif sum(part.height for part in pending) >= table.height:
            table, pending = _merged([table, *pending], keys, grouping.merge), []
    if table is None:
        return collect(values(frame.head(0)).group_by(keys).agg(per_group))
    return _merged([table, *pending], keys, grouping.merge) if pending else table


def _merged(tables: Sequence[pl.DataFrame], keys: Sequence[str], merge: Sequence[pl.Expr]) -> pl.DataFrame:
    """The groups of several tables of one bucket, merged on polars' streaming engine. The
    in-memory group-by of two tables of 290,000 classes (13 MiB each) raised the peak RSS by
    150 MiB, more than the slices' own group-bys; streamed the merge took 15 MiB, in a third
    of the time."""
    return collect(pl.concat(tables, rechunk=False).lazy().group_by(keys).agg(merge))


def _grouping(frame: pl.LazyFrame, keys: Sequence[str], aggregates=(), merge=()) -> _Grouping:
    """Slices of a scalar batch's rows (``execution.batch_rows``): short enough that a slice's
    decoded columns stay small, whatever the number of groups."""
    return _Grouping(tuple(keys), tuple(aggregates), tuple(merge), _SLICE_BATCHES * batch_rows(frame))


def _bucketed_histograms(
    values: Callable[[pl.LazyFrame], pl.LazyFrame],
    frame: pl.LazyFrame,
    rows: int,
    groupings: Sequence[Sequence[str]],
    classes: _KeyEstimate,
) -> list[dict[int, int]]:
    """The class-size histograms, one bucket of classes at a time (histograms add up).

    Each bucket is one group-by on every value column of every grouping (the finest classes,
    with their sizes); each grouping's classes are then sums over that table in memory. A
    query per grouping read the file once per grouping and bucket (150 passes over the
    8,000,000-row input), and run together (``collect_all``) polars cached the value columns
    they share, every row of them.
    """
    finest = sorted({name for names in groupings for name in names})
    sizes = _grouping(frame, finest, [pl.len().cast(pl.Int64).alias("size")], [pl.col("size").sum()])
    coarse, buckets = _coarsest(groupings), _class_buckets(classes)
    totals: list[dict[int, int]] = [{} for _ in groupings]
    for bucket in range(buckets):
        table = _grouped_bucket(values, frame, rows, sizes, (coarse, bucket, buckets))
        for total, size_counts in zip(totals, _summed_histograms(table, groupings)):
            for size, count in size_counts.items():
                total[size] = total.get(size, 0) + count
        del table
    return totals


def _summed_histograms(table: pl.DataFrame, groupings: Sequence[Sequence[str]]) -> list[dict[int, int]]:
    """{size: classes} per grouping of a table of the finest classes and their ``size``: a
    class of a grouping is the sum of the finest classes it holds. Grouped on one integer key
    per grouping (``class_codes``), which took half the time of a group-by on the value columns."""
    if table.height == 0:  # an empty bucket (class_codes needs a row to size its codes)
        return [{} for _ in groupings]
    coded = class_codes(table, groupings)
    if coded is None:
        keyed, keys = table, [list(names) for names in groupings]
    else:
        keyed = coded.codes.hstack([table.get_column("size")])
        keys = [[coded.key(names).alias("class")] for names in groupings]
    return [
        _histogram(keyed.group_by(key).agg(pl.col("size").sum()).group_by("size").agg(pl.len().alias("classes")))
        for key in keys
    ]


def _bucketed_tuple_l(
    values: Callable[[pl.LazyFrame], pl.LazyFrame],
    frame: pl.LazyFrame,
    rows: int,
    names: Sequence[str],
    sensitive: Sequence[str],
    tuples: _KeyEstimate,
) -> dict[str, int]:
    """``_lowest_l_query`` from the distinct (class, sensitive values) tuples, one bucket of
    classes at a time: one pass per bucket for every sensitive column, then each column's
    distinct (class, value) pairs counted per class on the streaming engine (null is a value,
    as group-bys keep it). Streamed, ``n_unique`` inside a group-by kept a hash set per class: 600 MiB for
    one bucket of 8,000,000 rows where the pairs took 330."""
    keep = [f"keep:{s}" for s in sensitive]
    distinct = _grouping(frame, [*names, *keep])
    buckets = _class_buckets(tuples)
    lowest: dict[str, int] = {}
    for bucket in range(buckets):
        table = _grouped_bucket(values, frame, rows, distinct, (names, bucket, buckets))
        for column, kept in zip(sensitive, keep):
            # Streamed: in memory, the first column's pairs of a bucket of 150,000 classes
            # raised the peak RSS by 40 MiB.
            pairs = table.lazy().select(*names, kept).unique()
            value = collect(pairs.group_by(names).agg(pl.len().alias("l")).select(pl.col("l").min())).item()
            if value is not None:
                lowest[column] = min(int(value), lowest.get(column, int(value)))
        del table
    return lowest


class StreamedAggregates:
    """``RiskAggregates`` on a lazy frame larger than the memory budget, on polars' streaming
    engine: scalars from batches of ``execution.BATCH_BYTES``; class, (class, sensitive values)
    and person group-bys one hash bucket at a time, as many buckets as the estimated number of
    groups needs (``_class_buckets``), each built from short slices of the rows merged on the
    streaming engine (``_grouped_bucket``), so the peak stays flat as the input grows."""

    def __init__(self, frame: pl.LazyFrame) -> None:
        self._frame = frame
        self._rows: int | None = None
        # The class values of some rows, between histograms and lowest_l.
        self._values: Callable[[pl.LazyFrame], pl.LazyFrame] | None = None

    def _row_count(self) -> int:
        if self._rows is None:
            self._rows = int(collect(self._frame.select(pl.len())).item())
        return self._rows

    def partials(self, compute: Callable[[pl.DataFrame], Any], columns: Sequence[str]) -> list[Any]:
        # Only the columns read are decoded: the risk stage reads a few of a wide export.
        frame = self._frame.select(columns)
        return [compute(batch) for batch in partials.batches(frame, batch_rows(frame), True) if batch.height]

    def histograms(
        self, values: Callable[[pl.LazyFrame], pl.LazyFrame], groupings: list[list[str]]
    ) -> list[dict[int, int]]:
        self._values = values
        finest = sorted({name for names in groupings for name in names})
        classes = _estimate_keys(values, self._frame, self._row_count(), {"classes": finest})["classes"]
        return _bucketed_histograms(values, self._frame, self._row_count(), groupings, classes)

    def lowest_l(self, names: list[str], sensitive: list[str]) -> dict[str, int]:
        if self._values is None:
            raise RuntimeError("lowest_l reads the class values that histograms made")
        columns = [*names, *(f"keep:{s}" for s in sensitive)]
        tuples = _estimate_keys(self._values, self._frame, self._row_count(), {"tuples": columns})["tuples"]
        return _bucketed_tuple_l(self._values, self._frame, self._row_count(), names, sensitive, tuples)

    def keyed_counts(self, values: Callable[[pl.LazyFrame], pl.LazyFrame], flags: list[str]) -> dict[str, int]:
        rows = self._row_count()
        keys = _estimate_keys(values, self._frame, rows, {"key": ["key"]})["key"]
        # The group-by holds a flag byte per person beside the key.
        keys = _KeyEstimate(keys.distinct, keys.row_bytes + len(flags), keys.rows)
        persons = _grouping(self._frame, ["key"], [pl.col(f).any() for f in flags], [pl.col(f).any() for f in flags])
        buckets = _class_buckets(keys)
        totals = dict.fromkeys(["persons", *flags], 0)
        for bucket in range(buckets):
            per_key = _grouped_bucket(values, self._frame, rows, persons, (["key"], bucket, buckets))
            row = per_key.select(pl.len().alias("persons"), *[pl.col(f).sum() for f in flags]).row(0, named=True)
            totals = {name: totals[name] + int(row[name] or 0) for name in totals}
        return totals
