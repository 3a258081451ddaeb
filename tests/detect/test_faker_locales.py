"""Data as a test generator writes it: Faker's own providers, several locales. Phone numbers
with unassigned area codes or a superseded plan, postal addresses over several lines, and
company names built from surnames are what an evaluation on unseen exports is made of."""

from __future__ import annotations

import polars as pl
import pytest
from faker import Faker
from helpers import detect

ROWS = 1500


def _values(locale: str, provider: str, seed: int = 21) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return [str(getattr(fake, provider)()) for _ in range(ROWS)]


def test_us_phone_numbers_with_fictional_area_codes_are_phone_numbers_named_or_not():
    phones = _values("en_US", "phone_number")
    findings = detect(pl.DataFrame({"phone": phones, "c1": phones}), use_presidio=False)
    for column in ("phone", "c1"):
        assert (findings[column].category, findings[column].entities[0]) == ("direct_identifier", "PHONE_NUMBER")


@pytest.mark.parametrize("locale", ["pt_BR", "nl_NL"])
def test_phone_numbers_of_a_superseded_plan_count_under_a_phone_name(locale):
    finding = detect(pl.DataFrame({"telefone": _values(locale, "phone_number")}), use_presidio=False)["telefone"]
    assert (finding.category, finding.entities[0]) == ("direct_identifier", "PHONE_NUMBER")


@pytest.mark.parametrize("locale", ["de_DE", "it_IT", "nl_NL"])
def test_postal_addresses_over_several_lines_are_street_addresses(locale):
    addresses = _values(locale, "address")
    assert all("\n" in a for a in addresses[:50])
    findings = detect(pl.DataFrame({"address": addresses, "c2": addresses}), use_presidio=False)
    for column in ("address", "c2"):
        assert findings[column].category == "direct_identifier", (locale, column, findings[column].detections)
        assert "STREET_ADDRESS" in findings[column].entities, (locale, column)


@pytest.mark.parametrize("locale", ["en_US", "en_GB", "fr_FR"])
def test_company_names_made_of_surnames_are_not_persons(locale):
    companies = _values(locale, "company")
    findings = detect(pl.DataFrame({"company": companies, "c3": companies, "name": _values(locale, "name")}), use_presidio=False)
    assert (findings["company"].category, findings["c3"].category) == ("none", "none")
    assert findings["name"].entities[0] == "PERSON"


@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_account_user_names_are_identifiers_under_their_name_only(locale):
    names = _values(locale, "user_name")
    findings = detect(pl.DataFrame({"username": names, "c4": names}), use_presidio=False)
    assert (findings["username"].category, findings["username"].entities) == ("direct_identifier", ("USERNAME",))
    assert findings["c4"].category == "none"  # `jsmith` alone is as often a word or a code


@pytest.mark.parametrize("locale", ["en_IN", "vi_VN", "yo_NG"])
def test_names_of_every_faker_locale_are_persons(locale):
    findings = detect(pl.DataFrame({"first_name": _values(locale, "first_name"), "c5": _values(locale, "name")}), use_presidio=False)
    assert findings["first_name"].entities[0] == "PERSON"
    assert findings["c5"].entities[0] == "PERSON"


@pytest.mark.parametrize("locale", ["en_CA", "tr_TR"])
def test_canadian_sins_as_printed_and_turkish_identity_numbers_are_national_ids(locale):
    ids = _values(locale, "ssn")
    findings = detect(pl.DataFrame({"ssn": ids, "c6": ids}), use_presidio=False)
    for column in ("ssn", "c6"):
        assert (findings[column].category, findings[column].entities) == ("direct_identifier", ("NATIONAL_ID",)), column


def test_faker_vins_are_vehicle_ids_under_any_name():
    # One VIN in eleven that Faker writes has no North American model-year code (U, Z, 0).
    vins = _values("en_US", "vin")
    findings = detect(pl.DataFrame({"vin": vins, "f_014": vins, "part_number": vins}), use_presidio=False)
    for column in ("vin", "f_014", "part_number"):
        assert (findings[column].category, findings[column].entities) == ("direct_identifier", ("VEHICLE_ID",))


def test_generated_national_insurance_and_aadhaar_numbers_count_under_their_names():
    # Faker's en_GB numbers use HMRC's placeholder prefix ZZ; its Aadhaar numbers fail the
    # Verhoeff check nine times in ten. The column name says what the shape is.
    nino, aadhaar = _values("en_GB", "ssn"), _values("en_IN", "aadhaar_id")
    spaced = [f"{v[:4]} {v[4:8]} {v[8:]}" for v in aadhaar]
    frame = pl.DataFrame({"ni_number": nino, "nino": nino, "aadhaar": aadhaar, "aadhaar_number": spaced, "c3": nino})
    findings = detect(frame, use_presidio=False)
    for column in ("ni_number", "nino", "aadhaar", "aadhaar_number"):
        assert findings[column].entities == ("NATIONAL_ID",), column
    assert findings["c3"].category == "none"  # no issuing rule passes: a placeholder code


def test_issued_national_insurance_numbers_are_national_ids_without_a_name():
    fake = Faker()
    fake.seed_instance(3)
    prefixes = ["AB", "CE", "JG", "PR", "WL", "YZ", "HT", "ME"]
    numbers = [f"{fake.random_element(prefixes)}{fake.numerify('######')}{fake.random_element('ABCD')}" for _ in range(ROWS)]
    spaced = [f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}" for v in numbers]
    findings = detect(pl.DataFrame({"c1": numbers, "c2": spaced}), use_presidio=False)
    assert findings["c1"].entities == ("NATIONAL_ID",)
    assert findings["c2"].entities == ("NATIONAL_ID",)


@pytest.mark.parametrize("locale", ["hi_IN", "bn_BD", "ta_IN", "th_TH"])
def test_names_in_scripts_that_write_vowels_as_combining_marks(locale):
    # Devanagari, Bengali, Tamil and Thai vowel signs are marks, not letters: read as word
    # breaks, they split every name into single letters that no dictionary holds.
    names = _values(locale, "first_name")
    finding = detect(pl.DataFrame({"c1": names}), use_presidio=False)["c1"]
    assert (finding.category, finding.entities) == ("direct_identifier", ("PERSON",))


def test_ssns_with_spaces_and_under_a_national_id_name_are_found():
    ssns = _values("en_US", "ssn")
    fallback = _values("de_DE", "ssn")  # Faker writes US-layout numbers with random areas
    spaced = [v.replace("-", " ") for v in ssns]
    findings = detect(pl.DataFrame({"c3": spaced, "patient_ssn": spaced, "national_id": fallback}), use_presidio=False)
    assert findings["c3"].entities == findings["patient_ssn"].entities == ("US_SSN",)
    assert findings["national_id"].category == "direct_identifier"


def test_routing_numbers_and_user_agents_are_no_ssns_or_ip_addresses():
    frame = pl.DataFrame({"c1": _values("en_US", "aba"), "c2": _values("en_US", "user_agent")})
    findings = detect(frame, use_presidio=False)
    assert findings["c1"].category == "none"
    assert "IP_ADDRESS" not in findings["c2"].entities


def test_an_ip_address_after_a_label_or_bracket_in_text_is_still_found():
    fake = Faker()
    fake.seed_instance(8)
    notes = [
        f"login from ip:{fake.ipv4_public()}" if i % 40 == 0 else f"client ({fake.ipv4_public()}) ok" if i % 40 == 1 else "no access"
        for i in range(ROWS)
    ]
    assert detect(pl.DataFrame({"c1": notes}), use_presidio=False)["c1"].entities[0] == "IP_ADDRESS"


def test_spelled_out_email_addresses_are_email_addresses():
    emails = _values("en_US", "email")
    frame = pl.DataFrame(
        {
            "contact": [e.replace("@", " at ").replace(".", " dot ") for e in emails],
            "c1": [e.replace("@", "[at]").replace(".", "[dot]") for e in emails],
            "notes": [f"write to {e.replace('@', ' at ').replace('.', ' dot ')}" if i % 30 == 0 else "seen at clinic" for i, e in enumerate(emails)],
            "prose": ["arrived at home dot" if i % 2 else "dot blot test at lab" for i in range(ROWS)],
        }
    )
    findings = detect(frame, use_presidio=False)
    for column in ("contact", "c1", "notes"):
        assert "EMAIL_ADDRESS" in findings[column].entities, column
    assert findings["prose"].category == "none"


def test_uk_postcodes_need_a_royal_mail_area_so_italian_plates_are_none():
    findings = detect(
        pl.DataFrame({"c1": _values("en_GB", "postcode"), "c2": _values("it_IT", "license_plate"), "targa": _values("it_IT", "license_plate")}),
        use_presidio=False,
    )
    assert findings["c1"].entities == ("POSTAL_CODE",)
    assert findings["c2"].category == "none"
    assert findings["targa"].entities == ("VEHICLE_ID",)


def test_mac_addresses_with_dashes_or_dots_in_notes_and_a_timestamp_that_is_none():
    fake = Faker()
    fake.seed_instance(9)
    macs = [fake.mac_address() for _ in range(ROWS)]
    notes = [
        f"device MAC {m.replace(':', '-').upper()} paired" if i % 30 == 0 else f"sensor {m[:2]}{m[3:5]}.{m[6:8]}{m[9:11]}.{m[12:14]}{m[15:]} ok" if i % 30 == 1 else "no device"
        for i, m in enumerate(macs)
    ]
    stamps = [f"run {fake.date_time():%y-%m-%d-%H-%M-%S} done" for _ in range(ROWS)]
    findings = detect(pl.DataFrame({"c1": notes, "c2": stamps}), use_presidio=False)
    assert "DEVICE_ID" in findings["c1"].entities
    assert "DEVICE_ID" not in findings["c2"].entities
