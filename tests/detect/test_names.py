"""Column names are normalised across case, separators, camelCase, accents and languages."""

import pytest

from minlint.detect.entities import PII_SPECS
from minlint.detect.names import match_synonym, normalise

SYNONYMS = {spec.entity: spec.names for spec in PII_SPECS}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("PatientFirstName", "patient_first_name"),
        ("patient-first name", "patient_first_name"),
        ("Prénom", "prenom"),
        ("Straße", "strasse"),
        ("patient.contact.EMail", "e_mail"),
        ("DOB", "dob"),
        ("geb_Datum", "geb_datum"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "column, entity, synonym",
    [
        ("pt_nm", "PERSON", "pt_nm"),
        ("apellido", "PERSON", "apellido"),
        ("nom", "PERSON", "nom"),
        ("e_mail", "EMAIL_ADDRESS", "e_mail"),
        ("EmailAddress", "EMAIL_ADDRESS", "email_address"),
        ("tel", "PHONE_NUMBER", "tel"),
        ("plz", "POSTAL_CODE", "plz"),
        ("geb_datum", "DATE_OF_BIRTH", "geb_datum"),
        ("dateOfBirth", "DATE_OF_BIRTH", "date_of_birth"),
        ("fecha_nacimiento", "DATE_OF_BIRTH", "fecha_nacimiento"),
        ("patient_ssn", "US_SSN", "ssn"),
    ],
)
def test_multilingual_synonyms_match(column, entity, synonym):
    assert match_synonym(column, SYNONYMS[entity]) == synonym


@pytest.mark.parametrize("column, entity", [("nominal_value", "PERSON"), ("telemetry", "PHONE_NUMBER"), ("zipper_size", "POSTAL_CODE")])
def test_names_only_match_whole_tokens(column, entity):
    assert match_synonym(column, SYNONYMS[entity]) is None


@pytest.mark.parametrize(
    "column, entity, synonym",
    [("患者姓名", "PERSON", "姓名"), ("出生日期", "DATE_OF_BIRTH", "出生日期"), ("手机", "PHONE_NUMBER", "手机"), ("성별", "SEX", "성별")],
)
def test_chinese_japanese_korean_column_names(column, entity, synonym):
    assert match_synonym(column, SYNONYMS[entity]) == synonym


@pytest.mark.parametrize(
    "column, entity",
    [
        ("Ad_Soyad", "PERSON"),
        ("efternamn", "PERSON"),
        ("sukunimi", "PERSON"),
        ("sahkoposti", "EMAIL_ADDRESS"),
        ("e-posta", "EMAIL_ADDRESS"),
        ("puhelin", "PHONE_NUMBER"),
        ("numer_telefonu", "PHONE_NUMBER"),
        ("dogum_tarihi", "DATE_OF_BIRTH"),
        ("syntymäaika", "DATE_OF_BIRTH"),
        ("fødselsdato", "DATE_OF_BIRTH"),
        ("ulica", "STREET_ADDRESS"),
        ("soyadı", "PERSON"),
        ("Fødselsnummer", "NATIONAL_ID"),
        ("NPA", "POSTAL_CODE"),
        ("cinsiyet", "SEX"),
        ("TC_Kimlik_No", "NATIONAL_ID"),
        ("CURP", "NATIONAL_ID"),
    ],
)
def test_nordic_turkish_polish_and_latin_american_names_match(column, entity):
    assert match_synonym(column, SYNONYMS[entity]) is not None
