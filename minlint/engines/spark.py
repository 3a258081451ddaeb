"""minlint on Apache Spark: the same partials as the local engine, computed in Spark tasks.

Each stage that reads rows runs the polars partial functions of ``minlint.partials`` on every
Arrow batch of the Spark DataFrame (``mapInArrow``); the tasks send back pickled partials
(counts, HLL sketches, bottom-k candidates), never rows, and the driver merges them with the
same code the local engine uses. Presidio sees only the merged bottom-k sample.

Batches are normalised to the schema minlint's own reader gives the dataset (nested columns
flattened to dotted names, hive keys typed as locally), so hashes, samples and dtypes match
the local scan exactly. Parquet files and partitioned directories are read by Spark; CSV,
TSV, JSONL, VCF and 23andMe files by minlint's readers (they decode the file anyway) and
handed to Spark as Arrow.

The risk stage still assesses a narrow projection on the driver (the quasi-identifier,
sensitive, person-key and HIPAA columns only), with the local risk code.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import polars as pl
import pyarrow as pa

from minlint import execution, partials
from minlint.detect.registry import ALL_SPECS, DetectOptions, detect_dataset
from minlint.detect.values import finish_search, plan_search, plan_values, search_partial, value_evidence
from minlint.errors import ConfigError, InputError
from minlint.io.flatten import flatten
from minlint.io.readers import LoadedDataset
from minlint.model import DatasetReport

DEFAULT_MASTER = "local[2]"
MISSING_PYSPARK = "--engine spark: pyspark is not installed (pip install 'minlint[spark]')"


def require_pyspark() -> Any:
    """The pyspark module, or ConfigError with the install line."""
    try:
        import pyspark.sql  # noqa: F401
    except ImportError:
        raise ConfigError(MISSING_PYSPARK) from None
    import pyspark

    return pyspark


def spark_session(master: str | None = None):
    """The active SparkSession, or a new one on ``master`` (default local[2])."""
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    # Python workers run the partial functions: they need this interpreter (and minlint).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master or DEFAULT_MASTER)
        .appName("minlint")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
    )
    return builder.getOrCreate()


def read_dataset(spark, dataset: LoadedDataset):
    """The dataset as a Spark DataFrame (Spark reads Parquet; minlint's readers the rest)."""
    if dataset.format == "parquet":
        return spark.read.parquet(dataset.path)
    if dataset.format == "parquet_dir":
        # Hive keys as text, typed like the local reader types them (zip3=021 stays "021").
        spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        return spark.read.option("basePath", dataset.path).parquet(dataset.path)
    return spark.createDataFrame(dataset.frame.collect().to_arrow())


def _normalised(batch: pa.RecordBatch, schema: pl.Schema) -> pl.DataFrame:
    frame = pl.from_arrow(batch)
    if isinstance(frame, pl.Series):
        frame = frame.to_frame()
    flat = flatten(frame.lazy(), "batch").collect()
    return flat.select(pl.col(name).cast(dtype) for name, dtype in schema.items())


def _partials(df, schema: pl.Schema, compute: Callable[[pl.DataFrame], Any]) -> list[Any]:
    """``compute`` on every Arrow batch of ``df`` in the Spark tasks; the partials on the driver."""

    def run(batches):
        with execution.in_memory():
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                partial = compute(_normalised(batch, schema))
                yield pa.RecordBatch.from_pydict({"partial": [partials.dumps(partial)]})

    rows = df.mapInArrow(run, "partial binary").collect()
    return [partials.loads(bytes(row.partial)) for row in rows]


def _projection(df, schema: pl.Schema, columns: list[str]) -> pl.LazyFrame:
    """The few columns the risk stage reads, decoded on the driver."""
    if not columns:
        return pl.DataFrame({name: pl.Series([], dtype=dtype) for name, dtype in schema.items()}).lazy()
    chosen = pl.Schema({name: schema[name] for name in columns})
    parts = _partials(df, schema, lambda batch: batch.select(columns).write_ipc(None).getvalue())
    frames = [pl.read_ipc(payload) for payload in parts]
    if not frames:
        return pl.DataFrame({name: pl.Series([], dtype=dtype) for name, dtype in chosen.items()}).lazy()
    return pl.concat(frames).lazy()


def _risk_columns(findings, options, path: str, schema: pl.Schema) -> list[str]:
    from minlint.scan import _quasi_identifiers_for

    # The first column keeps the row count when no column is about a person.
    wanted = {f.column for f in findings if f.category != "none"} | set(list(schema)[:1])
    wanted |= set(_quasi_identifiers_for(path, options) or [])
    return [name for name in schema if name in wanted]


def scan_spark_dataset(spark, dataset: LoadedDataset, options) -> DatasetReport:
    """Profile, detect and assess one dataset with Spark; the same report as the local engine."""
    schema = dataset.frame.collect_schema()
    return scan_dataframe(read_dataset(spark, dataset), dataset.path, options, schema=schema,
                          format=dataset.format, notes=dataset.notes, samples=dataset.samples)


def scan_dataframe(df, name: str, options=None, *, schema: pl.Schema | None = None, format: str = "spark",
                   notes: tuple[str, ...] = (), samples: tuple[str, ...] = ()) -> DatasetReport:
    """Scan a ``pyspark.sql.DataFrame`` (notebooks, jobs): ``name`` stands for its path.

    ``schema`` is the polars schema batches are cast to (default: the one Spark's Arrow gives,
    nested columns flattened).
    """
    from minlint.risk import assess
    from minlint.scan import NO_ROWS_NOTE, ScanOptions, _check_value_lengths, _quasi_identifiers_for, _with_examples

    options = options or ScanOptions()
    if schema is None:
        empty = pa.Table.from_batches([], schema=df.limit(0).toArrow().schema)
        schema = flatten(pl.from_arrow(empty).lazy(), name).collect_schema()
    sample_size = options.sample_size
    profile_parts = _partials(df, schema, lambda batch: partials.profile_partial(batch, sample_size))
    profiles = partials.merge_profiles(name, schema, profile_parts, sample_size)
    _check_value_lengths(name, profiles)

    plan = plan_values(schema, profiles, ALL_SPECS)
    expressions = list(plan.expressions)
    counts = partials.merge_sums(
        _partials(df, schema, lambda batch: partials.count_partial(batch, expressions, execution.collect))
    )
    search = plan_search(plan, counts, profiles)
    specs, combined = plan.search_specs, plan.combined_search
    searched = finish_search(
        _partials(df, schema, lambda batch: search_partial(batch, search, specs, combined)) if search else [], specs
    )
    evidence = value_evidence(plan, counts, searched, profiles)
    findings = detect_dataset(
        None, profiles, DetectOptions(nlp_model=options.nlp_model, use_presidio=options.use_presidio), evidence=evidence
    )
    if options.show_examples:
        findings = tuple(_with_examples(f, profiles[f.column]) for f in findings)
    narrow = _projection(df, schema, _risk_columns(findings, options, name, schema))
    rows = next(iter(profiles.values())).rows if profiles else 0
    with execution.in_memory():
        risk = assess(
            narrow,
            findings,
            quasi_identifiers=_quasi_identifiers_for(name, options),
            k=options.k,
            sample_columns=samples,
            restricted_zip3=frozenset(options.restricted_zip3) if options.restricted_zip3 else None,
        )
    notes = notes + ((NO_ROWS_NOTE,) if rows == 0 else ())
    return DatasetReport(name, format, rows, findings, risk, notes)


def check_input(dataset: LoadedDataset) -> None:
    if dataset.format not in ("parquet", "parquet_dir", "csv", "tsv", "jsonl", "vcf"):
        raise InputError(f"{dataset.path}: format {dataset.format!r} cannot be scanned with Spark")
