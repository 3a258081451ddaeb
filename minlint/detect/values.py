"""Value signal: patterns and validators evaluated over every row with polars expressions.

For each column the profile's distinct-value sample picks the candidate entities (cheap, in
Python); polars then measures each candidate over **all** rows in one query per dataset. Every
string column is also searched over all rows with one combined regex of the distinctive forms
(dashed SSN, email, card, IBAN…), so an identifier hidden in 0.1% of rows of an innocent-looking
column is found even when the sample missed it. Validators (python-stdnum, phonenumbers) run on
bounded, deterministic samples of the matching distinct values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from re import _parser as re_parser  # the stdlib's own parser: the width of a pattern

import polars as pl
import regex

from minlint import partials
from minlint.detect.entities import EntitySpec, name_synonym
from minlint.execution import batch_rows, collect_over, is_streaming
from minlint.io.flatten import LIST_SEPARATOR
from minlint.model import ColumnProfile

_SAMPLE_HINT = 0.05  # a candidate needs this share of sampled values to be measured on all rows
DOMINANT_SHARE = 0.5  # a whole-value pattern matching this share of rows is the column's own


@dataclass(frozen=True)
class ValueEvidence:
    """What the values of one column say about one entity (shares of the rows that hold a
    value: neither null nor blank)."""

    entity: str
    synonym: str | None = None
    kind: str = ""  # pattern | named | vocabulary | numeric | temporal
    share: float = 0.0
    valid_share: float | None = None
    search_rows: int = 0
    search_share: float = 0.0


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> regex.Pattern:
    return regex.compile(f"(?:{pattern})")


def _elements(pattern: str) -> str:
    """A value made of one or more matches joined like flattened list cells (`E11.9; I10`)."""
    separator = regex.escape(LIST_SEPARATOR)
    return f"(?:{pattern})(?:{separator}(?:{pattern}))*"


_WORD_BOUNDARY = re.compile(r"(?<!\\)\\b")


def polars_regex(pattern: str) -> str:
    """`pattern` for polars (Rust regex), with `\\b` read as an ASCII word boundary.

    Rust's fast engine (a lazy DFA) cannot take a Unicode word boundary across non-ASCII
    text and hands the search to one about a hundred times slower: the combined search over
    German or Japanese notes took 11 s per 200,000 rows, against 0.04 s with ASCII
    boundaries. Our boundaries sit next to digits and Latin labels, where the two agree;
    patterns that border letter classes (`\\p{Lu}`) go without one.
    """
    return _WORD_BOUNDARY.sub(r"(?-u:\\b)", pattern)


def _anchored(pattern: str) -> str:
    return polars_regex(f"^{_elements(pattern)}$")


# Characters of alternatives per polars search regex. Past about 3,000 the lazy DFA's cache
# cannot hold the states of one combined regex, and Rust falls back to its slow engine on
# every text (5 s per 200,000 English notes); two regexes of at most this size cost one
# more pass (benchmarks/scan_speed.py).
SEARCH_GROUP_CHARS = 2800


def search_groups(search_specs: tuple[EntitySpec, ...]) -> tuple[str, ...]:
    """The specs' search forms as few polars regexes as stay fast (`SEARCH_GROUP_CHARS`)."""
    groups: list[list[str]] = []
    size = 0
    for spec in search_specs:
        alternative = f"(?:{polars_regex(spec.search)})"
        joined = size + len(alternative) + (1 if size else 0)  # and the `|` before it
        if not groups or joined > SEARCH_GROUP_CHARS:
            groups.append([])
            joined = len(alternative)
        groups[-1].append(alternative)
        size = joined
    return tuple("|".join(group) for group in groups)


def holds_a_form(text: pl.Expr, groups: tuple[str, ...]) -> pl.Expr:
    """Per row: the text holds some entity's search form."""
    return pl.any_horizontal([text.str.contains(group) for group in groups])


@lru_cache(maxsize=None)
def _whole_value(pattern: str) -> regex.Pattern:
    return regex.compile(_elements(pattern))


def text_view(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """Values as strings where patterns apply: strings, categoricals, integers (IDs, ZIPs) and
    booleans."""
    if dtype == pl.String:
        return pl.col(name)
    if dtype.is_integer() or dtype == pl.Boolean or isinstance(dtype, (pl.Categorical, pl.Enum)):
        return pl.col(name).cast(pl.String)  # a Boolean reads `true`/`false` (`is_pregnant`)
    return None


def sample_shares(profiles: dict[str, ColumnProfile], specs: tuple[EntitySpec, ...]) -> dict[tuple[str, str], float]:
    """Share of each column's sampled values matching each whole-value pattern, in one query.

    Candidate selection looks at every (column, pattern) pair; on a 1,000-column SNP matrix
    that is tens of thousands of pairs, so it runs vectorized over all samples at once.
    """
    patterns = sorted({p for spec in specs for p in (spec.pattern, spec.named_pattern) if p})
    columns = [c for c, p in profiles.items() if p.sample]
    if not columns or not patterns:
        return {}
    long = pl.DataFrame(
        {
            "column": [c for c in columns for _ in profiles[c].sample],
            "value": [v for c in columns for v in profiles[c].sample],
        }
    )
    shares = long.group_by("column").agg(
        [pl.col("value").str.contains(_anchored(p)).mean().alias(str(i)) for i, p in enumerate(patterns)]
    )
    return {
        (row["column"], pattern): row[str(i)]
        for row in shares.iter_rows(named=True)
        for i, pattern in enumerate(patterns)
    }


# Words every vocabulary shares: a column of only `other` and `none` is no sex, ethnicity or
# religion column until some value says which.
_GENERIC_WORDS = frozenset({"other", "unknown", "none", "not specified", "not reported", "declined",
                            "not sure", "don't know", "questioning"})


def _vocabulary_share(profile: ColumnProfile, vocabulary: frozenset[str]) -> float:
    words = [v.strip().lower() for v in profile.sample]
    if not any(w in vocabulary and w not in _GENERIC_WORDS for w in words):
        return 0.0
    return sum(1 for w in words if w in vocabulary) / len(words)


@dataclass(frozen=True)
class _Measure:
    """One aggregate to compute over all rows for a (column, entity)."""

    key: str
    column: str
    entity: str
    synonym: str | None
    kind: str
    matches: pl.Expr  # per row: whether the value counts for the entity
    pattern: str | None = None  # whole-value pattern, for the validation sample

    @property
    def expression(self) -> pl.Expr:
        return self.matches.sum().alias(self.key)


def _measures_for(
    profile: ColumnProfile, dtype: pl.DataType, specs: tuple[EntitySpec, ...], shares: dict[tuple[str, str], float]
) -> list[_Measure]:
    name = profile.column
    text = text_view(name, dtype)
    measures: list[_Measure] = []
    for spec in specs:
        synonym = name_synonym(name, spec)
        key = f"{name}\x1f{spec.entity}"  # + kind below: one column may be measured two ways
        if text is not None:
            pattern = None
            kind = ""
            value_share = shares.get((name, spec.pattern), 0.0) if spec.pattern else 0.0
            if value_share >= _SAMPLE_HINT:
                pattern, kind = spec.pattern, "pattern"
            # A vocabulary entity's named pattern adds codes to its words (below).
            named = synonym and spec.named_pattern and not spec.vocabulary
            if named and (pattern is None or shares.get((name, spec.named_pattern), 0.0) > value_share):
                pattern, kind = spec.named_pattern, "named"
            if pattern:
                matches = _whole_value_matches(text, pattern)
                measures.append(_Measure(f"{key}\x1f{kind}", name, spec.entity, synonym, kind, matches, pattern))
            elif spec.vocabulary and (synonym or _vocabulary_share(profile, spec.vocabulary) >= 0.5):
                matches = text.str.strip_chars().str.to_lowercase().is_in(list(spec.vocabulary))
                if synonym and spec.named_pattern:  # sex coded 1/2 under a `sex` name
                    matches = matches | _whole_value_matches(text, spec.named_pattern)
                measures.append(_Measure(f"{key}\x1fvocabulary", name, spec.entity, synonym, "vocabulary", matches))
        if synonym and spec.numeric_range and dtype.is_numeric():
            low, high = spec.numeric_range
            in_range = pl.col(name).is_between(low, high)
            if spec.min_decimals:
                scaled = pl.col(name).cast(pl.Float64) * 10 ** (spec.min_decimals - 1)
                in_range = in_range & ((scaled - scaled.round(0)).abs() > 1e-6)
            measures.append(_Measure(f"{key}\x1fnumeric", name, spec.entity, synonym, "numeric", in_range))
        # A time of day or a span of time dates nothing (45 CFR 164.514(b)(2)(i)(C) lists dates).
        if spec.temporal and isinstance(dtype, (pl.Date, pl.Datetime)) and (synonym or spec.pattern):
            measures.append(_Measure(f"{key}\x1ftemporal", name, spec.entity, synonym, "temporal", pl.col(name).is_not_null()))
    return measures


@lru_cache(maxsize=None)
def _longest_match(pattern: str) -> int | None:
    """Most characters one match of `pattern` can span, when the standard parser reads it
    and it is bounded (None otherwise: `\\p{...}` classes, `+`, `*`)."""
    try:
        _, longest = re_parser.parse(pattern).getwidth()
    except (re.error, ValueError, TypeError, OverflowError):
        return None
    return longest if longest < re_parser.MAXREPEAT else None


def _whole_value_matches(text: pl.Expr, pattern: str) -> pl.Expr:
    """Per row: the value is one match of `pattern` or a list of them.

    A value longer than the longest single match, with no list separator, cannot match; it
    is set aside before the regex. Bounded repetitions (`[A-Z0-9-]{0,20}`) make the regex
    engine slow on long values: a record-number shape over two million 64-character
    pseudonyms took 6 s, and a length check takes milliseconds.
    """
    longest = _longest_match(pattern)
    if longest is None:
        return text.str.contains(_anchored(pattern))
    possible = (text.str.len_chars() <= longest) | text.str.contains(LIST_SEPARATOR, literal=True)
    # Values set aside become null, which the regex skips; null counts as no match.
    return pl.when(possible).then(text).str.contains(_anchored(pattern)).fill_null(False)


ROWS = "\x1frows"  # the row-count column of a distinct-values frame


def _distinct_values(profile: ColumnProfile, dtype: pl.DataType) -> pl.DataFrame | None:
    """Every distinct value of the column, typed, with the rows holding it; None unless the
    sample holds them all (with counts) and they read back exactly as the column's type."""
    if not (profile.sample_complete and profile.sample_rows):
        return None
    text = pl.Series(profile.column, profile.sample, dtype=pl.String)
    values = text
    if dtype.is_numeric() or dtype.is_temporal():
        try:
            values = text.cast(dtype, strict=False)
        except pl.exceptions.PolarsError:
            return None  # polars reads no Datetime from text by cast: measure every row
        if values.null_count() or not (values.cast(pl.String) == text).all():
            return None
    return pl.DataFrame([values, pl.Series(ROWS, profile.sample_rows, dtype=pl.Int64)])


def _counted_on_distinct(distinct: pl.DataFrame, measures: list[_Measure]) -> dict[str, int]:
    """Each measure's rows from the distinct values weighted by their rows: the same count as
    a pass over every row, at the cost of a few hundred values."""
    if not measures:
        return {}
    row = distinct.select(
        (m.matches.fill_null(False).cast(pl.Int64) * pl.col(ROWS)).sum().alias(m.key) for m in measures
    ).row(0, named=True)
    return {key: int(value or 0) for key, value in row.items()}


def _search_specs(specs: tuple[EntitySpec, ...]) -> tuple[EntitySpec, ...]:
    return tuple(s for s in specs if s.search)


@dataclass(frozen=True)
class ValuePlan:
    """What to measure over all rows, decided from the profiles alone (same on every engine)."""

    measures: tuple[_Measure, ...]
    searchable: tuple[str, ...]
    validated: dict[str, float]
    expressions: tuple[pl.Expr, ...]
    search_specs: tuple[EntitySpec, ...]
    combined_search: str  # every search form in one regex, for Python on sampled values
    search_groups: tuple[str, ...]  # the same forms as polars regexes (`search_groups`)
    # Counts already known from the profile: measures of columns whose sample holds every
    # distinct value with its rows (no pass over the rows needed).
    counted: dict[str, int]

    def all_counts(self, measured: dict[str, int]) -> dict[str, int]:
        return self.counted | measured


def plan_values(schema: pl.Schema, profiles: dict[str, ColumnProfile], specs: tuple[EntitySpec, ...]) -> ValuePlan:
    measures: list[_Measure] = []
    searchable: list[str] = []
    search_specs = _search_specs(specs)
    combined_search = "|".join(f"(?:{s.search})" for s in search_specs)
    groups = search_groups(search_specs)
    expressions: list[pl.Expr] = []
    validated: dict[str, float] = {}
    counted: dict[str, int] = {}
    shares = sample_shares(profiles, specs)
    for name, dtype in schema.items():
        candidates = _measures_for(profiles[name], dtype, specs, shares)
        column_validated = _validate(candidates, profiles, specs)
        validated.update(column_validated)
        # A candidate whose sampled matches fail validation cannot score: skip its full pass.
        column_measures = [m for m in candidates if _may_pass(m, column_validated, specs)]
        measures += column_measures
        distinct = _distinct_values(profiles[name], dtype)
        if distinct is not None:
            counted |= _counted_on_distinct(distinct, column_measures)
        else:
            expressions += [m.expression for m in column_measures]
        if dtype == pl.String and search_specs and _may_hide_forms(profiles[name], combined_search):
            searchable.append(name)
            expressions += _search_expressions(name, column_measures, search_specs, groups)
    return ValuePlan(
        tuple(measures), tuple(searchable), validated, tuple(expressions), search_specs, combined_search, groups,
        counted,
    )


def _search_expressions(name, column_measures, search_specs, groups) -> list[pl.Expr]:
    """Rows holding a distinctive form, among those no candidate entity explains (see
    `_residual_rows`). Only those rows meet the search regexes."""
    explained = _searchable_matches(name, column_measures, search_specs)
    rows = pl.col(name)
    if explained:
        rows = rows.filter(~pl.any_horizontal([_explains(m, search_specs) for m in explained]))
    return [holds_a_form(rows, groups).sum().alias(f"{name}\x1f__unexplained")]


def _searchable_matches(column: str, measures, search_specs) -> list[_Measure]:
    searchable = {s.entity for s in search_specs}
    return [m for m in measures if m.column == column and m.pattern and m.entity in searchable]


def plan_search(plan: ValuePlan, counts: dict[str, int], profiles: dict[str, ColumnProfile]) -> dict[str, pl.Expr]:
    """Residual rows to search, for each column where they may hold a form (merged counts)."""
    counts = plan.all_counts(counts)
    return {
        name: _residual_rows(name, plan.measures, counts, profiles[name], plan.search_specs)
        for name in plan.searchable
        if _may_hold_forms(name, plan, counts, profiles[name])
    }


def _may_hold_forms(column: str, plan: ValuePlan, counts: dict[str, int], profile: ColumnProfile) -> bool:
    """Whether the residual rows (all but whole-value matches of dominant entities) may hold
    a distinctive form: some row that matches no candidate holds one, or a candidate entity
    matches rows without dominating the column (its rows stay in the residual)."""
    if counts.get(f"{column}\x1f__unexplained"):
        return True
    filled = max(profile.filled, 1)
    return any(
        0 < counts.get(m.key, 0) < DOMINANT_SHARE * filled
        for m in _searchable_matches(column, plan.measures, plan.search_specs)
    )


def value_evidence(
    plan: ValuePlan,
    counts: dict[str, int],
    searched: dict[tuple[str, str], int],
    profiles: dict[str, ColumnProfile],
) -> dict[str, list[ValueEvidence]]:
    evidence: dict[str, list[ValueEvidence]] = {name: [] for name in profiles}
    counts = plan.all_counts(counts)
    for measure in plan.measures:
        filled = max(profiles[measure.column].filled, 1)
        evidence[measure.column].append(
            ValueEvidence(
                entity=measure.entity,
                synonym=measure.synonym,
                kind=measure.kind,
                # A vocabulary may hold a marker (`unknown` is a sex code): at most all values.
                share=min(1.0, counts[measure.key] / filled),
                valid_share=plan.validated.get(measure.key),
            )
        )
    for (column, entity), rows in searched.items():
        filled = max(profiles[column].filled, 1)
        evidence[column].append(ValueEvidence(entity=entity, kind="search", search_rows=rows, search_share=rows / filled))
    return evidence


def measure_values(
    frame: pl.LazyFrame,
    profiles: dict[str, ColumnProfile],
    specs: tuple[EntitySpec, ...],
) -> dict[str, list[ValueEvidence]]:
    """Evidence per column (by name) for every candidate entity, measured over all rows.

    The local engine: a decoded frame is one partition of the same partials Spark merges; a
    streamed one is read in batches (``_partitions``), whose partials merge to the same counts.
    """
    plan = plan_values(frame.collect_schema(), profiles, specs)
    expressions = list(plan.expressions)
    counts = partials.merge_sums(
        partials.count_partial(part, expressions, partial(collect_over, part)) for part in _partitions(frame, expressions)
    )
    search_plan = plan_search(plan, counts, profiles)
    searched = finish_search(
        [
            search_partial(part, search_plan, plan.search_specs, plan.search_groups)
            for part in _partitions(frame, list(search_plan.values()), list(search_plan))
        ],
        plan.search_specs,
    )
    return value_evidence(plan, counts, searched, profiles)


def _partitions(frame: pl.LazyFrame, expressions: list[pl.Expr], columns: Sequence[str] = ()) -> Iterator[pl.LazyFrame | pl.DataFrame]:
    """The frame as one partition when it is decoded; a streamed frame as batches of the
    columns the expressions read (``execution.batch_rows`` of them). One streaming query over
    the whole frame kept state that grew with the input: the value counts of the 8,000,000-row
    health export peaked at 571 MiB against 320 on 2,000,000 rows."""
    if not is_streaming():
        yield frame
        return
    needed = sorted({name for expr in expressions for name in expr.meta.root_names()} | set(columns))
    if not needed:
        return
    projected = frame.select(needed)
    yield from partials.batches(projected, batch_rows(projected), True)


def _may_pass(measure: _Measure, validated: dict[str, float], specs: tuple[EntitySpec, ...]) -> bool:
    share = validated.get(measure.key)
    spec = next(s for s in specs if s.entity == measure.entity)
    bar = spec.named_min_valid if measure.synonym and spec.named_min_valid is not None else spec.min_valid
    return share is None or share >= bar


def _may_hide_forms(profile: ColumnProfile, combined_search: str) -> bool:
    """False only when the sample holds every distinct value and none contains a search form."""
    if not profile.sample_complete:
        return True
    compiled = _compiled(combined_search)
    return any(compiled.search(value) for value in profile.sample)


def _validate(measures, profiles, specs) -> dict[str, float]:
    """Share of matching values that pass the entity's validator, on the profile's sample.

    The sample is a uniform (hash-chosen) set of distinct values, so the share among its
    matching values estimates the share among all matching values without another pass.
    Rare matches that the sample misses are the search stage's job, which validates its own.
    """
    by_entity = {s.entity: s for s in specs}
    shares: dict[str, float] = {}
    for measure in measures:
        spec = by_entity[measure.entity]
        validator = spec.named_validator if measure.synonym and spec.named_validator else spec.validator
        if not (measure.pattern and validator):
            continue
        compiled = _whole_value(measure.pattern)
        matching = [v for v in profiles[measure.column].sample if compiled.fullmatch(v)]
        if matching:
            valid = sum(1 for v in matching if all(validator(e) for e in v.split(LIST_SEPARATOR)))
            shares[measure.key] = valid / len(matching)
    return shares


# Found forms with a check digit (cards, IBANs, VINs) that must pass it: real ones all do, and
# random 16-digit barcodes starting 4 or 5 pass Luhn one time in ten.
SEARCH_MIN_CHECKED = 0.5
SEARCH_CANDIDATE_FORMS = 5_000  # distinct extracted forms (smallest hashes) validated per entity


def _residual_rows(column, measures, counts, profile, search_specs) -> pl.Expr:
    """Rows of `column` still worth searching: all but the whole-value matches of an entity
    dominating the column.

    An SSN column is all SSNs; searching its two million values for ten other forms would only
    find the SSNs again. A shape trusted only because of the column name (a record number:
    letters, digits, dashes) is broad enough to fit an SSN planted in it, so under such a
    shape only values that are exactly the entity's distinctive form count as explained.
    """
    filled = max(profile.filled, 1)
    rows = pl.col(column).is_not_null()
    for measure in _searchable_matches(column, measures, search_specs):
        if counts.get(measure.key, 0) / filled >= DOMINANT_SHARE:
            rows = rows & ~_explains(measure, search_specs)
    return rows


def _explains(measure: _Measure, search_specs) -> pl.Expr:
    """Per row: the value is a whole-value match that cannot hide another entity's form."""
    matches = measure.matches.fill_null(False)
    if measure.kind == "pattern":
        return matches  # distinctive on its own (SSN, e-mail, IBAN)
    # Both the measured shape and the distinctive form: a note `DOB 01/02/1919` under a `dob`
    # name is the searched form but no date value, and must stay in the searched rows.
    form = next(s.search for s in search_specs if s.entity == measure.entity)
    return matches & pl.col(measure.column).str.contains(_anchored(form)).fill_null(False)


SearchPartial = dict[tuple[str, str], tuple[int, tuple[tuple[int, str], ...]]]


def search_partial(frame, plan: dict[str, pl.Expr], search_specs, groups: tuple[str, ...]) -> SearchPartial:
    """Per (column, entity) of one partition: rows holding the form, and bottom-N distinct forms.

    Rows are counted with the entity's regex among the residual rows of the plan; the forms
    whose hash is smallest (a uniform, order-independent choice, mergeable across partitions)
    are what the merge validates.
    """
    found_all: SearchPartial = {}
    for column, residual in plan.items():
        text = pl.col(column)
        # The rows holding any distinctive form are few (or the column is text): keep them.
        hits = collect_over(frame, frame.lazy().select(text).filter(residual & holds_a_form(text, groups)))
        if hits.height == 0:
            continue
        queries = []
        for spec in search_specs:
            form = polars_regex(spec.search)
            queries.append(text.str.extract_all(form).explode().drop_nulls().unique().implode().alias(spec.entity))
            queries.append(text.str.contains(form).sum().alias(spec.entity + "\x1fcount"))
        found = hits.select(queries).row(0, named=True)
        for spec in search_specs:
            count = int(found[spec.entity + "\x1fcount"] or 0)
            if count:
                forms = partials.forms_partial(found[spec.entity], SEARCH_CANDIDATE_FORMS)
                found_all[(column, spec.entity)] = (count, forms)
    return found_all


def finish_search(parts: list[SearchPartial], search_specs) -> dict[tuple[str, str], int]:
    """Rows holding a validated distinctive form of each entity, merged from the partitions.

    The count is scaled by the share of the sampled distinct forms that validate, so invalid
    look-alikes (9xx-xx-xxxx) do not count.
    """
    by_entity = {s.entity: s for s in search_specs}
    keys = sorted({key for part in parts for key in part})
    rows: dict[tuple[str, str], int] = {}
    for column, entity in keys:
        chosen = [part[(column, entity)] for part in parts if (column, entity) in part]
        count = sum(c for c, _ in chosen)
        candidates = [v for _, v in partials.merge_bottom_k((f for _, f in chosen), SEARCH_CANDIDATE_FORMS)]
        spec = by_entity[entity]
        check = spec.search_validator or spec.validator
        valid = sum(1 for v in candidates if check is None or check(v))
        if spec.check_digit and valid < SEARCH_MIN_CHECKED * len(candidates):
            continue  # about the share random digits pass (Luhn: 1 in 10): chance, not cards
        if valid:
            rows[(column, entity)] = max(1, round(count * valid / len(candidates)))
    return rows
