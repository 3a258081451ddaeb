"""`minlint fix --engine spark`: the minimized copy computed in Spark tasks and written by Spark.

The plan (drops, pseudonyms, generalisation levels, the k-anonymity node and the classes it
suppresses) is made exactly as with the local engine; only applying it and writing the copy
move to Spark. Every Arrow batch of the input is rewritten in a Spark task by the same polars
query the local writer streams (``fixer.minimized_frame``), so the copy holds the same rows.

Pseudonyms and date offsets need no table gathered over the whole dataset: HMAC-SHA-256 of a
value depends only on the key and the value (RFC 2104), so each task computes the tables of
the values in its own batch. The key travels to the tasks inside the task closure, as the
local engine keeps it in memory; it is never written or logged.

Output: Parquet -> one Parquet file, CSV/TSV -> one CSV/TSV file (gzip when the input was),
at the path the local engine would write. Spark writes one partition (``coalesce(1)``) into a
scratch directory beside the target, and its single part file is moved into place, so the
content and row order are deterministic for the same input, key and options (rows keep the
input's order: partitions are concatenated in index order). Spark's part-file name (a random
UUID) is not kept. The target must be on a file system the driver can rename in (a local or
mounted path). Partitioned directories and JSON Lines are written by the local engine only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pyarrow as pa

from minlint import execution
from minlint.errors import ConfigError
from minlint.fix.kanon import KAnonymityResult
from minlint.fix.plan import DatasetPlan
from minlint.io.readers import LoadedDataset

SPARK_WRITABLE_FORMATS = ("parquet", "csv", "tsv")

# Spark's Arrow bridge knows the 32-bit offset types; polars hands out the 64-bit ones.
_SPARK_ARROW_TYPES = {pa.large_string(): pa.string(), pa.string_view(): pa.string(),
                      pa.large_binary(): pa.binary(), pa.binary_view(): pa.binary()}


def check_spark_writable(path: str, fmt: str) -> None:
    if fmt not in SPARK_WRITABLE_FORMATS:
        raise ConfigError(
            f"{path}: fix --engine spark cannot write {fmt} datasets (it writes "
            f"{', '.join(SPARK_WRITABLE_FORMATS)}; use --engine local)"
        )


def _spark_arrow_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, _SPARK_ARROW_TYPES.get(f.type, f.type)) for f in schema])


def minimized_dataframe(spark, dataset: LoadedDataset, plan: DatasetPlan, result: KAnonymityResult | None,
                        key: bytes | None, shift_days: int):
    """The minimized copy of ``dataset`` as a Spark DataFrame (computed batch by batch in tasks)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from minlint.engines.spark import _normalised, read_dataset
    from minlint.fix.fixer import _key_tables, minimized_frame

    schema = dataset.frame.collect_schema()

    def minimized(batch: pl.DataFrame) -> pl.DataFrame:
        frame = batch.lazy()
        # Keyed tables of this batch's values only: HMAC is per value, so they agree with the
        # tables the local engine builds over the whole column.
        tables = _key_tables(plan, frame, key, shift_days)
        return minimized_frame(frame, plan, tables, result).collect()

    # The output schema from the same query on no rows: Spark needs it before any task runs.
    target = _spark_arrow_schema(minimized(pl.DataFrame(schema=schema)).to_arrow().schema)

    def run(batches):
        with execution.in_memory():
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                yield from minimized(_normalised(batch, schema)).to_arrow().cast(target).to_batches()

    return read_dataset(spark, dataset).mapInArrow(run, from_arrow_schema(target))


def write_spark_dataset(df, target: Path, fmt: str, *, compressed: bool, source_path: str) -> None:
    """Write ``df`` with Spark as one file at ``target``, in the input's format."""
    check_spark_writable(source_path, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(target.name + ".spark")
    writer = df.coalesce(1).write.mode("overwrite")
    try:
        if fmt == "parquet":
            if compressed:
                raise ConfigError(f"{source_path}: fix --engine spark cannot write gzip-wrapped Parquet; use --engine local")
            writer.parquet(str(scratch))
            suffix = ".parquet"
        else:
            # RFC 4180 as the local writer: quotes doubled (Spark escapes with a backslash by
            # default), values written as they are (Spark trims their whitespace by default).
            writer = (
                writer.option("header", "true").option("sep", "\t" if fmt == "tsv" else ",")
                .option("escape", '"').option("ignoreLeadingWhiteSpace", "false").option("ignoreTrailingWhiteSpace", "false")
                .option("dateFormat", "yyyy-MM-dd").option("compression", "gzip" if compressed else "none")
            )
            writer.csv(str(scratch))
            suffix = ".csv"
        parts = sorted(p for p in scratch.iterdir() if p.name.startswith("part-") and suffix in p.name)
        if len(parts) != 1:
            raise ConfigError(f"{target}: Spark wrote {len(parts)} part files, expected one")
        parts[0].replace(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
