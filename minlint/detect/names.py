"""Column-name signal: normalise a column name and match it against multilingual synonyms.

Names are one signal among three and never enough alone for value-checkable entities: exports
arrive with cryptic (`c01`) and misleading (`order_id` holding SSNs) names. A match only raises
the score, or unlocks a looser value pattern for entities whose values are generic (ZIP, age).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[\W_]+")
# Chinese, Japanese and Korean names are written without separators: `患者姓名` holds `姓名`.
_EAST_ASIAN = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")


# Latin letters that Unicode does not decompose into a base letter and an accent: folded by
# hand so that `fødselsdato`, `soyadı` and `nazwisko_ł` meet ASCII synonyms.
_UNDECOMPOSABLE = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                 "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH"})


@lru_cache(maxsize=4096)
def normalise(column: str) -> str:
    """`PatientFirstName`, `patient-first name`, `Pâtient_FIRST_name` -> `patient_first_name`.

    Accents are folded (`prénom` -> `prenom`, `straße` -> `strasse`, `fødsel` -> `fodsel`) so
    Latin synonym lists stay ASCII; other scripts are kept (`出生日期`). The last dotted part of
    a flattened nested name is what describes the value.
    """
    leaf = column.rsplit(".", 1)[-1] if "." in column else column
    leaf = leaf.translate(_UNDECOMPOSABLE)
    split = _CAMEL_BOUNDARY.sub("_", leaf)
    decomposed = unicodedata.normalize("NFKD", split)
    folded = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return _SEPARATORS.sub("_", folded.lower()).strip("_")


def _contains_tokens(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    width = len(phrase)
    return any(tokens[i : i + width] == phrase for i in range(len(tokens) - width + 1))


@lru_cache(maxsize=1024)
def _prepared(synonyms: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], str, bool], ...]:
    """Each synonym with its tokens, compact form and script, split once per synonym list
    (a 1,000-column SNP matrix asks every list about every column). Synonyms are normalised
    as column names are: Thai and Devanagari vowel signs are combining marks, which names lose."""
    prepared = []
    for synonym in synonyms:
        s = normalise(synonym) or synonym
        prepared.append((synonym, tuple(s.split("_")), s.replace("_", ""), bool(_EAST_ASIAN.search(s))))
    return tuple(prepared)


# East Asian names are matched inside longer names (`患者出生日期` holds `出生日期`); these
# hold a synonym's characters across a word boundary: `发生日期` (date of occurrence) is no
# `生日` (birthday).
_FALSE_FRIENDS = {"生日": ("发生日", "発生日", "產生日", "产生日")}


def _false_friend(compact: str, synonym: str) -> bool:
    return any(word in compact for word in _FALSE_FRIENDS.get(synonym, ()))


@lru_cache(maxsize=65536)
def match_synonym(column: str, synonyms: tuple[str, ...]) -> str | None:
    """The synonym that a column name contains as whole tokens, or its compact form equals.

    `pt_first_name` contains `first_name`; `dateofbirth` equals `date_of_birth` compacted.
    Returns the longest synonym matching as tokens (else by compact form) so evidence reads `name:date_of_birth`, not `name:date`.
    """
    normalised = normalise(column)
    if not normalised:
        return None
    found = _matched_synonym(normalised, synonyms)
    if found is None and (numbered := _NUMBERED_TOKEN.sub(r"\1", normalised)) != normalised:
        # The second of several (`dx1`, `zip2`, `zipcode5`): the name without its number.
        found = _matched_synonym(numbered, synonyms)
    return found


# A word with a number run on (`dx1`, `zip2`, `age1`, `zipcode5`): two letters at least, so
# cryptic names (`c7`, `f1`, `v17`) stay cryptic.
_NUMBERED_TOKEN = re.compile(r"(?<![^_])([a-z]{2,})\d{1,2}(?![^_])")


def _matched_synonym(normalised: str, synonyms: tuple[str, ...]) -> str | None:
    tokens = tuple(normalised.split("_"))
    present = set(tokens)
    compact = normalised.replace("_", "")
    ranked: list[tuple[bool, int, str]] = []
    for synonym, phrase, synonym_compact, east_asian in _prepared(synonyms):
        if phrase[0] in present and _contains_tokens(tokens, phrase):
            ranked.append((True, len(synonym), synonym))
        elif compact == synonym_compact or (
            east_asian and synonym_compact in compact and not _false_friend(compact, synonym_compact)
        ):
            ranked.append((False, len(synonym), synonym))
    return max(ranked)[2] if ranked else None


# Tokens that name a measurement or a product: `cell_count` holds no phone numbers, `länge_cm`
# no longitudes, `age_adjusted_rate` no ages, `eta_squared` (a statistic) no Italian `età`, and
# `reagent_lot_no` no social security numbers, `idade_gestacional` (of a pregnancy) no person's age.
_QUANTITY_TOKENS = frozenset({"count", "cnt", "cm", "mm", "kg", "mg", "ml", "pct", "percent", "ratio",
                              "rate", "squared", "mean", "avg", "sd", "std", "lot", "batch", "sku",
                              "reagent", "assay", "kit", "gestational", "gestacional", "gestation"})


# Tokens that make a name an organisation's: `nome_estabelecimento`, `hospital_name` and
# `company_name` hold no person's name. An employer's name stays one: Safe Harbor lists the
# names of the individual's employers (45 CFR 164.514(b)(2)(i)(A)).
_ORGANISATION_TOKENS = frozenset({"hospital", "clinic", "clinica", "klinik", "krankenhaus", "hopital",
                                  "facility", "institution", "institute", "company", "empresa", "firma",
                                  "estabelecimento", "establecimiento", "etablissement", "unidade",
                                  "organisation", "organization", "org", "sponsor", "vendor", "supplier", "manufacturer", "lab", "laboratory",
                                  "pharmacy", "apotheke", "site", "centre", "center"})


def names_an_organisation(column: str) -> bool:
    return not _ORGANISATION_TOKENS.isdisjoint(normalise(column).split("_"))


def names_a_quantity(column: str) -> bool:
    """The column name holds a measurement or product token (a unit, a count, a lot)."""
    return not _QUANTITY_TOKENS.isdisjoint(normalise(column).split("_"))
