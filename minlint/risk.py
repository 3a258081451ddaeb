"""Risk stage: how re-identifiable the rows are once the columns leave together.

Removing names is not de-identification: ZIP5 + sex + birth date single out 87% of Americans
(Sweeney 2000), 15 demographic attributes 99.98% (Rocher et al., Nat. Commun. 2019). So this
stage judges the combination of quasi-identifiers (docs/policy-reference.md sections 1, 2, 6):

* equivalence classes on the quasi-identifier (QI) set, from ONE pass over all rows (the QI
  values packed into one exact integer key, sorted; class sizes are its runs): k-anonymity
  (smallest class), share of rows in classes smaller than ``k``, share of unique rows,
  prosecutor re-identification risk (1 / class size: average over rows and maximum), and
  l-diversity (distinct values of each sensitive column within a class, minimum over classes;
  a null counts as one value, as ``numpy.unique`` does in pycanon; a group-by that runs only
  when k >= 2, since a class of one row has l = 1);
* generalisation hints: k after generalising one QI column (ZIP5 -> ZIP3, date -> year,
  age -> 5-year band), computed exactly from the rows;
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

Floats are rounded to 4 decimals; no cell value ever reaches the metrics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from minlint.detect.names import normalise
from minlint.errors import ConfigError
from minlint.execution import collect, collect_all
from minlint.model import ColumnFinding, RiskReport

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
DATE_ENTITIES = frozenset({"DATE", "DATE_OF_BIRTH"})

CATEGORY_KEYS = (
    "human_genomic",
    "human_omic_other",
    "biometric",
    "precise_geolocation",
    "health",
    "financial",
    "covered_personal_identifiers",
)
_RSID_NAME = re.compile(r"^rs\d+$", re.IGNORECASE)
_INTEGER_LIKE = (pl.Boolean, pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32,
                 pl.Date, pl.Datetime, pl.Duration, pl.Time)
_PACK_LIMIT = 2**62  # a packed class key must stay inside Int64
_DIGIT_PROBE = 1024
_MAX_DIGITS = 18  # "1" + 18 digits still fits UInt64
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


# --------------------------------------------------------------------------- encoding
#
# A group-by on several string/date columns is slow (polars row-encodes every key). Each QI
# column, and each generalised QI column, is read ONCE and turned into an exact integer code;
# the codes are packed into one Int64 class key (mixed radix) that is cheap to group and sort.
# Codes are injective: integer-like values by their physical value, digit strings ("02139") by
# the integer of "1" + text (the leading 1 keeps "02139" and "2139" apart), other text by its
# index among the sorted distinct values. Null gets code 0. No hashing: classes are exact.


@dataclass(frozen=True)
class _Encodable:
    name: str  # alias of the code column
    expr: pl.Expr  # the value to encode (a column or its generalisation)


def _encodable_value(expr: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, bool]:
    """The value in an encodable form, and whether it is integer-like (else text)."""
    if dtype in _INTEGER_LIKE:
        return expr.to_physical().cast(pl.Int64), True
    if dtype == pl.String:
        return expr, False
    if dtype.is_nested() or dtype == pl.Binary or dtype == pl.Object:
        # Nested values have no text form; their 64-bit hash stands for them (collisions among
        # the values of one export are vanishingly unlikely, but this is the one inexact case).
        return expr.hash(seed=0).cast(pl.String), False
    return expr.cast(pl.String), False


def _rows_query(
    frame: pl.LazyFrame, encodables: Sequence[_Encodable], passthrough: Sequence[str]
) -> tuple[pl.LazyFrame, dict[str, bool]]:
    """One query reading each encodable once (value, and digits for text) plus passthrough columns."""
    schema = frame.select([e.expr.alias(e.name) for e in encodables]).collect_schema()
    values: list[pl.Expr] = []
    integer_like: dict[str, bool] = {}
    for encodable in encodables:
        value, is_integer = _encodable_value(encodable.expr, schema[encodable.name])
        integer_like[encodable.name] = is_integer
        values.append(value.alias(f"value:{encodable.name}"))
    query = frame.select(*values, *[pl.col(c).alias(f"keep:{c}") for c in passthrough])
    return query, integer_like


def _digit_codes(value: pl.Series) -> pl.Series | None:
    """int("1" + text) when every non-null value is plain ASCII digits, else None."""
    probe = value.drop_nulls().head(_DIGIT_PROBE)  # cheap early no for "M"/"F", "Boston"...
    if _digits(probe) is None:
        return None
    return _digits(value)


def _digits(value: pl.Series) -> pl.Series | None:
    # Polars parses [+]digits (leading zeros allowed) and nothing else: with no "+" anywhere, a
    # parsed value is all digits, and text + 10**length is the integer of "1" + text.
    parsed = value.cast(pl.UInt64, strict=False)
    length = value.str.len_bytes()
    if parsed.null_count() != value.null_count() or (length.max() or 0) > _MAX_DIGITS:
        return None
    if value.str.starts_with("+").any():
        return None
    return pl.DataFrame({"parsed": parsed, "length": length}).select(
        pl.col("parsed") + pl.lit(10, dtype=pl.UInt64).pow(pl.col("length"))
    ).to_series()


def _codes(
    rows: pl.DataFrame, names: Sequence[str], integer_like: dict[str, bool]
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Int64 code columns (named as the encodables) and the span [0, span) of each."""
    columns: list[pl.Series] = []
    spans: dict[str, int] = {}
    for name in names:
        value = rows.get_column(f"value:{name}")
        measured = value if integer_like[name] else _digit_codes(value)
        if measured is not None:
            low, high = measured.min(), measured.max()
            if low is None:  # nothing but nulls: one class
                columns.append(pl.repeat(0, rows.height, dtype=pl.Int64, eager=True).alias(name))
                spans[name] = 1
                continue
            if int(high) - int(low) + 2 < _PACK_LIMIT:
                shifted = (measured - low).cast(pl.Int64) + 1
                columns.append(shifted.fill_null(0).alias(name))
                spans[name] = int(high) - int(low) + 2
                continue
        if integer_like[name]:  # values spread too wide to shift: their dense rank
            ranked = value.rank("dense").cast(pl.Int64)
            columns.append(ranked.fill_null(0).alias(name))
            spans[name] = value.n_unique() + 1
            continue
        categories = value.drop_nulls().unique().sort()
        code = value.cast(pl.Enum(categories)).to_physical().cast(pl.Int64) + 1
        columns.append(code.fill_null(0).alias(name))
        spans[name] = categories.len() + 1
    return pl.DataFrame(columns, height=rows.height), spans


def _class_key(names: Sequence[str], spans: dict[str, int]) -> pl.Expr | None:
    """One Int64 key packing the code columns (mixed radix), or None when they do not fit."""
    stride = 1
    terms = []
    for name in reversed(names):
        terms.append(pl.col(name) * stride if stride > 1 else pl.col(name))
        stride *= spans[name]
        if stride >= _PACK_LIMIT:
            return None
    return pl.sum_horizontal(terms) if len(terms) > 1 else terms[0]


def _grouping(names: Sequence[str], spans: dict[str, int]) -> list[pl.Expr]:
    key = _class_key(names, spans)
    return [key.alias("class_key")] if key is not None else [pl.col(n) for n in names]


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


def _class_sizes(codes: pl.DataFrame, names: Sequence[str], spans: dict[str, int]) -> pl.Series:
    """The size of every equivalence class: runs of the sorted packed key (or a group-by)."""
    key = _class_key(names, spans)
    if key is None:
        return codes.group_by(names).len().get_column("len")
    keys = codes.select(key.alias("class_key")).to_series().sort()
    return keys.rle().struct.field("len")


def _min_class_size(codes: pl.DataFrame, names: Sequence[str], spans: dict[str, int]) -> int | None:
    """Smallest equivalence class on the given code columns."""
    return int(_class_sizes(codes, names, spans).min()) if codes.height else None


def _hints(plan: _QiPlan, codes: pl.DataFrame, spans: dict[str, int]) -> list[dict[str, Any]]:
    hints = []
    for column, how in plan.generalised:
        names = [f"gen:{c}" if c == column else f"qi:{c}" for c in plan.columns]
        hints.append({"column": column, "how": how, "k_after": _min_class_size(codes, names, spans)})
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
    query, integer_like = _rows_query(frame, plan.encodables, ())
    codes, spans = _codes(collect(query), [e.name for e in plan.encodables], integer_like)
    return _hints(plan, codes, spans)


# --------------------------------------------------------------------------- equivalence classes


def _l_diversity(
    codes: pl.DataFrame, names: Sequence[str], spans: dict[str, int], sensitive: pl.DataFrame
) -> dict[str, int]:
    """Fewest distinct values of each sensitive column within one class (null is a value)."""
    table = pl.concat([codes.select(names), sensitive], how="horizontal")
    per_class = table.lazy().group_by(_grouping(names, spans)).agg(
        pl.col(s).n_unique().alias(s) for s in sensitive.columns
    )
    lowest = collect(per_class.select(pl.col(s).min() for s in sensitive.columns)).row(0, named=True)
    return {s: int(lowest[s]) for s in sensitive.columns}


def _class_metrics(
    plan: _QiPlan, codes: pl.DataFrame, spans: dict[str, int], sensitive: pl.DataFrame, k: int
) -> dict[str, Any]:
    """k-anonymity, unique share, prosecutor risk and l-diversity of the QI classes."""
    names = [f"qi:{c}" for c in plan.columns]
    sizes = _class_sizes(codes, names, spans)
    rows = int(sizes.sum()) if sizes.len() else 0
    if rows == 0:
        return dict(_NO_CLASSES, classes=0)
    k_min, classes = int(sizes.min()), sizes.len()
    unique_rows = int((sizes == 1).sum())
    rows_below_k = int(sizes.filter(sizes < k).sum())
    if k_min == 1:
        # A class of one row holds one value of every column: l = 1 exactly, nothing to count.
        diversity = {s: 1 for s in sensitive.columns}
    else:
        diversity = _l_diversity(codes, names, spans, sensitive) if sensitive.width else {}
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
        "l_diversity": diversity,
    }


_NO_CLASSES: dict[str, Any] = {
    "classes": None, "k_min": None, "unique_rows": None, "unique_share": None,
    "rows_below_k_share": None, "risk_average": None, "risk_maximum": None, "l_diversity": {},
}


# --------------------------------------------------------------------------- HIPAA


def _holds_zip3_numbers(col: pl.Expr) -> pl.Expr:
    """Integer ZIPs lose their leading zeros; a column that never exceeds 999 holds ZIP3s
    (5-digit ZIPs below 1000 exist only in 005xx, Holtsville NY)."""
    return col.max() <= 999


def _zip3_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_integer():
        prefix = pl.when(_holds_zip3_numbers(col)).then(col).otherwise(col // 100)
        return prefix.cast(pl.String).str.zfill(3)
    return col.cast(pl.String).str.slice(0, 3)


def _zip5_share_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_integer():
        return pl.when(_holds_zip3_numbers(col)).then(0.0).otherwise(col.is_between(0, 99999).mean())
    return col.cast(pl.String).str.contains(r"^\s*\d{5}(?:-\d{4})?\s*$").mean()


def _finer_than_year_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.Date:
        return (col.dt.ordinal_day() != 1).any()
    if dtype == pl.Datetime:
        return (col != col.dt.truncate("1y")).any()
    if dtype.is_numeric():
        return pl.lit(False)  # a number in a date column is a year (or a count), never finer
    text = col.cast(pl.String).str.strip_chars()
    # A bare year, or 1 January at midnight, is year precision; anything else is finer.
    year_only = text.str.contains(r"^\d{4}$|^\d{4}-01-01(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
    return (text.is_not_null() & ~year_only).any()


def _age_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(column)
    if dtype.is_numeric():
        return col
    return col.cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)


def _hipaa_plan(
    schema: pl.Schema, findings: Sequence[ColumnFinding], restricted: frozenset[str]
) -> tuple[dict[str, pl.Expr], list[str], list[str], list[str]]:
    zips = [f.column for f in findings if f.has("POSTAL_CODE") and f.column in schema]
    dates = [
        f.column for f in findings
        if f.column in schema and f.category == QUASI
        and (_has_any(f, DATE_ENTITIES) or schema[f.column] in (pl.Date, pl.Datetime))
    ]
    ages = [f.column for f in findings if f.has("AGE") and f.column in schema]
    exprs: dict[str, pl.Expr] = {}
    for column in zips:
        exprs[f"zip5:{column}"] = _zip5_share_expr(column, schema[column])
        exprs[f"zip3:{column}"] = _zip3_expr(column, schema[column]).is_in(sorted(restricted)).any()
    prefixes = sorted(restricted)
    exprs["restricted_zip3_rows"] = (
        pl.any_horizontal([_zip3_expr(c, schema[c]).is_in(prefixes).fill_null(False) for c in zips]).sum()
        if zips else pl.lit(0)
    )
    for column in dates:
        exprs[f"finer:{column}"] = _finer_than_year_expr(column, schema[column])
    for column in ages:
        exprs[f"over89:{column}"] = (_age_expr(column, schema[column]) > OVER_89).any()
    exprs["ages_over_89_rows"] = (
        pl.any_horizontal([(_age_expr(c, schema[c]) > OVER_89).fill_null(False) for c in ages]).sum()
        if ages else pl.lit(0)
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
    measured = collect(frame.select([e.alias(n) for n, e in exprs.items()])).row(0, named=True)
    return _hipaa_result(measured, zips, dates, ages, restricted)


# --------------------------------------------------------------------------- persons


def _category_columns(findings: Sequence[ColumnFinding], person_key: str | None) -> dict[str, list[str]]:
    """Columns of each DOJ data category present (28 CFR 202.205 categories)."""
    columns: dict[str, list[str]] = {key: [] for key in CATEGORY_KEYS}
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


def _present(columns: list[str]) -> pl.Expr:
    return pl.any_horizontal([pl.col(c).is_not_null() for c in columns])


def _persons_scalars(categories: dict[str, list[str]], person_key: str | None) -> dict[str, pl.Expr]:
    """Scalars for the one pass: rows per category, or whether every keyed row has the category."""
    if person_key is None:
        exprs = {f"persons:{c}": _present(cols).sum() for c, cols in categories.items()}
        return exprs | {"persons": pl.len()}
    key = pl.col(person_key)
    exprs = {f"dense:{c}": (_present(cols) | key.is_null()).all() for c, cols in categories.items()}
    return exprs | {"persons": key.drop_nulls().n_unique()}


def _persons_by_category(
    frame: pl.LazyFrame, categories: dict[str, list[str]], person_key: str | None, measured: dict[str, Any]
) -> dict[str, int]:
    """Distinct persons (or rows) per category; one group-by on the key for sparse categories."""
    if person_key is None:
        return {c: int(measured[f"persons:{c}"]) for c in categories}
    # Where every keyed row carries the category, its persons are all persons (no extra pass).
    counts = {c: int(measured["persons"]) for c in categories if measured[f"dense:{c}"]}
    sparse = [c for c in categories if c not in counts]
    if sparse:
        key = pl.col(person_key)
        per_person = collect(
            frame.filter(key.is_not_null())
            .group_by(key)
            .agg(_present(categories[c]).any().alias(c) for c in sparse)
            .select(pl.col(c).sum() for c in sparse)
        ).row(0, named=True)
        counts |= {c: int(per_person[c]) for c in sparse}
    return counts


# --------------------------------------------------------------------------- genomic linkage


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
) -> RiskReport:
    """Measure how re-identifiable a dataset is from its columns' findings (all rows, exact).

    ``quasi_identifiers`` overrides the discovered QI set (unknown column: ConfigError);
    ``person_key`` overrides the discovered person column; ``sample_columns`` names a VCF's
    per-sample genotype columns, whose count is the number of genomic persons.
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

    # One pass for every scalar: HIPAA checks and persons per category.
    hipaa_exprs, zips, dates, ages = _hipaa_plan(schema, findings, restricted)
    categories = _category_columns([f for f in findings if f.column in schema], key)
    scalar_exprs = {f"hipaa:{n}": e for n, e in hipaa_exprs.items()}
    scalar_exprs |= _persons_scalars(categories, key)
    scalar_exprs["rows"] = pl.len()
    sensitive_all = [
        s for s in _sensitive_columns(findings, set(qi) | ({key} if key else set())) if s in schema
    ]
    sensitive = sensitive_all[:MAX_L_DIVERSITY_COLUMNS]
    scalars = frame.select([e.alias(n) for n, e in scalar_exprs.items()])
    if qi:
        # The QI rows and the scalar checks in one collect, so a file is scanned once.
        plan = _plan(schema, findings, qi)
        query, integer_like = _rows_query(frame, plan.encodables, sensitive)
        scalar_frame, rows = collect_all([scalars, query])
    else:
        scalar_frame, rows = collect(scalars), None
    measured = scalar_frame.row(0, named=True)
    hipaa = _hipaa_result({n[6:]: v for n, v in measured.items() if n.startswith("hipaa:")},
                          zips, dates, ages, restricted)

    persons_by_category = _persons_by_category(frame, categories, key, measured)
    # Rows count as persons only when something in them is about a person (a retail table of
    # SKUs has rows, not persons).
    about_persons = bool(categories or key or qi or sample_columns)
    persons = int(measured["persons"]) if about_persons else None
    if sample_columns:
        # A VCF: rows are variants and each per-sample genotype column is one person.
        persons_by_category["human_genomic"] = len(sample_columns)
        if key is None:
            persons = len(sample_columns)

    metrics: dict[str, Any] = {"k": k, "rows": int(measured["rows"])}
    if rows is not None:
        codes, spans = _codes(rows, [e.name for e in plan.encodables], integer_like)
        kept = rows.select([pl.col(f"keep:{c}").alias(c) for c in sensitive])
        classes = _class_metrics(plan, codes, spans, kept, k)
        hints = _hints(plan, codes, spans) if classes["k_min"] is not None else []
    else:
        classes, hints = dict(_NO_CLASSES), []
    l_values = [v for v in classes["l_diversity"].values()]
    linkage = _genomic_linkage(findings)
    # >= 30 independent SNPs single a person out: per person that is the genotype columns of a
    # matrix (persons in rows), or the variant rows of a VCF (persons in columns).
    snps_per_person = metrics["rows"] if sample_columns and key is None else linkage["genotype_columns"]
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
