"""Health identifiers, codes, measurements and clinical notes: validated values first, names second."""

from __future__ import annotations

import random

import polars as pl
from helpers import detect
from stdnum import luhn

from minlint.detect import validators
from minlint.model import ColumnFinding

ROWS = 400
SNOMED_CONCEPTS = ("22298006", "38341003", "73211009", "44054006", "195967001", "49436004", "233604007", "13645005")
LOINC_CODES = ("2345-7", "4548-4", "718-7", "2160-0", "8480-6", "8462-4", "2093-3", "2085-9", "13457-7")


def _npi(rng: random.Random) -> str:
    body = f"{rng.choice('12')}{rng.randint(0, 10**8 - 1):08d}"
    return body + luhn.calc_check_digit("80840" + body)


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.choice([4, 6, 9])] + [rng.randint(0, 9) for _ in range(8)]
        check = (11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _dea(rng: random.Random) -> str:
    d = [rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return rng.choice("ABFM") + rng.choice("ABCDEFGHJKLMNPRS9") + "".join(map(str, d)) + str(check)


def _mbi(rng: random.Random) -> str:
    alpha, alnum = "ACDEFGHJKMNPQRTUVWXY", "ACDEFGHJKMNPQRTUVWXY0123456789"
    shape = ("123456789", alpha, alnum, "0123456789", alpha, alnum, "0123456789", alpha, alpha, "0123456789", "0123456789")
    return "".join(rng.choice(chars) for chars in shape)


def _summary(findings: dict[str, ColumnFinding]) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {column: (f.category, tuple(sorted(f.entities))) for column, f in findings.items()}


def test_validators_accept_published_examples_and_reject_one_digit_off():
    assert validators.us_npi("1234567893") and not validators.us_npi("1234567894")
    assert validators.uk_nhs("9434765919") and not validators.uk_nhs("9434765918")
    assert validators.us_dea("AB1234563") and not validators.us_dea("AB1234564")
    assert validators.snomed_ct_id("22298006") and not validators.snomed_ct_id("22298007")
    assert validators.loinc_code("4548-4") and not validators.loinc_code("4548-5")


def test_checked_identifiers_and_distinctive_codes_are_found_under_cryptic_names():
    rng = random.Random(31)
    frame = pl.DataFrame(
        {
            "a1": [_npi(rng) for _ in range(ROWS)],
            "a2": [_nhs(rng) for _ in range(ROWS)],
            "a3": [_dea(rng) for _ in range(ROWS)],
            "a4": [_mbi(rng) for _ in range(ROWS)],
            "a5": [rng.choice(SNOMED_CONCEPTS) for _ in range(ROWS)],
            "a6": [rng.choice(LOINC_CODES) for _ in range(ROWS)],
            "a7": [rng.choice(["E11.9", "I10", "J45.909", "C50.911", "F32.A", "M54.5"]) for _ in range(ROWS)],
            "a8": [rng.choice(["A10BA02", "C09AA05", "N02BE01", "C10AA01"]) for _ in range(ROWS)],
        }
    )
    assert _summary(detect(frame)) == {
        "a1": ("direct_identifier", ("US_NPI",)),
        "a2": ("direct_identifier", ("UK_NHS",)),
        "a3": ("direct_identifier", ("US_DEA",)),
        "a4": ("direct_identifier", ("US_MBI",)),
        "a5": ("health", ("SNOMED_CT",)),
        "a6": ("health", ("LOINC",)),
        "a7": ("health", ("ICD10_CODE",)),
        "a8": ("health", ("ATC",)),
    }


def test_generic_codes_and_measurements_need_their_name():
    rng = random.Random(32)
    cpt = [rng.choice(["99213", "99214", "93000", "G0008", "0001F"]) for _ in range(ROWS)]
    ndc = [rng.choice(["0002-3227-30", "50090-2875-0", "0378-0018-01"]) for _ in range(ROWS)]
    icd9 = [rng.choice(["250.00", "401.9", "V45.81", "414.01"]) for _ in range(ROWS)]
    hba1c = [round(rng.gauss(6.0, 1.0), 1) for _ in range(ROWS)]
    blood_pressure = [f"{rng.randint(100, 160)}/{rng.randint(60, 95)}" for _ in range(ROWS)]
    frame = pl.DataFrame(
        {
            "cpt_code": cpt, "c1": cpt, "ndc": ndc, "c2": ndc, "icd9": icd9, "c3": icd9,
            "HbA1c": hba1c, "c4": hba1c, "blutdruck": blood_pressure, "c5": blood_pressure,
            "mrn": [f"{rng.randint(10**6, 10**7)}" for _ in range(ROWS)],
            "member_id": [f"W{rng.randint(10**8, 10**9)}" for _ in range(ROWS)],
        }
    )
    assert _summary(detect(frame)) == {
        "cpt_code": ("health", ("CPT_HCPCS",)), "c1": ("none", ()),
        "ndc": ("health", ("NDC",)), "c2": ("none", ()),
        "icd9": ("health", ("ICD9_CODE",)), "c3": ("none", ()),
        "HbA1c": ("health", ("LAB_RESULT",)), "c4": ("none", ()),
        "blutdruck": ("health", ("VITAL_SIGN",)), "c5": ("none", ()),
        "mrn": ("direct_identifier", ("MEDICAL_RECORD_NUMBER",)),
        "member_id": ("direct_identifier", ("HEALTH_PLAN_ID",)),
    }


def test_health_look_alikes_stay_none():
    rng = random.Random(33)
    invoices = []
    while len(invoices) < ROWS:  # 10-digit invoice numbers that fail the NPI Luhn check
        candidate = f"{rng.randint(10**9, 2 * 10**9 - 1)}"
        if not validators.us_npi(candidate):
            invoices.append(candidate)
    frame = pl.DataFrame(
        {
            "invoice_no": invoices,
            "npi": invoices,  # a misleading name does not make invoices NPIs
            "reading": [round(rng.uniform(0.1, 300), 2) for _ in range(ROWS)],
            "order_id": [rng.randint(100_000, 10**9) for _ in range(ROWS)],
            "units": [rng.randint(10_000, 99_999) for _ in range(ROWS)],
            "position": [rng.randint(1, 250_000_000) for _ in range(ROWS)],
            "ratio": [f"{rng.randint(1, 99)}-{rng.randint(0, 9)}" for _ in range(ROWS)],
        }
    )
    assert {c: f.category for c, f in detect(frame).items()} == dict.fromkeys(frame.columns, "none")


NOTES = (
    "Patient reports chest pain since 3 days, prescribed aspirin 100 mg daily.",
    "Patientin mit Schmerzen im Knie, Befund unauffällig, Therapie fortsetzen.",
    "Douleur abdominale, patiente sous traitement, examen normal ce jour.",
    "Paciente con dolor de cabeza y fiebre, tratamiento con paracetamol.",
)
REVIEWS = (
    "Great product, fast delivery and nice packaging overall.",
    "The box arrived damaged but support replaced it quickly.",
    "Would buy again, the colour matches the photos exactly.",
)


def test_multilingual_clinical_notes_are_health_and_identifiers_inside_keep_them_identifying():
    rng = random.Random(34)
    notes = [f"{rng.choice(NOTES)} Visit {i}." for i in range(ROWS)]
    notes_with_email = list(notes)
    for index in range(0, ROWS, 40):
        notes_with_email[index] = f"Patient asked for results by email to jane.roe{index}@example.org, pain resolved."
    frame = pl.DataFrame(
        {"t1": notes, "t2": notes_with_email, "t3": [f"{rng.choice(REVIEWS)} Order {i}." for i in range(ROWS)]}
    )
    findings = detect(frame)
    assert _summary(findings) == {
        "t1": ("health", ("CLINICAL_NOTE",)),
        "t2": ("direct_identifier", ("CLINICAL_NOTE", "EMAIL_ADDRESS")),
        "t3": ("sensitive", ("FREE_TEXT",)),
    }
    assert findings["t1"].detections[0].evidence[0] == "vocabulary:clinical 100%"
