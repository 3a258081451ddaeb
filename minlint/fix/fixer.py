"""`minlint fix`: scan, plan, write a minimized copy to a temporary place, scan it again, move it.

The guarantee: the copy that lands at ``--output`` has been scanned with the same policies,
destination and options and passes (no violation at or above ``--fail-on``). When a rule still
fires on the candidate, fix drops the columns it names and tries once more; if a rule remains,
nothing is written and ``FixRefused`` names it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import polars as pl

from minlint.errors import ConfigError
from minlint.fix import kanon, pseudonym, transforms
from minlint.fix.plan import DatasetPlan, FixRefused, build_plan, failing, refuse_across_datasets
from minlint.fix.writer import check_writable, write_dataset
from minlint.io.discover import DatasetSource, discover, format_of
from minlint.io.readers import LoadedDataset, open_dataset
from minlint.model import Report
from minlint.policy.loader import load_policies
from minlint.scan import ScanOptions, decode_for_reuse, scan_loaded, scan_paths

DEFAULT_DATE_SHIFT_DAYS = 182
MAX_ROUNDS = 2


@dataclass(frozen=True)
class FixOptions:
    scan: ScanOptions
    output: Path
    keep: tuple[str, ...] = ()
    key_env: str = pseudonym.DEFAULT_KEY_ENV
    key_file: Path | None = None
    date_shift_days: int | None = None  # None: dates are generalised (year), never shifted
    max_suppression: float = kanon.DEFAULT_MAX_SUPPRESSION
    fail_on: str = "error"
    dry_run: bool = False


@dataclass(frozen=True)
class FixResult:
    plans: tuple[DatasetPlan, ...]
    outputs: tuple[str, ...]  # where each dataset was (or would be) written
    before: Report
    after: Report | None  # the verification scan (None on --dry-run)


def _targets(sources: list[DatasetSource], paths: list[str], output: Path) -> list[Path]:
    """Where each dataset goes: OUT itself for one file named on its own, else under OUT."""
    if len(paths) == 1 and len(sources) == 1 and os.path.abspath(paths[0]) == os.path.abspath(sources[0].path):
        return [output]
    root = os.path.commonpath([os.path.abspath(p) for p in paths]) if paths else os.getcwd()
    if os.path.isfile(root):
        root = os.path.dirname(root)
    return [output / os.path.relpath(os.path.abspath(s.path), root) for s in sources]


def _check_target_name(source: DatasetSource, target: Path) -> None:
    """The copy keeps the input's format and scans read formats from names: the name must agree.

    Checked before anything is read, so the error names --output, not a staging file.
    """
    if source.format == "parquet_dir":
        return
    detected = format_of(str(target))
    expected = {source.format, "txt"} if source.format in ("csv", "tsv") else {source.format}
    if detected is not None and detected[0] in expected and detected[1] == source.compression:
        return
    ending = "".join(Path(source.path).suffixes[-2:]) if source.compression else Path(source.path).suffix
    raise ConfigError(
        f"--output {target}: the copy of {source.path} is written as {source.format}"
        f"{' (gzip)' if source.compression else ''}; give a name ending in {ending} (or a directory ending in /)"
    )


def _key_tables(
    plan: DatasetPlan, frame: pl.LazyFrame, key: bytes | None, shift_days: int, *, pseudonym_tables: bool = True
) -> dict[str, pl.DataFrame]:
    """Tables keyed by original value: pseudonyms per pseudonymised column (unless the caller
    pseudonymises row by row), and the date offset per person."""
    tables: dict[str, pl.DataFrame] = {}
    columns = list(plan.pseudonymise) if pseudonym_tables else []
    person = _person_key(plan)
    if plan.shift_dates and person:
        columns.append(person)
    if not columns or key is None:
        return tables
    values = frame.select([pl.col(c).cast(pl.String) for c in dict.fromkeys(columns)]).collect()
    for column in plan.pseudonymise if pseudonym_tables else ():
        tables[f"pseudonym:{column}"] = pseudonym.pseudonym_table(key, values.get_column(column))
    if plan.shift_dates and person:
        tables["offset"] = pseudonym.date_offset_table(key, values.get_column(person), shift_days)
    return tables


def _row_pseudonym_name(column: str) -> str:
    # NUL keeps it apart from real column names; should one collide, the writer uses the table.
    return f"\x00pseudonym\x00{column}"


def _with_row_pseudonyms(data: pl.DataFrame, plan: DatasetPlan, key: bytes) -> pl.DataFrame:
    """The decoded input with each pseudonymised column's pseudonyms beside it, row by row.

    For a dataset held in memory: the writer then copies a column instead of joining a table of
    pseudonyms back to every row (the same strings either way). The original column stays, for
    the date offsets looked up by person.
    """
    return data.with_columns(
        [pseudonym.pseudonym_column(key, data.get_column(c)).alias(_row_pseudonym_name(c)) for c in sorted(plan.pseudonymise)]
    )


def _person_key(plan: DatasetPlan) -> str | None:
    return next(iter(sorted(plan.pseudonymise)), None)


def _shifted(frame: pl.LazyFrame, plan: DatasetPlan, tables: dict[str, pl.DataFrame], schema: pl.Schema) -> pl.LazyFrame:
    """Dates moved by each person's keyed offset, before any generalisation reads them."""
    person = _person_key(plan)
    if not plan.shift_dates or person is None:
        return frame
    table = tables["offset"]
    offset = pl.col(person).cast(pl.String).replace_strict(
        table.get_column("value"), table.get_column("offset"), default=0, return_dtype=pl.Int32
    )
    return frame.with_columns([transforms.shifted_date(c, schema[c], offset).alias(c) for c in plan.shift_dates])


def minimized_frame(
    frame: pl.LazyFrame, plan: DatasetPlan, tables: dict[str, pl.DataFrame], result: kanon.KAnonymityResult | None
) -> pl.LazyFrame:
    """The whole minimized copy as one lazy query (streams when the writer sinks it)."""
    schema = frame.collect_schema()
    frame = _shifted(frame, plan, tables, schema)
    levels = result.levels if result is not None else plan.levels
    by_column = {h.column: h for h in plan.hierarchies}
    # Without a table, a pseudonymised column's pseudonyms are already in the frame (row by row).
    row_pseudonyms = {_row_pseudonym_name(c) for c in plan.pseudonymise if f"pseudonym:{c}" not in tables}
    exprs = []
    for column in schema:
        if column in plan.drops or column in row_pseudonyms:
            continue
        if column in plan.pseudonymise and _row_pseudonym_name(column) in row_pseudonyms:
            exprs.append(pl.col(_row_pseudonym_name(column)).alias(column))
        elif column in plan.pseudonymise:
            exprs.append(pseudonym.pseudonymise_expr(column, tables[f"pseudonym:{column}"]))
        elif column in by_column:
            exprs.append(by_column[column].levels[levels[column]].expr.alias(column))
        else:
            exprs.append(pl.col(column))
    out = frame.select(exprs)
    keep = kanon.suppression_filter(result) if result is not None else None
    return out.filter(keep) if keep is not None else out


def _search(frame: pl.LazyFrame, plan: DatasetPlan, tables, max_suppression: float) -> kanon.KAnonymityResult | None:
    if plan.k_target is None or not plan.hierarchies:
        return None
    shifted = _shifted(frame, plan, tables, frame.collect_schema())
    return kanon.search(shifted, plan.hierarchies, plan.k_target, max_suppression)


def _column_drops(report: Report, fail_on: str, plans: list[DatasetPlan], datasets: list[str]) -> dict[int, dict[str, tuple[str, ...]]] | None:
    """Columns still named by failing rules on the candidate, per dataset; None when a rule has no column."""
    extra: dict[int, dict[str, list[str]]] = {}
    for violation in failing(report.violations, fail_on):
        if violation.column is None or violation.dataset not in datasets:
            return None
        index = datasets.index(violation.dataset)
        extra.setdefault(index, {}).setdefault(violation.column, []).append(violation.rule_id)
    return {i: {c: tuple(sorted(set(r))) for c, r in cols.items()} for i, cols in extra.items()}


def fix_paths(paths: list[str], options: FixOptions) -> FixResult:
    """Minimize every dataset behind ``paths`` so that it passes; FixRefused when it cannot."""
    scan_options = options.scan
    policies = load_policies(list(scan_options.policies))
    sources = discover(list(paths), include=list(scan_options.include), exclude=list(scan_options.exclude))
    targets = _targets(sources, paths, options.output)
    for source, target in zip(sources, targets):
        _check_target_name(source, target)
    if scan_options.engine == "local":
        opened, in_memory = _open_for_reuse(sources)
        before = scan_loaded(opened, scan_options)
    else:
        before = scan_paths(paths, scan_options)
        opened, in_memory = [open_dataset(source) for source in sources], [False] * len(sources)
    refuse_across_datasets(before, policies, options.fail_on)
    for source in sources:
        check_writable(source.path, source.format)
        if scan_options.engine == "spark":
            from minlint.engines.spark_fix import check_spark_writable

            check_spark_writable(source.path, source.format)
    key = None
    extra_drops: dict[int, dict[str, tuple[str, ...]]] = {}
    for _round in range(MAX_ROUNDS):
        plans, frames, results, tables, loaded_sets = [], [], [], [], []
        for index, (source, dataset, loaded) in enumerate(zip(sources, before.datasets, opened)):
            schema = loaded.frame.collect_schema()
            for column in options.keep:
                if column not in schema and len(sources) == 1:
                    raise ConfigError(f"--keep {column}: no such column in {source.path}")
            plan = build_plan(
                dataset, before.violations_for(dataset.path), policies, fail_on=options.fail_on, schema=schema, keep=options.keep,
                extra_drops=extra_drops.get(index), parameters=scan_options.parameters,
                date_shift=options.date_shift_days is not None,
                configured_quasi_identifiers=scan_options.quasi_identifiers is not None,
            )
            if plan.needs_key and key is None and not options.dry_run:
                key = pseudonym.load_key(options.key_env, options.key_file)
            # Spark tasks pseudonymise per batch with their own tables; a decoded dataset row by row.
            key_tables = _key_tables(
                plan, loaded.frame, key, options.date_shift_days or DEFAULT_DATE_SHIFT_DAYS,
                pseudonym_tables=scan_options.engine == "local" and not in_memory[index],
            )
            result = _search(loaded.frame, plan, key_tables, options.max_suppression) if key is not None or not plan.shift_dates else None
            plans.append(replace(plan, kanon=result))
            frames.append(loaded.frame)
            results.append(result)
            tables.append(key_tables)
            loaded_sets.append(loaded)
        if options.dry_run:
            return FixResult(tuple(plans), tuple(str(t) for t in targets), before, None)
        if scan_options.engine == "spark":
            writers = _spark_writers(sources, plans, loaded_sets, results, key, options)
        else:
            writers = _local_writers(sources, plans, frames, results, tables, key)
        after, staging = _write_and_verify(targets, writers, options)
        remaining = failing(after.violations, options.fail_on)
        if not remaining:
            _move_into_place(staging, targets, options.output)
            return FixResult(tuple(plans), tuple(str(t) for t in targets), before, after)
        shutil.rmtree(staging, ignore_errors=True)
        more = _column_drops(after, options.fail_on, plans, [d.path for d in after.datasets])
        if more is None or _round == MAX_ROUNDS - 1 or any(set(c) & set(options.keep) for c in more.values()):
            ids = tuple(sorted({v.rule_id for v in remaining}))
            raise FixRefused(ids, f"the minimized copy still violates {', '.join(ids)}")
        for index, columns in more.items():
            merged = dict(extra_drops.get(index, {}))
            merged.update(columns)
            extra_drops[index] = merged
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _open_for_reuse(sources: list[DatasetSource]) -> tuple[list[LoadedDataset], list[bool]]:
    """Every dataset opened once for the scan, the search and the write, and whether it is in memory.

    A single dataset is decoded into memory when it fits the budget, so the passes read memory
    rather than the file again and pseudonyms go in row by row. Several datasets stay lazy
    (each scan decodes one at a time): the budget is per decoded dataset.
    """
    opened = [open_dataset(source) for source in sources]
    if len(opened) == 1:
        decoded, in_memory = decode_for_reuse(opened[0])
        return [decoded], [in_memory]
    return opened, [False] * len(opened)


def _local_writers(sources, plans, frames, results, tables, key: bytes | None) -> list[Callable[[Path], None]]:
    """One function per dataset writing its minimized copy with polars."""
    return [
        lambda staged, source=source, plan=plan, frame=frame, result=result, table=table: write_dataset(
            _local_minimized(frame, plan, table, result, key), staged, source.format,
            compressed=source.compression == "gzip", source_path=source.path,
        )
        for source, plan, frame, result, table in zip(sources, plans, frames, results, tables)
    ]


def _local_minimized(frame: pl.LazyFrame, plan: DatasetPlan, tables, result, key: bytes | None) -> pl.LazyFrame:
    """The minimized query; a decoded dataset gets its pseudonyms row by row, a lazy one by table."""
    missing = [c for c in plan.pseudonymise if f"pseudonym:{c}" not in tables]
    if missing and key is not None:
        data = frame.collect()
        if any(_row_pseudonym_name(c) in data.columns for c in missing):  # no reader makes such a name
            tables = {**tables, **{f"pseudonym:{c}": pseudonym.pseudonym_table(key, data.get_column(c)) for c in missing}}
        else:
            frame = _with_row_pseudonyms(data, plan, key).lazy()
    return minimized_frame(frame, plan, tables, result)


def _spark_writers(sources, plans, loaded_sets, results, key, options: FixOptions) -> list[Callable[[Path], None]]:
    """One function per dataset applying the plan in Spark tasks and writing with Spark."""
    from minlint.engines import spark, spark_fix

    session = spark.spark_session(options.scan.spark_master)
    shift_days = options.date_shift_days or DEFAULT_DATE_SHIFT_DAYS
    return [
        lambda staged, source=source, plan=plan, loaded=loaded, result=result: spark_fix.write_spark_dataset(
            spark_fix.minimized_dataframe(session, loaded, plan, result, key, shift_days), staged, source.format,
            compressed=source.compression == "gzip", source_path=source.path,
        )
        for source, plan, loaded, result in zip(sources, plans, loaded_sets, results)
    ]


def _write_and_verify(targets, writers: list[Callable[[Path], None]], options: FixOptions) -> tuple[Report, Path]:
    """Write every minimized dataset under a staging directory beside OUT and scan it
    (with the scan's engine: a Spark scan verifies what Spark wrote)."""
    parent = options.output.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".minlint-fix-", dir=parent))
    written = []
    try:
        for target, write in zip(targets, writers):
            staged = staging / os.path.relpath(target.resolve(), parent)
            write(staged)
            written.append(str(staged))
        after = scan_paths(written, replace(options.scan, include=(), exclude=()))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return after, staging


def _move_into_place(staging: Path, targets: list[Path], output: Path) -> None:
    parent = output.resolve().parent
    try:
        for target in targets:
            staged = staging / os.path.relpath(target.resolve(), parent)
            destination = target.resolve()
            destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.is_dir():
                shutil.rmtree(destination)
            os.replace(staged, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
