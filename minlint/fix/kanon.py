"""Generalise quasi-identifiers until k-anonymity holds, then suppress the small classes left.

The search space is the lattice of generalisation levels, one hierarchy per quasi-identifier
(Samarati 2001; Incognito, LeFevre et al. 2005; the lattice ARX and sdcMicro search). A node is
*feasible* when suppressing the rows of classes smaller than ``k`` removes at most
``max_suppression`` of the rows; the top node (every quasi-identifier suppressed) always is once
there are ``k`` rows.

Among feasible nodes the search chooses the one that loses least, by the precision metric
(Sweeney 2002, "Achieving k-anonymity privacy protection using generalization and
suppression"): a kept value at level h of a hierarchy of height H loses h/H, a suppressed row
loses everything. Nodes are visited by increasing generalisation loss, which is a lower bound
of a node's total loss, so the walk stops as soon as no unvisited node can beat the best one.
Ties go to fewer suppressed rows, then to the lexicographically finest node: deterministic.

Each hierarchy's levels are computed once per *distinct* original value, rows with the same
original values are counted once (one group-by over their codes packed into a 64-bit key), and a
node's classes are one ``bincount`` over packed level codes, or a hash group-by where the packed
space is much larger than the number of combinations. Classes are always counted from the
original values, never rolled up from a finer node: a level is not always a function of the
level below (ZIP3 "000" covers several restricted areas whose ZIP2s differ).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import polars as pl

from minlint.errors import PolicyError
from minlint.fix.transforms import Hierarchy

DEFAULT_MAX_SUPPRESSION = 0.05  # share of rows; the order of magnitude ARX and sdcMicro users pick
MAX_LATTICE_NODES = 50_000
_PACK_LIMIT = 1 << 62  # packed int64 keys stay below this; wider spaces are renumbered first
_DENSE_FACTOR = 4  # count with bincount while the key space is at most this many combinations
_DIRECT_CODES = 1 << 16  # integer ranges this wide are always coded by offset
_OFFSET_CODED = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32)


@dataclass(frozen=True)
class ColumnGeneralisation:
    column: str
    level: int
    how: str
    distinct_before: int
    distinct_after: int


@dataclass(frozen=True)
class KAnonymityResult:
    """The chosen node: one level per quasi-identifier, and the suppression it needs."""

    k: int
    rows: int
    columns: tuple[ColumnGeneralisation, ...]
    suppressed_rows: int
    k_after: int | None  # smallest class kept (None when no row is left)
    classes_after: int
    loss: float
    nodes_evaluated: int
    nodes_in_lattice: int
    small_classes: pl.DataFrame  # generalised quasi-identifier values of the suppressed classes

    @property
    def levels(self) -> dict[str, int]:
        return {c.column: c.level for c in self.columns}


@dataclass(frozen=True)
class _Evaluation:
    suppressed: int
    classes_kept: int
    k_kept: int | None
    loss: float


@dataclass(frozen=True)
class _Column:
    """One quasi-identifier: each level over its distinct original values, and their codes."""

    distinct: pl.DataFrame  # "__code" (original value code) and "__level{i}" per level
    original_distinct: int  # distinct original values (null counts as one)
    level_codes: tuple[np.ndarray, ...]  # per level: original code -> dense code of the level value
    cardinality: tuple[int, ...]
    row_of_code: np.ndarray  # original code -> its row in ``distinct``


def _row_codes(values: pl.Series) -> pl.Series:
    """An injective integer code per row (null -> 0), without sorting where the values allow it.

    Strings go through categories; integers, dates and times whose range is not much wider than
    the row count are their offset from the smallest value; anything else is its dense rank.
    """
    if values.dtype == pl.String:
        codes = values.cast(pl.Categorical).to_physical().cast(pl.Int64) + 1
        return codes.fill_null(0)
    physical = values.to_physical()
    if physical.dtype in _OFFSET_CODED and physical.null_count() < physical.len():
        low, high = int(physical.min()), int(physical.max())
        if high - low <= max(physical.len(), _DIRECT_CODES):
            return (physical.cast(pl.Int64) - (low - 1)).fill_null(0)
    return values.rank("dense").cast(pl.Int64).fill_null(0)


def _column(hierarchy: Hierarchy, values: pl.Series, codes: pl.Series) -> _Column:
    distinct = pl.DataFrame({"__code": codes, hierarchy.column: values}).unique(subset="__code").sort("__code")
    size = int(distinct.get_column("__code").max()) + 1 if distinct.height else 1
    levels = distinct.select(
        pl.col("__code"), *[level.expr.alias(f"__level{i}") for i, level in enumerate(hierarchy.levels)]
    )
    position = levels.get_column("__code").to_numpy()
    row_of_code = np.zeros(size, dtype=np.int64)
    row_of_code[position] = np.arange(position.size, dtype=np.int64)
    level_codes, cardinality = [], []
    for i in range(len(hierarchy.levels)):
        dense = levels.get_column(f"__level{i}").rank("dense").fill_null(0).cast(pl.Int64).to_numpy()
        lookup = np.zeros(size, dtype=np.int64)
        lookup[position] = dense
        level_codes.append(lookup)
        cardinality.append(int(dense.max()) + 1 if dense.size else 1)
    return _Column(levels, distinct.height, tuple(level_codes), tuple(cardinality), row_of_code)


def _renumber(key: np.ndarray) -> tuple[np.ndarray, int]:
    inverse = np.unique(key, return_inverse=True)[1].astype(np.int64).reshape(-1)
    return inverse, (int(inverse.max()) + 1 if inverse.size else 1)


def _combinations(codes: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows of per-column codes and how many rows each stands for.

    The codes are packed into one 64-bit key when their product fits (one hash group-by on one
    column), else grouped column by column.
    """
    sizes = [int(c.max()) + 1 if c.size else 1 for c in codes]
    if float(np.prod([float(s) for s in sizes])) < _PACK_LIMIT:
        key = np.zeros(codes[0].size if codes else 0, dtype=np.int64)
        for column, size in zip(codes, sizes):
            key = key * size + column
        grouped = pl.DataFrame({"key": key}).group_by("key").len()
        packed = grouped.get_column("key").to_numpy()
        originals = []
        for size in reversed(sizes):
            packed, column = np.divmod(packed, size)
            originals.append(column)
        return originals[::-1], grouped.get_column("len").to_numpy().astype(np.int64)
    names = [f"c{i}" for i in range(len(codes))]
    grouped = pl.DataFrame(dict(zip(names, codes))).group_by(names).agg(pl.len().alias("rows"))
    return [grouped.get_column(n).to_numpy() for n in names], grouped.get_column("rows").to_numpy().astype(np.int64)


class _Lattice:
    """Distinct combinations of original values with their row counts, and every level's codes."""

    def __init__(self, hierarchies: tuple[Hierarchy, ...], rows: pl.DataFrame) -> None:
        self.hierarchies = hierarchies
        self.tops = tuple(h.top for h in hierarchies)
        self.rows = rows.height
        self.columns: list[_Column] = []
        row_codes = []
        for hierarchy in hierarchies:
            values = rows.get_column(hierarchy.column)
            codes = _row_codes(values)
            self.columns.append(_column(hierarchy, values, codes))
            row_codes.append(codes.to_numpy())
        # Rows with the same original values fall in the same class at every node: count them once.
        self.originals, self.weights = _combinations(row_codes)
        self._level_codes: dict[tuple[int, int], np.ndarray] = {}

    def level_codes(self, index: int, level: int) -> np.ndarray:
        cached = self._level_codes.get((index, level))
        if cached is None:
            cached = self._level_codes[(index, level)] = self.columns[index].level_codes[level][self.originals[index]]
        return cached

    def _class_key(self, node: tuple[int, ...]) -> tuple[np.ndarray, int]:
        """A class id for each distinct combination, below ``space``."""
        key = np.zeros(self.weights.size, dtype=np.int64)
        space = 1
        for index, level in enumerate(node):
            size = self.columns[index].cardinality[level]
            if space * size >= _PACK_LIMIT:
                key, space = _renumber(key)
            key = key * size + self.level_codes(index, level)
            space *= size
        return key, space

    def _dense(self, space: int) -> bool:
        # One bincount over the key space beats hashing while the space is not much larger
        # than the number of combinations.
        return space <= _DENSE_FACTOR * self.weights.size + _DIRECT_CODES

    def class_sizes(self, node: tuple[int, ...]) -> np.ndarray:
        """The size of every non-empty class of the node."""
        key, space = self._class_key(node)
        if self._dense(space):
            counts = np.bincount(key, weights=self._bincount_weights(), minlength=space)
            return counts[counts > 0].astype(np.int64)
        grouped = pl.DataFrame({"key": key, "rows": self.weights}).group_by("key").agg(pl.col("rows").sum())
        return grouped.get_column("rows").to_numpy()

    def combination_class_sizes(self, node: tuple[int, ...]) -> np.ndarray:
        """The size of the class each distinct combination falls in at the node."""
        key, space = self._class_key(node)
        if self._dense(space):
            counts = np.bincount(key, weights=self._bincount_weights(), minlength=space)
            return counts[key].astype(np.int64)
        frame = pl.DataFrame({"key": key, "rows": self.weights})
        return frame.select(pl.col("rows").sum().over("key")).to_series().to_numpy()

    def _bincount_weights(self) -> np.ndarray | None:
        # Every row distinct: plain counts; else float weights, exact for any row count below 2^53.
        return None if self.weights.size == self.rows else self.weights

    def evaluate(self, node: tuple[int, ...], k: int) -> _Evaluation:
        present = self.class_sizes(node)
        small = present[present < k]
        kept = present[present >= k]
        suppressed = int(small.sum())
        generalisation = generalisation_loss(node, self.tops)
        loss = ((self.rows - suppressed) * generalisation + suppressed) / self.rows if self.rows else 0.0
        return _Evaluation(suppressed, int(kept.size), int(kept.min()) if kept.size else None, loss)

    def values(self, index: int, level: int, combinations: np.ndarray) -> pl.Series:
        """The level's value for the given distinct combinations."""
        column = self.columns[index]
        positions = column.row_of_code[self.originals[index][combinations]]
        return column.distinct.get_column(f"__level{level}").gather(positions)

    def distinct_values(self, index: int, level: int) -> int:
        return self.columns[index].distinct.get_column(f"__level{level}").n_unique()


def generalisation_loss(node: tuple[int, ...], tops: tuple[int, ...]) -> float:
    """Precision loss of the kept values: mean over quasi-identifiers of level / height."""
    return float(np.mean([level / top if top else 0.0 for level, top in zip(node, tops)])) if node else 0.0


def _nodes_by_generalisation(tops: tuple[int, ...]) -> list[tuple[float, tuple[int, ...]]]:
    nodes = itertools.product(*[range(t + 1) for t in tops])
    return sorted((round(generalisation_loss(n, tops), 12), n) for n in nodes)


def search(
    frame: pl.LazyFrame,
    hierarchies: tuple[Hierarchy, ...],
    k: int,
    max_suppression: float = DEFAULT_MAX_SUPPRESSION,
) -> KAnonymityResult:
    """The least lossy node of the lattice at which k-anonymity holds after suppression."""
    if k < 1:
        raise PolicyError(f"k: must be at least 1, got {k}")
    if not hierarchies:
        raise PolicyError("k-anonymity: no quasi-identifier to generalise")
    tops = tuple(h.top for h in hierarchies)
    nodes_in_lattice = int(np.prod([t + 1 for t in tops]))
    if nodes_in_lattice > MAX_LATTICE_NODES:
        raise PolicyError(
            f"k-anonymity: {len(hierarchies)} quasi-identifiers make {nodes_in_lattice} generalisation "
            f"combinations (more than {MAX_LATTICE_NODES}); name fewer with --quasi-identifiers"
        )
    lattice = _Lattice(hierarchies, frame.select([h.column for h in hierarchies]).collect())
    allowed = int(np.floor(max_suppression * lattice.rows))
    best: tuple[tuple, tuple[int, ...], _Evaluation] | None = None
    evaluated = 0
    for generalisation, node in _nodes_by_generalisation(tops):
        # A node's loss is at least its generalisation loss (a suppressed row loses 1, more than
        # any kept one): once that bound reaches the best loss, no later node can beat it.
        if best is not None and generalisation >= best[0][0]:
            break
        evaluation = lattice.evaluate(node, k)
        evaluated += 1
        if evaluation.suppressed > allowed:
            continue
        rank = (round(evaluation.loss, 12), evaluation.suppressed, node)
        if best is None or rank < best[0]:
            best = (rank, node, evaluation)
    if best is None:
        raise PolicyError(
            f"k-anonymity: {lattice.rows} rows cannot reach k = {k} even with every quasi-identifier "
            f"suppressed, within the {max_suppression:.0%} row-suppression limit"
        )
    _, node, evaluation = best
    return KAnonymityResult(
        k=k,
        rows=lattice.rows,
        columns=_column_summaries(lattice, node),
        suppressed_rows=evaluation.suppressed,
        k_after=evaluation.k_kept,
        classes_after=evaluation.classes_kept,
        loss=round(evaluation.loss, 4),
        nodes_evaluated=evaluated,
        nodes_in_lattice=nodes_in_lattice,
        small_classes=_small_classes(lattice, node, k),
    )


def _column_summaries(lattice: _Lattice, node: tuple[int, ...]) -> tuple[ColumnGeneralisation, ...]:
    return tuple(
        ColumnGeneralisation(
            hierarchy.column, level, hierarchy.levels[level].how,
            lattice.columns[index].original_distinct, lattice.distinct_values(index, level),
        )
        for index, (hierarchy, level) in enumerate(zip(lattice.hierarchies, node))
    )


def _small_classes(lattice: _Lattice, node: tuple[int, ...], k: int) -> pl.DataFrame:
    """The generalised values of every class smaller than k (the writer filters these rows out)."""
    small = np.flatnonzero(lattice.combination_class_sizes(node) < k)
    table = pl.DataFrame(
        [lattice.values(i, level, small).alias(h.column) for i, (h, level) in enumerate(zip(lattice.hierarchies, node))]
    )
    return table.unique().sort(pl.all(), nulls_last=True)


def suppression_filter(result: KAnonymityResult) -> pl.Expr | None:
    """Keep the rows outside the suppressed classes (an expression over the generalised columns)."""
    if result.small_classes.height == 0:
        return None
    columns = result.small_classes.columns
    small = result.small_classes.select(pl.struct(columns).alias("class")).get_column("class")
    return ~pl.struct(columns).is_in(small.implode())
