"""GDPR Art. 9 special categories beyond health, genetic, biometric and ethnic data: religion
and sexual orientation, by the words a column of them is made of, in several languages; they
are special-category data to `gdpr-transfer`. A column of only `other` and `none` says nothing."""

from __future__ import annotations

import random

import polars as pl
from helpers import detect

from minlint.scan import ScanOptions, scan_paths

ROWS = 2000


def _choices(seed: int, words: list[str]) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(words) for _ in range(ROWS)]


def test_religion_and_sexual_orientation_columns_under_any_name():
    frame = pl.DataFrame(
        {
            "c1": _choices(1, ["Catholic", "Protestant", "Muslim", "Jewish", "Hindu", "No religion", "Other"]),
            "konfession": _choices(2, ["katholisch", "evangelisch", "konfessionslos", "muslimisch"]),
            "c2": _choices(3, ["Heterosexual", "Gay or lesbian", "Bisexual", "Prefer not to say"]),
            "c3": _choices(4, ["other", "none", "unknown"]),
        }
    )
    findings = detect(frame, use_presidio=False)
    assert findings["c1"].entities == findings["konfession"].entities == ("RELIGION",)
    assert findings["c2"].entities == ("SEXUAL_ORIENTATION",)
    assert findings["c1"].category == "sensitive"
    assert findings["c3"].category == "none"


def test_religion_is_special_category_data_to_gdpr_transfer(tmp_path):
    path = tmp_path / "survey.parquet"
    pl.DataFrame({"c1": _choices(5, ["Catholic", "Muslim", "Jewish", "Buddhist"])}).write_parquet(path)
    report = scan_paths([str(path)], ScanOptions(policies=("gdpr-transfer",), destination="CN", use_presidio=False))
    assert ("GDPR-TRANSFER-SPECIAL", "c1") in [(v.rule_id, v.column) for v in report.violations]
