"""HIPAA Safe Harbor checks (45 CFR 164.514(b)(2)(i)(B), (C)) as counts and column names."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime, timezone

import polars as pl
import pytest
from risk.risk_findings import QUASI, finding

from minlint.errors import ConfigError
from minlint.risk import assess, hipaa_findings, restricted_zip3_list, restricted_zip3_source


def test_default_restricted_zip3_list_is_the_2000_census_data_file():
    prefixes = restricted_zip3_list()
    assert len(prefixes) == 17
    assert {"036", "059", "063", "102", "203", "556", "692", "790", "893"} <= prefixes
    assert "205" not in prefixes  # a 2010-census addition, not in the default list
    assert "2000 U.S. Census" in restricted_zip3_source()


def test_zip5_share_and_restricted_zip3_rows():
    frame = pl.DataFrame({"zip": ["03601", "03601-1234", "05901", "021", "10001", None, "SW1A 1AA"]})
    findings = (finding("zip", QUASI, "POSTAL_CODE"),)
    hipaa = hipaa_findings(frame.lazy(), findings)
    assert hipaa["zip5_columns"] == ["zip"]
    assert hipaa["zip5_share"] == {"zip": round(4 / 6, 4)}
    assert hipaa["restricted_zip3_rows"] == 3  # 036, 036, 059


def test_restricted_list_is_a_parameter():
    frame = pl.DataFrame({"zip": ["20501", "36901", "03601"]})
    findings = (finding("zip", QUASI, "POSTAL_CODE"),)
    hipaa = hipaa_findings(frame.lazy(), findings, restricted_zip3=frozenset({"205", "369"}))
    assert hipaa["restricted_zip3_rows"] == 2
    assert hipaa["restricted_zip3_prefixes"] == 2


def test_numeric_zip_codes_get_their_leading_zeros_back():
    frame = pl.DataFrame({"zip": [3601, 2139, 89301]})
    hipaa = hipaa_findings(frame.lazy(), (finding("zip", QUASI, "POSTAL_CODE", dtype="Int64"),))
    assert hipaa["restricted_zip3_rows"] == 2  # 036(01) and 893(01)
    assert hipaa["zip5_share"] == {"zip": 1.0}


def test_zip3_only_columns_are_not_zip5():
    frame = pl.DataFrame({"zip3": ["021", "100", "036"]})
    hipaa = hipaa_findings(frame.lazy(), (finding("zip3", QUASI, "POSTAL_CODE"),))
    assert hipaa["zip5_columns"] == []
    assert hipaa["zip5_share"] == {"zip3": 0.0}
    assert hipaa["restricted_zip3_columns"] == ["zip3"]
    assert hipaa["restricted_zip3_rows"] == 1


def test_dates_finer_than_year():
    frame = pl.DataFrame(
        {
            "birth_date": [dt.date(1980, 5, 2), dt.date(1981, 1, 1)],
            "birth_year_date": [dt.date(1980, 1, 1), dt.date(1981, 1, 1)],
            "admitted": [dt.datetime(2020, 1, 1, 0, 0), dt.datetime(2021, 1, 1, 7, 30)],
            "dob_text": ["1980-05-02", "1981-01-01"],
            "year_text": ["1980", "1981"],
            "jan1_text": ["1980-01-01", "1981-01-01"],
        }
    )
    findings = (
        finding("birth_date", QUASI, "DATE_OF_BIRTH", dtype="Date"),
        finding("birth_year_date", QUASI, "DATE_OF_BIRTH", dtype="Date"),
        finding("admitted", QUASI, "DATE", dtype="Datetime"),
        finding("dob_text", QUASI, "DATE_OF_BIRTH"),
        finding("year_text", QUASI, "DATE"),
        finding("jan1_text", QUASI, "DATE"),
    )
    hipaa = hipaa_findings(frame.lazy(), findings)
    assert hipaa["dates_finer_than_year"] == ["admitted", "birth_date", "dob_text"]


def test_ages_over_89_count_rows_across_age_columns():
    frame = pl.DataFrame({"age": [95, 89, 40, None, 90], "age_at_death": ["91", "50", "n/a", "92", None]})
    findings = (finding("age", QUASI, "AGE", dtype="Int64"), finding("age_at_death", QUASI, "AGE"))
    hipaa = hipaa_findings(frame.lazy(), findings)
    assert hipaa["ages_over_89_rows"] == 3  # rows 0, 3, 4; row 0 has two and counts once
    assert hipaa["ages_over_89_columns"] == ["age", "age_at_death"]


def test_assess_puts_the_checks_in_the_hipaa_block():
    frame = pl.DataFrame({"zip": ["03601", "10001"], "age": [95, 30]})
    findings = (finding("zip", QUASI, "POSTAL_CODE"), finding("age", QUASI, "AGE", dtype="Int64"))
    risk = assess(frame.lazy(), findings)
    assert risk.to_json()["hipaa"] == {
        "ages_over_89_columns": ["age"],
        "ages_over_89_rows": 1,
        "birth_years_over_89_up_to": 1936,  # the tests' date, 2026-11-25 (tests/conftest.py)
        "dates_finer_than_year": [],
        "restricted_zip3_columns": ["zip"],
        "restricted_zip3_prefixes": 17,
        "restricted_zip3_rows": 1,
        "zip5_columns": ["zip"],
        "zip5_share": {"zip": 1.0},
    }


def test_restricted_zip3_columns_name_only_the_columns_holding_one():
    frame = pl.DataFrame({"home_zip": ["03601", "10001"], "work_zip": ["10001", "02139"]})
    findings = (finding("home_zip", QUASI, "POSTAL_CODE"), finding("work_zip", QUASI, "POSTAL_CODE"))
    hipaa = hipaa_findings(frame.lazy(), findings)
    assert hipaa["restricted_zip3_columns"] == ["home_zip"]
    assert hipaa["restricted_zip3_rows"] == 1
    assert hipaa["zip5_columns"] == ["home_zip", "work_zip"]


def test_a_numeric_birth_year_is_year_precision():
    frame = pl.DataFrame({"birth_year": [1980, 1981, 1980]})
    findings = (finding("birth_year", QUASI, "DATE_OF_BIRTH", dtype="Int64"),)
    assert hipaa_findings(frame.lazy(), findings)["dates_finer_than_year"] == []
    assert assess(frame.lazy(), findings).metrics["generalisation_hints"] == []


def test_birth_years_implying_an_age_over_89_are_flagged_in_every_form():
    """(C): "all elements of dates (including year) indicative of such age": born in 1936 or
    before, a person is 89 or 90 on 2026-11-25, whatever else the date says."""
    frame = pl.DataFrame(
        {
            "dob": [date(1936, 12, 31), date(1937, 1, 1), None],
            "birth_year": [1930, 1990, 2001],
            "dob_int": [19370101, 19361231, None],
            "dob_text": ["31.12.1937", "03/15/1950", "unknown"],
            "dob_compact": ["19360101", "19800101", None],
            "age": [40, 50, 60],
        }
    )
    findings = (
        finding("dob", QUASI, "DATE_OF_BIRTH", dtype="Date"),
        finding("birth_year", QUASI, "DATE_OF_BIRTH", dtype="Int64"),
        finding("dob_int", QUASI, "DATE_OF_BIRTH", dtype="Int64"),
        finding("dob_text", QUASI, "DATE_OF_BIRTH"),
        finding("dob_compact", QUASI, "DATE_OF_BIRTH"),
        finding("age", QUASI, "AGE", dtype="Int64"),
    )
    hipaa = hipaa_findings(frame.lazy(), findings)
    assert hipaa["birth_years_over_89_up_to"] == 1936
    assert hipaa["ages_over_89_columns"] == ["birth_year", "dob", "dob_compact", "dob_int"]
    assert hipaa["ages_over_89_rows"] == 2  # row 0 (dob, birth_year, dob_compact) and row 1 (dob_int)
    later = hipaa_findings(frame.lazy(), findings, today=date(2027, 1, 1))
    assert later["ages_over_89_columns"] == ["birth_year", "dob", "dob_compact", "dob_int", "dob_text"]


def test_the_date_comes_from_source_date_epoch(monkeypatch):
    frame = pl.DataFrame({"dob": [date(1940, 6, 1)]})
    findings = (finding("dob", QUASI, "DATE_OF_BIRTH", dtype="Date"),)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2031, 1, 1, tzinfo=timezone.utc).timestamp())))
    assert hipaa_findings(frame.lazy(), findings)["ages_over_89_columns"] == ["dob"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next tuesday")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        hipaa_findings(frame.lazy(), findings)
