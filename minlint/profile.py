"""Profile stage: one pass over a dataset gives every column's `ColumnProfile`.

The sample is a bottom-k sketch: the distinct values whose hash (fixed seed) is smallest. It is
deterministic, unbiased with respect to value order (unlike "first k sorted"), and mergeable
across partitions (keep the k smallest hashes of the union), which the distributed engine needs.
"""

from __future__ import annotations

import polars as pl

from minlint.model import ColumnProfile

SAMPLE_SEED = 0x6D696E6C  # "minl": fixed so that the same data gives the same sample
DEFAULT_SAMPLE_SIZE = 200


def is_text(dtype: pl.DataType) -> bool:
    return dtype in (pl.String, pl.Categorical) or isinstance(dtype, (pl.Categorical, pl.Enum))


def _column_expressions(name: str, dtype: pl.DataType, index: int, sample_size: int) -> list[pl.Expr]:
    column = pl.col(name)
    present = column.is_not_null()
    hashed = column.hash(SAMPLE_SEED)
    cutoff = hashed.filter(present).unique().bottom_k(sample_size).max()
    prefix = f"{index}:"
    expressions = [
        column.null_count().alias(prefix + "nulls"),
        # HyperLogLog estimate: exact counting costs more than the rest of the profile, and
        # detection only needs the order of magnitude (the risk stage counts exactly).
        column.drop_nulls().approx_n_unique().alias(prefix + "distinct"),
        column.filter(present & (hashed <= cutoff)).unique().cast(pl.String).sort().implode().alias(prefix + "sample"),
    ]
    if is_text(dtype):
        lengths = column.cast(pl.String).str.len_chars()
        expressions += [
            lengths.min().alias(prefix + "min_length"),
            lengths.max().alias(prefix + "max_length"),
            lengths.mean().alias(prefix + "mean_length"),
        ]
    return expressions


def profile_frame(dataset: str, frame: pl.LazyFrame, sample_size: int = DEFAULT_SAMPLE_SIZE) -> dict[str, ColumnProfile]:
    """Profile every column of `frame` in a single query over all rows."""
    schema = frame.collect_schema()
    expressions: list[pl.Expr] = [pl.len().alias("__rows")]
    for index, (name, dtype) in enumerate(schema.items()):
        expressions += _column_expressions(name, dtype, index, sample_size)
    row = frame.select(expressions).collect(engine="streaming").row(0, named=True)
    rows = int(row["__rows"])
    profiles: dict[str, ColumnProfile] = {}
    for index, (name, dtype) in enumerate(schema.items()):
        prefix = f"{index}:"
        mean_length = row.get(prefix + "mean_length")
        profiles[name] = ColumnProfile(
            dataset=dataset,
            column=name,
            dtype=str(dtype),
            rows=rows,
            nulls=int(row[prefix + "nulls"]),
            distinct=int(row[prefix + "distinct"]),
            min_length=row.get(prefix + "min_length"),
            max_length=row.get(prefix + "max_length"),
            mean_length=round(mean_length, 3) if mean_length is not None else None,
            sample=tuple(row[prefix + "sample"] or ()),
        )
    return profiles
