"""The search for identifiers inside text, as polars runs it.

Rust's regex engine reads a Unicode `\\b` on non-ASCII text with its slow engine, so the
search regexes use ASCII boundaries and are split into groups its fast engine can hold.
These tests check that the split and the boundaries change no finding.
"""

from __future__ import annotations

import random

import polars as pl
from helpers import detect, valid_ssn

from minlint.detect.registry import ALL_SPECS, SPECS_BY_ENTITY
from minlint.detect.values import SEARCH_GROUP_CHARS, polars_regex, search_groups

SEARCHED = tuple(spec for spec in ALL_SPECS if spec.search)


def test_word_boundaries_become_ascii_and_escaped_backslashes_stay():
    assert polars_regex(r"\bDOB\b") == r"(?-u:\b)DOB(?-u:\b)"
    assert polars_regex(r"a\\b") == r"a\\b"


def test_every_search_form_is_in_exactly_one_group_of_bounded_size():
    groups = search_groups(SEARCHED)
    for spec in SEARCHED:
        alternative = f"(?:{polars_regex(spec.search)})"
        assert sum(group.count(alternative) for group in groups) == 1
    assert all(len(group) <= SEARCH_GROUP_CHARS or "|(?:" not in group for group in groups)
    assert len(groups) >= 2  # the forms outgrew one regex: the split is exercised


def test_accented_names_are_extracted_whole():
    form = polars_regex(SPECS_BY_ENTITY["PERSON"].search)
    found = pl.Series(["vu avec José García hier", "Rückfrage bei Jürgen Müller"]).str.extract_all(form)
    assert found.to_list() == [["José García"], ["Jürgen Müller"]]


def test_identifiers_inside_distinct_german_and_japanese_notes():
    rng = random.Random(20261126)
    german = ("Klagt über Schmerzen nach der Operation", "Rückfrage beim Hausarzt nötig", "Kontrolle in 3 Monaten")
    japanese = ("患者は安定しています", "術後に軽い痛み", "本日、急性の苦痛は認められない")
    rows = 3000
    frame = pl.DataFrame(
        {
            "bemerkung": [
                f"{rng.choice(german)}; SSN {valid_ssn(rng)} für Müller" if i % 40 == 0 else f"{rng.choice(german)} #{i}"
                for i in range(rows)
            ],
            "所見": [
                f"{rng.choice(japanese)}。連絡先taro{i}@example.jpまで" if i % 50 == 0 else f"{rng.choice(japanese)} #{i}"
                for i in range(rows)
            ],
        }
    )
    findings = detect(frame, use_presidio=False)
    assert "US_SSN" in findings["bemerkung"].entities
    assert "EMAIL_ADDRESS" in findings["所見"].entities
