"""Presidio signal, built offline and run only on distinct-value samples.

Presidio's default engine downloads a spaCy model and its email/URL recognizers let tldextract
fetch the public-suffix list; minlint must never touch the network. So the NLP engine is a blank
English spaCy pipeline (tokeniser only) unless the user names an installed model, and
tldextract is pointed at the suffix snapshot bundled in its wheel.

Presidio costs about a millisecond per `analyze` call, so each column's sample is joined into one
text and analysed once; results are mapped back to the values they fall in.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from minlint.detect.entities import EntitySpec
from minlint.errors import ConfigError

_SEPARATOR = "\n"
_MAX_VALUE_CHARS = 2_000  # longer free text is cut: its head shows what kind of text it is
_MAX_TEXT_CHARS = 500_000  # well under spaCy's default max_length (1,000,000)
# Case matters for our own patterns (`\p{Lu}` in names); Presidio's default adds IGNORECASE.
_REGEX_FLAGS = re.DOTALL | re.MULTILINE


@dataclass(frozen=True)
class PresidioHit:
    entity: str  # Presidio's entity type
    values: int  # distinct sampled values it was found in
    share: float  # of the sampled values
    score: float  # best score, after context enhancement


def _offline_tldextract() -> None:
    import tldextract
    import tldextract.tldextract as module

    module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def _nlp_engine(model: str | None):
    import spacy
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class OfflineSpacyNlpEngine(SpacyNlpEngine):
        """Loads a blank pipeline or an installed model; never downloads."""

        def load(self) -> None:
            if model is None:
                self.nlp = {"en": spacy.blank("en")}
                return
            if not spacy.util.is_package(model):
                raise ConfigError(f"--nlp {model}: spaCy model is not installed (minlint never downloads models)")
            self.nlp = {"en": spacy.load(model)}

    return OfflineSpacyNlpEngine(models=[{"lang_code": "en", "model_name": model or "blank:en"}])


def _custom_recognizers(specs: tuple[EntitySpec, ...]):
    """Our table's distinctive `search` forms as Presidio recognizers (one definition, two paths).

    Whole-value patterns stay out: unanchored inside joined text they would match fragments
    (a date inside an SSN), which the anchored polars path already measures exactly.
    """
    from presidio_analyzer import Pattern, PatternRecognizer

    recognizers = []
    for spec in specs:
        if not spec.search:
            continue
        context = sorted({word for synonym in spec.names for word in synonym.split("_") if len(word) > 2})
        recognizers.append(
            PatternRecognizer(
                supported_entity=f"MINLINT_{spec.entity}",
                patterns=[Pattern(f"minlint_{spec.entity.lower()}", spec.search, 0.5)],
                context=context or None,
                global_regex_flags=_REGEX_FLAGS,
            )
        )
    return recognizers


# One build at a time: a scan's warm-up thread and its detect stage may ask at once, and the
# second must wait for the first rather than build a second engine.
_BUILD_LOCK = threading.Lock()


def analyzer(model: str | None, specs: tuple[EntitySpec, ...]):
    """The analyzer engine, built once per process (it takes about a second)."""
    with _BUILD_LOCK:
        return _built_analyzer(model, specs)


def warm_up(model: str | None, specs: tuple[EntitySpec, ...]) -> None:
    """Start building the analyzer in the background, so the second it takes overlaps reading
    and profiling the data instead of adding to them (every CI run is a cold start).

    A failure is not reported here: the detect stage's own call builds again and raises it
    (lru_cache keeps no exceptions). Daemon: an input error may end the scan before the build.
    """
    threading.Thread(target=_build_quietly, args=(model, specs), name="minlint-presidio-warm-up", daemon=True).start()


def _build_quietly(model: str | None, specs: tuple[EntitySpec, ...]) -> None:
    try:
        analyzer(model, specs)
    except Exception:  # noqa: BLE001 - raised again, in the scan's thread, by its own call
        pass


# Presidio's phone recognizer runs libphonenumber's matcher over the text once per region, and
# was half of the analysis time. CA is dropped (+1, the same plan as US: every match found
# twice); the rest of its default list stays. minlint's own value pass validates phone
# numbers of every region over all rows.
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "BR")


def _with_phone_regions(registry, regions: tuple[str, ...]) -> None:
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    registry.remove_recognizer("PhoneRecognizer")
    registry.add_recognizer(PhoneRecognizer(supported_regions=regions))


@lru_cache(maxsize=4)
def _built_analyzer(model: str | None, specs: tuple[EntitySpec, ...]):
    for noisy in ("presidio-analyzer", "presidio_analyzer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    _offline_tldextract()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    nlp_engine = _nlp_engine(model)
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    _with_phone_regions(registry, PHONE_REGIONS)
    for recognizer in _custom_recognizers(specs):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def _bounded(values: list[str]) -> list[str]:
    """Values cut to what Presidio can take: spaCy refuses texts over a million characters, and
    the time grows with length. The polars pass still sees every value whole."""
    bounded, total = [], 0
    for value in values:
        value = value[:_MAX_VALUE_CHARS]
        total += len(value) + len(_SEPARATOR)
        if total > _MAX_TEXT_CHARS:
            break
        bounded.append(value)
    return bounded


# Values per `analyze` call. Presidio's context enhancer walks every token of the text for
# every result, so one text of 200 values costs 200 x ~1,000 token visits; chunks keep it linear.
CHUNK_VALUES = 25


# Digits a phone number has at least, separators allowed (no plan of PHONE_REGIONS has a valid
# number of fewer than six digits with its area code).
_PHONE_DIGITS = re.compile(r"\d(?:[ ().\-/]{0,3}\d){5}")


def _entities_for(engine, text: str) -> list[str]:
    """The entities worth asking for in `text`: all, but phone numbers only where six digits
    are. libphonenumber's matcher, run once per region, was half of Presidio's time, most of
    it on names, e-mails and codes that hold no phone number."""
    entities = _supported_entities(engine)
    return entities if _PHONE_DIGITS.search(text) else [e for e in entities if e != "PHONE_NUMBER"]


@lru_cache(maxsize=4)
def _supported_entities(engine) -> list[str]:
    return sorted(engine.get_supported_entities(language="en"))


def _analyse_chunk(values: list[str], context: list[str], specs, model) -> list[tuple[str, int, float]]:
    """(Presidio entity, index of the value it was found in, score) for one chunk of values."""
    starts, position = [], 0
    for value in values:
        starts.append(position)
        position += len(value) + len(_SEPARATOR)
    text = _SEPARATOR.join(values)
    engine = analyzer(model, specs)
    results = engine.analyze(
        text=text, language="en", context=context, regex_flags=_REGEX_FLAGS, entities=_entities_for(engine, text)
    )
    return [(r.entity_type, bisect.bisect_right(starts, r.start) - 1, r.score) for r in results]


def analyse_sample(column: str, sample: tuple[str, ...], specs: tuple[EntitySpec, ...], model: str | None = None) -> list[PresidioHit]:
    """Presidio entities found in a column's sample, with the column name as context."""
    values = _bounded([v.replace(_SEPARATOR, " ") for v in sample if v and v.strip()])
    if not values:
        return []
    context = [w for w in re.split(r"[^A-Za-z]+", column.lower()) if len(w) > 1]
    found: dict[str, tuple[set[int], float]] = {}
    for offset in range(0, len(values), CHUNK_VALUES):
        chunk = values[offset : offset + CHUNK_VALUES]
        for entity, index, score in _analyse_chunk(chunk, context, specs, model):
            hit_values, best = found.get(entity, (set(), 0.0))
            hit_values.add(offset + index)
            found[entity] = (hit_values, max(best, score))
    return sorted(
        (PresidioHit(entity, len(idx), len(idx) / len(values), round(score, 2)) for entity, (idx, score) in found.items()),
        key=lambda h: h.entity,
    )
