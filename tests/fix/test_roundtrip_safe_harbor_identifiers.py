"""`minlint fix` drops each Safe Harbor identifier that had no detector before (fax (E),
licence (K), vehicle (L), biometric (P), full-face photograph (Q)), and the copy passes."""

from __future__ import annotations

import random
import string

import polars as pl
import pytest

from minlint.detect import validators
from minlint.fix.fixer import FixOptions, fix_paths
from minlint.scan import ScanOptions, scan_paths

ROWS = 2000
SEED = 20261127
KEY = "fix-test-key-0123456789abcdef"
IDENTIFIERS = {
    "fax": "HIPAA-SH-FAX",
    "vin": "HIPAA-SH-VEHICLE",
    "license_plate": "HIPAA-SH-VEHICLE",
    "license_no": "HIPAA-SH-LICENSE",
    "c01": "HIPAA-SH-LICENSE",  # DEA numbers under a cryptic name
    "fingerprint": "HIPAA-SH-BIOMETRIC",
    "photo": "HIPAA-SH-PHOTO",
    "photo_file": "HIPAA-SH-PHOTO",
    "notes": "HIPAA-SH-FREE-TEXT",  # a fax number after its label in a few rows
}
_VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _vin(rng: random.Random) -> str:
    body = "".join(rng.choice(_VIN_CHARACTERS) for _ in range(17))
    body = body[:9] + rng.choice("ABCDEFGHJKLMNPRSTVWXY123456789") + body[10:]
    return body[:8] + validators.vin_check_digit(body) + body[9:]


def _dea(rng: random.Random) -> str:
    d = [rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return "B" + rng.choice(string.ascii_uppercase) + "".join(map(str, d)) + str(check)


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("MINLINT_PSEUDONYM_KEY", KEY)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    rng = random.Random(SEED)
    n = range(ROWS)
    path = tmp_path_factory.mktemp("sh_ids") / "registry.parquet"
    pl.DataFrame({
        "fax": [f"030 {rng.randint(2000000, 9999999)}" for _ in n],
        "vin": [_vin(rng) for _ in n],
        "license_plate": [f"{rng.randint(1, 9)}{''.join(rng.choices('ABCDEFGHJKLMNPRSTUVWXYZ', k=3))}{rng.randint(100, 999)}" for _ in n],
        "license_no": [f"RN{rng.randint(100000, 999999)}" for _ in n],
        "c01": [_dea(rng) for _ in n],
        "fingerprint": [rng.randbytes(rng.randint(300, 500)) for _ in n],
        "photo": [b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + rng.randbytes(rng.randint(200, 400)) for _ in n],
        "photo_file": [f"intake/{i:06d}_face.jpg" for i in n],
        "notes": [
            f"Copy of the referral sent by Fax: 030 {rng.randint(2000000, 9999999)} to the practice"
            if i % 40 == 0 else rng.choice(("Seen today, no further action needed at this time",
                                            "Letter to the family about the next appointment date"))
            for i in n
        ],
        "blob": [rng.randbytes(rng.randint(10, 60)) for _ in n],  # no identifier: stays
        "sex": [rng.choice("FM") for _ in n],
    }).write_parquet(path)
    return path


def _errors(report) -> list[tuple[str, str | None]]:
    return sorted((v.rule_id, v.column) for v in report.violations if v.severity == "error")


def test_each_new_identifier_violates_its_safe_harbor_rule(export):
    report = scan_paths([str(export)], ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False))
    # The fax number inside the notes is a fax number (E) and makes the text identifying.
    expected = [(rule, column) for column, rule in IDENTIFIERS.items()] + [("HIPAA-SH-FAX", "notes")]
    assert _errors(report) == sorted(expected)


@pytest.mark.parametrize(
    "options",
    [
        ScanOptions(policies=("hipaa-safe-harbor",), use_presidio=False),
        ScanOptions(policies=("hipaa-limited-data-set",), use_presidio=False, parameters={"data_use_agreement": True}),
    ],
    ids=["safe-harbor", "limited-data-set"],
)
def test_fix_drops_them_and_the_copy_passes(export, options, tmp_path):
    out = tmp_path / "registry.parquet"
    result = fix_paths([str(export)], FixOptions(scan=options, output=out))
    assert sorted(result.plans[0].drops) == sorted(IDENTIFIERS)
    assert _errors(scan_paths([str(out)], options)) == []
    copy = pl.read_parquet(out)
    assert copy.columns == ["blob", "sex"]
    # The binary column no detector claimed keeps every byte, as base64 text.
    original = pl.read_parquet(export, columns=["blob"]).get_column("blob")
    assert copy.height == ROWS
    assert copy.get_column("blob").str.decode("base64").to_list() == original.to_list()


def test_the_limited_data_set_names_the_photo_rule(export):
    options = ScanOptions(policies=("hipaa-limited-data-set",), use_presidio=False, parameters={"data_use_agreement": True})
    report = scan_paths([str(export)], options)
    photo = [v for v in report.violations if v.rule_id == "HIPAA-LDS-PHOTO"]
    assert [(v.column, v.citation) for v in photo] == [
        ("photo", "45 CFR 164.514(e)(2)(xvi)"), ("photo_file", "45 CFR 164.514(e)(2)(xvi)"),
    ]
