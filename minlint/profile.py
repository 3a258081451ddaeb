"""Profile stage: every column's `ColumnProfile`, merged from per-partition partials.

Each batch of rows gives a partial (`minlint.partials.profile_partial`): counts, string
lengths, a KMV sketch of the distinct values (the 4,096 smallest value hashes) and the bottom-k sample
candidates, the k + 1 distinct values whose hash (fixed seed) is smallest. The sample is
deterministic, unbiased with respect to value order (unlike "first k sorted"), and the merge
of the partitions' candidates is exactly the sample of the whole column. The Spark engine
merges the same partials, computed inside its tasks.
"""

from __future__ import annotations

import polars as pl

from minlint import execution, partials
from minlint.model import ColumnProfile
from minlint.partials import SAMPLE_SEED, is_text  # noqa: F401 - the profile's public names

DEFAULT_SAMPLE_SIZE = 200
WHOLE_FRAME = 2**62  # rows per partial of a decoded dataset: all of them


def profile_frame(dataset: str, frame: pl.LazyFrame, sample_size: int = DEFAULT_SAMPLE_SIZE) -> dict[str, ColumnProfile]:
    """Profile every column of `frame` over all rows."""
    schema = frame.collect_schema()
    # Streamed, a batch is decoded data: rows per partial from the bytes per row bound it. A
    # decoded dataset is in memory already and a partial's extra memory is a column or two of
    # hashes at a time, whatever the width, so it is one partial: each partial costs a few
    # queries over every column (on a 1,000-column SNP matrix, 32 MiB batches made the profile
    # three times slower).
    streaming = execution.is_streaming()
    rows = execution.batch_rows(frame) if streaming else WHOLE_FRAME
    parts = [partials.profile_partial(batch, sample_size) for batch in partials.batches(frame, rows, streaming)]
    return partials.merge_profiles(dataset, schema, parts, sample_size)
