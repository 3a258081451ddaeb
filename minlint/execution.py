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


def _engine() -> str:
    return "streaming" if _STREAMING.get() else "in-memory"


def collect(query: pl.LazyFrame) -> pl.DataFrame:
    return query.collect(engine=_engine())


def collect_all(queries: list[pl.LazyFrame]) -> list[pl.DataFrame]:
    """Several queries in one run, so common scans of the file are shared."""
    return pl.collect_all(queries, engine=_engine())


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
