"""The pipeline: read -> profile -> detect -> risk -> policy -> Report.

Each stage is its own module; this one only wires them in order and carries the options.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterable, Iterator

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from minlint import __version__, clock, execution
from minlint.detect import presidio_engine
from minlint.detect.registry import ALL_SPECS, DetectOptions, detect_dataset, without_genomic
from minlint.errors import ConfigError, InputError
from minlint.io.common import printable
from minlint.io.discover import discover
from minlint.io.parquet import partition_files
from minlint.io.readers import LoadedDataset, open_dataset
from minlint.mask import mask_value
from minlint.model import ColumnFinding, ColumnProfile, DatasetReport, Report, RiskReport
from minlint.policy.engine import evaluate
from minlint.policy.loader import load_policies
from minlint.profile import DEFAULT_SAMPLE_SIZE, profile_frame
from minlint.risk import assess

DEFAULT_POLICY = "hipaa-safe-harbor"
EXAMPLES_PER_COLUMN = 3
# A single value longer than this is not a field of an export but an embedded document or an
# attack; patterns over it cost seconds per value and Presidio (spaCy) refuses texts past a
# million characters. Such a dataset fails closed rather than being checked in part.
MAX_VALUE_CHARS = 1_000_000
NO_ROWS_NOTE = "no data rows: only column names were checked"
# Peak memory of a decoded scan per byte of uncompressed Parquet (footer sizes): the 2,000,000-row
# benchmark export says 165 MiB in its footers, takes 259 MiB decoded and its scan peaks about
# 740 MiB above the interpreter. The budget bounds that peak, not only the decoded data.
DECODED_PEAK_FACTOR = 5
# A Parquet dataset that decodes to at most this is decoded once, whole, and every pass reads
# memory: the fastest scan, and its peak (about 3x the data: the decoded copy, the reader's
# buffers, the risk stage's classes) is small in absolute terms. A larger one keeps its peak
# near 2x its data: profile and detection stream it in batches and only the risk stage decodes,
# its own few columns (benchmarks/memory.py; about a quarter slower on 2,000,000 rows).
WHOLE_DECODE_BYTES = 64 * 2**20


@dataclass(frozen=True)
class ScanOptions:
    policies: tuple[str, ...] = (DEFAULT_POLICY,)
    destination: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sample_size: int = DEFAULT_SAMPLE_SIZE
    nlp_model: str | None = None
    use_presidio: bool = True
    quasi_identifiers: tuple[str, ...] | None = None  # --quasi-identifiers: every dataset
    # From the config: the quasi-identifiers configured for a dataset path, if any.
    configured_quasi_identifiers: Callable[[str], list[str] | None] | None = None
    k: int = 11
    restricted_zip3: tuple[str, ...] | None = None  # None: the 2000-census list (minlint/data)
    show_examples: bool = False
    waivers: tuple = ()
    parameters: dict = field(default_factory=dict)
    today: date | None = None
    engine: str = "local"  # local | spark (minlint.engines.spark)
    spark_master: str | None = None  # --spark-master; None: the active session, else local[2]


def _with_examples(finding: ColumnFinding, profile: ColumnProfile) -> ColumnFinding:
    if finding.category == "none":
        return finding
    examples = tuple(mask_value(v) for v in profile.sample[:EXAMPLES_PER_COLUMN])
    return ColumnFinding(finding.column, finding.dtype, finding.category, finding.detections, examples)


def _parquet_decoded_size(dataset: LoadedDataset) -> int:
    """Uncompressed size of the Parquet data, from the footers (no data read)."""
    files = partition_files(dataset.path) if dataset.format == "parquet_dir" else [dataset.path]
    total = 0
    for file in files:
        metadata = pq.read_metadata(file)
        total += sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    return total


def _row_group_rows(dataset: LoadedDataset) -> int | None:
    """Rows per row group of a Parquet file whose groups are even (all but the last the same
    size, the last no larger), from the footer; None otherwise (a directory of files too)."""
    if dataset.format != "parquet" or dataset.decoded:
        return None
    metadata = pq.read_metadata(dataset.path)
    rows = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    if not rows or rows[0] == 0 or any(r != rows[0] for r in rows[:-1]) or rows[-1] > rows[0]:
        return None
    return rows[0]


def _in_memory(dataset: LoadedDataset) -> bool:
    """The frame is decoded already: by a text reader, or by ``decode_for_reuse``."""
    return dataset.decoded or dataset.format not in ("parquet", "parquet_dir")


def _over_budget(decoded_size: int) -> bool:
    """Whether a decoded scan of Parquet data of ``decoded_size`` would pass the memory budget."""
    return decoded_size * DECODED_PEAK_FACTOR > execution.memory_budget()


def _reading(dataset: LoadedDataset) -> tuple[LoadedDataset, str]:
    """How the stages read the dataset: ``decoded`` (once, whole), ``risk_columns`` (profile
    and detection stream it, the risk stage decodes its own columns) or ``streamed``."""
    if _in_memory(dataset):
        return dataset, "decoded"
    decoded_size = _parquet_decoded_size(dataset)
    if _over_budget(decoded_size):
        note = "larger than the memory budget: every pass streams the file (MINLINT_MEMORY_BUDGET)"
        return replace(dataset, notes=dataset.notes + (note,)), "streamed"
    if decoded_size > WHOLE_DECODE_BYTES:
        return dataset, "risk_columns"
    return replace(dataset, frame=dataset.frame.collect().lazy(), decoded=True), "decoded"


def scan_dataset(dataset: LoadedDataset, options: ScanOptions) -> DatasetReport:
    """Profile, detect and assess one dataset; InputError when its data cannot be read."""
    try:
        return _scan_dataset(dataset, options)
    except (pl.exceptions.PolarsError, pa.ArrowException, OSError):
        # Frames are lazy: corrupt pages behind a valid footer only fail here. The library's
        # message may quote the data, so it is not passed on.
        raise InputError(f"{dataset.path}: could not read the data (corrupt or truncated file)") from None


def _check_value_lengths(path: str, profiles: dict[str, ColumnProfile]) -> None:
    for profile in profiles.values():
        if profile.max_length is not None and profile.max_length > MAX_VALUE_CHARS:
            raise InputError(
                f"{path}: column {printable(profile.column)} has a value of {profile.max_length} "
                f"characters, more than the {MAX_VALUE_CHARS} minlint checks"
            )


def _scan_dataset(dataset: LoadedDataset, options: ScanOptions) -> DatasetReport:
    # Polars casts no Duration to text, which every stage reads values as: its microseconds
    # stand in (a time span identifies no one; the report shows the column as Int64).
    dataset = replace(dataset, frame=dataset.frame.with_columns(pl.col(pl.Duration).cast(pl.Int64)))
    dataset, reading = _reading(dataset)
    if reading == "decoded":
        with execution.in_memory():
            return _scan_stages(dataset, options, risk_in_memory=True)
    with execution.row_groups_of(_row_group_rows(dataset)):
        return _scan_stages(dataset, options, risk_in_memory=reading == "risk_columns")


def _quasi_identifiers_for(path: str, schema: pl.Schema, options: ScanOptions) -> list[str] | None:
    """The command line wins over the config; None lets the risk stage discover them.

    A named column the dataset lacks is an error naming the dataset and where the list came
    from: one list applied to a directory of different exports must fail closed, and clearly.
    """
    if options.quasi_identifiers:
        chosen, source = list(options.quasi_identifiers), "--quasi-identifiers"
    elif options.configured_quasi_identifiers and (configured := options.configured_quasi_identifiers(path)) is not None:
        chosen, source = list(configured), "the config's quasi-identifiers"
    else:
        return None
    missing = [c.strip() for c in chosen if c.strip() and c.strip() not in schema]
    if missing:
        names = ", ".join(printable(c) for c in missing)
        raise ConfigError(
            f"{path}: {source} names {names}, which this dataset does not have "
            "(set quasi-identifiers per dataset in the config)"
        )
    return chosen


def _scan_stages(dataset: LoadedDataset, options: ScanOptions, risk_in_memory: bool) -> DatasetReport:
    profiles = profile_frame(dataset.path, dataset.frame, options.sample_size)
    _check_value_lengths(dataset.path, profiles)
    findings = detect_dataset(
        dataset.frame, profiles, DetectOptions(nlp_model=options.nlp_model, use_presidio=options.use_presidio)
    )
    if dataset.non_human:
        findings = without_genomic(findings)
    if options.show_examples:
        findings = tuple(_with_examples(f, profiles[f.column]) for f in findings)
    with execution.in_memory() if risk_in_memory else nullcontext():
        risk = _assess(dataset, findings, profiles, options)
    rows = next(iter(profiles.values())).rows if profiles else 0
    # An export without rows is valid (nothing about a person leaves), but value checks could
    # not run: the report says so rather than passing it silently as checked.
    notes = dataset.notes + ((NO_ROWS_NOTE,) if rows == 0 else ())
    return DatasetReport(dataset.path, dataset.format, rows, findings, risk, notes)


def _assess(
    dataset: LoadedDataset, findings: tuple[ColumnFinding, ...], profiles: dict[str, ColumnProfile], options: ScanOptions
) -> RiskReport:
    return assess(
        dataset.frame,
        findings,
        quasi_identifiers=_quasi_identifiers_for(dataset.path, dataset.frame.collect_schema(), options),
        restricted_zip3=frozenset(options.restricted_zip3) if options.restricted_zip3 else None,
        k=options.k,
        sample_columns=() if dataset.non_human else dataset.samples,
        # Columns without a null need not be read to know a row holds them.
        never_null=frozenset(name for name, profile in profiles.items() if profile.nulls == 0),
        today=options.today,
    )


def _restricted_zip3(policies, options: ScanOptions) -> tuple[str, ...] | None:
    """The low-population ZIP3 list: the user's `restricted_zip3` parameter, else a policy's.

    HHS publishes the list per census (2000 by default; 2010-based lists add e.g. 205, 369),
    so it is a parameter rather than code (policy-reference.md section 2).
    """
    configured = options.parameters.get("restricted_zip3") or next(
        (p.parameters["restricted_zip3"] for p in policies if p.parameters.get("restricted_zip3")), None
    )
    return tuple(sorted(str(z).zfill(3) for z in configured)) if configured else options.restricted_zip3


def scan_paths(
    paths: list[str],
    options: ScanOptions,
    on_dataset: Callable[[str], None] | None = None,
) -> Report:
    """Scan every dataset the paths name and judge them with the policies."""

    def opened() -> Iterator[LoadedDataset]:
        # Lazy: discovery runs after the policies are loaded, datasets are opened one at a time.
        for source in discover(list(paths), include=list(options.include), exclude=list(options.exclude)):
            if on_dataset:
                on_dataset(source.path)
            yield open_dataset(source)

    return scan_loaded(opened(), options)


def scan_loaded(datasets: Iterable[LoadedDataset], options: ScanOptions) -> Report:
    """Scan datasets that are already open and judge them with the policies (``minlint fix``
    scans the frames it then minimizes, rather than reading the files twice)."""
    policies = load_policies(list(options.policies))
    # One date for the whole run: the birth years over 89 and the waivers' expiry agree.
    options = replace(options, restricted_zip3=_restricted_zip3(policies, options), today=options.today or clock.today())
    if options.use_presidio:
        presidio_engine.warm_up(options.nlp_model, ALL_SPECS)
    scan_one = _engine_scanner(options)
    reports = [scan_one(dataset, options) for dataset in datasets]
    outcome = evaluate(
        policies, reports, options.destination, list(options.waivers), options.today, parameters=options.parameters
    )
    return Report(
        tool_version=__version__,
        policies=tuple(p.name for p in policies),
        destination=options.destination,
        datasets=tuple(reports),
        violations=outcome.violations,
        waived=outcome.waived,
        notes=outcome.notes,
        engine=options.engine,
    )


def decode_for_reuse(dataset: LoadedDataset) -> tuple[LoadedDataset, bool]:
    """(the dataset decoded into memory, True) when it fits the budget, else (it unchanged, False).

    For a caller that runs several passes over one dataset (``minlint fix``); ``scan_dataset``
    then finds the frame decoded and does not read the file again.
    """
    if _in_memory(dataset):
        return dataset, True
    try:
        if _over_budget(_parquet_decoded_size(dataset)):
            return dataset, False
        return replace(dataset, frame=dataset.frame.collect().lazy(), decoded=True), True
    except (pl.exceptions.PolarsError, pa.ArrowException, OSError):
        raise InputError(f"{dataset.path}: could not read the data (corrupt or truncated file)") from None


def _engine_scanner(options: ScanOptions) -> Callable[[LoadedDataset, ScanOptions], DatasetReport]:
    """The function that scans one dataset on the chosen engine."""
    if options.engine == "local":
        return scan_dataset
    if options.engine != "spark":
        raise ConfigError(f"--engine: unknown engine {options.engine!r} (local or spark)")
    from minlint.engines import spark

    session = spark.spark_session(options.spark_master)
    return lambda dataset, opts: spark.scan_spark_dataset(session, dataset, opts)
