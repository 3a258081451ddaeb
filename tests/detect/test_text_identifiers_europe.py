"""European identifiers written inside notes, in 3% of rows, under cryptic column names.

Bare digits in text are too generic to search for, so national ids count after the label
that names them (`DNI`, `NIR`, `BSN`), and street addresses either by a street suffix that
ends little else (`-straße`, `rue`) or after an address label (`domicilio:`, `wohnhaft`).
German phone numbers with the trunk zero in brackets count without a label. Notes whose words
merely look like those forms (`Arbeitsplatz 3`, `Via Oral 3`, `sin cambios`) hold no identifier.
"""

from __future__ import annotations

import random

import polars as pl
import pytest
from helpers import detect
from stdnum.es import dni
from stdnum.fr import nir
from stdnum.nl import bsn

ROWS = 3000
SHARE = 0.03
NOTES = ("Befund unauffällig", "control en 3 meses", "RAS, contrôle dans 3 mois", "nessuna variazione", None)


def _dni(rng: random.Random) -> str:
    number = f"{rng.randint(10_000_000, 99_999_999)}"
    return number + dni.calc_check_digit(number)


def _nir(rng: random.Random) -> str:
    body = f"{rng.choice('12')}{rng.randint(40, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    key = nir.calc_check_digits(body)
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key}"


def _bsn(rng: random.Random) -> str:
    while not bsn.is_valid(value := f"{rng.randint(100_000_000, 699_999_999)}"):
        pass
    return value


POSITIVE = {
    "DNI": (lambda rng: f"DNI {_dni(rng)} aportado", "NATIONAL_ID"),
    "NIR": (lambda rng: f"NIR : {_nir(rng)}", "NATIONAL_ID"),
    "BSN": (lambda rng: f"BSN {_bsn(rng)} gecontroleerd", "NATIONAL_ID"),
    "trunk_zero": (lambda rng: f"Rückruf unter +49 (0) 30 {rng.randint(2_000_000, 9_999_999)}", "PHONE_NUMBER"),
    "area_in_brackets": (lambda rng: f"erreichbar (030) {rng.randint(2_000_000, 9_999_999)} abends", "PHONE_NUMBER"),
    "strasse": (lambda rng: f"Pat. aus Paulo-Schleich-Straße {rng.randint(1, 99)}, stabil", "STREET_ADDRESS"),
    "rue": (lambda rng: f"demeurant {rng.randint(1, 99)}, rue de la Paix", "STREET_ADDRESS"),
    "calle_labelled": (lambda rng: f"domicilio: Calle Mayor {rng.randint(1, 99)}", "STREET_ADDRESS"),
    "via_labelled": (lambda rng: f"residente in Via Roma {rng.randint(1, 99)}", "STREET_ADDRESS"),
    "weg_labelled": (lambda rng: f"wohnhaft Lindenweg {rng.randint(1, 99)}a", "STREET_ADDRESS"),
}


@pytest.mark.parametrize("case", sorted(POSITIVE))
def test_identifier_inside_a_few_notes(case):
    hidden, entity = POSITIVE[case]
    rng = random.Random(f"{case}-20261126")
    values = [hidden(rng) if rng.random() < SHARE else rng.choice(NOTES) for _ in range(ROWS)]
    finding = detect(pl.DataFrame({"f7": values}), use_presidio=False)["f7"]
    assert finding.category == "direct_identifier"
    assert entity in finding.entities


LOOK_ALIKES = (
    "Arbeitsplatz 3 Wochen gemieden", "Rückweg 2 km zu Fuß", "Hering 2x pro Woche", "Station 4, Zimmer 12",
    "Via Oral 3 comprimidos", "vía oral 2 veces al día", "sin cambios desde 2019", "12 place disponibles",
    "Via Endovenosa 2 flaconi", "CF 3 cicli", "NIE 2 days", "BSN 4 follow up", "RR 130/85, HF 72",
)


def test_notes_that_only_look_like_those_forms_hold_no_identifier():
    rng = random.Random(20261126)
    values = [f"{rng.choice(LOOK_ALIKES)} #{rng.randint(1, 999)}" for _ in range(ROWS)]
    finding = detect(pl.DataFrame({"notes": values}), use_presidio=False)["notes"]
    assert set(finding.entities) <= {"FREE_TEXT"}
