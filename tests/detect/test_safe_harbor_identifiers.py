"""The Safe Harbor identifiers that had rules but no detector: fax numbers (E), licence and
certificate numbers (K), vehicle identifiers (L), biometric identifiers (P) and full-face
photographs (Q), 45 CFR 164.514(b)(2)(i); with the look-alikes that must stay `none`.

Each column's category and entities are exact. Data come from fixed seeds.
"""

from __future__ import annotations

import base64
import hashlib
import random
import string
import uuid

import polars as pl
import pytest
from helpers import detect

from minlint.detect import validators
from minlint.scan import ScanOptions, scan_paths

ROWS = 2000
SEED = 20261126
_VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_MODEL_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # position 10: never U, Z or 0
_PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# Area codes in service: a random NPA is often unassigned, and phonenumbers rejects it.
_US_AREA_CODES = (212, 303, 312, 415, 617, 646, 206, 718, 404, 713)


def _entities(findings, column: str) -> tuple[str, tuple[str, ...]]:
    finding = findings[column]
    return finding.category, tuple(sorted(finding.entities))


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _vin(rng: random.Random) -> str:
    """A VIN with a valid model year and check digit (ISO 3779, 49 CFR 565.15)."""
    body = "".join(rng.choice(_VIN_CHARACTERS) for _ in range(17))
    body = body[:9] + rng.choice(_MODEL_YEARS) + body[10:]
    return body[:8] + validators.vin_check_digit(body) + body[9:]


def _vin_with_a_wrong_check_digit(rng: random.Random) -> str:
    vin = _vin(rng)
    wrong = rng.choice([c for c in "0123456789X" if c != vin[8]])
    return vin[:8] + wrong + vin[9:]


def _us_phone(rng: random.Random) -> str:
    return f"+1 {rng.choice(_US_AREA_CODES)} {rng.randint(201, 989)} {rng.randint(1000, 9999)}"


def _berlin_phone(rng: random.Random) -> str:
    return f"030 {rng.randint(2000000, 9999999)}"


def _paris_fax(rng: random.Random) -> str:
    return "01 " + " ".join(f"{rng.randint(10, 99)}" for _ in range(4))


def _dea(rng: random.Random) -> str:
    """A DEA registration number whose seventh digit is its checksum (21 CFR 1301)."""
    d = [rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return rng.choice("ABFM") + rng.choice(_PLATE_LETTERS) + "".join(map(str, d)) + str(check)


def _jpeg(rng: random.Random) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00" + rng.randbytes(rng.randint(150, 400))


def _png(rng: random.Random) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(rng.randint(150, 400))


def _gif(rng: random.Random) -> bytes:
    return b"GIF89a\x10\x00\x10\x00" + rng.randbytes(rng.randint(150, 400))


def _webp(rng: random.Random) -> bytes:
    payload = rng.randbytes(rng.randint(150, 400))
    return b"RIFF" + (len(payload) + 4).to_bytes(4, "little") + b"WEBPVP8 " + payload


def _heic(rng: random.Random) -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + rng.randbytes(rng.randint(150, 400))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def findings():
    rng = random.Random(SEED)
    n = range(ROWS)
    frame = pl.DataFrame({
        # (E) fax numbers under fax names, in several languages and formats
        "fax": [_berlin_phone(rng) for _ in n],
        "telefax": [_us_phone(rng) for _ in n],
        "fax_nummer": [f"+49 89 {rng.randint(1000000, 9999999)}" for _ in n],
        "télécopie": [_paris_fax(rng) for _ in n],
        "n_fax": [_us_phone(rng) for _ in n],
        "phone": [_us_phone(rng) for _ in n],
        "fax_opt_in": [rng.choice(("Y", "N")) for _ in n],
        "fax_opt_in_flag": [rng.random() < 0.5 for _ in n],
        "notes": [
            f"Records requested by the referring office, Fax: {_berlin_phone(rng)}, reply within a week"
            if i % 50 == 0 else rng.choice(("No change since last visit, continue as planned",
                                            "Discussed results with the family over the phone"))
            for i in n
        ],
        # (L) VINs by value under a cryptic name; licence plates under plate names
        "c01": [_vin(rng) for _ in n],
        "license_plate": [f"{rng.randint(1, 9)}{''.join(rng.choices(_PLATE_LETTERS, k=3))}{_digits(rng, 3)}" for _ in n],
        "kennzeichen": [f"{rng.choice(('B', 'M', 'HH', 'K', 'S'))}-{''.join(rng.choices(_PLATE_LETTERS, k=2))} {rng.randint(1, 9999)}" for _ in n],
        "immatriculation": [f"{''.join(rng.choices(_PLATE_LETTERS, k=2))}-{_digits(rng, 3)}-{''.join(rng.choices(_PLATE_LETTERS, k=2))}" for _ in n],
        "matricula": [f"{_digits(rng, 4)} {''.join(rng.choices('BCDFGHJKLMNPRSTVWXYZ', k=3))}" for _ in n],
        "targa": [f"{''.join(rng.choices(_PLATE_LETTERS, k=2))} {_digits(rng, 3)} {''.join(rng.choices(_PLATE_LETTERS, k=2))}" for _ in n],
        "kenteken": [f"{_digits(rng, 2)}-{''.join(rng.choices(_PLATE_LETTERS, k=3))}-{rng.randint(1, 9)}" for _ in n],
        # (K) licence and certificate numbers by name; DEA numbers by their checksum
        "license_no": [f"MD{_digits(rng, 6)}" for _ in n],
        "certificate_no": [f"BC-{rng.randint(2000, 2024)}-{_digits(rng, 6)}" for _ in n],
        "permis": [f"{_digits(rng, 2)}{''.join(rng.choices(_PLATE_LETTERS, k=2))}{_digits(rng, 5)}" for _ in n],
        "driver_license_number": [f"D{_digits(rng, 7)}" for _ in n],
        "führerschein": [f"B{_digits(rng, 3)}{''.join(rng.choices(_PLATE_LETTERS + string.digits, k=6))}" for _ in n],
        "c02": [_dea(rng) for _ in n],
        # (P) biometric templates, samples and embeddings under biometric names
        "fingerprint": [_b64(rng.randbytes(rng.randint(300, 600))) for _ in n],
        "voiceprint": [rng.randbytes(256).hex() for _ in n],
        "face_embedding": ["[" + ", ".join(f"{rng.uniform(-1, 1):.5f}" for _ in range(128)) + "]" for _ in n],
        "minutiae": ["; ".join(f"{rng.randint(0, 511)}" for _ in range(48)) for _ in n],
        "voice_sample_path": [f"/data/voice/{rng.getrandbits(32):08x}.wav" for _ in n],
        "fingerprint_file": [f"prints/{rng.getrandbits(32):08x}_r1.wsq" for _ in n],
        "fingerprint_on_file": [rng.random() < 0.7 for _ in n],
        "fingerprint_captured": [rng.choice(("yes", "no", "refused")) for _ in n],
        "file_fingerprint": [hashlib.sha256(rng.randbytes(16)).hexdigest() for _ in n],
        # (Q) images by their leading bytes (base64, data URI, hex) and image files by name
        "photo": [_b64(_jpeg(rng)) for _ in n],
        "c03": [_b64(_png(rng)) for _ in n],
        "c04": [f"data:image/webp;base64,{_b64(_webp(rng))}" for _ in n],
        "c05": [_b64(_heic(rng)) for _ in n],
        "c06": ["\\x" + _gif(rng).hex() for _ in n],
        "c07": [base64.encodebytes(_jpeg(rng)).decode() for _ in n],  # MIME: a line break every 76
        "portrait": [f"portraits/{uuid.UUID(int=rng.getrandbits(128))}.heic" for _ in n],
        "photo_url": [f"https://photos.example-clinic.org/p/{rng.getrandbits(40):x}.jpg" for _ in n],
        # look-alikes: none
        "photo_hash": [hashlib.sha256(rng.randbytes(16)).hexdigest() for _ in n],
        "photo_count": [rng.randint(0, 12) for _ in n],
        "c08": [_vin_with_a_wrong_check_digit(rng) for _ in n],
        "c09": ["".join(rng.choices(_VIN_CHARACTERS, k=17)) for _ in n],
        "sku": [f"SKU-{_digits(rng, 5)}-{''.join(rng.choices(_PLATE_LETTERS, k=2))}" for _ in n],
        "order_code": [f"ORD{rng.randint(2019, 2025)}{''.join(rng.choices(_PLATE_LETTERS, k=2))}{_digits(rng, 10)}" for _ in n],
        "serial": [f"SN{_digits(rng, 4)}-{''.join(rng.choices(_PLATE_LETTERS + string.digits, k=8))}" for _ in n],
        "uuid": [str(uuid.UUID(int=rng.getrandbits(128))) for _ in n],
        "c10": [_b64(rng.randbytes(rng.randint(150, 400))) for _ in n],  # a blob, no image
    })
    return detect(frame, use_presidio=False)


DIRECT = "direct_identifier"


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("fax", (DIRECT, ("FAX_NUMBER",))),
        ("telefax", (DIRECT, ("FAX_NUMBER",))),
        ("fax_nummer", (DIRECT, ("FAX_NUMBER",))),
        ("télécopie", (DIRECT, ("FAX_NUMBER",))),
        ("n_fax", (DIRECT, ("FAX_NUMBER",))),
        ("phone", (DIRECT, ("PHONE_NUMBER",))),
        ("notes", (DIRECT, ("FAX_NUMBER", "FREE_TEXT"))),
        ("c01", (DIRECT, ("VEHICLE_ID",))),
        ("license_plate", (DIRECT, ("VEHICLE_ID",))),
        ("kennzeichen", (DIRECT, ("VEHICLE_ID",))),
        ("immatriculation", (DIRECT, ("VEHICLE_ID",))),
        ("matricula", (DIRECT, ("VEHICLE_ID",))),
        ("targa", (DIRECT, ("VEHICLE_ID",))),
        ("kenteken", (DIRECT, ("VEHICLE_ID",))),
        ("license_no", (DIRECT, ("LICENSE_NUMBER",))),
        ("certificate_no", (DIRECT, ("LICENSE_NUMBER",))),
        ("permis", (DIRECT, ("LICENSE_NUMBER",))),
        ("driver_license_number", (DIRECT, ("US_DRIVER_LICENSE",))),
        ("führerschein", (DIRECT, ("US_DRIVER_LICENSE",))),
        ("c02", (DIRECT, ("US_DEA",))),
        ("fingerprint", (DIRECT, ("BIOMETRIC",))),
        ("voiceprint", (DIRECT, ("BIOMETRIC",))),
        ("face_embedding", (DIRECT, ("BIOMETRIC",))),
        ("minutiae", (DIRECT, ("BIOMETRIC",))),
        ("voice_sample_path", (DIRECT, ("BIOMETRIC",))),
        ("fingerprint_file", (DIRECT, ("BIOMETRIC",))),
        ("photo", (DIRECT, ("FACE_IMAGE",))),
        ("c03", (DIRECT, ("FACE_IMAGE",))),
        ("c04", (DIRECT, ("FACE_IMAGE",))),
        ("c05", (DIRECT, ("FACE_IMAGE",))),
        ("c06", (DIRECT, ("FACE_IMAGE",))),
        ("c07", (DIRECT, ("FACE_IMAGE",))),
        ("portrait", (DIRECT, ("FACE_IMAGE",))),
        # A photo's URL is a web URL (N) and points at the photograph (Q): both rules apply.
        ("photo_url", (DIRECT, ("FACE_IMAGE", "URL"))),
    ],
)
def test_each_safe_harbor_identifier_is_found(findings, column, expected):
    assert _entities(findings, column) == expected


@pytest.mark.parametrize(
    "column",
    [
        "fax_opt_in", "fax_opt_in_flag",  # consent flags, not numbers
        "fingerprint_on_file", "fingerprint_captured",  # whether a print exists, not the print
        "file_fingerprint",  # a SHA-256 digest is 32 bytes: no template is that short
        "photo_hash",  # a digest of a photo shows no face and cannot be turned back into one
        "photo_count",
        "c08", "c09",  # 17 characters failing the VIN check digit
        "sku", "order_code", "serial", "uuid",
        "c10",  # base64 of bytes that are no image, under no biometric name
    ],
)
def test_look_alikes_stay_none(findings, column):
    assert _entities(findings, column) == ("none", ())


def test_a_fax_label_in_text_is_counted_in_its_rows(findings):
    evidence = {d.entity: d.evidence for d in findings["notes"].detections}
    assert evidence["FAX_NUMBER"] == ("search:40 rows (2%)",)


def test_vins_are_read_by_check_digit_not_by_shape(findings):
    evidence = {d.entity: d.evidence for d in findings["c01"].detections}
    assert evidence["VEHICLE_ID"] == ("pattern:100%", "valid:100%")


def test_vin_check_digit_matches_published_examples():
    # 1M8GDM9AXKP042788 is the worked example of the check digit (X); the others are real
    # vehicles' VINs; the last two alter one character of a valid VIN.
    assert [validators.vin(v) for v in ("1M8GDM9AXKP042788", "1HGCM82633A004352", "JH4KA7561PC008269")] == [True] * 3
    assert validators.vin("1M8GDM9AXKP042789") is False
    assert validators.vin("1HGCM82633A0O4352") is False  # O is not a VIN character
    assert validators.vin_check_digit("1M8GDM9A_KP042788".replace("_", "X")) == "X"


def test_a_vin_without_a_north_american_model_year_passes_on_its_check_digit():
    # Position 10 is `0`, `U` or `Z`: no North American model year, as European makers and
    # Faker's vin() write one VIN in eleven.
    for body in ("1HGCM826303004352", "WVWZZZ1JZU3004352", "VF1AB000Z12345678"):
        fixed = body[:8] + validators.vin_check_digit(body) + body[9:]
        assert validators.vin(fixed) is True
        assert validators.vin(fixed[:8] + ("1" if fixed[8] != "1" else "2") + fixed[9:]) is False


def test_a_few_vins_among_unknowns_are_found_by_their_check_digit():
    rng = random.Random(SEED + 1)
    values = [_vin(rng) if i % 40 == 0 else "pending" for i in range(ROWS)]
    findings = detect(pl.DataFrame({"c01": values}), use_presidio=False)
    assert _entities(findings, "c01") == (DIRECT, ("VEHICLE_ID",))
    assert findings["c01"].detections[0].evidence[0] == "rare:2.5%"


def test_fax_with_presidio_stays_fax_and_text_gains_no_phone():
    rng = random.Random(SEED + 2)
    frame = pl.DataFrame({
        "office_fax": [_berlin_phone(rng) for _ in range(ROWS)],
        "comments": [
            f"Send the signed consent form back by fax: {_berlin_phone(rng)} before the appointment"
            if i % 100 == 0 else "Thanks for the quick reply, we will call again next month about it"
            for i in range(ROWS)
        ],
    })
    findings = detect(frame)
    assert _entities(findings, "office_fax") == (DIRECT, ("FAX_NUMBER",))
    assert _entities(findings, "comments") == (DIRECT, ("FAX_NUMBER", "FREE_TEXT"))


def test_binary_images_in_parquet_are_read_by_their_magic_bytes(tmp_path):
    rng = random.Random(SEED + 3)
    n = range(ROWS)
    pl.DataFrame({
        "c01": [_jpeg(rng) for _ in n],
        "c02": [_png(rng) for _ in n],
        "c03": [_webp(rng) for _ in n],
        "c04": [_heic(rng) for _ in n],
        "c05": [_gif(rng) for _ in n],
        "fingerprint_template": [_png(rng) for _ in n],  # a scanned print: biometric, not a face
        "c06": [rng.randbytes(rng.randint(20, 300)) for _ in n],  # compressed bytes, no image
        "sex": [rng.choice("FM") for _ in n],
    }, schema_overrides={"sex": pl.String}).write_parquet(tmp_path / "images.parquet")
    report = scan_paths([str(tmp_path / "images.parquet")], ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False))
    columns = {c.column: (c.category, tuple(sorted(c.entities))) for c in report.datasets[0].columns}
    assert columns == {
        "c01": (DIRECT, ("FACE_IMAGE",)),
        "c02": (DIRECT, ("FACE_IMAGE",)),
        "c03": (DIRECT, ("FACE_IMAGE",)),
        "c04": (DIRECT, ("FACE_IMAGE",)),
        "c05": (DIRECT, ("FACE_IMAGE",)),
        "fingerprint_template": (DIRECT, ("BIOMETRIC",)),
        "c06": ("none", ()),
        "sex": ("quasi_identifier", ("SEX",)),
    }
    assert sorted((v.rule_id, v.column) for v in report.violations if v.severity == "error") == [
        ("HIPAA-SH-BIOMETRIC", "fingerprint_template"),
        ("HIPAA-SH-PHOTO", "c01"), ("HIPAA-SH-PHOTO", "c02"), ("HIPAA-SH-PHOTO", "c03"),
        ("HIPAA-SH-PHOTO", "c04"), ("HIPAA-SH-PHOTO", "c05"),
    ]


def test_dea_numbers_after_their_label_in_text_are_found_by_checksum():
    rng = random.Random(SEED + 4)
    valid = [_dea(rng) for _ in range(30)]
    wrong = [v[:-1] + str((int(v[-1]) + 1) % 10) for v in (_dea(rng) for _ in range(30))]
    filler = ("Refill authorised for thirty days, patient counselled on side effects",
              "Prescription renewed at the same dose after review of the chart")

    def notes(numbers: list[str]) -> list[str]:
        return [f"Prescriber DEA# {numbers[i // 50]} signed the order for the controlled drug"
                if i % 50 == 0 and i // 50 < len(numbers) else filler[i % 2] for i in range(ROWS)]

    findings = detect(pl.DataFrame({"rx_notes": notes(valid), "wrong_checksum": notes(wrong)}), use_presidio=False)
    assert _entities(findings, "rx_notes") == (DIRECT, ("FREE_TEXT", "US_DEA"))
    assert {d.entity: d.evidence for d in findings["rx_notes"].detections}["US_DEA"] == ("search:30 rows (1.5%)",)
    assert _entities(findings, "wrong_checksum") == ("sensitive", ("FREE_TEXT",))
