"""Generalisation hierarchies and value transformations, as polars expressions.

Every transformation is an expression over the original column, so the whole minimized copy is
one lazy query that polars can stream (``sink_parquet``/``sink_csv``). A ``Hierarchy`` lists the
levels a quasi-identifier can be coarsened to, finest first; each level is a function of the one
below (nested), which the k-anonymity search relies on. The last level always suppresses the
column's value (null).

HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)) fixes the finest level allowed:
(B) ZIP codes keep at most their first three digits, and ``000`` for a three-digit area of
20,000 people or fewer; (C) dates keep the year only, and ages over 89 become ``90+``.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from minlint.risk.hipaa import birth_year_of

AGE_TOP_CODE = "90+"  # 45 CFR 164.514(b)(2)(i)(C): "aggregated into a single category of age 90 or older"
OVER_89 = 89
RESTRICTED_ZIP3_CODE = "000"
SUPPRESSED = "suppressed (null)"


@dataclass(frozen=True)
class Level:
    """One step of a hierarchy: how it reads in the change log, and the expression producing it."""

    how: str
    expr: pl.Expr


@dataclass(frozen=True)
class Hierarchy:
    """The levels one quasi-identifier column can take, finest first; the last one is null."""

    column: str
    kind: str  # zip, date, age, coordinate, value
    levels: tuple[Level, ...]

    @property
    def top(self) -> int:
        return len(self.levels) - 1


# --------------------------------------------------------------------------- ZIP codes


def zip_text(column: str, dtype: pl.DataType) -> pl.Expr:
    """The ZIP as text: integer ZIPs lost their leading zeros (2139 is 02139)."""
    col = pl.col(column)
    if dtype.is_integer():
        return col.cast(pl.String).str.zfill(5)
    return col.cast(pl.String).str.strip_chars()


def zip_prefix(column: str, dtype: pl.DataType, digits: int, restricted: frozenset[str]) -> pl.Expr:
    """The first ``digits`` digits; at three digits a restricted area becomes 000 (Safe Harbor)."""
    prefix = zip_text(column, dtype).str.slice(0, digits)
    if digits == 3 and restricted:
        listed = pl.Series(sorted(restricted), dtype=pl.String)
        prefix = pl.when(prefix.is_in(listed.implode())).then(pl.lit(RESTRICTED_ZIP3_CODE)).otherwise(prefix)
    return prefix


def zip_hierarchy(column: str, dtype: pl.DataType, *, safe_harbor: bool, restricted: frozenset[str]) -> Hierarchy:
    finest = 3 if safe_harbor else 5
    levels = []
    for digits in range(finest, 0, -1):
        how = "kept" if digits == 5 else f"ZIP{digits}" + (" (restricted areas -> 000)" if digits == 3 and restricted else "")
        expr = zip_text(column, dtype) if digits == 5 else zip_prefix(column, dtype, digits, restricted)
        levels.append(Level(how, expr))
    levels.append(Level(SUPPRESSED, pl.lit(None, dtype=pl.String)))
    return Hierarchy(column, "zip", tuple(levels))


# --------------------------------------------------------------------------- dates


def shifted_date(column: str, dtype: pl.DataType, offset_days: pl.Expr) -> pl.Expr:
    """The date moved by a per-person offset: intervals within a person survive, the calendar does not."""
    col = pl.col(column)
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return col + pl.duration(days=offset_days)
    parsed = col.cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    return (parsed + pl.duration(days=offset_days)).dt.to_string("%Y-%m-%d")


def is_temporal(dtype: pl.DataType) -> bool:
    return dtype == pl.Date or isinstance(dtype, pl.Datetime)


def date_hierarchy(
    column: str, dtype: pl.DataType, *, safe_harbor: bool, base: pl.Expr | None = None, births_up_to: int | None = None
) -> Hierarchy:
    """day -> month -> year -> 5-year -> 10-year -> null; Safe Harbor starts at the year.

    ``base`` is the (possibly shifted) date the levels coarsen; bands are labelled by their first
    year, an integer, so a coarser date still reads as a year and never as a finer date.
    ``births_up_to``: birth years up to this one mean an age over 89 (45 CFR
    164.514(b)(2)(i)(C)); every level removes them (null), judged on the level's own value as
    the scan of the output will judge it, so a 5-year band labelled 1935 goes too.
    """
    value = base if base is not None else pl.col(column)
    levels: list[tuple[Level, pl.DataType]] = []
    if not safe_harbor:
        kept_dtype = dtype if base is None or is_temporal(dtype) else pl.String
        levels.append((Level("kept" if base is None else "shifted per person", value), kept_dtype))
        if is_temporal(dtype):
            levels.append((Level("date -> month", value.dt.truncate("1mo").cast(pl.Date)), pl.Date))
    year = _year_of(value, dtype)
    levels.append((Level("date -> year", year), pl.Int32))
    for width in (5, 10):
        levels.append((Level(f"date -> {width}-year band (first year)", (year // width * width).cast(pl.Int32)), pl.Int32))
    if births_up_to is not None:
        levels = [(_without_births_up_to(level, level_dtype, births_up_to), level_dtype) for level, level_dtype in levels]
    return Hierarchy(column, "date", tuple(level for level, _ in levels) + (Level(SUPPRESSED, pl.lit(None, dtype=pl.Int32)),))


def _without_births_up_to(level: Level, dtype: pl.DataType, cutoff: int) -> Level:
    old = birth_year_of(level.expr, dtype) <= cutoff
    return Level(f"{level.how}; birth years up to {cutoff} removed (over 89)", pl.when(old).then(None).otherwise(level.expr))


def _year_of(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if is_temporal(dtype):
        return value.dt.year().cast(pl.Int32)
    return value.cast(pl.String).str.extract(r"(\d{4})", 1).cast(pl.Int32, strict=False)


# --------------------------------------------------------------------------- ages


def _band_label(age: pl.Expr, width: int, cap: int | None) -> pl.Expr:
    low = (age // width * width).cast(pl.Int64)
    high = low + (width - 1)
    if cap is not None:
        high = pl.min_horizontal(high, pl.lit(cap, dtype=pl.Int64))
    return pl.format("{}-{}", low, high)


def _age_bounds(column: str, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """The lowest and highest age a value allows: `45` and `45 years` are one age, `18-29` a
    band, `65+` open above. Text ages that no number starts are null."""
    if dtype.is_numeric():
        age = pl.col(column).cast(pl.Float64)
        return age, age
    text = pl.col(column).cast(pl.String).str.strip_chars()
    low = text.str.extract(r"^(\d{1,3}(?:\.\d+)?)", 1).cast(pl.Float64, strict=False)
    upper = text.str.extract(r"^\d{1,3} ?[-–] ?(\d{1,3})$", 1).cast(pl.Float64, strict=False)
    high = pl.when(text.str.ends_with("+")).then(pl.lit(float("inf"))).otherwise(pl.coalesce(upper, low))
    return low, high


def age_hierarchy(column: str, dtype: pl.DataType, *, top_code: bool) -> Hierarchy:
    """exact -> 5-year band -> 10-year band -> 20-year band -> null; over 89 -> "90+" when top-coding.

    A value that is a band already (`18-29`, `65+`) stays as it is until a level's bands are
    wide enough to hold it: made into a 5-year band it would claim what it does not know.
    """
    low, high = _age_bounds(column, dtype)
    original = pl.col(column).cast(pl.String)
    over = low > OVER_89
    cap = OVER_89 if top_code else None

    def coded(expr: pl.Expr) -> pl.Expr:
        if not top_code:
            return expr
        return pl.when(over).then(pl.lit(AGE_TOP_CODE)).otherwise(expr)

    def banded(width: int) -> pl.Expr:
        fits = (low // width) == (high // width)
        return pl.when(fits).then(_band_label(low, width, cap)).otherwise(original)

    if top_code:
        exact = coded(pl.when(low == high).then(low.cast(pl.Int64).cast(pl.String)).otherwise(original))
        levels = [Level("ages over 89 -> 90+", exact)]
    else:
        levels = [Level("kept", pl.col(column))]
    for width in (5, 10, 20):
        label = f"age -> {width}-year band" + (" (over 89 -> 90+)" if top_code else "")
        levels.append(Level(label, coded(banded(width))))
    levels.append(Level(SUPPRESSED, pl.lit(None, dtype=pl.String)))
    return Hierarchy(column, "age", tuple(levels))


# --------------------------------------------------------------------------- coordinates and others


def coordinate_hierarchy(column: str, dtype: pl.DataType) -> Hierarchy:
    """Precise geolocation (28 CFR 202.242: accuracy <= 1,000 m) -> 0.1 degree (~11 km) -> 1 degree -> null."""
    value = pl.col(column) if dtype.is_numeric() else pl.col(column).cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
    levels = (
        Level("coordinate -> 0.1 degree grid (~11 km)", value.round(1)),
        Level("coordinate -> 1 degree grid (~111 km)", value.round(0)),
        Level(SUPPRESSED, pl.lit(None, dtype=pl.Float64)),
    )
    return Hierarchy(column, "coordinate", levels)


def value_hierarchy(column: str, dtype: pl.DataType) -> Hierarchy:
    """A quasi-identifier with no known hierarchy (sex, ethnicity): kept, or suppressed."""
    return Hierarchy(column, "value", (Level("kept", pl.col(column)), Level(SUPPRESSED, pl.lit(None, dtype=dtype))))
