"""Mergeable partial results: one implementation of each metric for every engine.

Every stage that reads rows computes a small *partial* from one partition (a polars batch
locally, an Arrow batch inside a Spark task) and the driver *merges* the partials:

* profile: rows, nulls, length min/max/sum (exact: sums, min, max), an Apache DataSketches
  HLL sketch of the distinct values (merged by sketch union; the estimate comes with a
  relative standard error, ``HLL_RELATIVE_ERROR``) and the bottom-k sample candidates (the
  k + 1 distinct values with the smallest hash: the k smallest of a union are among the k
  smallest of its parts, so the merged sample is exactly the one a single pass would draw);
* value measures and the combined search: counts, merged by summing;
* search forms: bottom-N distinct extracted forms, merged like the sample;
* risk scalars: sums, ``any``, ``all``, by the prefix of their name.

The local engine feeds the same functions one partition (or polars batches), so a scan on a
laptop and on a cluster agree to the digit. Partials hold counts, hashes and sampled values,
never rows; sampled values stay in the process, as ``ColumnProfile.sample`` does.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import datasketches
import polars as pl

from minlint.model import ColumnProfile

SAMPLE_SEED = 0x6D696E6C  # "minl": fixed so that the same data gives the same sample
HLL_LG_K = 12  # 4,096 registers: relative standard error 1.04 / sqrt(4096) = 1.6%
HLL_RELATIVE_ERROR = round(1.04 / 2 ** (HLL_LG_K / 2), 4)
_HLL_TYPE = datasketches.tgt_hll_type.HLL_8


def is_text(dtype: pl.DataType) -> bool:
    return dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))


# --------------------------------------------------------------------------- serialisation


def dumps(partial: Any) -> bytes:
    """A partial as bytes, to travel from a Spark task to the driver."""
    return pickle.dumps(partial, protocol=pickle.HIGHEST_PROTOCOL)


def loads(payload: bytes) -> Any:
    # Only partials this module made in the same job are ever loaded (never user input).
    return pickle.loads(payload)


# --------------------------------------------------------------------------- bottom-k


def _smallest_hashes(
    values: pl.Series, hashes: pl.Series, count: int, distinct: pl.Series | None = None
) -> tuple[tuple[int, str], ...]:
    """The `count` distinct values with the smallest hashes, as sorted (hash, text) pairs.

    The cut-off is found on the 64-bit hashes alone (`distinct`: their unique set, when the
    caller has it); only the few values under it become text and are sorted.
    """
    distinct = hashes.unique() if distinct is None else distinct
    if distinct.len() == 0:
        return ()
    cutoff = distinct.bottom_k(count).max()
    chosen = pl.DataFrame({"hash": hashes, "value": values}).filter(pl.col("hash") <= cutoff)
    chosen = chosen.unique(subset="hash").with_columns(pl.col("value").cast(pl.String))
    return tuple(chosen.sort(["hash", "value"]).head(count).iter_rows())


def bottom_k(candidates: Iterable[tuple[int, str]], k: int) -> list[tuple[int, str]]:
    """The k (hash, value) pairs with the smallest hashes, without duplicates."""
    return sorted(set(candidates))[:k]


def merge_bottom_k(parts: Iterable[Iterable[tuple[int, str]]], k: int) -> list[tuple[int, str]]:
    return bottom_k((pair for part in parts for pair in part), k)


# --------------------------------------------------------------------------- HLL


def _sketch(distinct_hashes: pl.Series) -> bytes:
    sketch = datasketches.hll_sketch(HLL_LG_K, _HLL_TYPE)
    # The values' 64-bit hashes stand for them (the sketch hashes its input again); updating
    # with distinct hashes in sorted order keeps the sketch bytes deterministic.
    for value in distinct_hashes.reinterpret(signed=True).sort().to_list():
        sketch.update(value)
    return sketch.serialize_compact()


def merge_distinct(sketches: Iterable[bytes]) -> tuple[int, int, int]:
    """Distinct-count estimate and its 95% bounds from partition sketches (union).

    A single-stream HLL answers with its HIP estimator, which depends on the order values
    arrived in; a union of partitions cannot. Reading the estimate from the register state
    alone (the union's composite estimator, forced by a second union of the result with
    itself) gives the same number however the rows were partitioned.
    """
    union = datasketches.hll_union(HLL_LG_K)
    for payload in sketches:
        union.update(datasketches.hll_sketch.deserialize(payload))
    merged = union.get_result(_HLL_TYPE)
    registers = datasketches.hll_union(HLL_LG_K)
    registers.update(merged)
    registers.update(merged)
    result = registers.get_result(_HLL_TYPE)
    if result.is_empty():
        return 0, 0, 0
    return round(result.get_estimate()), int(result.get_lower_bound(2)), int(-(-result.get_upper_bound(2) // 1))


# --------------------------------------------------------------------------- profile


@dataclass(frozen=True)
class ColumnPartial:
    nulls: int
    length_min: int | None
    length_max: int | None
    length_sum: int
    hll: bytes
    candidates: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ProfilePartial:
    rows: int
    columns: dict[str, ColumnPartial]


def profile_partial(batch: pl.DataFrame, sample_size: int) -> ProfilePartial:
    """Counts, a distinct sketch and sample candidates of every column of one partition."""
    columns: dict[str, ColumnPartial] = {}
    for name, dtype in batch.schema.items():
        series = batch.get_column(name)
        present = series.drop_nulls()
        hashes = present.hash(SAMPLE_SEED)
        distinct = hashes.unique()
        lengths = series.cast(pl.String).str.len_chars() if is_text(dtype) else None
        columns[name] = ColumnPartial(
            nulls=series.null_count(),
            length_min=lengths.min() if lengths is not None else None,
            length_max=lengths.max() if lengths is not None else None,
            length_sum=int(lengths.sum() or 0) if lengths is not None else 0,
            hll=_sketch(distinct),
            candidates=_smallest_hashes(present, hashes, sample_size + 1, distinct),
        )
    return ProfilePartial(batch.height, columns)


def _min(values: list) -> Any:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _max(values: list) -> Any:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def merge_profiles(
    dataset: str, schema: pl.Schema, partials: list[ProfilePartial], sample_size: int
) -> dict[str, ColumnProfile]:
    """Every column's profile from the partitions' partials (exact but for the HLL estimate)."""
    rows = sum(p.rows for p in partials)
    profiles: dict[str, ColumnProfile] = {}
    for name, dtype in schema.items():
        parts = [p.columns[name] for p in partials]
        nulls = sum(c.nulls for c in parts)
        distinct, _, _ = merge_distinct(c.hll for c in parts)
        chosen = merge_bottom_k((c.candidates for c in parts), sample_size + 1)
        text = is_text(dtype)
        non_null = rows - nulls
        mean_length = sum(c.length_sum for c in parts) / non_null if text and non_null else None
        profiles[name] = ColumnProfile(
            dataset=dataset,
            column=name,
            dtype=str(dtype),
            rows=rows,
            nulls=nulls,
            distinct=distinct,
            min_length=_min([c.length_min for c in parts]) if text else None,
            max_length=_max([c.length_max for c in parts]) if text else None,
            mean_length=round(mean_length, 3) if mean_length is not None else None,
            sample=tuple(sorted(value for _, value in chosen[:sample_size])),
            # k + 1 candidates kept per partition: k or fewer in the union means every
            # distinct value of the column is in the sample, so checks on it are exact.
            sample_complete=len(chosen) <= sample_size,
        )
    return profiles


# --------------------------------------------------------------------------- sums and flags


def count_partial(frame: pl.LazyFrame | pl.DataFrame, expressions: list[pl.Expr], collect) -> dict[str, Any]:
    """The named aggregates of one partition, as one row."""
    if not expressions:
        return {}
    return collect(frame.lazy().select(expressions)).row(0, named=True)


def merge_sums(partials: Iterable[dict[str, Any]]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for partial in partials:
        for key, value in partial.items():
            merged[key] = merged.get(key, 0) + int(value or 0)
    return merged


# Risk scalars are merged by what they aggregate, which their name's prefix says.
_ANY_PREFIXES = ("zip3:", "finer:", "over89:")
_ALL_PREFIXES = ("dense:",)


def merge_scalars(partials: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums, ``any`` and ``all`` flags of the risk stage's one-pass scalars."""
    if not partials:
        return {}
    merged: dict[str, Any] = {}
    for key in partials[0]:
        values = [p[key] for p in partials]
        if key.startswith(_ANY_PREFIXES, 6) or key.startswith(_ANY_PREFIXES):
            merged[key] = any(bool(v) for v in values)
        elif key.startswith(_ALL_PREFIXES):
            merged[key] = all(v is None or bool(v) for v in values)
        else:
            merged[key] = sum(int(v or 0) for v in values)
    return merged


# --------------------------------------------------------------------------- search forms


def forms_partial(forms: list[str] | None, limit: int) -> tuple[tuple[int, str], ...]:
    if not forms:
        return ()
    values = pl.Series(forms, dtype=pl.String).drop_nulls()
    return _smallest_hashes(values, values.hash(SAMPLE_SEED), limit)


def batches(frame: pl.LazyFrame, rows: int, engine_streaming: bool) -> Iterator[pl.DataFrame]:
    """The frame in batches of about ``rows`` rows (streaming keeps memory bounded)."""
    if not engine_streaming:
        decoded = frame.collect()
        if decoded.height == 0:
            yield decoded
            return
        yield from decoded.iter_slices(rows)
        return
    empty = True
    for batch in frame.collect_batches(chunk_size=rows, engine="streaming"):
        empty = False
        yield batch
    if empty:
        yield frame.head(0).collect()
