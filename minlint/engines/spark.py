"""minlint on Apache Spark: the same partials as the local engine, computed in Spark tasks.

Each stage that reads rows runs the polars partial functions of ``minlint.partials`` on every
Arrow batch of the Spark DataFrame (``mapInArrow``); the tasks send back pickled partials
(counts, distinct sketches, bottom-k candidates), never rows, and the driver merges them with the
same code the local engine uses. Presidio sees only the merged bottom-k sample.

Batches are normalised to the schema minlint's own reader gives the dataset (nested columns
flattened to dotted names, hive keys typed as locally), so hashes, samples and dtypes match
the local scan exactly. Parquet files and partitioned directories are read by Spark; CSV,
TSV, JSONL, VCF and 23andMe files by minlint's readers (they decode the file anyway) and
handed to Spark as Arrow.

The risk stage runs the same way: its scalars (HIPAA checks, rows per category) are merged
partials, and the equivalence classes, l-diversity and distinct persons are Spark's own
group-bys over per-row values the tasks compute with the local risk code's expressions (so
classes match the local engine exactly). Only histograms {class size: classes} and counts
reach the driver, never rows.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Sequence

import polars as pl
import pyarrow as pa

from minlint import execution, partials
from minlint.detect.registry import ALL_SPECS, DetectOptions, detect_dataset, detection_view, without_genomic
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


def _spark_type(dtype: pl.DataType) -> tuple[pa.DataType, str]:
    """The Arrow and Spark type of a risk value column (Int64, String or a Boolean flag)."""
    if dtype == pl.Boolean:
        return pa.bool_(), "boolean"
    return (pa.int64(), "bigint") if dtype == pl.Int64 else (pa.string(), "string")


class SparkRiskAggregates:
    """``minlint.risk.RiskAggregates`` on a Spark DataFrame: partials via mapInArrow, classes
    and persons via Spark group-bys over value columns computed in the tasks."""

    def __init__(self, df, schema: pl.Schema) -> None:
        self._df, self._schema = df, schema
        self._values = None  # the persisted class values, while assess runs
        self._names: dict[str, str] = {}

    def partials(self, compute: Callable[[pl.DataFrame], Any], columns: Sequence[str]) -> list[Any]:
        # Every column is read: the tasks flatten nested columns, so ``columns`` (flattened
        # names) have no counterpart in the Spark DataFrame to select.
        return _partials(self._df, self._schema, compute)

    def _value_frame(self, values: Callable[[pl.LazyFrame], pl.LazyFrame]):
        """A Spark DataFrame of the value columns (renamed c0, c1... : names may hold dots)."""
        schema = self._schema
        produced = values(pl.DataFrame(schema=schema).lazy()).collect_schema()
        names = {name: f"c{index}" for index, name in enumerate(produced)}
        types = {name: _spark_type(dtype) for name, dtype in produced.items()}
        target = pa.schema([(names[n], types[n][0]) for n in produced])
        ddl = ", ".join(f"{names[n]} {types[n][1]}" for n in produced)

        def run(batches):
            with execution.in_memory():
                for batch in batches:
                    if batch.num_rows == 0:
                        continue
                    table = values(_normalised(batch, schema).lazy()).collect().to_arrow()
                    yield from table.rename_columns(list(target.names)).cast(target).to_batches()

        return self._df.mapInArrow(run, ddl), names

    def histograms(self, values, groupings):
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        self.close()
        frame, self._names = self._value_frame(values)
        self._values = frame.persist(StorageLevel.MEMORY_AND_DISK)
        result = []
        for grouping in groupings:
            sizes = self._values.groupBy(*[self._names[n] for n in grouping]).agg(F.count(F.lit(1)).alias("size"))
            rows = sizes.groupBy("size").agg(F.count(F.lit(1)).alias("classes")).collect()
            result.append({int(row["size"]): int(row["classes"]) for row in rows})
        return result

    def lowest_l(self, names, sensitive):
        from pyspark.sql import functions as F

        per_class = self._values.groupBy(*[self._names[n] for n in names]).agg(*[
            # countDistinct skips null; polars' n_unique (and pycanon) count it as one value.
            (F.countDistinct(self._names[f"keep:{s}"])
             + F.max(F.col(self._names[f"keep:{s}"]).isNull().cast("int"))).alias(f"l{index}")
            for index, s in enumerate(sensitive)
        ])
        lowest = per_class.agg(*[F.min(f"l{index}").alias(f"l{index}") for index in range(len(sensitive))]).first()
        return {s: int(lowest[f"l{index}"]) for index, s in enumerate(sensitive)}

    def keyed_counts(self, values, flags):
        from pyspark.sql import functions as F

        frame, names = self._value_frame(values)
        per_key = frame.groupBy(names["key"]).agg(*[F.max(names[f]).alias(names[f]) for f in flags])
        totals = per_key.agg(
            F.count(F.lit(1)).alias("persons"),
            *[F.sum(F.col(names[f]).cast("long")).alias(names[f]) for f in flags],
        ).first()
        return {"persons": int(totals["persons"])} | {f: int(totals[names[f]] or 0) for f in flags}

    def close(self) -> None:
        if self._values is not None:
            self._values.unpersist()
            self._values = None


def scan_spark_dataset(spark, dataset: LoadedDataset, options) -> DatasetReport:
    """Profile, detect and assess one dataset with Spark; the same report as the local engine."""
    schema = dataset.frame.collect_schema()
    return scan_dataframe(read_dataset(spark, dataset), dataset.path, options, schema=schema,
                          format=dataset.format, notes=dataset.notes, samples=dataset.samples,
                          non_human=dataset.non_human)


def scan_dataframe(df, name: str, options=None, *, schema: pl.Schema | None = None, format: str = "spark",
                   notes: tuple[str, ...] = (), samples: tuple[str, ...] = (),
                   non_human: str | None = None) -> DatasetReport:
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

    # Detection reads the rows as the local engine does (categorical as text, full-width as ASCII).
    view, detected = detection_view(schema, profiles)
    viewed = (lambda batch: batch.with_columns(view)) if view else (lambda batch: batch)
    plan = plan_values(pl.DataFrame(schema=schema).lazy().with_columns(view).collect_schema(), detected, ALL_SPECS)
    expressions = list(plan.expressions)
    counts = partials.merge_sums(
        _partials(df, schema, lambda batch: partials.count_partial(viewed(batch), expressions, execution.collect))
    )
    search = plan_search(plan, counts, detected)
    specs, groups = plan.search_specs, plan.search_groups
    searched = finish_search(
        _partials(df, schema, lambda batch: search_partial(viewed(batch), search, specs, groups)) if search else [], specs
    )
    evidence = value_evidence(plan, counts, searched, detected)
    findings = detect_dataset(
        None, detected, DetectOptions(nlp_model=options.nlp_model, use_presidio=options.use_presidio), evidence=evidence
    )
    if non_human:
        findings, samples = without_genomic(findings), ()
    if options.show_examples:
        findings = tuple(_with_examples(f, profiles[f.column]) for f in findings)
    rows = next(iter(profiles.values())).rows if profiles else 0
    aggregates = SparkRiskAggregates(df, schema)
    try:
        risk = assess(
            pl.DataFrame(schema=schema).lazy(),  # the schema only: every pass runs in Spark
            findings,
            quasi_identifiers=_quasi_identifiers_for(name, schema, options),
            k=options.k,
            sample_columns=samples,
            restricted_zip3=frozenset(options.restricted_zip3) if options.restricted_zip3 else None,
            aggregates=aggregates,
            today=options.today,
        )
    finally:
        aggregates.close()
    notes = notes + ((NO_ROWS_NOTE,) if rows == 0 else ())
    return DatasetReport(name, format, rows, findings, risk, notes)


def check_input(dataset: LoadedDataset) -> None:
    if dataset.format not in ("parquet", "parquet_dir", "csv", "tsv", "jsonl", "vcf"):
        raise InputError(f"{dataset.path}: format {dataset.format!r} cannot be scanned with Spark")
