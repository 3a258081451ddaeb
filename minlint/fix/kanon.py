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
original values are counted once, and a node's classes are one ``bincount`` over packed codes.
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
_PACK_LIMIT = 1 << 26  # packed key spaces above this are renumbered before counting


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


def _row_codes(values: pl.Series) -> pl.Series:
    """An injective integer code per row (null -> 0): strings via categories, others by dense rank."""
    if values.dtype == pl.String:
        codes = values.cast(pl.Categorical).to_physical().cast(pl.Int64) + 1
    else:
        codes = values.rank("dense").cast(pl.Int64)
    return codes.fill_null(0)


def _column(hierarchy: Hierarchy, values: pl.Series, codes: pl.Series) -> _Column:
    distinct = pl.DataFrame({"__code": codes, hierarchy.column: values}).unique(subset="__code").sort("__code")
    size = int(distinct.get_column("__code").max()) + 1 if distinct.height else 1
    levels = distinct.select(
        pl.col("__code"), *[level.expr.alias(f"__level{i}") for i, level in enumerate(hierarchy.levels)]
    )
    position = levels.get_column("__code").to_numpy()
    level_codes, cardinality = [], []
    for i in range(len(hierarchy.levels)):
        dense = levels.get_column(f"__level{i}").rank("dense").fill_null(0).cast(pl.Int64).to_numpy()
        lookup = np.zeros(size, dtype=np.int64)
        lookup[position] = dense
        level_codes.append(lookup)
        cardinality.append(int(dense.max()) + 1 if dense.size else 1)
    return _Column(levels, distinct.height, tuple(level_codes), tuple(cardinality))


def _renumber(key: np.ndarray) -> tuple[np.ndarray, int]:
    inverse = np.unique(key, return_inverse=True)[1].astype(np.int64).reshape(-1)
    return inverse, (int(inverse.max()) + 1 if inverse.size else 1)


class _Lattice:
    """Distinct combinations of original values with their row counts, and every level's codes."""

    def __init__(self, hierarchies: tuple[Hierarchy, ...], rows: pl.DataFrame) -> None:
        self.hierarchies = hierarchies
        self.tops = tuple(h.top for h in hierarchies)
        self.rows = rows.height
        self.columns: list[_Column] = []
        row_codes: dict[str, pl.Series] = {}
        for index, hierarchy in enumerate(hierarchies):
            values = rows.get_column(hierarchy.column)
            codes = _row_codes(values)
            self.columns.append(_column(hierarchy, values, codes))
            row_codes[f"c{index}"] = codes
        # Rows with the same original values fall in the same class at every node: count them once.
        combinations = pl.DataFrame(row_codes).group_by(list(row_codes)).agg(pl.len().alias("rows"))
        self.weights = combinations.get_column("rows").to_numpy().astype(np.int64)
        self.originals = [combinations.get_column(name).to_numpy() for name in row_codes]
        self._level_codes: dict[tuple[int, int], np.ndarray] = {}

    def level_codes(self, index: int, level: int) -> np.ndarray:
        cached = self._level_codes.get((index, level))
        if cached is None:
            cached = self._level_codes[(index, level)] = self.columns[index].level_codes[level][self.originals[index]]
        return cached

    def class_sizes(self, node: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(class id of each distinct combination, size of each class id)."""
        key = np.zeros(self.weights.size, dtype=np.int64)
        space = 1
        for index, level in enumerate(node):
            size = self.columns[index].cardinality[level]
            if space * size >= _PACK_LIMIT:
                key, space = _renumber(key)
            key = key * size + self.level_codes(index, level)
            space *= size
        if self.weights.size == self.rows:  # every row distinct: plain counts, no float weights
            return key, np.bincount(key, minlength=space)
        return key, np.bincount(key, weights=self.weights, minlength=space).astype(np.int64)

    def evaluate(self, node: tuple[int, ...], k: int) -> _Evaluation:
        _, sizes = self.class_sizes(node)
        present = sizes[sizes > 0]
        small = present[present < k]
        kept = present[present >= k]
        suppressed = int(small.sum())
        generalisation = generalisation_loss(node, self.tops)
        loss = ((self.rows - suppressed) * generalisation + suppressed) / self.rows if self.rows else 0.0
        return _Evaluation(suppressed, int(kept.size), int(kept.min()) if kept.size else None, loss)

    def values(self, index: int, level: int) -> pl.Series:
        """The level's value for each distinct combination."""
        column = self.columns[index]
        positions = np.searchsorted(column.distinct.get_column("__code").to_numpy(), self.originals[index])
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
    key, sizes = lattice.class_sizes(node)
    small = pl.Series(sizes[key] < k)
    table = pl.DataFrame(
        [lattice.values(i, level).alias(h.column) for i, (h, level) in enumerate(zip(lattice.hierarchies, node))]
    )
    return table.filter(small).unique().sort(pl.all(), nulls_last=True)


def suppression_filter(result: KAnonymityResult) -> pl.Expr | None:
    """Keep the rows outside the suppressed classes (an expression over the generalised columns)."""
    if result.small_classes.height == 0:
        return None
    columns = result.small_classes.columns
    small = result.small_classes.select(pl.struct(columns).alias("class")).get_column("class")
    return ~pl.struct(columns).is_in(small.implode())
