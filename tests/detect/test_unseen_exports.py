"""Exports unlike our fixtures: labelled identifiers hidden in a few rows of text, look-alikes
that fail their checks, East Asian column names. Each column's category and entities are exact."""

from __future__ import annotations

import random
import string

import polars as pl
import pytest
from helpers import detect
from stdnum import luhn
from stdnum.us import ssn

ROWS = 4000
COMMENTS = ("Delivered on time", "Box slightly damaged", "Customer asked for a refund",
            "Works as expected", "Replacement part sent", "Returned unopened")


def _comments(rng: random.Random) -> list[str]:
    return [f"{rng.choice(COMMENTS)} (batch {rng.randint(100, 999)})" for _ in range(ROWS)]


def _planted(rng: random.Random, base: list[str], every: int, make) -> list[str]:
    """`make()` appended to one row in `every` (0.5% for 200)."""
    return [f"{v}; {make()}" if i % every == 7 else v for i, v in enumerate(base)]


def _ssn_digits(rng: random.Random) -> str:
    while not ssn.is_valid(value := f"{rng.randint(1, 899):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"):
        pass
    return value


def _nhs(rng: random.Random) -> str:
    while True:
        body = "".join(rng.choice(string.digits) for _ in range(9))
        check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11) % 11
        if check < 10:
            number = body + str(check)
            return f"{number[:3]} {number[3:6]} {number[6:]}"


def _npi(rng: random.Random) -> str:
    body = rng.choice("12") + "".join(rng.choice(string.digits) for _ in range(8))
    return body + luhn.calc_check_digit("80840" + body)


def _birth(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1930, 2005)
    return rng.choice([f"DOB: {month:02d}/{day:02d}/{year}", f"geb. {day:02d}.{month:02d}.{year}", f"born {year}-{month:02d}-{day:02d}"])


def _phone(rng: random.Random) -> str:
    return rng.choice([f"call back 030 {rng.randint(2_000_000, 89_999_999)}", f"Tel. +49 89 {rng.randint(1_000_000, 9_999_999)}",
                       f"tél 01 42 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"])


def _entities(findings, column: str) -> tuple[str, tuple[str, ...]]:
    finding = findings[column]
    return finding.category, tuple(sorted(finding.entities))


@pytest.fixture(scope="module")
def hidden_findings():
    rng = random.Random(4242)
    frame = pl.DataFrame(
        {
            "r1": _planted(rng, _comments(rng), 200, lambda: f"SSN {_ssn_digits(rng)}"),
            "r2": _planted(rng, _comments(rng), 200, lambda: f"NHS no {_nhs(rng)}"),
            "r3": _planted(rng, _comments(rng), 200, lambda: f"NPI {_npi(rng)}"),
            "r4": _planted(rng, _comments(rng), 200, lambda: _birth(rng)),
            "r5": _planted(rng, _comments(rng), 100, lambda: _phone(rng)),
            # Nine bare digits and a bare birth-shaped date without a label are not identifiers.
            "r6": _planted(rng, _comments(rng), 200, lambda: f"order {rng.randint(100_000_000, 999_999_999)} on 1962-03-14"),
        }
    )
    return detect(frame, use_presidio=False)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("r1", ("direct_identifier", ("FREE_TEXT", "US_SSN"))),
        ("r2", ("direct_identifier", ("FREE_TEXT", "UK_NHS"))),
        ("r3", ("direct_identifier", ("FREE_TEXT", "US_NPI"))),
        ("r4", ("quasi_identifier", ("DATE_OF_BIRTH", "FREE_TEXT"))),
        ("r5", ("direct_identifier", ("FREE_TEXT", "PHONE_NUMBER"))),
        ("r6", ("sensitive", ("FREE_TEXT",))),
    ],
)
def test_labelled_identifiers_hidden_in_half_a_percent_of_rows_are_found(hidden_findings, column, expected):
    assert _entities(hidden_findings, column) == expected


def test_hidden_labelled_forms_count_their_rows(hidden_findings):
    evidence = {d.entity: d.evidence for d in hidden_findings["r1"].detections}
    assert "search:20 rows (0.5%)" in evidence["US_SSN"]


def _iban_grouped(rng: random.Random) -> str:
    """A German IBAN written in groups of four (its BBAN is all digits)."""
    from stdnum import iban

    bban = "".join(rng.choice(string.digits) for _ in range(18))
    number = f"DE{iban.calc_check_digits('DE00' + bban)}{bban}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def test_look_alikes_that_fail_their_checks_are_not_identifiers():
    rng = random.Random(99)
    frame = pl.DataFrame(
        {
            # SSN layout, areas 000/666/9xx: neither SSNs nor (3-2-4) phone numbers.
            "invoice_no": [f"{rng.choice(['000', '666', str(rng.randint(900, 999))])}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}" for _ in range(ROWS)],
            # SSN layout, random areas: ~11% break SSN rules, so the column is not SSNs.
            "c26": [f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" for _ in range(ROWS)],
            # Letter, digit, letter: product codes, not ICD-10 (whose third character is a digit).
            "c24": [f"{rng.choice('ABCDEFGHJKLMNPRST')}{rng.randint(0, 9)}{rng.choice('BDEFGHJKXY')}" for _ in range(ROWS)],
            # Grouped IBANs: no card number read out of their digit groups.
            "pay_ref": [_iban_grouped(rng) if i % 50 == 3 else f"INV-{rng.randint(1, 99_999):05d}" for i in range(ROWS)],
        }
    )
    findings = detect(frame)
    assert {c: _entities(findings, c) for c in frame.columns} == {
        "invoice_no": ("none", ()),
        "c26": ("none", ()),
        "c24": ("none", ()),
        "pay_ref": ("direct_identifier", ("IBAN_CODE",)),
    }


def test_east_asian_and_abbreviated_names_with_their_values():
    rng = random.Random(5)
    frame = pl.DataFrame(
        {
            "郵便番号": [f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}" for _ in range(500)],
            "住所": [f"東京都港区芝公園{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号" for _ in range(500)],
            "手机号码": [f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}" for _ in range(500)],
            "Krankenkasse_Versichertennr": [f"{rng.choice('ABCDEFGH')}{rng.randint(100_000_000, 999_999_999)}" for _ in range(500)],
        }
    )
    findings = detect(frame, use_presidio=False)
    assert {c: _entities(findings, c) for c in frame.columns} == {
        "郵便番号": ("quasi_identifier", ("POSTAL_CODE",)),
        "住所": ("direct_identifier", ("STREET_ADDRESS",)),
        "手机号码": ("direct_identifier", ("PHONE_NUMBER",)),
        "Krankenkasse_Versichertennr": ("direct_identifier", ("HEALTH_PLAN_ID",)),
    }


def test_chinese_resident_ids_validate_by_check_digit_not_county_list():
    from stdnum.cn import ric

    rng = random.Random(11)
    ids = []
    for _ in range(300):
        # 431024 is a county code newer than stdnum's list; the check digit and birth date decide.
        body = f"431024{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        ids.append(body + ric.calc_check_digit(body + "0"))
    findings = detect(pl.DataFrame({"身份证号": ids}), use_presidio=False)
    assert _entities(findings, "身份证号") == ("direct_identifier", ("NATIONAL_ID",))


def _luhn_card(rng: random.Random) -> str:
    body = "4" + "".join(rng.choice(string.digits) for _ in range(14))
    return body + luhn.calc_check_digit(body)


def test_digit_runs_inside_hex_tokens_are_not_cards_but_cards_after_a_label_are():
    rng = random.Random(11)
    # Keyed pseudonyms and digests are hex: some hold a Luhn-valid run of 16 digits by chance.
    tokens = ["".join(rng.choice("0123456789abcdef") for _ in range(64)) for _ in range(ROWS)]
    tokens = [f"{t[:5]}f{_luhn_card(rng)}e{t[22:]}" if i % 500 == 3 else t for i, t in enumerate(tokens)]
    paid = _planted(rng, _comments(rng), 200, lambda: f"card {_luhn_card(rng)}")
    found = detect(pl.DataFrame({"token": tokens, "remark": paid}))
    assert found["token"].category == "none", found["token"].detections
    assert "CREDIT_CARD" in found["remark"].entities
