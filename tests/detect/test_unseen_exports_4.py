"""Misses found by probing unseen exports (seventh session): timestamps that are not ISO,
identifiers that pandas stored as floats, and numbered column names."""

from __future__ import annotations

import random

import polars as pl
import pytest
from stdnum import luhn

from helpers import detect

ROWS = 300
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _moments(seed: int = 0) -> list[tuple[int, int, int, int, int]]:
    rng = random.Random(seed)
    return [(rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
            for _ in range(ROWS)]


def _entities(frame: pl.DataFrame) -> dict[str, set[str]]:
    return {column: set(f.entities) for column, f in detect(frame, use_presidio=False).items()}


_DATES = {"DATE", "DATE_OF_BIRTH"}


@pytest.mark.parametrize(
    "column, write",
    [
        # US and European exports with a time of day (Excel, SQL Server, SAP)
        ("admission_date", lambda y, m, d, h, n: f"{m}/{d}/{y} {(h % 12) or 12}:{n:02d}:00 {'AM' if h < 12 else 'PM'}"),
        ("aufnahmedatum", lambda y, m, d, h, n: f"{d:02d}.{m:02d}.{y} {h:02d}:{n:02d}"),
        ("date_sortie", lambda y, m, d, h, n: f"{d:02d}/{m:02d}/{y} {h:02d}:{n:02d}:00"),
        # HL7 v2 timestamps and Oracle's default date format
        ("admit_date", lambda y, m, d, h, n: f"{y}{m:02d}{d:02d}{h:02d}{n:02d}"),
        ("msg_date", lambda y, m, d, h, n: f"{y}{m:02d}{d:02d}{h:02d}{n:02d}{d:02d}"),
        ("dob", lambda y, m, d, h, n: f"{d:02d}-{_MONTHS[m - 1]}-{y % 100:02d}"),
        ("discharge", lambda y, m, d, h, n: f"{d:02d}-{_MONTHS[m - 1]}-{y % 100:02d} {h:02d}.{n:02d}.00.000000 AM"),
        # Birth dates without separators, and a Japanese era year
        ("dob", lambda y, m, d, h, n: f"{d:02d}{m:02d}{y}"),
        ("birth_date", lambda y, m, d, h, n: f"{y % 100:02d}{m:02d}{d:02d}"),
        ("生年月日", lambda y, m, d, h, n: f"昭和{min(max(y, 1926), 1988) - 1925}年{m}月{d}日"),
    ],
)
def test_dates_written_as_exports_write_them_are_dates(column, write):
    frame = pl.DataFrame({column: [write(*moment) for moment in _moments()]})
    assert _entities(frame)[column] & _DATES


def test_a_timestamp_layout_is_still_checked_against_the_calendar():
    # Fourteen digits that are no calendar moment (month 20): order numbers, not HL7 times.
    rng = random.Random(3)
    frame = pl.DataFrame({"ref": [f"20{rng.randint(10, 99)}20{rng.randint(10**7, 10**8 - 1)}" for _ in range(ROWS)]})
    assert not _entities(frame)["ref"] & _DATES


def _card(rng: random.Random) -> str:
    stem = "4" + "".join(str(rng.randint(0, 9)) for _ in range(14))
    return stem + luhn.calc_check_digit(stem)


def test_identifiers_stored_as_whole_floats_are_read_as_numbers():
    """pandas writes an integer column with one missing value as float64 (`123456789.0`)."""
    rng = random.Random(0)
    frame = pl.DataFrame(
        {
            "card_number": [float(_card(rng)) for _ in range(ROWS)],
            "ssn": [float(f"{rng.randint(100, 665)}{rng.randint(10, 99)}{rng.randint(1000, 9999)}") for _ in range(ROWS)],
            "mrn": [float(rng.randint(10**6, 10**8)) for _ in range(ROWS)],
            "zip": [float(rng.randint(10000, 99999)) if i % 10 else None for i in range(ROWS)],
        }
    )
    found = _entities(frame)
    assert "CREDIT_CARD" in found["card_number"] and "US_SSN" in found["ssn"]
    assert "MEDICAL_RECORD_NUMBER" in found["mrn"] and "POSTAL_CODE" in found["zip"]
    # Measurements stay measurements: fractional floats are not read as integers.
    findings = detect(frame.with_columns(pl.col("zip") + 0.5), use_presidio=False)
    assert findings["zip"].dtype == "Float64" and "POSTAL_CODE" not in findings["zip"].entities


def test_numbered_column_names_read_as_their_word():
    rng = random.Random(0)
    frame = pl.DataFrame(
        {
            "dx1": [rng.choice(["E11.9", "F32.9", "B20", "I10"]) for _ in range(ROWS)],
            "zip2": [f"{rng.randint(10000, 99999)}" for _ in range(ROWS)],
            "age1": [rng.randint(18, 95) for _ in range(ROWS)],
            "c7": [rng.randint(18, 95) for _ in range(ROWS)],  # cryptic stays cryptic
        }
    )
    found = _entities(frame)
    assert "ICD10_CODE" in found["dx1"] and "POSTAL_CODE" in found["zip2"] and "AGE" in found["age1"]
    assert found["c7"] == set()


@pytest.mark.parametrize(
    "locale, column",
    [("nl_BE", "national_id"), ("nl_BE", "c7"), ("de_CH", "c7"), ("fr_CH", "numero_avs"), ("de_AT", "svnr")],
)
def test_belgian_swiss_and_austrian_national_numbers(locale, column):
    """Belgium's national register number and Switzerland's AHV number carry check digits that
    tell them under any name; Austria's ten-digit insurance number only under its name."""
    from faker import Faker

    faker = Faker(locale)
    faker.seed_instance(0)
    frame = pl.DataFrame({column: [faker.ssn() for _ in range(ROWS)]})
    assert "NATIONAL_ID" in _entities(frame)[column]


def test_an_austrian_number_without_its_name_is_not_read_from_ten_digits():
    from faker import Faker

    faker = Faker("de_AT")
    faker.seed_instance(0)
    assert "NATIONAL_ID" not in _entities(pl.DataFrame({"c9": [faker.ssn() for _ in range(ROWS)]}))["c9"]


def test_parts_and_products_that_end_like_streets_are_not_addresses():
    parts = ["Bearing 6204-2RS", "O-Ring 12x2", "iPad 10", "Notepad 3 Lite", "Spring 40 mm", "Ball Bearing 608"]
    streets = ["Kaiserring 5", "Altonaer Ring 12", "Lindenweg 3", "Hauptstraße 7", "Dorfplatz 2", "Am Pad 4"]
    found = _entities(pl.DataFrame({"item": parts * 50, "anschrift_2": streets * 50}))
    assert "STREET_ADDRESS" not in found["item"]
    assert "STREET_ADDRESS" in found["anschrift_2"]


def test_an_snmp_oid_in_text_holds_no_ip_address():
    rng = random.Random(0)
    oids = [f"polled OID 1.3.6.1.2.1.{rng.randint(1, 30)}.{rng.randint(1, 99)} ok" for _ in range(ROWS)]
    addresses = [f"client from 192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)} connected" for _ in range(ROWS)]
    found = _entities(pl.DataFrame({"log": oids, "access": addresses}))
    assert "IP_ADDRESS" not in found["log"] and "IP_ADDRESS" in found["access"]


def _notes_with(planted: list[str], rows: int = 2_000) -> pl.DataFrame:
    """Faker sentences, two of them carrying the planted text."""
    from faker import Faker

    faker = Faker("en_US")
    faker.seed_instance(0)
    notes = [faker.sentence(nb_words=10) for _ in range(rows)]
    rng = random.Random(1)
    for index, text in zip(rng.sample(range(rows), 2 * len(planted)), planted * 2):
        notes[index] += " " + text
    return pl.DataFrame({"notes": notes})


@pytest.mark.parametrize(
    "planted, entity",
    [
        ("Patient ID: 00456789", "MEDICAL_RECORD_NUMBER"),
        ("MRN: A1234567", "MEDICAL_RECORD_NUMBER"),
        ("Medical Record Number: 12-345-678", "MEDICAL_RECORD_NUMBER"),
        ("Pat.-Nr. 4711023", "MEDICAL_RECORD_NUMBER"),
        ("Hosp No 1234567", "MEDICAL_RECORD_NUMBER"),
        ("nato il 14/03/1962", "DATE_OF_BIRTH"),
        ("geboortedatum 14-03-1962", "DATE_OF_BIRTH"),
        ("født 14.03.1962", "DATE_OF_BIRTH"),
        ("born 14th March 1962", "DATE_OF_BIRTH"),
        ("lives at 55 Oak Court", "STREET_ADDRESS"),
        ("Address: 12 Elm Road", "STREET_ADDRESS"),
        ("9699 Cedar Parkway", "STREET_ADDRESS"),
        ("reachable on 0049 151 12345678", "PHONE_NUMBER"),
    ],
)
def test_identifiers_in_two_notes_of_two_thousand(planted, entity):
    assert entity in _entities(_notes_with([planted]))["notes"]


def test_the_new_labels_need_the_number_they_label():
    benign = ["patient identified the issue", "chart 12345 rows", "case 2024 review", "born in 1962", "address 3 Key Points",
              "call 0012 3456 7890 ext"]
    found = _entities(_notes_with(benign))["notes"]
    assert not found & {"MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH", "PHONE_NUMBER", "STREET_ADDRESS"}


def test_medications_statuses_and_sensitive_diagnoses_are_health_data():
    rng = random.Random(0)
    medicines = ["Metformin 500 mg", "Biktarvy", "Methadone 60 mg", "Sertraline 50mg", "Lithium 300 mg", "Tamoxifen 20 mg"]
    diagnoses = ["Major depressive disorder", "HIV infection", "Alcohol dependence", "Bipolar disorder", "Breast cancer",
                 "Opioid use disorder", "Type 2 diabetes mellitus"]
    frame = pl.DataFrame(
        {
            "medikament": [rng.choice(medicines) for _ in range(ROWS)],
            "c7": [rng.choice(diagnoses) for _ in range(ROWS)],
            "hiv_status": [rng.choice(["positive", "negative"]) for _ in range(ROWS)],
            "is_pregnant": [rng.random() < 0.1 for _ in range(ROWS)],
            "smoking_status": [rng.choice(["current", "former", "never"]) for _ in range(ROWS)],
        }
    )
    found = detect(frame, use_presidio=False)
    assert {column: found[column].entities for column in frame.columns} == {
        "medikament": ("MEDICATION",),
        "c7": ("DIAGNOSIS",),
        "hiv_status": ("HEALTH_STATUS",),
        "is_pregnant": ("HEALTH_STATUS",),
        "smoking_status": ("HEALTH_STATUS",),
    }
    assert all(found[column].category == "health" for column in frame.columns)


def test_yes_no_flags_without_a_condition_name_are_no_health_status():
    rng = random.Random(0)
    frame = pl.DataFrame({"active": [rng.random() < 0.5 for _ in range(ROWS)], "shipped": [rng.choice(["yes", "no"]) for _ in range(ROWS)]})
    assert _entities(frame) == {"active": set(), "shipped": set()}


def test_a_long_table_of_dosages_beside_rsids_is_each_persons_genotype():
    from minlint.risk import assess

    rng = random.Random(0)
    people = [f"HG{i:05d}" for i in range(40)]
    snps = [f"rs{rng.randint(1000, 9999999)}" for _ in range(50)]
    frame = pl.DataFrame(
        {
            "iid": [p for p in people for _ in snps],
            "snp": [s for _ in people for s in snps],
            "dosage": [float(rng.choice([0, 0, 1, 2])) for _ in people for _ in snps],
        }
    )
    findings = detect(frame, use_presidio=False)
    assert findings["dosage"].entities == ("GENOTYPE",)
    assert assess(frame.lazy(), tuple(findings.values())).persons_by_category == {"human_genomic": 40}


def test_pairs_of_proportions_are_no_coordinates_but_named_ones_near_zero_are():
    rng = random.Random(0)
    frame = pl.DataFrame(
        {
            "od_reading": [f"{rng.random():.4f}, {rng.random():.4f}" for _ in range(ROWS)],
            "c3": [f"{rng.uniform(25, 49):.5f}, {rng.uniform(-124, -67):.5f}" for _ in range(ROWS)],
            "latlon": [f"{rng.uniform(51.3, 51.7):.4f}, {rng.uniform(-0.5, 0.3):.4f}" for _ in range(ROWS)],
        }
    )
    found = _entities(frame)
    assert found == {"od_reading": set(), "c3": {"GEO_COORDINATE"}, "latlon": {"GEO_COORDINATE"}}


def _cn_resident_id(rng: random.Random) -> str:
    from stdnum.cn import ric

    stem = f"110101{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return stem + ric.calc_check_digit(stem + "0")  # stdnum reads the check digit's place too


def test_resident_numbers_in_chinese_and_korean_notes():
    """A Chinese resident id needs no label (region, birth date and check digit); a Korean
    resident number is found after its label."""
    rng = random.Random(0)
    chinese = [f"患者{rng.randint(20, 90)}岁，复诊随访，情况稳定，下次{rng.randint(1, 12)}月再来。" for _ in range(2_000)]
    chinese[100], chinese[900] = f"患者张某，{_cn_resident_id(rng)}，复诊。", f"家属{_cn_resident_id(rng)}陪同。"
    korean = [f"{rng.randint(20, 90)}세 남성, 외래 추적 관찰 중입니다." for _ in range(2_000)]
    korean[5], korean[1_500] = "주민등록번호 850302-1234567 확인", "환자 주민번호: 901231-2345678"
    # Eighteen-digit order numbers pass the check digit about one time in eleven.
    orders = [f"订单{rng.randint(10**17, 10**18 - 1)}已发货" for _ in range(2_000)]
    found = _entities(pl.DataFrame({"备注": chinese, "메모": korean, "物流": orders}))
    assert "NATIONAL_ID" in found["备注"] and "NATIONAL_ID" in found["메모"]
    assert "NATIONAL_ID" not in found["物流"]


@pytest.mark.parametrize("style", ["f.{}.0.0", "{}-0.0", "p{}_i0"])
def test_uk_biobank_fields_are_read_by_their_showcase_ids(style):
    rng = random.Random(0)
    frame = pl.DataFrame(
        {
            "eid": list(range(1_000_000, 1_000_000 + ROWS)),
            style.format(31): [rng.choice([0, 1]) for _ in range(ROWS)],
            style.format(34): [rng.randint(1937, 1970) for _ in range(ROWS)],
            style.format(53): [f"20{rng.randint(6, 10):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(ROWS)],
            style.format(41270): [rng.choice(["E119", "I10", "C509", None]) for _ in range(ROWS)],
            style.format(30750): [round(rng.uniform(30, 60), 1) for _ in range(ROWS)],
            style.format(22009): [rng.gauss(0, 1) for _ in range(ROWS)],  # a genetic principal component
        }
    )
    found = {column: set(entities) for column, entities in _entities(frame).items()}
    assert found == {
        "eid": set(),
        style.format(31): {"SEX"},
        style.format(34): {"DATE_OF_BIRTH"},
        style.format(53): {"DATE"},
        style.format(41270): {"ICD10_CODE"},
        style.format(30750): {"LAB_RESULT"},
        style.format(22009): set(),
    }


def test_two_numbered_columns_are_no_biobank_extract():
    rng = random.Random(0)
    frame = pl.DataFrame({"31-0.0": [rng.choice([0, 1]) for _ in range(ROWS)], "34-0.0": [rng.randint(1937, 1970) for _ in range(ROWS)]})
    assert _entities(frame) == {"31-0.0": set(), "34-0.0": set()}
