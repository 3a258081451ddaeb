"""Equivalence classes on the quasi-identifier set: k, unique share, risk, l-diversity, hints."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from risk.risk_findings import DIRECT, HEALTH, QUASI, finding, plain

from minlint.errors import ConfigError
from minlint.risk import assess, discover_quasi_identifiers, generalise_hints

# Ten patients; on (zip, birth_date, sex) the classes are
#   02139/1980-05-02/F: 3 rows   02139/1980-05-02/M: 2 rows   02144/1980-11-30/F: 2 rows
#   02144/1981-01-01/F: 1 row    10001/1975-01-01/M: 1 row    10001/1975-07-04/M: 1 row
COHORT = pl.DataFrame(
    {
        "patient_id": [f"P{i:02d}" for i in range(10)],
        "zip": ["02139", "02139", "02139", "02139", "02139", "02144", "02144", "02144", "10001", "10001"],
        "birth_date": [dt.date(1980, 5, 2)] * 5
        + [dt.date(1980, 11, 30), dt.date(1980, 11, 30), dt.date(1981, 1, 1), dt.date(1975, 1, 1), dt.date(1975, 7, 4)],
        "sex": ["F", "F", "F", "M", "M", "F", "F", "F", "M", "M"],
        "diagnosis": ["I10", "E11.9", "I10", "C50.911", "C50.911", "I10", "J45.909", "I10", "F32.A", "M54.5"],
        "note_len": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    }
)
FINDINGS = (
    finding("patient_id", DIRECT, "MEDICAL_RECORD_NUMBER"),
    finding("zip", QUASI, "POSTAL_CODE"),
    finding("birth_date", QUASI, "DATE_OF_BIRTH", dtype="Date"),
    finding("sex", QUASI, "SEX"),
    finding("diagnosis", HEALTH, "ICD10_CODE"),
    plain("note_len", "Int64"),
)


def test_quasi_identifiers_are_discovered_from_findings_in_dataset_order():
    assert discover_quasi_identifiers(FINDINGS) == ["zip", "birth_date", "sex"]
    risk = assess(COHORT.lazy(), FINDINGS)
    assert risk.quasi_identifiers == ("zip", "birth_date", "sex")
    assert risk.metrics["quasi_identifier_source"] == "discovered"


def test_k_unique_share_and_prosecutor_risk_on_hand_counted_classes():
    risk = assess(COHORT.lazy(), FINDINGS)
    assert risk.k_min == 1
    assert risk.unique_share == 0.3  # three singleton classes out of ten rows
    assert risk.metrics["classes"] == 6
    assert risk.metrics["unique_rows"] == 3
    assert risk.metrics["rows_below_k_share"] == 1.0  # every class is below k = 11
    assert risk.metrics["risk_average"] == 0.6  # classes / rows
    assert risk.metrics["risk_maximum"] == 1.0
    assert risk.metrics["rows"] == 10


def test_share_below_k_follows_the_configured_k():
    risk = assess(COHORT.lazy(), FINDINGS, k=3)
    # Classes of 2, 1, 1, 1, 2 rows are below 3: seven of ten rows.
    assert risk.metrics["rows_below_k_share"] == 0.7
    assert risk.metrics["k"] == 3


def test_l_diversity_is_the_fewest_distinct_diagnoses_in_a_class():
    risk = assess(COHORT.lazy(), FINDINGS, quasi_identifiers=["zip", "sex"])
    # 02139/F: I10, E11.9 (2); 02139/M: C50.911 only (1); 02144/F: I10, J45.909 (2); 10001/M: 2.
    assert risk.metrics["l_diversity"] == {"diagnosis": 1}
    assert risk.metrics["l_min"] == 1
    assert risk.k_min == 2
    assert risk.unique_share == 0.0


def test_override_keeps_the_users_columns_and_order():
    risk = assess(COHORT.lazy(), FINDINGS, quasi_identifiers=["sex", "note_len"])
    assert risk.quasi_identifiers == ("sex", "note_len")
    assert risk.metrics["quasi_identifier_source"] == "configured"
    assert risk.k_min == 1  # note_len is unique per row


def test_unknown_override_column_is_a_config_error_naming_it():
    with pytest.raises(ConfigError, match="quasi_identifiers: column 'postcode' is not in the dataset"):
        assess(COHORT.lazy(), FINDINGS, quasi_identifiers=["zip", "postcode"])


def test_unknown_person_key_is_a_config_error():
    with pytest.raises(ConfigError, match="person_key: column 'mrn' is not in the dataset"):
        assess(COHORT.lazy(), FINDINGS, person_key="mrn")


def test_k_below_one_is_a_config_error():
    with pytest.raises(ConfigError, match="k: must be at least 1"):
        assess(COHORT.lazy(), FINDINGS, k=0)


def test_no_quasi_identifiers_means_no_k():
    findings = tuple(f for f in FINDINGS if f.category != QUASI)
    risk = assess(COHORT.lazy(), findings)
    assert risk.quasi_identifiers == ()
    assert risk.k_min is None
    assert risk.unique_share is None
    assert risk.metrics["generalisation_hints"] == []
    assert risk.metrics["l_diversity"] == {}


def test_generalisation_hints_are_computed_and_sorted_by_k_after():
    hints = generalise_hints(COHORT.lazy(), FINDINGS, ["zip", "birth_date", "sex"])
    # birth_date -> year: 02139/1980/F 3, 02139/1980/M 2, 02144/1980/F 2, 02144/1981/F 1 -> still 1.
    # zip -> 021/100: 021/1980-05-02/F 3, .../M 2, 021/1980-11-30/F 2, 021/1981-01-01/F 1 -> 1.
    assert hints == [
        {"column": "birth_date", "how": "date->year", "k_after": 1},
        {"column": "zip", "how": "zip5->zip3", "k_after": 1},
    ]
    hints = generalise_hints(COHORT.lazy(), FINDINGS, ["zip", "birth_date"])
    # Without sex, birth_date -> year: 02139/1980 5, 02144/1980 2, 02144/1981 1, 10001/1975 2.
    assert hints[0] == {"column": "birth_date", "how": "date->year", "k_after": 1}
    hints = generalise_hints(COHORT.lazy(), FINDINGS, ["birth_date", "sex"])
    # birth_date -> year with sex: 1980/F 5, 1980/M 2, 1981/F 1 ... -> 1; the year 1981 is alone.
    assert [h["column"] for h in hints] == ["birth_date"]


def test_hint_raises_k_when_the_finer_part_is_what_singles_people_out():
    frame = pl.DataFrame(
        {
            "zip": ["02139", "02138", "02141", "10001", "10002", "10003"],
            "age": [31, 33, 34, 52, 53, 54],
        }
    )
    findings = (finding("zip", QUASI, "POSTAL_CODE"), finding("age", QUASI, "AGE", dtype="Int64"))
    risk = assess(frame.lazy(), findings)
    assert risk.k_min == 1
    assert risk.metrics["generalisation_hints"] == [
        # age -> band alone: (02139, 30) ... every zip still distinct -> 1
        {"column": "age", "how": "age->5-year band", "k_after": 1},
        {"column": "zip", "how": "zip5->zip3", "k_after": 1},
    ]
    risk = assess(frame.lazy(), findings, quasi_identifiers=["zip"])
    assert risk.metrics["generalisation_hints"] == [{"column": "zip", "how": "zip5->zip3", "k_after": 3}]
    risk = assess(frame.lazy(), findings, quasi_identifiers=["age"])
    # bands 30 (31, 33, 34) and 50 (52, 53, 54)
    assert risk.metrics["generalisation_hints"] == [{"column": "age", "how": "age->5-year band", "k_after": 3}]


def test_leading_zeros_keep_zip_codes_apart():
    frame = pl.DataFrame({"zip": ["02139", "2139", "02139", "2139", "002139"]})
    risk = assess(frame.lazy(), (finding("zip", QUASI, "POSTAL_CODE"),))
    assert risk.metrics["classes"] == 3
    assert risk.k_min == 1


def test_nulls_form_one_class_of_their_own():
    frame = pl.DataFrame({"sex": ["F", None, "M", None, "F", "M"], "city": ["Oslo", None, "Oslo", None, "Oslo", "Oslo"]})
    findings = (finding("sex", QUASI, "SEX"), finding("city", QUASI, "CITY"))
    risk = assess(frame.lazy(), findings)
    assert risk.metrics["classes"] == 3
    assert risk.k_min == 2


def test_text_float_and_datetime_quasi_identifiers_group_exactly():
    frame = pl.DataFrame(
        {
            "city": ["Bergen", "Bergen", "Tromsø", "Tromsø", "Tromsø"],
            "lat": [60.39, 60.39, 69.65, 69.65, 69.651],
            "seen": [dt.datetime(2020, 1, 1, 8), dt.datetime(2020, 1, 1, 8)] + [dt.datetime(2021, 3, 4, 9)] * 3,
        }
    )
    findings = (
        finding("city", QUASI, "CITY"),
        finding("lat", QUASI, "GEO_COORDINATE", dtype="Float64"),
        finding("seen", QUASI, "DATE", dtype="Datetime"),
    )
    risk = assess(frame.lazy(), findings)
    assert risk.metrics["classes"] == 3
    assert risk.k_min == 1
    assert risk.metrics["generalisation_hints"] == [{"column": "seen", "how": "date->year", "k_after": 1}]


def test_key_too_wide_to_pack_falls_back_to_a_multi_column_group_by():
    values = [-(2**62), 2**62, 0, 2**62, -(2**62), 0]
    frame = pl.DataFrame({f"c{i}": values for i in range(3)} | {"d": [1, 1, 2, 2, 1, 2]})
    findings = tuple(finding(c, QUASI, "AGE", dtype="Int64") for c in frame.columns)
    risk = assess(frame.lazy(), findings)
    expected = frame.group_by(frame.columns).len()
    assert risk.metrics["classes"] == expected.height
    assert risk.k_min == expected["len"].min()
    assert risk.unique_share == round((expected["len"] == 1).sum() / frame.height, 4)


def test_text_dates_and_string_ages_are_generalised_too():
    frame = pl.DataFrame(
        {"dob": ["1980-05-02", "1980-07-01", "1981-02-03", "1981-03-03"], "age": ["41", "44", "45", "47"]}
    )
    findings = (finding("dob", QUASI, "DATE_OF_BIRTH"), finding("age", QUASI, "AGE"))
    risk = assess(frame.lazy(), findings, quasi_identifiers=["dob"])
    assert risk.metrics["generalisation_hints"] == [{"column": "dob", "how": "date->year", "k_after": 2}]
    risk = assess(frame.lazy(), findings, quasi_identifiers=["age"])
    assert risk.metrics["generalisation_hints"] == [{"column": "age", "how": "age->5-year band", "k_after": 2}]


def test_empty_dataset_has_no_classes():
    frame = COHORT.clear()
    risk = assess(frame.lazy(), FINDINGS)
    assert risk.k_min is None
    assert risk.unique_share is None
    assert risk.metrics["classes"] == 0
    assert risk.persons == 0


def test_one_unique_row_among_many_never_reads_as_a_zero_share():
    frame = pl.DataFrame({"sex": ["F"] * 49_999 + ["M"] * 50_000 + ["X"]})
    risk = assess(frame.lazy(), (finding("sex", QUASI, "SEX"),))
    assert risk.k_min == 1
    assert risk.metrics["unique_rows"] == 1
    assert risk.unique_share == 0.0001  # 0.00001 rounded up, not down to 0
    assert risk.metrics["rows_below_k_share"] == 0.0001


@pytest.mark.parametrize(
    ("values", "classes", "k_min"),
    [
        (["5", "05", "005", "5", None, None], 4, 1),  # digit path: leading zeros keep values apart
        (["+5", "5", "05", "5", "", "", None], 5, 1),  # "+" and "" take the exact text path
        (["1234567890123456789", "1234567890123456789", "01234567890123456789"], 2, 1),  # too long
        (["000000000000000001", "1", "000000000000000001", "1"], 2, 2),
    ],
)
def test_digit_strings_are_coded_exactly(values, classes, k_min):
    frame = pl.DataFrame({"code": values}, schema={"code": pl.String})
    risk = assess(frame.lazy(), (finding("code", QUASI, "POSTAL_CODE"),))
    assert risk.metrics["classes"] == classes
    assert risk.k_min == k_min
