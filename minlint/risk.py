"""Risk stage: how re-identifiable the rows are once the columns leave together.

Removing names is not de-identification: ZIP5 + sex + birth date single out 87% of Americans
(Sweeney 2000), 15 demographic attributes 99.98% (Rocher et al., Nat. Commun. 2019). So this
stage judges the combination of quasi-identifiers (docs/policy-reference.md sections 1, 2, 6):

* equivalence classes on the quasi-identifier (QI) set, exact, from the class-size histogram
  {size: classes} of one group-by on the QI values (only the histogram is collected; a
  streamed dataset is grouped one hash bucket of classes at a time): k-anonymity (smallest
  class), share of rows in classes smaller than ``k``, share of unique rows, prosecutor
  re-identification risk (1 / class size: average over rows and maximum), and l-diversity
  (distinct values of each sensitive column within a class, minimum over classes; a null
  counts as one value, as ``numpy.unique`` does in pycanon; a group-by that runs only when
  k >= 2, since a class of one row has l = 1);
* generalisation hints: k after generalising one QI column (ZIP5 -> ZIP3, date -> year,
  age -> 5-year band), exact, from the histogram with that column generalised;
* HIPAA Safe Harbor checks (45 CFR 164.514(b)(2)(i)(B), (C));
* genomic linkage (>= 30 independent SNPs identify a person, Lin, Owen & Altman 2004; Y-STR
  and HLA are identifying, Gymrek et al. 2013);
* distinct persons per DOJ data category (28 CFR 202.205), exact (polars ``n_unique`` of the
  person key, or a group-by on it for categories only some rows carry); rows without a key.

The JSON ``risk`` block (``RiskReport.to_json``) carries these ``metrics`` keys, sorted:

``k``                     the k the dataset is judged against (default 11, CMS cell size)
``classes``               number of equivalence classes (None without a QI set)
``rows``                  rows in the dataset
``unique_rows``           rows alone in their class
``rows_below_k_share``    share of rows in classes smaller than ``k``
``risk_average``          mean prosecutor risk over rows (= classes / rows)
``risk_maximum``          1 / k_min
``l_diversity``           {sensitive column: l}, at most 20 columns, first by name
``l_diversity_columns``   how many sensitive columns there are in all
``l_diversity_truncated`` true when more than 20 were found and only 20 were measured
``l_min``                 smallest l over the measured columns
``generalisation_hints``  [{"column", "how", "k_after"}], highest k_after first
``hipaa``                 see ``hipaa_findings``
``genotype_columns`` is a RiskReport field; ``y_str_columns``, ``hla_columns``,
``snps_per_person`` and ``snp_identifying`` are metrics
``person_key``            the column persons are counted by (None: rows are counted);
                          ``RiskReport.persons`` is None when no column is about a person
``persons_estimated``     always false: counts are exact distinct counts
``quasi_identifier_source`` ``configured`` (override) or ``discovered``

Floats are rounded to 4 decimals; no cell value ever reaches the metrics. The same passes run
on Spark through ``RiskAggregates`` (``minlint.engines.spark.SparkRiskAggregates``): scalars as
merged per-batch partials, classes and persons as Spark group-bys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import polars as pl
import yaml

from minlint.detect.names import normalise
from minlint.errors import ConfigError
from minlint import partials
from minlint.execution import batch_rows, collect, collect_all, is_streaming, memory_budget
from minlint.model import DATE_ENTITIES, PERSONS_CATEGORIES, ColumnFinding, RiskReport

DEFAULT_K = 11  # CMS cell-size suppression of 1-10 (policy-reference.md section 2)
SNPS_THAT_IDENTIFY = 30  # Lin, Owen & Altman, Science 2004: ~30-80 independent SNPs
MAX_L_DIVERSITY_COLUMNS = 20
OVER_89 = 89  # 45 CFR 164.514(b)(2)(i)(C): ages over 89 aggregate into "90 or older"
_DECIMALS = 4
_RESTRICTED_ZIP3_FILE = Path(__file__).parent / "data" / "restricted_zip3.yaml"

QUASI = "quasi_identifier"
DIRECT = "direct_identifier"
# research_id: the secret re-identification code a covered entity may keep (45 CFR 164.514(c))
# still tells persons apart.
PERSON_KEY_NAMES = frozenset(
    {"patient_id", "subject_id", "sample_id", "person_id", "participant_id", "mrn", "member_id",
     "research_id"}
)
PERSON_KEY_ENTITY = "MEDICAL_RECORD_NUMBER"

GENOMIC_ENTITIES = frozenset(
    {"RSID", "GENOTYPE", "HGVS", "DNA_SEQUENCE", "HLA_ALLELE", "Y_STR", "POLYGENIC_SCORE",
     "GENOMIC_ACCESSION", "VARIANT_POSITION"}
)
# Other human 'omic data (28 CFR 202.224: epigenomic, proteomic, transcriptomic); no detector
# ships these yet, a detector that emits one of these entities is counted here.
OTHER_OMIC_ENTITIES = frozenset({"EPIGENOMIC", "PROTEOMIC", "TRANSCRIPTOMIC", "METABOLOMIC"})
BIOMETRIC_ENTITIES = frozenset({"BIOMETRIC"})
GEOLOCATION_ENTITIES = frozenset({"GEO_COORDINATE"})
FINANCIAL_ENTITIES = frozenset({"IBAN_CODE", "CREDIT_CARD", "ACCOUNT_NUMBER"})
# Demographic and contact data among 28 CFR 202.234 listed identifiers that detectors file as
# quasi-identifiers; every direct identifier is a listed identifier kind as well.
LISTED_QUASI_ENTITIES = frozenset({"DATE_OF_BIRTH", "POSTAL_CODE"})

_RSID_NAME = re.compile(r"^rs\d+$", re.IGNORECASE)
_INTEGER_LIKE = (pl.Boolean, pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32,
                 pl.Date, pl.Datetime, pl.Duration, pl.Time)
# A streamed group-by's memory per group, sizing the hash buckets of a streamed dataset's class
# and person group-bys: a fixed part plus copies of the group's decoded key bytes (the
# streaming hash table, the collected table, its merge with the next slice's, the integer
# codes of the sums), allocator retention included. Measured on the health export (41 bytes of
# class values a row): a bucket of 250,000 classes raised the peak RSS by about 230 MiB.
_BYTES_PER_CLASS = 256
_KEY_COPIES = 16
_ESTIMATE_HEADROOM = 1.05  # the KMV estimate's relative standard error is 1.6%: three of them
# The class tables may take at least this much, however low the decoded-dataset budget is set:
# below it the bucket passes cost more time than the memory they save.
_CLASS_TABLE_FLOOR = 256 * 2**20
# Rows of a slice of the bucket passes, in scalar batches (``execution.batch_rows``): a
# streamed slice's memory follows its rows (a 2,000,000-row slice of the l-diversity columns
# raised the peak RSS by 115 MiB, a 500,000-row one by none measurable, in the same time).
_SLICE_BATCHES = 2
# Bucket memory where classes repeat across slices (see ``_class_buckets``): 1.5x the buckets
# brought the 4x benchmark input's histogram peak from about 410 to 370 MiB, the 1x input's.
_REPEATED_CLASS_CHARGE = 1.5
_SUMMARY_L_COLUMNS = 5  # beyond this the text summary gives the minimum, the JSON every column


@lru_cache(maxsize=1)
def restricted_zip3_list() -> frozenset[str]:
    """The default restricted ZIP3 prefixes (2000 Census, HHS guidance of Nov 2012), from data."""
    document = yaml.safe_load(_RESTRICTED_ZIP3_FILE.read_text(encoding="utf-8"))
    return frozenset(str(prefix).zfill(3) for prefix in document["prefixes"])


def restricted_zip3_source() -> str:
    """Where the default restricted ZIP3 list comes from (for reports and ``explain``)."""
    document = yaml.safe_load(_RESTRICTED_ZIP3_FILE.read_text(encoding="utf-8"))
    return " ".join(str(document["source"]).split())


# --------------------------------------------------------------------------- column roles


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), _DECIMALS)


def _share(value: float | None) -> float | None:
    """A share rounded to 4 decimals that is 0 or 1 only when exactly so.

    One unique row in two million must not read as ``0.0`` (that would say "no unique rows").
    """
    if value is None or value in (0, 1):
        return None if value is None else float(value)
    smallest = 10.0**-_DECIMALS
    return min(max(round(float(value), _DECIMALS), smallest), 1 - smallest)


def _has_any(finding: ColumnFinding, entities: frozenset[str]) -> bool:
    return any(entity in entities for entity in finding.entities)


def discover_quasi_identifiers(findings: Sequence[ColumnFinding]) -> list[str]:
    """Columns the detectors filed as quasi-identifiers, in dataset order."""
    return [f.column for f in findings if f.category == QUASI]


def find_person_key(findings: Sequence[ColumnFinding]) -> str | None:
    """The column that names a person: a patient/subject/sample id by name, else an MRN."""
    for finding in findings:
        if normalise(finding.column) in PERSON_KEY_NAMES:
            return finding.column
    for finding in findings:
        if finding.has(PERSON_KEY_ENTITY):
            return finding.column
    return None


def _is_genotype_column(finding: ColumnFinding) -> bool:
    return finding.has("GENOTYPE") or (
        finding.category == "genomic" and _RSID_NAME.match(finding.column) is not None
    )


def _sensitive_columns(findings: Sequence[ColumnFinding], exclude: set[str]) -> list[str]:
    """Health and genomic columns (diagnoses, genotypes, measures), by name."""
    return sorted(
        f.column for f in findings if f.category in ("health", "genomic") and f.column not in exclude
    )


def _check_columns(setting: str, columns: Sequence[str], schema: pl.Schema) -> None:
    for column in columns:
        if column not in schema:
            raise ConfigError(f"{setting}: column {column!r} is not in the dataset")


# --------------------------------------------------------------------------- generalisation


def _generalisation(
    finding: ColumnFinding | None, dtype: pl.DataType, column: str
) -> tuple[str, pl.Expr] | None:
    """How one QI column is generalised (Safe Harbor's own coarsenings), if it can be."""
    col = pl.col(column)
    entities = set(finding.entities) if finding else set()
    if "POSTAL_CODE" in entities:
        if dtype.is_integer():  # a ZIP read as a number lost its leading zeros: 2139 is 02139
            return "zip5->zip3", col // 100
        return "zip5->zip3", col.cast(pl.String).str.slice(0, 3)
    if "AGE" in entities:
        return "age->5-year band", (_age_expr(column, dtype) // 5 * 5).cast(pl.Int64, strict=False)
    if dtype in (pl.Date, pl.Datetime):
        return "date->year", col.dt.year()
    if entities & DATE_ENTITIES and dtype == pl.String:
        # Text dates: the four-digit year (ISO, dd.mm.yyyy, dd Mon yyyy all carry one).
        return "date->year", col.str.extract(r"(\d{4})", 1)
    return None  # a numeric "date" is a year already


@dataclass(frozen=True)
class _QiPlan:
    columns: tuple[str, ...]
    encodables: tuple[_Encodable, ...]
    generalised: tuple[tuple[str, str], ...]  # (column, how)


def _plan(schema: pl.Schema, findings: Sequence[ColumnFinding], qi: Sequence[str]) -> _QiPlan:
    by_column = {f.column: f for f in findings}
    encodables = [_Encodable(f"qi:{c}", pl.col(c)) for c in qi]
    generalised: list[tuple[str, str]] = []
    for column in qi:
        rule = _generalisation(by_column.get(column), schema[column], column)
        if rule is not None:
            how, expr = rule
            encodables.append(_Encodable(f"gen:{column}", expr))
            generalised.append((column, how))
    return _QiPlan(tuple(qi), tuple(encodables), tuple(generalised))


# --------------------------------------------------------------------------- class values
#
# Every class metric derives from small aggregates of one group-by on the QI values: the
# class-size histogram {size: classes} gives k, the unique and below-k shares and the
# prosecutor risks exactly; the same histogram with one QI generalised gives its hint; the
# fewest distinct sensitive values in a class gives l. Only these aggregates are collected, so
# the local engine streams a dataset larger than memory and Spark runs the same group-bys
# (minlint.engines.spark) without sending rows to the driver.


@dataclass(frozen=True)
class _Encodable:
    name: str  # alias of the value column
    expr: pl.Expr  # the value (a column or its generalisation)


def _encodable_value(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The value in a groupable form that keeps classes exact (same value, same class)."""
    if dtype in _INTEGER_LIKE:
        return expr.to_physical().cast(pl.Int64)
    if dtype == pl.String:
        return expr
    if dtype.is_nested() or dtype == pl.Binary or dtype == pl.Object:
        # Nested values have no text form; their 64-bit hash stands for them (collisions among
        # the values of one export are vanishingly unlikely, but this is the one inexact case).
        return expr.hash(seed=0).cast(pl.String)
    return expr.cast(pl.String)


def class_values(frame: pl.LazyFrame, plan: _QiPlan, sensitive: Sequence[str]) -> pl.LazyFrame:
    """One lazy query: ``value:<encodable>`` per QI (and generalised QI), ``keep:<column>`` per
    sensitive column, each Int64 or String (distinct values stay distinct). Nothing is
    collected; callers group it."""
    schema = frame.select([e.expr.alias(e.name) for e in plan.encodables]).collect_schema()
    values = [_encodable_value(e.expr, schema[e.name]).alias(f"value:{e.name}") for e in plan.encodables]
    columns = frame.collect_schema()
    kept = [_encodable_value(pl.col(c), columns[c]).alias(f"keep:{c}") for c in sensitive]
    return frame.select(*values, *kept)


def class_groupings(plan: _QiPlan) -> list[list[str]]:
    """The value columns of the QI classes, then of each generalisation hint (plan order)."""
    groupings = [[f"value:qi:{c}" for c in plan.columns]]
    for column, _how in plan.generalised:
        groupings.append([f"value:gen:{c}" if c == column else f"value:qi:{c}" for c in plan.columns])
    return groupings


def _histogram_query(values: pl.LazyFrame, names: Sequence[str]) -> pl.LazyFrame:
    """{size, classes}: how many equivalence classes have each size."""
    sizes = values.group_by(names).agg(pl.len().alias("size"))
    return sizes.group_by("size").agg(pl.len().alias("classes"))


def _histogram(frame: pl.DataFrame) -> dict[int, int]:
    return {int(size): int(classes) for size, classes in frame.iter_rows()}


# Decoded data: each grouping's classes as one exact integer key, counted by sorting. Polars'
# multi-column group-by on two million rows of (ZIP, date, sex, age) took 1.2 s; a sort and a
# run-length count of one Int64 key takes 0.05 s.
_KEY_LIMIT = 2**62


def _class_key(index: int) -> str:
    return f"class:{index}"


def _dense_code(name: str, values: pl.Series) -> pl.Expr:
    """Each distinct value as an integer in 0..n-1 and null as n (exact, no hashing)."""
    column = pl.col(name)
    if values.dtype == pl.String:
        # A Categories of its own: codes are dense for this column, whatever ran before.
        codes = column.cast(pl.Categorical(pl.Categories.random())).to_physical().cast(pl.Int64)
    else:
        low, high = values.min(), values.max()
        if low is not None and high - low <= 4 * values.len():
            codes = column.cast(pl.Int64) - low
        else:
            codes = column.rank("dense").cast(pl.Int64) - 1
    # UInt32 halves the codes' memory; a column has fewer distinct values than 2**32 rows.
    return codes.fill_null(codes.max().fill_null(-1) + 1).cast(pl.UInt32).alias(name)


@dataclass(frozen=True)
class ClassCodes:
    """Each QI value column as dense integer codes (UInt32), and how many codes each has."""

    codes: pl.DataFrame
    sizes: dict[str, int]

    def key(self, names: Sequence[str]) -> pl.Expr:
        """The class of a row as one Int64: the mixed-radix number of its columns' codes."""
        key = pl.lit(0, dtype=pl.Int64)
        for name in names:
            key = key * self.sizes[name] + pl.col(name)
        return key

    def histograms(self, groupings: Sequence[Sequence[str]]) -> list[dict[int, int]]:
        """{size: classes} per grouping: its key sorted, each run of equal keys is a class (the
        keys are built and sorted inside one query, two at a time, never all held at once)."""
        sizes = self.codes.select(
            self.key(names).sort().rle().struct.field("len").value_counts(name="classes").implode().alias(str(i))
            for i, names in enumerate(groupings)
        )
        return [
            {int(entry["len"]): int(entry["classes"]) for entry in sizes.item(0, i)}
            for i in range(len(groupings))
        ]

    def with_kept(self, frame: pl.LazyFrame, names: Sequence[str], kept: Sequence[str]) -> pl.LazyFrame:
        """``class:0`` (the classes of ``names``) beside the ``keep:`` columns, for l-diversity."""
        columns = frame.collect_schema()
        keep = frame.select(_encodable_value(pl.col(c), columns[c]).alias(f"keep:{c}") for c in kept)
        return self.codes.select(self.key(names).alias(_class_key(0))).hstack(collect(keep).get_columns()).lazy()


def class_codes(values: pl.DataFrame, groupings: Sequence[Sequence[str]]) -> ClassCodes | None:
    """The codes of the value columns the groupings use; None when a grouping has too many
    value combinations for an Int64 key."""
    needed = sorted({name for names in groupings for name in names})
    codes = values.select(_dense_code(name, values.get_column(name)) for name in needed)
    # An empty table has no codes: each column then has one (unused) code, so keys stay valid.
    sizes = {name: int(size or 1) for name, size in codes.select(pl.all().max() + 1).row(0, named=True).items()}
    for names in groupings:
        combinations = 1
        for name in names:
            combinations *= sizes[name]
        if combinations > _KEY_LIMIT:
            return None
    return ClassCodes(codes, sizes)


@dataclass(frozen=True)
class _KeyEstimate:
    distinct: int  # distinct value tuples of the key's columns (KMV estimate, exact when few)
    row_bytes: float  # decoded bytes of those columns per row
    rows: int = 0  # rows the estimate read (the rows the group-by will read)


def _slices(
    values: Callable[[pl.LazyFrame], pl.LazyFrame], frame: pl.LazyFrame, rows: int, columns: Sequence[str], step: int
) -> Iterator[pl.LazyFrame]:
    """The ``columns`` of ``values`` of consecutive slices of ``step`` rows of ``frame`` (``rows``
    rows). The slice is taken before ``values`` (which may filter), so polars pushes it into
    the Parquet scan and each slice decodes only its row groups."""
    for offset in range(0, rows, step):
        yield values(frame.slice(offset, step)).select(columns)


def _estimate_keys(
    values: Callable[[pl.LazyFrame], pl.LazyFrame], frame: pl.LazyFrame, rows: int, keys: dict[str, Sequence[str]]
) -> dict[str, _KeyEstimate]:
    """Per key (a list of value columns): distinct value tuples and decoded bytes per row, from
    one pass over slices. The tuples' hashes make a KMV sketch per slice (its
    ``partials.DISTINCT_SKETCH_SIZE`` smallest distinct hashes); the smallest of the slices'
    union is the sketch of the whole frame, as ``partials.merge_distinct`` merges them."""
    needed = sorted({column for columns in keys.values() for column in columns})
    smallest: dict[str, list[int]] = {name: [] for name in keys}
    row_bytes = dict.fromkeys(keys, 0.0)
    size = partials.DISTINCT_SKETCH_SIZE
    read = 0
    for piece in _slices(values, frame, rows, needed, batch_rows(frame)):
        batch = collect(piece)
        if batch.height == 0:
            continue
        read += batch.height
        sketches = batch.select(
            pl.struct(columns).hash(partials.SAMPLE_SEED).unique().bottom_k(size).implode().alias(name)
            for name, columns in keys.items()
        ).row(0, named=True)
        for name, columns in keys.items():
            smallest[name] = sorted(set(smallest[name]).union(sketches[name]))[:size]
            row_bytes[name] = max(row_bytes[name], batch.select(columns).estimated_size() / batch.height)
    return {name: _KeyEstimate(partials.distinct_estimate(smallest[name]), row_bytes[name], read) for name in keys}


def _class_buckets(estimate: _KeyEstimate) -> int:
    """How many hash buckets keep a streamed group-by with ``estimate.distinct`` groups in the
    memory budget. From the groups, not the rows: the 8,000,000-row input that repeats 2,000,000
    classes four times gets the 2,000,000-row input's buckets times ``_REPEATED_CLASS_CHARGE``,
    not four times them."""
    groups = estimate.distinct * _ESTIMATE_HEADROOM
    per_group = _BYTES_PER_CLASS + _KEY_COPIES * estimate.row_bytes
    if estimate.rows > groups:
        # Classes repeat: a bucket's table holds all its classes early and each merge reads
        # it beside as many slice rows again (``_grouped_bucket``); where every row is its own
        # class the merged parts are disjoint and never exceed the final table.
        per_group *= _REPEATED_CLASS_CHARGE
    needed = groups * per_group
    return max(1, int(-(-needed // max(memory_budget(), _CLASS_TABLE_FLOOR))))


def _in_bucket(values: pl.LazyFrame, names: Sequence[str], bucket: int, buckets: int) -> pl.LazyFrame:
    """The rows whose class falls in ``bucket``: a class never straddles two buckets."""
    if buckets == 1:
        return values
    return values.filter(pl.struct(names).hash(seed=0) % buckets == bucket)


def _coarsest(groupings: Sequence[Sequence[str]]) -> list[str]:
    """The bucket key shared by every grouping: per QI position its generalised column where a
    grouping has one, else the QI column. Each generalisation is a function of its QI value, so
    rows of one class of any grouping agree on it and one bucket holds the class whole."""
    coarse = list(groupings[0])
    for names in groupings[1:]:
        if len(names) != len(coarse):
            raise RuntimeError("each grouping replaces QI columns of the first with their generalisations")
        coarse = [other if other != first else current for first, other, current in zip(groupings[0], names, coarse)]
    return coarse


@dataclass(frozen=True)
class _Grouping:
    """A bucketed group-by of streamed rows: the group ``keys``, the per-group ``aggregates`` and
    the expressions that ``merge`` two tables' rows of one group (counts add up, flags by
    ``any``; without aggregates the groups are the distinct keys), and ``slice_rows``."""

    keys: tuple[str, ...]
    aggregates: tuple[pl.Expr, ...]
    merge: tuple[pl.Expr, ...]
    slice_rows: int


def _grouped_bucket(
    values: Callable[[pl.LazyFrame], pl.LazyFrame],
    frame: pl.LazyFrame,
    rows: int,
    grouping: _Grouping,
    bucketing: tuple[Sequence[str], int, int],
) -> pl.DataFrame:
    """The group-by of the ``values`` of the ``rows`` rows of ``frame`` that fall in one bucket
    (``bucketing``: the bucket key, the bucket, the buckets), one streaming query per slice of
    ``grouping.slice_rows`` rows; the slices' groups are merged into the table of the ones
    before once they have as many rows as it (so the table is at most doubled, and each row
    is merged a few times, not once per slice). Slices are short (``_SLICE_BATCHES``): a
    streamed slice's memory follows its rows, not its groups."""
    bucket_key, bucket, buckets = bucketing
    keys, per_group = list(grouping.keys), list(grouping.aggregates)
    columns = sorted({*keys, *bucket_key, *(name for expr in per_group for name in expr.meta.root_names())})
    table: pl.DataFrame | None = None
    pending: list[pl.DataFrame] = []
    for piece in _slices(values, frame, rows, columns, grouping.slice_rows):
        pending.append(collect(_in_bucket(piece, bucket_key, bucket, buckets).group_by(keys).agg(per_group)))
        if table is None:
            table = pending.pop()
        elif sum(part.height for part in pending) >= table.height:
            table, pending = _merged([table, *pending], keys, grouping.merge), []
    if table is None:
        return collect(values(frame.head(0)).group_by(keys).agg(per_group))
    return _merged([table, *pending], keys, grouping.merge) if pending else table


def _merged(tables: Sequence[pl.DataFrame], keys: Sequence[str], merge: Sequence[pl.Expr]) -> pl.DataFrame:
    """The groups of several tables of one bucket, merged on polars' streaming engine. The
    in-memory group-by of two tables of 290,000 classes (13 MiB each) raised the peak RSS by
    150 MiB, more than the slices' own group-bys; streamed the merge took 15 MiB, in a third
    of the time."""
    return collect(pl.concat(tables, rechunk=False).lazy().group_by(keys).agg(merge))


def _grouping(frame: pl.LazyFrame, keys: Sequence[str], aggregates=(), merge=()) -> _Grouping:
    """Slices of a scalar batch's rows (``execution.batch_rows``): short enough that a slice's
    decoded columns stay small, whatever the number of groups."""
    return _Grouping(tuple(keys), tuple(aggregates), tuple(merge), _SLICE_BATCHES * batch_rows(frame))




def _bucketed_histograms(
    values: Callable[[pl.LazyFrame], pl.LazyFrame],
    frame: pl.LazyFrame,
    rows: int,
    groupings: Sequence[Sequence[str]],
    classes: _KeyEstimate,
) -> list[dict[int, int]]:
    """The class-size histograms, one bucket of classes at a time (histograms add up).

    Each bucket is one group-by on every value column of every grouping (the finest classes,
    with their sizes); each grouping's classes are then sums over that table in memory. A
    query per grouping read the file once per grouping and bucket (150 passes over the
    8,000,000-row input), and run together (``collect_all``) polars cached the value columns
    they share, every row of them.
    """
    finest = sorted({name for names in groupings for name in names})
    sizes = _grouping(frame, finest, [pl.len().cast(pl.Int64).alias("size")], [pl.col("size").sum()])
    coarse, buckets = _coarsest(groupings), _class_buckets(classes)
    totals: list[dict[int, int]] = [{} for _ in groupings]
    for bucket in range(buckets):
        table = _grouped_bucket(values, frame, rows, sizes, (coarse, bucket, buckets))
        for total, size_counts in zip(totals, _summed_histograms(table, groupings)):
            for size, count in size_counts.items():
                total[size] = total.get(size, 0) + count
        del table
    return totals


def _summed_histograms(table: pl.DataFrame, groupings: Sequence[Sequence[str]]) -> list[dict[int, int]]:
    """{size: classes} per grouping of a table of the finest classes and their ``size``: a
    class of a grouping is the sum of the finest classes it holds. Grouped on one integer key
    per grouping (``class_codes``), which took half the time of a group-by on the value columns."""
    if table.height == 0:  # an empty bucket (class_codes needs a row to size its codes)
        return [{} for _ in groupings]
    coded = class_codes(table, groupings)
    if coded is None:
        keyed, keys = table, [list(names) for names in groupings]
    else:
        keyed = coded.codes.hstack([table.get_column("size")])
        keys = [[coded.key(names).alias("class")] for names in groupings]
    return [
        _histogram(keyed.group_by(key).agg(pl.col("size").sum()).group_by("size").agg(pl.len().alias("classes")))
        for key in keys
    ]


def _bucketed_tuple_l(
    values: Callable[[pl.LazyFrame], pl.LazyFrame],
    frame: pl.LazyFrame,
    rows: int,
    names: Sequence[str],
    sensitive: Sequence[str],
    tuples: _KeyEstimate,
) -> dict[str, int]:
    """``_lowest_l_query`` from the distinct (class, sensitive values) tuples, one bucket of
    classes at a time: one pass per bucket for every sensitive column, then each column's
    distinct (class, value) pairs counted per class on the streaming engine (null is a value,
    as group-bys keep it). Streamed, ``n_unique`` inside a group-by kept a hash set per class: 600 MiB for
    one bucket of 8,000,000 rows where the pairs took 330."""
    keep = [f"keep:{s}" for s in sensitive]
    distinct = _grouping(frame, [*names, *keep])
    buckets = _class_buckets(tuples)
    lowest: dict[str, int] = {}
    for bucket in range(buckets):
        table = _grouped_bucket(values, frame, rows, distinct, (names, bucket, buckets))
        for column, kept in zip(sensitive, keep):
            # Streamed: in memory, the first column's pairs of a bucket of 150,000 classes
            # raised the peak RSS by 40 MiB.
            pairs = table.lazy().select(*names, kept).unique()
            value = collect(pairs.group_by(names).agg(pl.len().alias("l")).select(pl.col("l").min())).item()
            if value is not None:
                lowest[column] = min(int(value), lowest.get(column, int(value)))
        del table
    return lowest


def _bucketed_lowest_l(
    values: pl.LazyFrame, names: Sequence[str], sensitive: Sequence[str], buckets: int
) -> dict[str, int]:
    lowest: dict[str, int] = {}
    for bucket in range(buckets):
        row = collect(_lowest_l_query(_in_bucket(values, names, bucket, buckets), names, sensitive)).row(0, named=True)
        for column, value in row.items():
            if value is not None:
                lowest[column] = min(int(value), lowest.get(column, int(value)))
    return lowest


def _lowest_l_query(values: pl.LazyFrame, names: Sequence[str], sensitive: Sequence[str]) -> pl.LazyFrame:
    """Fewest distinct values of each sensitive column within one class (null is a value)."""
    per_class = values.group_by(names).agg(pl.col(f"keep:{s}").n_unique().alias(s) for s in sensitive)
    return per_class.select(pl.col(s).min() for s in sensitive)


def _hints(plan: _QiPlan, histograms: Sequence[dict[int, int]]) -> list[dict[str, Any]]:
    """k after each generalisation, from the histograms of ``class_groupings(plan)[1:]``."""
    hints = []
    for (column, how), histogram in zip(plan.generalised, histograms):
        hints.append({"column": column, "how": how, "k_after": min(histogram) if histogram else None})
    return sorted(hints, key=lambda h: (-(h["k_after"] or 0), h["column"]))


def generalise_hints(
    frame: pl.LazyFrame, findings: tuple[ColumnFinding, ...], quasi_identifiers: Sequence[str]
) -> list[dict[str, Any]]:
    """For each QI column that Safe Harbor knows how to coarsen, k after coarsening only it.

    ZIP5 -> ZIP3 (first three characters), date -> year, age -> 5-year band; other columns get no
    hint. Exact k from all rows, sorted by ``k_after`` (highest first), then column name.
    """
    schema = frame.collect_schema()
    qi = list(dict.fromkeys(quasi_identifiers))
    _check_columns("quasi_identifiers", qi, schema)
    if not qi:
        return []
    plan = _plan(schema, findings, qi)
    values = class_values(frame, plan, ())
    frames = collect_all([_histogram_query(values, names) for names in class_groupings(plan)[1:]])
    return _hints(plan, [_histogram(f) for f in frames])


class RiskAggregates(Protocol):
    """Runs the passes of ``assess`` on another engine; only partials and aggregates come back."""

    def partials(self, compute: Callable[[pl.DataFrame], Any], columns: Sequence[str]) -> list[Any]:
        """``compute`` on every batch of rows of ``columns`` (the dataset's types), one result
        per non-empty batch."""

    def histograms(
        self, values: Callable[[pl.LazyFrame], pl.LazyFrame], groupings: list[list[str]]
    ) -> list[dict[int, int]]:
        """{size: classes} per grouping of the columns ``values`` gives for the rows."""

    def lowest_l(self, names: list[str], sensitive: list[str]) -> dict[str, int]:
        """Fewest distinct ``keep:<s>`` values (null counts as one) in a class of ``names``;
        called after ``histograms``, on the same values."""

    def keyed_counts(self, values: Callable[[pl.LazyFrame], pl.LazyFrame], flags: list[str]) -> dict[str, int]:
        """Over the ``key`` column ``values`` gives (nulls dropped): ``persons`` distinct keys,
        and per flag column the keys with the flag true on any of their rows."""


class StreamedAggregates:
    """``RiskAggregates`` on a lazy frame larger than the memory budget, on polars' streaming
    engine: scalars from batches of ``execution.BATCH_BYTES``; class, (class, sensitive values)
    and person group-bys one hash bucket at a time, as many buckets as the estimated number of
    groups needs (``_class_buckets``), each built from short slices of the rows merged on the
    streaming engine (``_grouped_bucket``), so the peak stays flat as the input grows."""

    def __init__(self, frame: pl.LazyFrame) -> None:
        self._frame = frame
        self._rows: int | None = None
        # The class values of some rows, between histograms and lowest_l.
        self._values: Callable[[pl.LazyFrame], pl.LazyFrame] | None = None

    def _row_count(self) -> int:
        if self._rows is None:
            self._rows = int(collect(self._frame.select(pl.len())).item())
        return self._rows

    def partials(self, compute: Callable[[pl.DataFrame], Any], columns: Sequence[str]) -> list[Any]:
        # Only the columns read are decoded: the risk stage reads a few of a wide export.
        frame = self._frame.select(columns)
        return [compute(batch) for batch in partials.batches(frame, batch_rows(frame), True) if batch.height]

    def histograms(
        self, values: Callable[[pl.LazyFrame], pl.LazyFrame], groupings: list[list[str]]
    ) -> list[dict[int, int]]:
        self._values = values
        finest = sorted({name for names in groupings for name in names})
        classes = _estimate_keys(values, self._frame, self._row_count(), {"classes": finest})["classes"]
        return _bucketed_histograms(values, self._frame, self._row_count(), groupings, classes)

    def lowest_l(self, names: list[str], sensitive: list[str]) -> dict[str, int]:
        if self._values is None:
            raise RuntimeError("lowest_l reads the class values that histograms made")
        columns = [*names, *(f"keep:{s}" for s in sensitive)]
        tuples = _estimate_keys(self._values, self._frame, self._row_count(), {"tuples": columns})["tuples"]
        return _bucketed_tuple_l(self._values, self._frame, self._row_count(), names, sensitive, tuples)

    def keyed_counts(self, values: Callable[[pl.LazyFrame], pl.LazyFrame], flags: list[str]) -> dict[str, int]:
        rows = self._row_count()
        keys = _estimate_keys(values, self._frame, rows, {"key": ["key"]})["key"]
        # The group-by holds a flag byte per person beside the key.
        keys = _KeyEstimate(keys.distinct, keys.row_bytes + len(flags), keys.rows)
        persons = _grouping(self._frame, ["key"], [pl.col(f).any() for f in flags], [pl.col(f).any() for f in flags])
        buckets = _class_buckets(keys)
        totals = dict.fromkeys(["persons", *flags], 0)
        for bucket in range(buckets):
            per_key = _grouped_bucket(values, self._frame, rows, persons, (["key"], bucket, buckets))
            row = per_key.select(pl.len().alias("persons"), *[pl.col(f).sum() for f in flags]).row(0, named=True)
            totals = {name: totals[name] + int(row[name] or 0) for name in totals}
        return totals


def _columns_read(expressions: Iterable[pl.Expr], schema: pl.Schema) -> list[str]:
    """The columns the expressions read; at least one, so that batches still count the rows."""
    columns = sorted({name for expr in expressions for name in expr.meta.root_names()})
    return columns or list(schema)[:1]


def _merged_scalars(aggregates: RiskAggregates, scalars: dict[str, _Scalar], schema: pl.Schema) -> dict[str, Any]:
    """The scalars from per-batch partials: sums add, any/all combine, means from sum and count."""
    mergeable = {n: s for n, s in scalars.items() if s[0] != "distinct"}

    def partial(batch: pl.DataFrame) -> dict[str, Any]:
        exprs = []
        for name, (kind, expr) in mergeable.items():
            if kind == "mean":
                exprs += [expr.cast(pl.Int64).sum().alias(f"sum:{name}"), expr.count().alias(f"count:{name}")]
            else:
                exprs.append(_AGGREGATE[kind](expr).alias(name))
        return batch.select(exprs).row(0, named=True)

    parts = aggregates.partials(partial, _columns_read((expr for _kind, expr in mergeable.values()), schema))
    merged: dict[str, Any] = {}
    for name, (kind, _expr) in mergeable.items():
        if kind == "mean":
            count = sum(int(p[f"count:{name}"]) for p in parts)
            merged[name] = sum(int(p[f"sum:{name}"]) for p in parts) / count if count else None
        elif kind == "any":
            merged[name] = any(bool(p[name]) for p in parts)
        elif kind == "all":
            merged[name] = all(p[name] is None or bool(p[name]) for p in parts)
        else:  # sum, len
            merged[name] = sum(int(p[name] or 0) for p in parts)
    return merged


def _zip3_numbers(aggregates: RiskAggregates, columns: list[str]) -> dict[str, bool]:
    """First pass for integer ZIP columns: does the column maximum stay within 999?"""
    parts = aggregates.partials(lambda batch: batch.select(pl.col(c).max() for c in columns).row(0, named=True), columns)
    maxima = {c: max((p[c] for p in parts if p[c] is not None), default=None) for c in columns}
    return {c: maxima[c] is not None and maxima[c] <= 999 for c in columns}


def _keyed_persons(
    aggregates: RiskAggregates, presence: dict[str, pl.Expr], person_key: str
) -> tuple[int, dict[str, int]]:
    """Distinct persons, and per category the persons with it on any row (one group-by on the key)."""
    flags = [f"has:{c}" for c in presence]

    def values(rows: pl.LazyFrame) -> pl.LazyFrame:
        dtype = rows.collect_schema()[person_key]
        key = _encodable_value(pl.col(person_key), dtype).alias("key")
        present = [expr.alias(f"has:{c}") for c, expr in presence.items()]
        return rows.filter(pl.col(person_key).is_not_null()).select(key, *present)

    counts = aggregates.keyed_counts(values, flags)
    return counts["persons"], {c: counts[f"has:{c}"] for c in presence}


# --------------------------------------------------------------------------- equivalence classes


def class_metrics(histogram: dict[int, int], k: int) -> dict[str, Any]:
    """k-anonymity, unique share and prosecutor risk from the class-size histogram (exact)."""
    rows = sum(size * classes for size, classes in histogram.items())
    if rows == 0:
        return dict(_NO_CLASSES, classes=0)
    k_min, classes = min(histogram), sum(histogram.values())
    unique_rows = histogram.get(1, 0)
    rows_below_k = sum(size * count for size, count in histogram.items() if size < k)
    return {
        "classes": classes,
        "k_min": k_min,
        "unique_rows": unique_rows,
        "unique_share": _share(unique_rows / rows),
        "rows_below_k_share": _share(rows_below_k / rows),
        # Prosecutor model: a row in a class of n is re-identified with probability 1/n; the
        # mean over rows is (sum over classes of n * 1/n) / rows = classes / rows.
        "risk_average": _rounded(classes / rows),
        "risk_maximum": _rounded(1 / k_min),
        "l_diversity": {},
    }


_NO_CLASSES: dict[str, Any] = {
    "classes": None, "k_min": None, "unique_rows": None, "unique_share": None,
    "rows_below_k_share": None, "risk_average": None, "risk_maximum": None, "l_diversity": {},
}


# --------------------------------------------------------------------------- HIPAA


def _holds_zip3_numbers(col: pl.Expr, known: bool | None) -> pl.Expr:
    """Integer ZIPs lose their leading zeros; a column that never exceeds 999 holds ZIP3s
    (5-digit ZIPs below 1000 exist only in 005xx, Holtsville NY). ``known``: the answer from a
    first pass (engines that see rows in batches), else measured over the whole column."""
    return pl.lit(known) if known is not None else col.max() <= 999


def _zip3_expr(column: str, dtype: pl.DataType, known: bool | None = None) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_integer():
        prefix = pl.when(_holds_zip3_numbers(col, known)).then(col).otherwise(col // 100)
        return prefix.cast(pl.String).str.zfill(3)
    return col.cast(pl.String).str.slice(0, 3)


def _is_zip5_expr(column: str, dtype: pl.DataType, known: bool | None) -> pl.Expr:
    """Per row: a ZIP5 (or ZIP+4); null for null. Its mean is the column's ZIP5 share."""
    col = pl.col(column)
    if dtype.is_integer():
        return pl.when(_holds_zip3_numbers(col, known)).then(pl.lit(False)).otherwise(col.is_between(0, 99999))
    return col.cast(pl.String).str.contains(r"^\s*\d{5}(?:-\d{4})?\s*$")


def _finer_than_year_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.Date:
        return col.dt.ordinal_day() != 1
    if dtype == pl.Datetime:
        return col != col.dt.truncate("1y")
    if dtype.is_numeric():
        return pl.lit(False)  # a number in a date column is a year (or a count), never finer
    text = col.cast(pl.String).str.strip_chars()
    # A bare year, or 1 January at midnight, is year precision; anything else is finer.
    year_only = text.str.contains(r"^\d{4}$|^\d{4}-01-01(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
    return text.is_not_null() & ~year_only


def _age_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_numeric():
        return col
    return col.cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)


# A scalar of the risk stage: a per-row expression and how rows combine. Every kind but
# "distinct" merges across batches (minlint.engines.spark); polars aggregates it directly here.
_Scalar = tuple[str, pl.Expr]
_AGGREGATE = {
    "sum": lambda e: e.sum(),
    "any": lambda e: e.any(),
    "all": lambda e: e.all(),
    "mean": lambda e: e.mean(),
    "len": lambda e: pl.len(),
    # Distinct hashes first: when every non-null value has its own hash the values are all
    # distinct, and that count is exact; otherwise ``_settled`` counts the values themselves.
    "distinct": lambda e: e.drop_nulls().hash(seed=0).n_unique(),
}


def _aggregated(scalars: dict[str, _Scalar]) -> list[pl.Expr]:
    aggregates = [_AGGREGATE[kind](expr).alias(name) for name, (kind, expr) in scalars.items()]
    aggregates += [expr.count().alias(f"count:{name}") for name, (kind, expr) in scalars.items() if kind == "distinct"]
    return aggregates


def _settled(frame: pl.LazyFrame, scalars: dict[str, _Scalar], measured: dict[str, Any]) -> dict[str, Any]:
    """Exact distinct counts: fewer distinct hashes than values may be a hash collision (or
    repeated values), so those are counted again on the values (a slower, exact n_unique)."""
    recount = {
        name: expr for name, (kind, expr) in scalars.items()
        if kind == "distinct" and measured[name] < measured[f"count:{name}"]
    }
    if recount:
        measured |= collect(frame.select(e.drop_nulls().n_unique().alias(n) for n, e in recount.items())).row(0, named=True)
    return {name: value for name, value in measured.items() if not name.startswith("count:")}


def _hipaa_columns(
    schema: pl.Schema, findings: Sequence[ColumnFinding]
) -> tuple[list[str], list[str], list[str]]:
    zips = [f.column for f in findings if f.has("POSTAL_CODE") and f.column in schema]
    dates = [
        f.column for f in findings
        if f.column in schema and f.category == QUASI
        and (_has_any(f, DATE_ENTITIES) or schema[f.column] in (pl.Date, pl.Datetime))
    ]
    ages = [f.column for f in findings if f.has("AGE") and f.column in schema]
    return zips, dates, ages


def integer_zip_columns(schema: pl.Schema, findings: Sequence[ColumnFinding]) -> list[str]:
    """POSTAL_CODE columns read as integers: whether they hold ZIP3s needs the column maximum."""
    return [c for c in _hipaa_columns(schema, findings)[0] if schema[c].is_integer()]


def _hipaa_plan(
    schema: pl.Schema,
    findings: Sequence[ColumnFinding],
    restricted: frozenset[str],
    zip3_numbers: dict[str, bool] | None = None,
) -> tuple[dict[str, _Scalar], list[str], list[str], list[str]]:
    zips, dates, ages = _hipaa_columns(schema, findings)
    known = zip3_numbers or {}
    exprs: dict[str, _Scalar] = {}
    prefixes = sorted(restricted)
    for column in zips:
        exprs[f"zip5:{column}"] = ("mean", _is_zip5_expr(column, schema[column], known.get(column)))
        exprs[f"zip3:{column}"] = ("any", _zip3_expr(column, schema[column], known.get(column)).is_in(prefixes))
    exprs["restricted_zip3_rows"] = (
        ("sum", pl.any_horizontal(
            [_zip3_expr(c, schema[c], known.get(c)).is_in(prefixes).fill_null(False) for c in zips]
        ))
        if zips else ("sum", pl.lit(0))
    )
    for column in dates:
        exprs[f"finer:{column}"] = ("any", _finer_than_year_expr(column, schema[column]))
    for column in ages:
        exprs[f"over89:{column}"] = ("any", _age_expr(column, schema[column]) > OVER_89)
    exprs["ages_over_89_rows"] = (
        ("sum", pl.any_horizontal([(_age_expr(c, schema[c]) > OVER_89).fill_null(False) for c in ages]))
        if ages else ("sum", pl.lit(0))
    )
    return exprs, zips, dates, ages


def _hipaa_result(measured: dict[str, Any], zips: list[str], dates: list[str], ages: list[str],
                  restricted: frozenset[str]) -> dict[str, Any]:
    zip5_share = {c: _share(measured[f"zip5:{c}"] or 0.0) for c in sorted(zips)}
    return {
        "zip5_columns": [c for c in sorted(zips) if zip5_share[c]],
        "zip5_share": zip5_share,
        "restricted_zip3_columns": sorted(c for c in zips if measured[f"zip3:{c}"]),
        "restricted_zip3_rows": int(measured["restricted_zip3_rows"] or 0),
        "restricted_zip3_prefixes": len(restricted),
        "dates_finer_than_year": sorted(c for c in dates if measured[f"finer:{c}"]),
        "ages_over_89_columns": sorted(c for c in ages if measured[f"over89:{c}"]),
        "ages_over_89_rows": int(measured["ages_over_89_rows"] or 0),
    }


def hipaa_findings(
    frame: pl.LazyFrame,
    findings: tuple[ColumnFinding, ...],
    *,
    restricted_zip3: frozenset[str] | None = None,
) -> dict[str, Any]:
    """Safe Harbor checks (45 CFR 164.514(b)(2)(i)(B), (C)) over all rows; names and counts only.

    ``zip5_columns``            POSTAL_CODE columns holding 5-digit ZIPs (``zip5_share``: share
                                of non-null values that are ZIP5 or ZIP+4, per POSTAL_CODE column)
    ``restricted_zip3_rows``    rows whose ZIP starts with a restricted prefix (population
                                <= 20,000; ``restricted_zip3_prefixes`` says how many are listed;
                                ``restricted_zip3_columns`` the POSTAL_CODE columns holding one)
    ``dates_finer_than_year``   quasi-identifier date columns with any value other than a bare
                                year or 1 January (Date/Datetime or text)
    ``ages_over_89_columns``    AGE columns with a value over 89; ``ages_over_89_rows`` rows
    """
    restricted = restricted_zip3_list() if restricted_zip3 is None else frozenset(restricted_zip3)
    exprs, zips, dates, ages = _hipaa_plan(frame.collect_schema(), findings, restricted)
    measured = collect(frame.select(_aggregated(exprs))).row(0, named=True)
    return _hipaa_result(measured, zips, dates, ages, restricted)


# --------------------------------------------------------------------------- persons


def _category_columns(findings: Sequence[ColumnFinding], person_key: str | None) -> dict[str, list[str]]:
    """Columns of each DOJ data category present (28 CFR 202.205 categories)."""
    columns: dict[str, list[str]] = {key: [] for key in PERSONS_CATEGORIES}
    listed_kinds: set[str] = set()
    for f in findings:
        if _has_any(f, GENOMIC_ENTITIES):
            columns["human_genomic"].append(f.column)
        if _has_any(f, OTHER_OMIC_ENTITIES):
            columns["human_omic_other"].append(f.column)
        if _has_any(f, BIOMETRIC_ENTITIES):
            columns["biometric"].append(f.column)
        if _has_any(f, GEOLOCATION_ENTITIES):
            columns["precise_geolocation"].append(f.column)
        if f.category == "health":
            columns["health"].append(f.column)
        if _has_any(f, FINANCIAL_ENTITIES):
            columns["financial"].append(f.column)
        if f.column == person_key:
            continue  # the key is the link between identifiers, not one of them
        kinds = {d.entity for d in f.detections if d.category == DIRECT or d.entity in LISTED_QUASI_ENTITIES}
        if kinds:
            listed_kinds |= kinds
            columns["covered_personal_identifiers"].append(f.column)
    # 28 CFR 202.234: a listed identifier counts in combination with another listed identifier
    # or with data linking them (here: a person key).
    if not (len(listed_kinds) >= 2 or (listed_kinds and person_key)):
        columns["covered_personal_identifiers"] = []
    return {key: sorted(cols) for key, cols in columns.items() if cols}


def _presence(categories: dict[str, list[str]], never_null: frozenset[str]) -> dict[str, pl.Expr]:
    """Per category, whether a row holds any of its columns.

    A column the profile counted without a null is present in every row, and so is its
    category: the passes then need not read (decode) its values at all.
    """
    return {
        category: pl.repeat(True, pl.len()) if never_null.intersection(columns)
        else pl.any_horizontal([pl.col(c).is_not_null() for c in columns])
        for category, columns in categories.items()
    }


def _persons_scalars(presence: dict[str, pl.Expr], person_key: str | None) -> dict[str, _Scalar]:
    """Scalars for the one pass: rows per category, or whether every keyed row has the category."""
    if person_key is None:
        exprs = {f"persons:{c}": ("sum", present) for c, present in presence.items()}
        return exprs | {"persons": ("len", pl.lit(1))}
    key = pl.col(person_key)
    exprs = {f"dense:{c}": ("all", present | key.is_null()) for c, present in presence.items()}
    return exprs | {"persons": ("distinct", key)}


def _persons_by_category(
    frame: pl.LazyFrame, presence: dict[str, pl.Expr], person_key: str | None, measured: dict[str, Any]
) -> dict[str, int]:
    """Distinct persons (or rows) per category; one group-by on the key for sparse categories."""
    if person_key is None:
        return {c: int(measured[f"persons:{c}"]) for c in presence}
    # Where every keyed row carries the category, its persons are all persons (no extra pass).
    counts = {c: int(measured["persons"]) for c in presence if measured[f"dense:{c}"]}
    sparse = [c for c in presence if c not in counts]
    if sparse:
        key = pl.col(person_key)
        per_person = collect(
            frame.filter(key.is_not_null())
            .group_by(key)
            .agg(presence[c].any().alias(c) for c in sparse)
            .select(pl.col(c).sum() for c in sparse)
        ).row(0, named=True)
        counts |= {c: int(per_person[c]) for c in sparse}
    return counts


# --------------------------------------------------------------------------- genomic linkage


def _genotypes_per_person_columns(
    findings: Sequence[ColumnFinding], sample_columns: Sequence[str], key: str | None
) -> tuple[str, ...]:
    """Genotype columns that each hold one person's calls, with variants in rows.

    A VCF names its sample columns; a consumer raw-data file (rsid, chromosome, position,
    genotype) has no person key and locates each row's variant instead.
    """
    if sample_columns:
        return tuple(sample_columns)
    locates_variants = any(f.has("RSID") or f.has("VARIANT_POSITION") for f in findings)
    if key is not None or not locates_variants:
        return ()
    return tuple(f.column for f in findings if _is_genotype_column(f))


def _genomic_linkage(findings: Sequence[ColumnFinding]) -> dict[str, Any]:
    genotype = sum(1 for f in findings if _is_genotype_column(f))
    return {
        "genotype_columns": genotype,
        "y_str_columns": sum(1 for f in findings if f.has("Y_STR")),
        "hla_columns": sum(1 for f in findings if f.has("HLA_ALLELE")),
    }


# --------------------------------------------------------------------------- assess


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_json(v) for v in value]
    if isinstance(value, float):
        return round(value, _DECIMALS)
    return value


def _quasi_identifiers(
    findings: Sequence[ColumnFinding], override: list[str] | None, schema: pl.Schema
) -> tuple[list[str], str]:
    if override is None:
        return [c for c in discover_quasi_identifiers(findings) if c in schema], "discovered"
    chosen = list(dict.fromkeys(c.strip() for c in override if c.strip()))
    _check_columns("quasi_identifiers", chosen, schema)
    return chosen, "configured"


def assess(
    frame: pl.LazyFrame,
    findings: tuple[ColumnFinding, ...],
    *,
    quasi_identifiers: list[str] | None = None,
    k: int = DEFAULT_K,
    restricted_zip3: frozenset[str] | None = None,
    person_key: str | None = None,
    sample_columns: tuple[str, ...] = (),
    aggregates: RiskAggregates | None = None,
    never_null: frozenset[str] = frozenset(),
) -> RiskReport:
    """Measure how re-identifiable a dataset is from its columns' findings (all rows, exact).

    ``quasi_identifiers`` overrides the discovered QI set (unknown column: ConfigError);
    ``person_key`` overrides the discovered person column; ``sample_columns`` names a VCF's
    per-sample genotype columns, whose count is the number of genomic persons.
    ``never_null`` names columns the profile found without nulls (their presence needs no read).
    ``aggregates`` runs the passes on another engine (Spark) that returns only partials and
    group-by results; by default polars runs them on ``frame`` (streaming when
    ``minlint.execution`` says so), and ``frame`` then only gives the schema.
    """
    if k < 1:
        raise ConfigError(f"k: must be at least 1, got {k}")
    schema = frame.collect_schema()
    qi, qi_source = _quasi_identifiers(findings, quasi_identifiers, schema)
    if person_key is not None:
        _check_columns("person_key", [person_key], schema)
    key = person_key if person_key is not None else find_person_key(findings)
    if key is not None and key not in schema:
        key = None
    restricted = restricted_zip3_list() if restricted_zip3 is None else frozenset(restricted_zip3)

    categories = _category_columns([f for f in findings if f.column in schema], key)
    sensitive_all = [
        s for s in _sensitive_columns(findings, set(qi) | ({key} if key else set())) if s in schema
    ]
    sensitive = sensitive_all[:MAX_L_DIVERSITY_COLUMNS]
    plan = _plan(schema, findings, qi) if qi else None
    if aggregates is None and is_streaming():
        # Larger than the memory budget: the passes Spark runs, here in bounded batches and
        # hash buckets (one query over the whole dataset would hold its columns or a table
        # of every class and person at once).
        aggregates = StreamedAggregates(frame)
    zip3_numbers = None
    if aggregates is not None and integer_zip_columns(schema, findings):
        zip3_numbers = _zip3_numbers(aggregates, integer_zip_columns(schema, findings))

    # One pass for every scalar: HIPAA checks and persons per category.
    hipaa_exprs, zips, dates, ages = _hipaa_plan(schema, findings, restricted, zip3_numbers)
    scalar_exprs = {f"hipaa:{n}": e for n, e in hipaa_exprs.items()}
    presence = _presence(categories, never_null)
    scalar_exprs |= _persons_scalars(presence, key)
    scalar_exprs["rows"] = ("len", pl.lit(1))
    histograms: list[dict[int, int]] = []
    coded: ClassCodes | None = None  # decoded data: the classes as integer codes
    if aggregates is not None:
        measured = _merged_scalars(aggregates, scalar_exprs, schema)
        if plan is not None:
            histograms = aggregates.histograms(lambda rows: class_values(rows, plan, sensitive), class_groupings(plan))
    elif plan is None:
        measured = _settled(frame, scalar_exprs, collect(frame.select(_aggregated(scalar_exprs))).row(0, named=True))
    else:
        # Sensitive values are read only if l-diversity needs them (k >= 2).
        values, buckets = class_values(frame, plan, ()), 1
        scalars, decoded_values = collect_all([frame.select(_aggregated(scalar_exprs)), values])
        measured = _settled(frame, scalar_exprs, scalars.row(0, named=True))
        coded = class_codes(decoded_values, class_groupings(plan))
        del decoded_values
        values = class_values(frame, plan, sensitive)
        if coded is not None:
            histograms = coded.histograms(class_groupings(plan))
        else:
            # The data is decoded already; one class table at a time keeps the peak to one
            # table (five at once cost about 500 MiB more on 2,000,000 rows).
            histograms = [_histogram(collect(_histogram_query(values, g))) for g in class_groupings(plan)]
    hipaa = _hipaa_result({n[6:]: v for n, v in measured.items() if n.startswith("hipaa:")},
                          zips, dates, ages, restricted)

    if aggregates is not None and key is not None:
        measured["persons"], persons_by_category = _keyed_persons(aggregates, presence, key)
    else:
        persons_by_category = _persons_by_category(frame, presence, key, measured)
    # Rows count as persons only when something in them is about a person (a retail table of
    # SKUs has rows, not persons).
    about_persons = bool(categories or key or qi or sample_columns)
    persons = int(measured["persons"]) if about_persons else None
    person_columns = _genotypes_per_person_columns(findings, sample_columns, key)
    if person_columns:
        # Rows are variants (a VCF, a 23andMe raw-data file): each genotype column is a person.
        persons_by_category["human_genomic"] = len(person_columns)
        if key is None:
            persons = len(person_columns)

    metrics: dict[str, Any] = {"k": k, "rows": int(measured["rows"])}
    if plan is None:
        classes, hints = dict(_NO_CLASSES), []
    else:
        classes = class_metrics(histograms[0], k)
        hints = _hints(plan, histograms[1:]) if classes["k_min"] is not None else []
    if classes["k_min"] == 1:
        # A class of one row holds one value of every column: l = 1 exactly, nothing to count.
        classes["l_diversity"] = {s: 1 for s in sensitive}
    elif classes["k_min"] is not None and sensitive:
        names = class_groupings(plan)[0]
        if aggregates is None:
            if coded is not None:
                values, names = coded.with_kept(frame, names, sensitive), [_class_key(0)]
            lowest = _bucketed_lowest_l(values, names, sensitive, buckets)
        else:
            lowest = aggregates.lowest_l(names, sensitive)
        classes["l_diversity"] = {s: int(lowest[s]) for s in sensitive}
    l_values = [v for v in classes["l_diversity"].values()]
    linkage = _genomic_linkage(findings)
    # >= 30 independent SNPs single a person out: per person that is the genotype columns of a
    # matrix (persons in rows), or the variant rows of a VCF (persons in columns).
    snps_per_person = metrics["rows"] if person_columns and key is None else linkage["genotype_columns"]
    metrics.update(
        classes=classes["classes"],
        unique_rows=classes["unique_rows"],
        rows_below_k_share=classes["rows_below_k_share"],
        risk_average=classes["risk_average"],
        risk_maximum=classes["risk_maximum"],
        l_diversity=classes["l_diversity"],
        l_diversity_columns=len(sensitive_all),
        l_diversity_truncated=len(sensitive_all) > MAX_L_DIVERSITY_COLUMNS,
        l_min=min(l_values) if l_values else None,
        generalisation_hints=hints,
        hipaa=hipaa,
        y_str_columns=linkage["y_str_columns"],
        hla_columns=linkage["hla_columns"],
        snps_per_person=snps_per_person if linkage["genotype_columns"] else 0,
        snp_identifying=bool(linkage["genotype_columns"]) and snps_per_person >= SNPS_THAT_IDENTIFY,
        person_key=key,
        persons_estimated=False,
        quasi_identifier_source=qi_source,
    )
    return RiskReport(
        quasi_identifiers=tuple(qi),
        k_min=classes["k_min"],
        unique_share=classes["unique_share"],
        persons=persons,
        persons_by_category=dict(sorted(persons_by_category.items())),
        genotype_columns=linkage["genotype_columns"],
        metrics=_sorted_json(metrics),
    )


# --------------------------------------------------------------------------- text summary


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def summary_lines(risk: RiskReport) -> list[str]:
    """A short human summary of the risk block for the text report (metrics only, no values)."""
    m = risk.metrics
    lines: list[str] = []
    k = m.get("k", DEFAULT_K)
    if risk.quasi_identifiers:
        source = m.get("quasi_identifier_source", "discovered")
        lines.append(f"Quasi-identifiers ({source}): {', '.join(risk.quasi_identifiers)}")
        lines.append(
            f"k-anonymity: k = {risk.k_min} (target {k}); unique rows {_percent(risk.unique_share)}; "
            f"rows in classes smaller than {k}: {_percent(m.get('rows_below_k_share'))}"
        )
        if m.get("risk_average") is not None:
            lines.append(
                f"Re-identification risk (prosecutor): average {m['risk_average']:.4f}, "
                f"maximum {m['risk_maximum']:.4f}"
            )
        diversity = m.get("l_diversity") or {}
        if 0 < len(diversity) <= _SUMMARY_L_COLUMNS:
            lines.append("l-diversity: " + ", ".join(f"{c} l = {v}" for c, v in diversity.items()))
        elif diversity:
            lowest = sorted(c for c, v in diversity.items() if v == m["l_min"])
            measured = str(len(diversity))
            if m.get("l_diversity_truncated"):
                measured += f" of {m['l_diversity_columns']}"
            lines.append(
                f"l-diversity: minimum l = {m['l_min']} over {measured} sensitive columns"
                f" (lowest: {lowest[0]})"
            )
        hints = m.get("generalisation_hints") or []
        if hints and (hints[0]["k_after"] or 0) > (risk.k_min or 0):
            best = hints[0]
            lines.append(
                f"Best single generalisation: {best['column']} ({best['how']}) raises k from "
                f"{risk.k_min} to {best['k_after']}"
            )
        elif hints:
            tried = ", ".join(sorted(h["column"] for h in hints))
            lines.append(f"No single generalisation raises k above {risk.k_min} (tried {tried})")
    else:
        lines.append("Quasi-identifiers: none found; k-anonymity not measured")
    hipaa = m.get("hipaa") or {}
    hipaa_parts = []
    if hipaa.get("zip5_columns"):
        hipaa_parts.append(f"5-digit ZIP in {', '.join(hipaa['zip5_columns'])}")
    if hipaa.get("restricted_zip3_rows"):
        hipaa_parts.append(f"{hipaa['restricted_zip3_rows']} rows in restricted ZIP3 areas")
    if hipaa.get("dates_finer_than_year"):
        hipaa_parts.append(f"dates finer than year in {', '.join(hipaa['dates_finer_than_year'])}")
    if hipaa.get("ages_over_89_rows"):
        hipaa_parts.append(f"{hipaa['ages_over_89_rows']} rows with age over 89")
    if hipaa_parts:
        lines.append("HIPAA Safe Harbor: " + "; ".join(hipaa_parts))
    if risk.genotype_columns or m.get("y_str_columns") or m.get("hla_columns"):
        identifying = " (identifying: >= 30 SNPs per person)" if m.get("snp_identifying") else ""
        lines.append(
            f"Genomic linkage: {risk.genotype_columns} genotype columns{identifying}, "
            f"{m.get('y_str_columns', 0)} Y-STR, {m.get('hla_columns', 0)} HLA columns"
        )
    if risk.persons is not None:
        counted = f"by {m['person_key']}" if m.get("person_key") else "by rows"
        exactness = "estimated" if m.get("persons_estimated") else "exact"
        by_category = ", ".join(f"{c} {n}" for c, n in sorted(risk.persons_by_category.items()))
        line = f"Persons: {risk.persons} ({exactness}, {counted})"
        lines.append(f"{line}; {by_category}" if by_category else line)
    return lines
