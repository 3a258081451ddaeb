"""How the stages' polars queries run: in memory when the dataset fits, streaming otherwise.

A dataset under the memory budget is decoded once and every pass (profile, value measures,
search, risk) reads the decoded columns: re-reading Parquet for each pass costs more than the
passes. A larger one stays a lazy scan and each pass streams, so memory stays bounded.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

import polars as pl

_STREAMING: ContextVar[bool] = ContextVar("minlint_streaming", default=True)
DEFAULT_BUDGET_SHARE = 0.25  # of physical memory, for one decoded dataset
# Decoded bytes per batch of a pass that reads rows in batches (profile, risk scalars). The
# per-batch work (hashes of every column, value counts) takes a few times the batch; at 32 MiB
# a 2,000,000-row health export runs in 9 batches and each costs about 100 MiB at its peak.
BATCH_BYTES = 32 * 2**20
_MIN_BATCH_ROWS = 1_000
_MAX_BATCH_ROWS = 1_000_000
_PROBE_ROWS = 10_000  # rows whose decoded size gives the bytes per row
# Rows per row group of the Parquet file a pass streams (None: unknown or uneven groups). A
# slice that cuts a row group decodes the whole group: on the 2,000,000-row export in row
# groups of 125,000 rows, slices of 259,000 rows read the file in 0.30 s, of 250,000 in 0.21 s;
# in two groups of 1,048,576 rows (pyarrow's default) the profile took 0.84 s, in one group
# 1.42 s, as each slice decoded its group again.
_ROW_GROUP_ROWS: ContextVar[int | None] = ContextVar("minlint_row_group_rows", default=None)


def _engine() -> str:
    return "streaming" if _STREAMING.get() else "in-memory"


def collect(query: pl.LazyFrame) -> pl.DataFrame:
    return query.collect(engine=_engine())


def collect_over(data: pl.LazyFrame | pl.DataFrame, query: pl.LazyFrame) -> pl.DataFrame:
    """``query``, a query over ``data``: on the in-memory engine when ``data`` is decoded (a
    batch of a streamed pass), whose rows are in memory already and which the streaming engine
    only splits again (the value counts of 2,000,000 rows in 4 batches: 0.81 s streamed, 0.60 s
    in memory, the same peak)."""
    return query.collect(engine="in-memory") if isinstance(data, pl.DataFrame) else collect(query)


def collect_all(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Several queries in one run, so common scans of the file are shared."""
    return pl.collect_all(queries, engine=_engine())


def batch_rows(frame: pl.LazyFrame, target_bytes: int = BATCH_BYTES) -> int:
    """Rows per batch so that one decoded batch takes about ``target_bytes``: from the decoded
    size of the first rows, so a 1,000-column genotype matrix gets fewer rows than a
    12-column export, instead of one fixed row count for both."""
    head = frame.head(_PROBE_ROWS).collect(engine=_engine())
    if head.height == 0:
        return _MAX_BATCH_ROWS
    per_row = max(head.estimated_size() / head.height, 1.0)
    return _whole_row_groups(int(min(max(target_bytes / per_row, _MIN_BATCH_ROWS), _MAX_BATCH_ROWS)))


def _whole_row_groups(rows: int) -> int:
    """``rows`` rounded down to whole row groups of the file streamed, when a group is smaller.
    A larger group stays cut into batches of ``rows``: each decodes the group again, but a
    batch of the whole group would hold its rows and the work on them (a 2,000,000-row group
    streamed whole peaked at 722 MiB against 377 in slices)."""
    group = _ROW_GROUP_ROWS.get()
    return rows // group * group if group and group <= rows else rows


@contextmanager
def row_groups_of(rows: int | None) -> Iterator[None]:
    """Batches of the passes inside hold whole row groups of ``rows`` rows (None: any rows)."""
    token = _ROW_GROUP_ROWS.set(rows)
    try:
        yield
    finally:
        _ROW_GROUP_ROWS.reset(token)


def is_streaming() -> bool:
    return _STREAMING.get()


@contextmanager
def in_memory() -> Iterator[None]:
    """Run the queries inside with polars' in-memory engine (the data is already decoded)."""
    token = _STREAMING.set(False)
    try:
        yield
    finally:
        _STREAMING.reset(token)


def memory_budget() -> int:
    """Bytes one decoded dataset may take: MINLINT_MEMORY_BUDGET, else a quarter of RAM."""
    configured = os.environ.get("MINLINT_MEMORY_BUDGET")
    if configured:
        return int(configured)
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        physical = 4 * 2**30
    return int(physical * DEFAULT_BUDGET_SHARE)
