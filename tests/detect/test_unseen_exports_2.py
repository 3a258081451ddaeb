"""Second round of exports unlike our fixtures: Italian, Dutch, Polish, Portuguese, Swedish,
Spanish, French and Japanese data under cryptic, misleading and native column names;
identifiers hidden in 0.5-2% of rows; look-alikes with their own check digits (EAN, ISBN,
hashes, tracking numbers) that are no one's identifier; IMEIs and MACs.

Each column's category and entities are exact. Data come from fixed seeds (random.Random and
Faker instances seeded apart from round one's).
"""

from __future__ import annotations

import hashlib
import random
import string
import uuid

import polars as pl
import pytest
from faker import Faker
from helpers import detect
from stdnum import ean, luhn
from stdnum.us import ssn

ROWS = 1500
SEED = 20260611


def _faker(locale: str, offset: int) -> Faker:
    faker = Faker(locale)
    faker.seed_instance(SEED + offset)
    return faker


def _entities(findings, column: str) -> tuple[str, tuple[str, ...]]:
    finding = findings[column]
    return finding.category, tuple(sorted(finding.entities))


def _ssn_digits(rng: random.Random) -> str:
    while not ssn.is_valid(value := f"{rng.randint(1, 899):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"):
        pass
    return value


def _imei(rng: random.Random) -> str:
    """A 15-digit IMEI: type allocation code from reporting body 35 or 86, Luhn check digit."""
    body = rng.choice(("35", "86")) + "".join(rng.choice(string.digits) for _ in range(12))
    return body + luhn.calc_check_digit(body)


def _grouped(imei: str) -> str:
    """An IMEI as printed on a label: reporting body and TAC, serial, check digit."""
    return f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}"


def _mac(rng: random.Random) -> str:
    return ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6))


def _ipv4(rng: random.Random) -> str:
    return f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _ipv6(rng: random.Random) -> str:
    return ":".join(f"{rng.randint(0, 65535):x}" for _ in range(8))


def _ean13(rng: random.Random, prefix: str) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(12 - len(prefix)))
    return body + ean.calc_check_digit(body)


# --- cryptic, misleading and non-English column names -----------------------------------------


@pytest.fixture(scope="module")
def named_findings():
    rng = random.Random(SEED)
    it, nl, pl_, br, se, es, fr, ja = (
        _faker(locale, i) for i, locale in enumerate(("it_IT", "nl_NL", "pl_PL", "pt_BR", "sv_SE", "es_ES", "fr_FR", "ja_JP"))
    )

    def many(make) -> list:
        return [make() for _ in range(ROWS)]

    frame = pl.DataFrame(
        {
            # Cryptic names: the values alone decide.
            "c01": many(es.email),
            "f_7": many(nl.iban),
            "x": many(lambda: _ipv4(rng)),
            "c02": many(it.ssn),  # codice fiscale
            "c03": many(pl_.pesel),  # 11 bare digits
            "c04": many(br.cpf),  # 123.456.789-09
            "c05": many(se.ssn),  # personnummer YYMMDD-NNNN
            "c06": many(nl.ssn),  # BSN: 9 bare digits that also pass US SSN rules
            "c07": many(es.nif),
            "c08": many(fr.ssn),  # NIR, 15 digits
            "c09": many(pl_.phone_number),
            "c10": many(se.phone_number),
            "c11": many(ja.phone_number),
            # Misleading names.
            "zip": many(lambda: f"{rng.randint(100, 99_999) / 100:.2f}"),  # order totals
            "notes": many(it.free_email),
            "order_no": many(lambda: _ssn_digits(rng)),
            # Italian numbers as exported: `+39 0925141776` beside bare mobiles (`3510500083`).
            "comment": many(it.phone_number),
            "pesel_old": many(lambda: str(rng.randint(10**10, 10**11 - 1))),  # 11 digits, checks fail
            # Native names.
            "codice_fiscale": many(it.ssn),
            "cognome": many(it.last_name),
            "achternaam": many(nl.last_name),
            "nazwisko": many(pl_.last_name),
            "geboortedatum": many(lambda: f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1935, 2008)}"),
            "pesel": many(pl_.pesel),
            "cpf": many(br.cpf),
            "data_nascimento": many(lambda: br.date_of_birth().strftime("%d/%m/%Y")),
            "personnummer": many(se.ssn),
        }
    )
    return detect(frame, use_presidio=False)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("c01", ("direct_identifier", ("EMAIL_ADDRESS",))),
        ("f_7", ("direct_identifier", ("IBAN_CODE",))),
        ("x", ("direct_identifier", ("IP_ADDRESS",))),
        ("c02", ("direct_identifier", ("NATIONAL_ID",))),
        ("c03", ("direct_identifier", ("NATIONAL_ID",))),
        ("c04", ("direct_identifier", ("NATIONAL_ID",))),
        ("c05", ("direct_identifier", ("NATIONAL_ID",))),
        ("c06", ("direct_identifier", ("NATIONAL_ID",))),
        ("c07", ("direct_identifier", ("NATIONAL_ID",))),
        ("c08", ("direct_identifier", ("NATIONAL_ID",))),
        ("c09", ("direct_identifier", ("PHONE_NUMBER",))),
        ("c10", ("direct_identifier", ("PHONE_NUMBER",))),
        ("c11", ("direct_identifier", ("PHONE_NUMBER",))),
        ("zip", ("none", ())),
        ("notes", ("direct_identifier", ("EMAIL_ADDRESS",))),
        ("order_no", ("direct_identifier", ("US_SSN",))),
        ("comment", ("direct_identifier", ("PHONE_NUMBER",))),
        ("pesel_old", ("none", ())),
        ("codice_fiscale", ("direct_identifier", ("NATIONAL_ID",))),
        ("cognome", ("direct_identifier", ("PERSON",))),
        ("achternaam", ("direct_identifier", ("PERSON",))),
        ("nazwisko", ("direct_identifier", ("PERSON",))),
        ("geboortedatum", ("quasi_identifier", ("DATE_OF_BIRTH",))),
        ("pesel", ("direct_identifier", ("NATIONAL_ID",))),
        ("cpf", ("direct_identifier", ("NATIONAL_ID",))),
        ("data_nascimento", ("quasi_identifier", ("DATE_OF_BIRTH",))),
        ("personnummer", ("direct_identifier", ("NATIONAL_ID",))),
    ],
)
def test_cryptic_misleading_and_native_names_with_their_values(named_findings, column, expected):
    assert _entities(named_findings, column) == expected


def test_polish_surnames_are_known_names(named_findings):
    """Faker keeps pl_PL's family names under `unisex_last_names`: they count as names."""
    evidence = named_findings["nazwisko"].detections[0].evidence
    assert "valid:100%" in evidence


def test_portuguese_birth_date_is_named_not_only_guessed_from_its_range(named_findings):
    assert "name:nascimento" in named_findings["data_nascimento"].detections[0].evidence


def test_dutch_bsn_is_a_national_id_not_a_us_ssn(named_findings):
    """BSNs pass US SSN rules too; their eleven-test (elfproef) says which number they are."""
    assert named_findings["c06"].entities == ("NATIONAL_ID",)


# --- identifiers hidden in a few rows -----------------------------------------------------------

REMARKS = ("Consegna puntuale", "Pakket beschadigd", "Zwrot towaru", "Entregue ao vizinho",
           "Leverans försenad", "Reso accettato")
JAPANESE_REMARKS = ("配送済み", "箱が破損していました", "返品を受け付けました", "交換部品を発送しました")


def _remarks(rng: random.Random) -> str:
    return f"{rng.choice(REMARKS)} (lotto {rng.randint(100, 999)})"


def _japanese_remarks(rng: random.Random) -> str:
    return f"{rng.choice(JAPANESE_REMARKS)}（ロット{rng.randint(100, 999)}）"


def _planted(base, every: int, make, *, glue: str = "; ") -> list[str]:
    """`make()` added to one row in `every` (1% for 100, 0.5% for 200) of `base()` rows."""
    return [f"{base()}{glue}{make()}" if i % every == 3 else base() for i in range(ROWS)]


def _bare(every: int, make, filler) -> list[str]:
    """`make()` as the whole value of one row in `every`; `filler()` elsewhere."""
    return [make() if i % every == 3 else filler() for i in range(ROWS)]


@pytest.fixture(scope="module")
def hidden_findings():
    rng = random.Random(SEED + 1)
    it, nl, pl_, ja = (_faker(locale, 20 + i) for i, locale in enumerate(("it_IT", "nl_NL", "pl_PL", "ja_JP")))

    def remarks() -> str:
        return _remarks(rng)

    def japanese() -> str:
        return _japanese_remarks(rng)

    def ssn_dashed() -> str:
        digits = _ssn_digits(rng)
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"

    frame = pl.DataFrame(
        {
            "r01": _planted(remarks, 100, it.iban),
            "r02": _planted(remarks, 200, nl.email),
            "r03": _planted(remarks, 100, lambda: f"+39 3{rng.randint(10, 99)}{rng.randint(1_000_000, 9_999_999)}"),
            "r04": _planted(remarks, 200, ssn_dashed),
            "r05": _planted(remarks, 100, lambda: f"da {_ipv4(rng)}"),
            "r06": _planted(remarks, 100, lambda: f"from {_ipv6(rng)}"),
            "r07": _planted(remarks, 100, lambda: f"mac {_mac(rng)}"),
            "r08": _planted(remarks, 100, lambda: f"IMEI {_imei(rng)}"),
            # Japanese text glues what it quotes to the words around it.
            "r09": _planted(japanese, 100, lambda: f"連絡先{ja.free_email()}まで", glue=""),
            "r10": _planted(japanese, 100, lambda: f"電話{ja.phone_number()}", glue=""),
            # Whole values in a column of status words and codes.
            "s01": _bare(100, pl_.email, lambda: rng.choice(["brak", "n/d", "odmowa"])),
            "s02": _bare(50, pl_.iban, lambda: f"GOTOWKA-{rng.randint(1000, 9999)}"),
            "s03": _bare(50, lambda: _mac(rng), lambda: rng.choice(["unknown", "none"])),
            "s04": _bare(50, lambda: _ipv6(rng), lambda: rng.choice(["unknown", "none"])),
            "s05": _bare(100, ssn_dashed, lambda: f"A-{rng.randint(100, 999)}-{rng.randint(10, 99)}"),
            "s06": _bare(50, lambda: _imei(rng), lambda: rng.choice(["pending", "on file"])),
            # The same shapes failing their checks: references, not IMEIs or national ids.
            "s07": _bare(50, lambda: str(rng.randint(10**14, 10**15 - 1)), lambda: rng.choice(["pending", "on file"])),
            "s08": _bare(50, lambda: str(rng.randint(10**8, 10**9 - 1)), lambda: rng.choice(["pending", "on file"])),
        }
    )
    return detect(frame, use_presidio=False)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("r01", ("direct_identifier", ("FREE_TEXT", "IBAN_CODE"))),
        ("r02", ("direct_identifier", ("EMAIL_ADDRESS", "FREE_TEXT"))),
        ("r03", ("direct_identifier", ("FREE_TEXT", "PHONE_NUMBER"))),
        ("r04", ("direct_identifier", ("FREE_TEXT", "US_SSN"))),
        ("r05", ("direct_identifier", ("FREE_TEXT", "IP_ADDRESS"))),
        ("r06", ("direct_identifier", ("FREE_TEXT", "IP_ADDRESS"))),
        ("r07", ("direct_identifier", ("DEVICE_ID", "FREE_TEXT"))),
        ("r08", ("direct_identifier", ("DEVICE_ID", "FREE_TEXT"))),
        ("r09", ("direct_identifier", ("EMAIL_ADDRESS",))),
        ("r10", ("direct_identifier", ("PHONE_NUMBER",))),
        ("s01", ("direct_identifier", ("EMAIL_ADDRESS",))),
        ("s02", ("direct_identifier", ("IBAN_CODE",))),
        ("s03", ("direct_identifier", ("DEVICE_ID",))),
        ("s04", ("direct_identifier", ("IP_ADDRESS",))),
        ("s05", ("direct_identifier", ("US_SSN",))),
        ("s06", ("direct_identifier", ("DEVICE_ID",))),
        ("s07", ("none", ())),
        ("s08", ("none", ())),
    ],
)
def test_identifiers_hidden_in_half_to_two_percent_of_rows_are_found(hidden_findings, column, expected):
    assert _entities(hidden_findings, column) == expected


def test_bare_imeis_in_two_percent_of_rows_rest_on_their_check_digits(hidden_findings):
    evidence = hidden_findings["s06"].detections[0].evidence
    assert evidence == ("rare:2%", "valid:100%", "checked:30 values")


def test_hidden_imei_and_ipv6_count_their_rows(hidden_findings):
    evidence = {c: {d.entity: d.evidence for d in hidden_findings[c].detections} for c in ("r06", "r08")}
    assert "search:15 rows (1%)" in evidence["r06"]["IP_ADDRESS"]
    assert "search:15 rows (1%)" in evidence["r08"]["DEVICE_ID"]


# --- benign look-alikes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def look_alike_findings():
    rng = random.Random(SEED + 2)

    def many(make) -> list:
        return [make() for _ in range(ROWS)]

    def digits(n: int) -> str:
        return rng.choice("123456789") + "".join(rng.choice(string.digits) for _ in range(n - 1))

    frame = pl.DataFrame(
        {
            "k_uuid": many(lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))),
            "k_md5": [hashlib.md5(f"{SEED}:{i}".encode()).hexdigest() for i in range(ROWS)],
            "k_sha1": [hashlib.sha1(f"{SEED}:{i}".encode()).hexdigest() for i in range(ROWS)],
            "k_sha256": [hashlib.sha256(f"{SEED}:{i}".encode()).hexdigest() for i in range(ROWS)],
            "c40": many(lambda: _ean13(rng, "978")),  # ISBN-13
            # EAN-13 from German, Polish, Italian, Dutch, Swedish prefixes: a 4xx EAN has a
            # card's shape and passes Luhn one time in ten.
            "c41": many(lambda: _ean13(rng, rng.choice(["400", "590", "800", "871", "73"]))),
            "gtin": many(lambda: "0" + _ean13(rng, rng.choice(["400", "590", "800"]))),
            "tracking": many(lambda: "1Z" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6))
                             + f"{rng.randint(10, 99)}{rng.randint(10**7, 10**8 - 1)}"),
            "c42": many(lambda: digits(12)),  # FedEx-style tracking numbers
            "fattura": many(lambda: f"FV/{rng.randint(2019, 2024)}/{rng.randint(1, 12):02d}/{rng.randint(1, 9999):04d}"),
            "c43": many(lambda: f"9{digits(8)}"),  # order numbers: area 9xx breaks SSN rules
            "c44": many(lambda: f"{rng.uniform(3.5, 9.9):.1f}"),  # lab values without a name
            "versione": many(lambda: f"{rng.randint(0, 4)}.{rng.randint(0, 25)}.{rng.randint(0, 40)}"),
            "c45": many(lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"),
            "aantal": many(lambda: str(rng.randint(0, 500))),
            "importo": many(lambda: f"{rng.uniform(1, 5000):.2f} EUR"),
            "bedrag": many(lambda: f"€ {rng.randint(1, 999)},{rng.randint(0, 99):02d}"),
            "paese": many(lambda: rng.choice(["IT", "NL", "PL", "BR", "SE", "ES", "FR", "JP", "DE", "PT"])),
            "land": many(lambda: rng.choice(["ITA", "NLD", "POL", "BRA", "SWE", "ESP"])),
            "codice_prodotto": many(lambda: f"{rng.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{rng.randint(10, 99)}"
                                    f"{rng.choice('ABCDEFGHJK')}{rng.randint(0, 9)}"),
            "lat": many(lambda: f"{rng.uniform(36, 60):.1f}"),
            "lon": many(lambda: round(rng.uniform(-9, 25), 1)),
            "c46": many(lambda: rng.randint(0, 100_000)),
            # Event times, not births: a date of the export's events, never DATE_OF_BIRTH.
            "evento": many(lambda: f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                                   f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"),
        }
    )
    return detect(frame)  # with Presidio: its recognizers must not bring false alarms either


@pytest.mark.parametrize(
    "column",
    ["k_uuid", "k_md5", "k_sha1", "k_sha256", "c40", "c41", "gtin", "tracking", "c42", "fattura", "c43",
     "c44", "versione", "c45", "aantal", "importo", "bedrag", "paese", "land", "codice_prodotto", "lat",
     "lon", "c46"],
)
def test_benign_look_alikes_are_not_identifiers(look_alike_findings, column):
    assert _entities(look_alike_findings, column) == ("none", ()), look_alike_findings[column].detections


def test_event_timestamps_are_dates_not_births(look_alike_findings):
    assert _entities(look_alike_findings, "evento") == ("quasi_identifier", ("DATE",))


# --- device identifiers -------------------------------------------------------------------------


def test_imei_and_mac_columns_are_device_ids_not_cards():
    """IMEIs are 15 Luhn-valid digits (35…, 86…); no card issuer but American Express (34, 37)
    issues 15-digit numbers, so neither our card check nor Presidio's may call them cards."""
    rng = random.Random(SEED + 3)
    frame = pl.DataFrame(
        {
            "c50": [_imei(rng) for _ in range(ROWS)],
            "c51": [_grouped(_imei(rng)) for _ in range(ROWS)],
            "c52": [_mac(rng) for _ in range(ROWS)],
            "c53": [_mac(rng).upper().replace(":", "-") for _ in range(ROWS)],
            "c54": [_ipv6(rng) for _ in range(ROWS)],
            # 15 random digits: one in ten passes Luhn, so not IMEIs.
            "c55": [str(rng.randint(10**14, 10**15 - 1)) for _ in range(ROWS)],
        }
    )
    findings = detect(frame)
    assert {c: _entities(findings, c) for c in frame.columns} == {
        "c50": ("direct_identifier", ("DEVICE_ID",)),
        "c51": ("direct_identifier", ("DEVICE_ID",)),
        "c52": ("direct_identifier", ("DEVICE_ID",)),
        "c53": ("direct_identifier", ("DEVICE_ID",)),
        "c54": ("direct_identifier", ("IP_ADDRESS",)),
        "c55": ("none", ()),
    }


def test_amex_numbers_stay_cards():
    rng = random.Random(SEED + 4)

    def amex() -> str:
        body = rng.choice(("34", "37")) + "".join(rng.choice(string.digits) for _ in range(12))
        return body + luhn.calc_check_digit(body)

    findings = detect(pl.DataFrame({"c60": [amex() for _ in range(ROWS)]}), use_presidio=False)
    assert _entities(findings, "c60") == ("direct_identifier", ("CREDIT_CARD",))


# --- addresses, postal codes, sex and age in the exports' own languages ------------------------


def _brazilian_street(faker: Faker, rng: random.Random) -> str:
    kind = rng.choice(("Rua", "Avenida", "Av.", "Travessa", "Rodovia", "Praça", "Alameda"))
    return f"{kind} {faker.last_name()}, {rng.randint(1, 2500)}"


@pytest.fixture(scope="module")
def native_findings():
    rng = random.Random(SEED + 5)
    it, nl, pl_, br, se, fr, ja, es = (
        _faker(locale, 40 + i)
        for i, locale in enumerate(("it_IT", "nl_NL", "pl_PL", "pt_BR", "sv_SE", "fr_FR", "ja_JP", "es_ES"))
    )

    def many(make) -> list:
        return [make() for _ in range(ROWS)]

    frame = pl.DataFrame(
        {
            "c80": many(it.street_address),  # Vicolo Cossiga, 813
            "c81": many(nl.street_address),  # Danahof 450
            "c82": many(pl_.street_address),  # ul. Konopnickiej 74, pl. Reja 22/04
            "c83": many(se.street_address),  # Aspgatan 6, Stationstorget 3
            "c84": many(ja.address),  # 茨城県青ヶ島村虎ノ門30丁目14番9号
            "c85": many(lambda: _brazilian_street(br, rng)),
            "c86": many(fr.street_address),
            # Seven words and thirty characters (`Acceso de Selena Yuste 44 Apt. 12`): long, but
            # an address, not prose; nor are the people its streets are named after persons.
            "c87": many(es.street_address),
            "postcode": many(nl.postcode),  # 1234 AB
            "kod_pocztowy": many(pl_.postcode),  # 00-950
            "postnummer": many(lambda: f"{rng.randint(100, 989)} {rng.randint(10, 99)}"),  # 123 45
            "cep": many(lambda: f"{rng.randint(1000, 99999):05d}-{rng.randint(0, 999):03d}"),
            "geslacht": many(lambda: rng.choice(["man", "vrouw"])),
            "plec": many(lambda: rng.choice(["mężczyzna", "kobieta"])),
            "sesso": many(lambda: rng.choice(["maschio", "femmina"])),
            "kon": many(lambda: rng.choice(["man", "kvinna"])),
            "sexo": many(lambda: rng.choice(["masculino", "feminino"])),
            "alder": many(lambda: rng.randint(0, 99)),
        }
    )
    return detect(frame, use_presidio=False)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("c80", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c81", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c82", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c83", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c84", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c85", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c86", ("direct_identifier", ("STREET_ADDRESS",))),
        ("c87", ("direct_identifier", ("STREET_ADDRESS",))),
        ("postcode", ("quasi_identifier", ("POSTAL_CODE",))),
        ("kod_pocztowy", ("quasi_identifier", ("POSTAL_CODE",))),
        ("postnummer", ("quasi_identifier", ("POSTAL_CODE",))),
        ("cep", ("quasi_identifier", ("POSTAL_CODE",))),
        ("geslacht", ("quasi_identifier", ("SEX",))),
        ("plec", ("quasi_identifier", ("SEX",))),
        ("sesso", ("quasi_identifier", ("SEX",))),
        ("kon", ("quasi_identifier", ("SEX",))),
        ("sexo", ("quasi_identifier", ("SEX",))),
        ("alder", ("quasi_identifier", ("AGE",))),
    ],
)
def test_addresses_postal_codes_sex_and_age_in_their_own_languages(native_findings, column, expected):
    assert _entities(native_findings, column) == expected


def test_words_that_open_sentences_are_not_street_keywords():
    """Polish abbreviations count only with their dot: Spanish `al` and Portuguese `os` open
    sentences, and a short status column of them is not addresses."""
    rng = random.Random(SEED + 6)
    frame = pl.DataFrame(
        {
            "c90": [f"{rng.choice(['Os', 'Al', 'Pl'])} {rng.choice(['dados', 'final', 'paciente', 'lote'])} {rng.randint(1, 99)}"
                    for _ in range(ROWS)],
        }
    )
    assert _entities(detect(frame, use_presidio=False), "c90") == ("none", ())
