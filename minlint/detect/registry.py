"""Detect stage: combine the name, value and Presidio signals into one score per (column, entity).

Scores are in [0, 1]; an entity is reported from `REPORT_THRESHOLD` up. Values decide, names
help: a whole-column value match (validated where a validator exists) scores high on its own;
a name match alone never reports a value-checkable entity whose values contradict it (a column
`ssn` full of invoice numbers stays `none`); a distinctive form found inside a few rows is
reported however innocent the column name.
"""

from __future__ import annotations

import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache

import polars as pl
import regex

from minlint.detect import biobank, genomic, health, places
from minlint.detect.entities import GENOMIC, PII_SPECS, SENSITIVE, EntitySpec, name_synonym
from minlint.detect.presidio_engine import PresidioHit, analyse_sample
from minlint.detect.values import DOMINANT_SHARE, ValueEvidence, measure_values
from minlint.model import CATEGORY_ORDER, ColumnFinding, ColumnProfile, Detection

REPORT_THRESHOLD = 0.5
ALL_SPECS: tuple[EntitySpec, ...] = PII_SPECS + health.SPECS + genomic.SPECS
SPECS_BY_ENTITY = {spec.entity: spec for spec in ALL_SPECS}

# Free text: long values made of words. Identifiers found inside make it a direct identifier.
FREE_TEXT_MIN_MEAN_LENGTH = 25
FREE_TEXT_MIN_WORDS = 4


@dataclass(frozen=True)
class DetectOptions:
    nlp_model: str | None = None
    use_presidio: bool = True


def _percent(share: float) -> str:
    """`97.3%`; never rounds a partial share to `0%` or `100%`, which would claim none or all."""
    if 0 < share < 0.001:
        return "<0.1%"
    if 0.999 < share < 1:
        return ">99.9%"
    return f"{share * 100:.1f}%".replace(".0%", "%")


def _value_score(spec: EntitySpec, value: ValueEvidence, named: bool) -> tuple[float, list[str]]:
    """Score from a whole-value measure over all rows, and its evidence strings."""
    if value.share == 0:
        return 0.0, []  # nothing matched: no evidence to show
    evidence = [f"{value.kind}:{_percent(value.share)}"]
    bar = spec.named_min_valid if named and spec.named_min_valid is not None else spec.min_valid
    validated = value.valid_share is None or value.valid_share >= bar
    if value.valid_share is not None:
        evidence.append(f"valid:{_percent(value.valid_share)}")
    if not validated:
        return 0.0, evidence
    if value.kind in ("pattern", "vocabulary", "temporal") and value.share >= spec.min_share:
        return 0.75 + 0.2 * value.share, evidence
    if named and value.share >= spec.min_share:
        return 0.6 + 0.3 * value.share, evidence
    if named and value.kind == "pattern" and value.share >= 0.5:
        return 0.55 + 0.2 * value.share, evidence
    return 0.0, evidence


def _search_score(value: ValueEvidence) -> tuple[float, list[str]]:
    """A validated distinctive form inside some rows: reported even in 1 row of 100,000."""
    evidence = [f"search:{value.search_rows} rows ({_percent(value.search_share)})"]
    return 0.6 + min(0.3, value.search_share), evidence


def _presidio_for(spec: EntitySpec, hits: list[PresidioHit]) -> PresidioHit | None:
    names = set(spec.presidio) | {f"MINLINT_{spec.entity}"}
    relevant = [h for h in hits if h.entity in names]
    return max(relevant, key=lambda h: (h.share, h.score), default=None)


def score_entity(
    spec: EntitySpec,
    column: str,
    values: list[ValueEvidence],
    hits: list[PresidioHit],
) -> Detection | None:
    synonym = name_synonym(column, spec)
    score, evidence = 0.0, []
    if synonym:
        evidence.append(f"name:{synonym}")
    for value in values:
        if value.kind == "search":
            s, e = _search_score(value)
        else:
            s, e = _value_score(spec, value, synonym is not None)
        score = max(score, s)
        evidence += e
    hit = _presidio_for(spec, hits)
    if hit:
        evidence.append(f"presidio:{hit.entity.removeprefix('MINLINT_')} {_percent(hit.share)}")
        if score > 0:
            score += 0.05
        elif hit.share >= 0.6 and hit.score >= 0.75 and not hit.entity.startswith("MINLINT_"):
            # Presidio alone: only its validated, high-confidence recognizers on most values.
            score = 0.5 + 0.3 * hit.share
    if score > 0 and synonym:
        score += 0.05
    if score < REPORT_THRESHOLD:
        return None
    return Detection(column, spec.entity, spec.category, min(round(score, 2), 1.0), tuple(evidence))


def _column_looks_right(spec: EntitySpec, detection: Detection, profile: ColumnProfile) -> bool:
    """The entity's column check, for value-only readings of the column as a whole.

    A name signal (`diagnosis`, `last_name`) or a form found inside other values already says
    what the column is; the check guards cryptic columns whose values merely fit the shape.
    """
    if spec.column_check is None or _found_inside_values(detection):
        return True
    if any(e.startswith("name:") for e in detection.evidence):
        return True
    return spec.column_check(profile)


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> regex.Pattern:
    return regex.compile(f"(?:{pattern})")


# Sampled whole values of a searched form that make it one of the column's own shapes rather
# than a few hidden finds (a hidden identifier in 2% of rows puts about four in the sample).
SHAPE_MATCHES = 20


def _search_not_contradicted(spec: EntitySpec, detection: Detection, profile: ColumnProfile) -> bool:
    """A form found by the search in a column whose values mostly *are* that form must pass
    the whole-column validation the value pass applies.

    The search validates its finds one by one, which suits a few SSNs hidden in notes or in
    a column of other numbers. When most values are the searched form itself (random
    ddd-dd-dddd invoice numbers, 11% of which break SSN rules), or many sampled values are
    (random 16-digit references: a third start like a card, and one in ten of those passes
    Luhn by chance), the column is one reading of its values, and `min_valid` decides it as
    it does for the whole-value pattern.
    """
    check = spec.search_validator or spec.validator
    if not (spec.search and check and profile.sample) or not _found_inside_values(detection):
        return True
    if _describes_whole_column(detection):
        return True
    form = _compiled(spec.search)
    matching = [v for v in profile.sample if form.fullmatch(v)]
    if len(matching) < DOMINANT_SHARE * len(profile.sample) and len(matching) < SHAPE_MATCHES:
        return True
    return sum(1 for v in matching if check(v)) / len(matching) >= spec.min_valid


def _presidio_not_contradicted(spec: EntitySpec, detection: Detection, profile: ColumnProfile) -> bool:
    """A reading resting on Presidio alone yields to our validator on the same sampled values.

    Presidio's card recognizer takes any Luhn-valid run of 12-19 digits; a column of 15-digit
    IMEIs (Luhn too, but no card issuer's length and prefix) is all "cards" to it. Where the
    entity's own pattern matches the sample and its validator rejects what matches, the
    value pass has already said no, and skipped measuring it.
    """
    if any(e.startswith(_WHOLE_COLUMN_EVIDENCE + ("search:",)) for e in detection.evidence):
        return True
    if not (spec.pattern and spec.validator and profile.sample):
        return True
    form = _compiled(spec.pattern)
    matching = [v for v in profile.sample if form.fullmatch(v)]
    return not matching or sum(1 for v in matching if spec.validator(v)) / len(matching) >= spec.min_valid


RARE_CHECKED_VALUES = 10  # sampled whole values passing a check digit that make a rare reading


def _rare_checked_values(spec: EntitySpec, column: str, values: list[ValueEvidence], profile: ColumnProfile) -> Detection | None:
    """Whole values passing a check digit, in too few rows to describe the column.

    IMEIs in 2% of a column of `unknown` are no form to search for inside text (15 bare
    digits are as often a reference), yet each is a whole value that passes Luhn. Ten sampled
    values passing a check that random digits pass one time in five or less happen by
    chance about once in 10**7 columns; the score is a found-inside reading's. The evidence
    reads `rare:`, not `pattern:`: a reading of a few rows overrides no reading of the rest.
    """
    if not (spec.check_digit and spec.pattern and profile.sample):
        return None
    measured = [v for v in values if v.kind == "pattern" and v.share > 0 and v.valid_share is not None]
    if not measured or measured[0].valid_share < spec.min_valid:
        return None
    form = _compiled(spec.pattern)
    checked = sum(1 for v in profile.sample if form.fullmatch(v))
    if checked < RARE_CHECKED_VALUES:
        return None
    value = measured[0]
    evidence = (f"rare:{_percent(value.share)}", f"valid:{_percent(value.valid_share)}", f"checked:{checked} values")
    return Detection(column, spec.entity, spec.category, round(0.6 + min(0.3, value.share), 2), evidence)


def _dominant_form(
    spec: EntitySpec, column: str, values: list[ValueEvidence], profile: ColumnProfile
) -> Detection | None:
    """Whole values of a searched form in most rows, though fewer than the entity's
    `min_share`: SSNs in 60% of rows, `N/A` or `refused` in the rest.

    Rows that a whole-value pattern matches in `DOMINANT_SHARE` of a column are the column's
    own values and are not searched again (values.py), so without this reading such a column
    was `none`. The sampled matches must be the entity's distinctive search form and pass its
    check; a broad whole-value shape (an address pattern over notes) does not count alone.
    An entity searched for in no text (a date is any event's there) stands on its validator
    instead: calendar dates in 60% of a cryptic column, `pending` in the rest.
    """
    if not (spec.pattern and profile.sample):
        return None
    measured = next((v for v in values if v.kind == "pattern" and v.share >= DOMINANT_SHARE), None)
    if measured is None:
        return None
    if spec.search:
        valid = _dominant_valid_share(spec, profile)
    else:
        valid = measured.valid_share if spec.validator else None
    if valid is None or valid < spec.min_valid:
        return None
    evidence = (f"pattern:{_percent(measured.share)}", f"valid:{_percent(valid)}")
    return Detection(column, spec.entity, spec.category, round(0.6 + 0.3 * measured.share, 2), evidence)


def _dominant_valid_share(spec: EntitySpec, profile: ColumnProfile) -> float | None:
    """Share of the sampled whole-value matches that are the search form and pass its check."""
    shape, form = _compiled(spec.pattern), _compiled(spec.search)
    matching = [v for v in profile.sample if shape.fullmatch(v)]
    if not matching:
        return None
    check = spec.search_validator or spec.validator
    return sum(1 for v in matching if form.fullmatch(v) and (check is None or check(v))) / len(matching)


# Chinese, Japanese and Korean write a sentence without spaces, and in fewer characters: a
# note of ten ideographs with sentence punctuation (`患者男，75岁，多饮多尿半年。`) is prose,
# where a hospital's name of the same length has no punctuation.
CJK_SENTENCE_MIN_CHARS = 10
CJK_MIN_MEAN_LENGTH = 10
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_PUNCTUATION = re.compile(r"[，。；、！？,.;!?]")


def _is_sentence(value: str) -> bool:
    if len(value.split()) >= FREE_TEXT_MIN_WORDS:
        return True
    return len(_CJK.findall(value)) >= CJK_SENTENCE_MIN_CHARS and _SENTENCE_PUNCTUATION.search(value) is not None


def _is_free_text(profile: ColumnProfile) -> bool:
    if profile.mean_length is None or profile.mean_length < CJK_MIN_MEAN_LENGTH or not profile.sample:
        return False
    sentences = [v for v in profile.sample if _is_sentence(v)]
    if profile.mean_length < FREE_TEXT_MIN_MEAN_LENGTH and not any(_CJK.search(v) for v in sentences):
        return False
    return len(sentences) / len(profile.sample) >= 0.5


WHOLE_VALUE_SCORE = 0.75  # a whole-value reading this sure covers most of the column's values


def _explained_as_a_whole(detections: list[Detection]) -> bool:
    """Long values that an entity's whole-value form explains are that entity, not prose:
    `Urbanización de Calixto Solera 83, Piso 8, Puerta 2` is an address of seven words."""
    return any(d.score >= WHOLE_VALUE_SCORE and _describes_whole_column(d) for d in detections)


def _free_text_detection(profile: ColumnProfile) -> Detection:
    return Detection(profile.column, "FREE_TEXT", SENSITIVE, 0.7, (f"text:mean length {profile.mean_length:.0f}",))


_YEAR = re.compile(r"(?<!\d)(18\d\d|19\d\d|20\d\d)(?!\d)")
BIRTH_YEARS_SPAN = 40  # birth dates of a cohort span generations; visit dates span a study


def _birth_date_by_range(profile: ColumnProfile, detections: list[Detection]) -> Detection | None:
    """A date column with no name signal whose years span generations holds birth dates.

    Admission or visit dates cluster in the years of a study; a column spanning 1930-2010
    across people is what a date of birth looks like, and that matters for HIPAA and k.
    """
    if not any(d.entity == "DATE" for d in detections) or any(d.entity == "DATE_OF_BIRTH" for d in detections):
        return None
    years = [int(m.group(1)) for v in profile.sample if (m := _YEAR.search(v))]
    if len(years) < max(10, 0.8 * len(profile.sample)):
        return None
    earliest, latest = min(years), max(years)
    if latest - earliest < BIRTH_YEARS_SPAN or earliest > 1960:
        return None
    return Detection(profile.column, "DATE_OF_BIRTH", "quasi_identifier", 0.6, (f"range:{earliest}-{latest}",))


# Evidence that an entity describes the column's values as a whole (not a few rows inside).
_WHOLE_COLUMN_EVIDENCE = ("pattern:", "named:", "vocabulary:", "numeric:", "temporal:", "range:")


def _describes_whole_column(detection: Detection) -> bool:
    return any(e.startswith(_WHOLE_COLUMN_EVIDENCE) for e in detection.evidence)


def _found_inside_values(detection: Detection) -> bool:
    return any(e.startswith("search:") for e in detection.evidence)


def found_only_inside_values(detection: Detection) -> bool:
    """The entity was found inside some values (notes), not as what the column's values are."""
    return _found_inside_values(detection) and not _describes_whole_column(detection)


def _resolve(detections: list[Detection], profile: ColumnProfile) -> list[Detection]:
    """Drop what a more specific entity overrides, and quasi-identifiers that do not vary.

    An override is about one reading of the same values (an SSN column is not also a phone
    column): it never removes an entity found on its own inside other rows (a note holding
    both an SSN and a phone number keeps both).
    """
    overridden = {
        o for d in detections if d.entity in SPECS_BY_ENTITY and _describes_whole_column(d)
        for o in SPECS_BY_ENTITY[d.entity].overrides
    }
    kept = [d for d in detections if d.entity not in overridden or _found_inside_values(d)]
    if profile.distinct <= 1 and profile.rows > 1:
        # One value for every row (a batch timestamp) describes the export, not a person.
        kept = [d for d in kept if d.category != "quasi_identifier"]
    return sorted(kept, key=lambda d: (-d.score, d.entity))


def without_genomic(findings: tuple[ColumnFinding, ...]) -> tuple[ColumnFinding, ...]:
    """The findings of another organism's genomic data: its genotypes, variants and sequences
    are no person's (a mouse or bacterial VCF), so only the other detections stay."""
    kept = []
    for finding in findings:
        detections = tuple(d for d in finding.detections if d.category != GENOMIC)
        kept.append(replace(finding, detections=detections, category=column_category(detections)))
    return tuple(kept)


def column_category(detections: list[Detection] | tuple[Detection, ...]) -> str:
    categories = {d.category for d in detections}
    return next((c for c in CATEGORY_ORDER if c in categories), "none")


def detect_dataset(
    frame: pl.LazyFrame,
    profiles: dict[str, ColumnProfile],
    options: DetectOptions = DetectOptions(),
    evidence: dict[str, list[ValueEvidence]] | None = None,
) -> tuple[ColumnFinding, ...]:
    """Every column of the dataset with its detections (category `none` when there are none).

    ``evidence`` is the value evidence when an engine has measured it already (Spark, on the
    ``detection_view`` of the rows, whose profiles it passes).
    """
    if evidence is None:
        view, profiles = detection_view(frame.collect_schema(), profiles)
        frame = frame.with_columns(view) if view else frame
    # Presidio (pure Python) reads only the samples; it runs beside the polars passes, which
    # release the GIL, so the two overlap instead of adding up.
    with ThreadPoolExecutor(max_workers=1) as presidio:
        pending = presidio.submit(_presidio_hits, profiles, options)
        if evidence is None:
            evidence = measure_values(frame, profiles, ALL_SPECS)
        hits_by_column = pending.result()
    per_column: dict[str, list[Detection]] = {}
    for column, profile in profiles.items():
        hits = hits_by_column[column]
        by_entity: dict[str, list[ValueEvidence]] = {}
        for value in evidence[column]:
            by_entity.setdefault(value.entity, []).append(value)
        detections = []
        for spec in ALL_SPECS:
            if spec.entity not in by_entity and not _presidio_for(spec, hits):
                continue
            detection = score_entity(spec, column, by_entity.get(spec.entity, []), hits)
            if detection is None:
                detection = _rare_checked_values(spec, column, by_entity.get(spec.entity, []), profile)
            if detection is None:
                detection = _dominant_form(spec, column, by_entity.get(spec.entity, []), profile)
            if (
                detection
                and _column_looks_right(spec, detection, profile)
                and _search_not_contradicted(spec, detection, profile)
                and _presidio_not_contradicted(spec, detection, profile)
            ):
                detections.append(detection)
        if _is_free_text(profile) and not _explained_as_a_whole(detections):
            detections.append(_free_text_detection(profile))
        if birth := _birth_date_by_range(profile, detections):
            detections.append(birth)
        per_column[column] = detections
    for rule in genomic.DATASET_RULES + health.DATASET_RULES + places.DATASET_RULES + biobank.DATASET_RULES:
        per_column = rule(profiles, per_column)
    return tuple(
        ColumnFinding(
            column=column,
            dtype=profile.dtype,
            category=column_category(resolved := _resolve(per_column[column], profile)),
            detections=tuple(resolved),
        )
        for column, profile in profiles.items()
    )


# Full-width forms (`０８０－４１６７－２１１０`, U+FF01-FF5E) and the ideographic space: how
# Japanese and Chinese forms often store digits and Latin letters.
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000]")


def detection_view(schema: pl.Schema, profiles: dict[str, ColumnProfile]) -> tuple[list[pl.Expr], dict[str, ColumnProfile]]:
    """The columns as detection reads them (expressions over the stored columns; none when
    detection reads them as stored) and the profiles of that view; the data is not changed.

    Categorical and Enum columns as text: Parquet from pandas stores a `category` column so,
    and the search inside values reads only text (SSNs in 3% of a categorical comment column
    were missed). Full-width digits and letters as their ASCII forms (Unicode NFKC), in the
    text columns whose sample holds them: every pattern and validator is written for ASCII
    digits, and a Japanese phone column was `none`. Floats whose sampled values are whole
    numbers as integers: pandas stores an integer column with a missing value as float64, and
    SSNs, phones and record numbers written `123456789.0` matched no pattern. Spark applies the
    same expressions to its batches, so both engines detect on the same view.
    """
    categorical = {c for c in profiles if isinstance(schema.get(c), (pl.Categorical, pl.Enum))}
    whole = {c for c, p in profiles.items() if schema.get(c) in (pl.Float32, pl.Float64) and _whole_numbers(p.sample)}
    widened = {
        column for column, profile in profiles.items()
        if (schema.get(column) == pl.String or column in categorical) and any(_FULL_WIDTH.search(v) for v in profile.sample)
    }
    view = []
    for column in profiles:
        if column in categorical or column in widened:
            text = pl.col(column).cast(pl.String)
            view.append((text.str.normalize("NFKC") if column in widened else text).alias(column))
        elif column in whole:
            # A value that is not whole (beyond the sample) is read as missing, not truncated.
            number = pl.col(column)
            view.append(pl.when(number == number.round(0)).then(number).otherwise(None).cast(pl.Int64, strict=False).alias(column))
    profiles = dict(profiles)
    for column in widened:
        profile = profiles[column]
        profiles[column] = replace(profile, sample=tuple(unicodedata.normalize("NFKC", v) for v in profile.sample))
    for column in whole:
        profile = profiles[column]
        profiles[column] = replace(profile, sample=tuple(sorted(str(int(float(v))) for v in profile.sample)))
    return view, profiles


# Floats hold integers exactly up to 2**53: a 16-digit card number as float64 is exact.
_EXACT_FLOAT_INTEGER = 2**53


def _whole_numbers(sample: tuple[str, ...]) -> bool:
    """Whether every sampled float is a whole number a float holds exactly."""
    try:
        numbers = [float(v) for v in sample]
    except ValueError:
        return False
    return bool(numbers) and all(n.is_integer() and abs(n) < _EXACT_FLOAT_INTEGER for n in numbers)


def _presidio_hits(profiles: dict[str, ColumnProfile], options: DetectOptions) -> dict[str, list[PresidioHit]]:
    return {
        column: analyse_sample(column, profile.sample, ALL_SPECS, options.nlp_model)
        if options.use_presidio and _wants_presidio(profile) else []
        for column, profile in profiles.items()
    }


PRESIDIO_MIN_LENGTH = 5  # no Presidio entity fits in four characters (genotype calls, codes)


def _wants_presidio(profile: ColumnProfile) -> bool:
    """Presidio recognises text: skip numeric, temporal, boolean and very short text columns."""
    if profile.dtype.startswith(("Int", "UInt")):
        return True
    textual = profile.dtype in ("String", "Categorical") or profile.dtype.startswith("Enum")
    return textual and (profile.max_length or 0) >= PRESIDIO_MIN_LENGTH
