"""Profile stage: two passes over a dataset give every column's `ColumnProfile`.

Pass one counts rows, nulls, distinct values (HyperLogLog estimate) and string lengths. Pass two
draws the sample: a bottom-k sketch, the k distinct values whose hash (fixed seed) is smallest.
It is deterministic, unbiased with respect to value order (unlike "first k sorted"), and
mergeable across partitions (keep the k smallest hashes of the union). Knowing the distinct
count first lets pass two keep only rows whose hash falls under a threshold that leaves a few
times k candidates, instead of hashing every distinct value into one big set.
"""

from __future__ import annotations

import polars as pl

from minlint.execution import collect
from minlint.model import ColumnProfile

SAMPLE_SEED = 0x6D696E6C  # "minl": fixed so that the same data gives the same sample
DEFAULT_SAMPLE_SIZE = 200
_OVERSAMPLE = 4  # candidates kept per sampled value, so an under-estimated count still fills k
_HASH_SPACE = 2**64 - 1


def is_text(dtype: pl.DataType) -> bool:
    return dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))


def _count_expressions(name: str, dtype: pl.DataType, prefix: str) -> list[pl.Expr]:
    column = pl.col(name)
    expressions = [
        column.null_count().alias(prefix + "nulls"),
        # HyperLogLog estimate: exact counting costs more than the rest of the profile, and
        # detection only needs the order of magnitude (the risk stage counts exactly).
        column.drop_nulls().approx_n_unique().alias(prefix + "distinct"),
    ]
    if is_text(dtype):
        lengths = column.cast(pl.String).str.len_chars()
        expressions += [
            lengths.min().alias(prefix + "min_length"),
            lengths.max().alias(prefix + "max_length"),
            lengths.mean().alias(prefix + "mean_length"),
        ]
    return expressions


def _candidate_share(distinct: int, sample_size: int) -> float:
    return min(1.0, _OVERSAMPLE * sample_size / max(distinct, 1))


def _candidate_expression(name: str, distinct: int, sample_size: int, alias: str) -> pl.Expr:
    column = pl.col(name)
    threshold = int(_HASH_SPACE * _candidate_share(distinct, sample_size))
    return column.filter(column.is_not_null() & (column.hash(SAMPLE_SEED) <= threshold)).unique().implode().alias(alias)


def _bottom_k(candidates: pl.Series, sample_size: int) -> tuple[str, ...]:
    """The `sample_size` candidates with the smallest hashes, as sorted strings."""
    if candidates.len() == 0:
        return ()
    ranked = pl.DataFrame({"value": candidates, "hash": candidates.hash(SAMPLE_SEED)})
    chosen = ranked.sort(["hash", "value"]).head(sample_size)["value"].cast(pl.String)
    return tuple(sorted(chosen.to_list()))


def profile_frame(dataset: str, frame: pl.LazyFrame, sample_size: int = DEFAULT_SAMPLE_SIZE) -> dict[str, ColumnProfile]:
    """Profile every column of `frame` over all rows."""
    schema = frame.collect_schema()
    prefixes = {name: f"{index}:" for index, name in enumerate(schema)}
    counts_query: list[pl.Expr] = [pl.len().alias("__rows")]
    for name, dtype in schema.items():
        counts_query += _count_expressions(name, dtype, prefixes[name])
    counts = collect(frame.select(counts_query)).row(0, named=True)
    sample_query = [
        _candidate_expression(name, counts[prefixes[name] + "distinct"], sample_size, prefixes[name] + "sample")
        for name in schema
    ]
    candidates = collect(frame.select(sample_query)) if sample_query else None
    rows = int(counts["__rows"])
    profiles: dict[str, ColumnProfile] = {}
    for name, dtype in schema.items():
        prefix = prefixes[name]
        mean_length = counts.get(prefix + "mean_length")
        distinct = int(counts[prefix + "distinct"])
        column_candidates = candidates[prefix + "sample"][0]
        # With every row a candidate and no more candidates than k, the sample is the column's
        # whole set of distinct values: checks on it are exact, not estimates.
        complete = _candidate_share(distinct, sample_size) == 1.0 and column_candidates.len() <= sample_size
        profiles[name] = ColumnProfile(
            dataset=dataset,
            column=name,
            dtype=str(dtype),
            rows=rows,
            nulls=int(counts[prefix + "nulls"]),
            distinct=distinct,
            min_length=counts.get(prefix + "min_length"),
            max_length=counts.get(prefix + "max_length"),
            mean_length=round(mean_length, 3) if mean_length is not None else None,
            sample=_bottom_k(column_candidates, sample_size),
            sample_complete=complete,
        )
    return profiles
