"""Quasi-identifiers as other systems and languages write them: dates with month names in
European languages, CJK and compact dates, dates as numbers under a date name, ages with their
unit, sex as ISO 5218 codes or in Chinese, Korean and Turkish, ethnicity in UK census, CDC and
Chinese terms. Each was `none` before.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest
from helpers import detect

from minlint.detect import validators

ROWS = 2000


def _birth_dates(seed: int) -> list[dt.date]:
    rng = random.Random(seed)
    return [dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 27000)) for _ in range(ROWS)]


GERMAN = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
SPANISH = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
FRENCH = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2. April 1961", True), ("2 de abril de 1961", True), ("12 juillet 1987", True),
        ("31 juin 1987", False), ("1961.04.02", True), ("1961年4月2日", True), ("19610402", True),
        ("19611302", False), ("3 Tabletten 1961", False),
    ],
)
def test_calendar_dates_read_month_names_of_several_languages(value, expected):
    assert validators.calendar_date(value) is expected


def test_dates_in_european_words_cjk_and_compact_forms_are_dates_under_cryptic_names():
    births = _birth_dates(1)
    frame = pl.DataFrame(
        {
            "c1": [f"{d.day}. {GERMAN[d.month - 1]} {d.year}" for d in births],
            "c2": [f"{d.day} de {SPANISH[d.month - 1]} de {d.year}" for d in births],
            "c3": [f"{d.day} {FRENCH[d.month - 1]} {d.year}" for d in births],
            "c4": [f"{d.year}年{d.month}月{d.day}日" for d in births],
            "c5": [d.strftime("%Y.%m.%d") for d in births],
            "c6": [int(d.strftime("%Y%m%d")) for d in births],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in frame.columns:
        assert findings[column].category == "quasi_identifier", column
        assert findings[column].entities[0] in ("DATE", "DATE_OF_BIRTH"), column


def test_dates_as_numbers_and_months_count_under_a_date_name_only():
    births = _birth_dates(2)
    excel = [(d - dt.date(1899, 12, 30)).days for d in births]
    rng = random.Random(2)
    admitted = [dt.datetime(2005, 1, 1) + dt.timedelta(minutes=rng.randint(0, 10_000_000)) for _ in range(ROWS)]
    epoch = [int(moment.timestamp()) for moment in admitted]
    ids = [rng.randint(10**8, 10**9 - 1) for _ in range(ROWS)]  # nine digits: no recent Unix time
    frame = pl.DataFrame(
        {"dob_excel": excel, "admission_date": epoch, "birth_month": [d.strftime("%Y-%m") for d in births], "c7": excel, "admission_id": ids}
    )
    findings = detect(frame, use_presidio=False)
    assert findings["dob_excel"].entities == ("DATE_OF_BIRTH",)
    assert findings["admission_date"].entities == ("DATE",)
    assert findings["birth_month"].entities == ("DATE_OF_BIRTH",)
    assert findings["c7"].category == "none"  # five-digit counts are no dates without a name
    assert findings["admission_id"].category == "none"


def test_ages_with_their_unit():
    rng = random.Random(3)
    ages = [rng.randint(0, 99) for _ in range(ROWS)]
    frame = pl.DataFrame(
        {
            "patient_age": [f"{a} years" for a in ages],
            "alter": [f"{a} Jahre" for a in ages],
            "c1": [f"{a} y/o" for a in ages],
            "c2": [f"{a}歳" for a in ages],
            "c3": [f"{a} Tage" for a in ages],  # a duration, not an age
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in ("patient_age", "alter", "c1", "c2"):
        assert findings[column].entities == ("AGE",), column
    assert findings["c3"].category == "none"


def test_sex_as_iso_5218_codes_under_its_name_and_in_other_scripts():
    rng = random.Random(4)
    frame = pl.DataFrame(
        {
            "sex": [rng.choice([1, 2]) for _ in range(ROWS)],
            "gender": [rng.choice(["1", "2", "9"]) for _ in range(ROWS)],
            "性别": [rng.choice(["男", "女"]) for _ in range(ROWS)],
            "c1": [rng.choice(["남", "여"]) for _ in range(ROWS)],
            "c2": [rng.choice(["Erkek", "Kadın"]) for _ in range(ROWS)],
            "c3": [rng.choice([1, 2]) for _ in range(ROWS)],  # any two-valued code
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in ("sex", "gender", "性别", "c1", "c2"):
        assert findings[column].entities == ("SEX",), column
    assert findings["c3"].category == "none"


def test_ethnicity_in_uk_census_cdc_and_chinese_terms():
    rng = random.Random(5)
    uk = ["White British", "White Irish", "Mixed White and Black Caribbean", "Asian Indian", "Black African", "Any other ethnic group"]
    frame = pl.DataFrame(
        {
            "c1": [rng.choice(uk) for _ in range(ROWS)],
            "race": [rng.choice(["2106-3", "2054-5", "2028-9", "1002-5"]) for _ in range(ROWS)],
            "民族": [rng.choice(["汉族", "回族", "壮族", "维吾尔族"]) for _ in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in frame.columns:
        assert findings[column].entities == ("ETHNICITY",), column
