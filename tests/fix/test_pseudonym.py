"""Keyed pseudonyms: RFC 2104 HMAC-SHA-256, stable per key, different across keys."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minlint.errors import ConfigError
from minlint.fix.pseudonym import (
    PSEUDONYM_DOMAIN,
    date_offset_table,
    hmac_digests,
    load_key,
    pseudonym_column,
    pseudonym_table,
    pseudonymise_expr,
)

KEY_A = b"first-secret-key-0123456789"
KEY_B = b"second-secret-key-0123456789"


def test_digests_equal_the_standard_library_hmac_including_long_keys():
    long_key = b"k" * 100  # longer than the SHA-256 block: hashed first (RFC 2104)
    for key in (KEY_A, long_key):
        ours = hmac_digests(key, [b"P000001", b""], PSEUDONYM_DOMAIN)
        assert ours == [hmac.digest(key, PSEUDONYM_DOMAIN + m, hashlib.sha256) for m in (b"P000001", b"")]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=30, unique=True))
def test_pseudonyms_are_stable_for_a_key_and_differ_across_keys(values):
    series = pl.Series(values)
    first = pseudonym_table(KEY_A, series)
    again = pseudonym_table(KEY_A, series.reverse())
    other = pseudonym_table(KEY_B, series)
    assert first.equals(again)
    assert set(first.get_column("pseudonym")).isdisjoint(set(other.get_column("pseudonym")))
    assert first.get_column("pseudonym").str.len_chars().to_list() == [64] * len(values)
    assert set(first.get_column("pseudonym")).isdisjoint(set(values))


def test_date_offsets_stay_within_range_and_are_never_zero():
    table = date_offset_table(KEY_A, pl.Series([f"P{i}" for i in range(500)]), 30)
    offsets = table.get_column("offset")
    assert offsets.min() >= -30 and offsets.max() <= 30
    assert 0 not in offsets.to_list()


def test_missing_key_is_a_config_error_naming_the_variable(monkeypatch):
    monkeypatch.delenv("MINLINT_TEST_KEY", raising=False)
    with pytest.raises(ConfigError, match="MINLINT_TEST_KEY is not set"):
        load_key("MINLINT_TEST_KEY")


def test_short_key_is_refused_and_key_file_is_read_without_newline(tmp_path, monkeypatch):
    monkeypatch.setenv("MINLINT_TEST_KEY", "short")
    with pytest.raises(ConfigError, match="at least 16 bytes"):
        load_key("MINLINT_TEST_KEY")
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY_A + b"\n")
    assert load_key("MINLINT_TEST_KEY", key_file) == KEY_A


@pytest.mark.parametrize(
    "values",
    [["P1", "P2", "P3"], ["P1", None, "P2", None], ["P1", "P2", "P1", None], [17, 18, 17], [None, None], []],
    ids=["distinct", "distinct-with-nulls", "repeated", "integers", "only-nulls", "empty"],
)
def test_row_pseudonyms_equal_the_table_joined_back(values):
    series = pl.Series("patient_id", values, dtype=pl.Int64 if values and isinstance(values[0], int) else pl.String)
    joined = series.to_frame().select(pseudonymise_expr("patient_id", pseudonym_table(KEY_A, series))).to_series()
    rows = pseudonym_column(KEY_A, series)
    assert rows.name == "patient_id" and rows.dtype == pl.String
    assert rows.to_list() == joined.to_list()
    assert rows.null_count() == series.null_count()
    expected = [None if v is None else hmac.new(KEY_A, PSEUDONYM_DOMAIN + str(v).encode(), hashlib.sha256).hexdigest() for v in values]
    assert rows.to_list() == expected
