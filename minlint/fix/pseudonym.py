"""Keyed pseudonyms and per-person date offsets: HMAC-SHA-256 (RFC 2104) over distinct values.

A pseudonym lets a recipient link a person's rows without learning who the person is; only the
holder of the key can recompute it (HIPAA's re-identification code kept secret by the covered
entity, 45 CFR 164.514(c); GDPR Art. 4(5) "additional information kept separately"). The key is
read from an environment variable or a file, never written anywhere, and never echoed.

HMAC is computed once per *distinct* value: the inner and outer SHA-256 states of the key are
prepared once (RFC 2104: H(K ^ opad || H(K ^ ipad || m))) and copied per value, which is what
``hmac.digest`` would redo per call. The result is joined back to the rows by polars.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl

from minlint.errors import ConfigError

DEFAULT_KEY_ENV = "MINLINT_PSEUDONYM_KEY"
# NIST SP 800-107 r1 section 5.3.4: an HMAC key shorter than half the hash output weakens it.
MIN_KEY_BYTES = 16
_BLOCK = 64  # SHA-256 block size in bytes
# Domain separation: the same key never yields the same bytes for two purposes.
PSEUDONYM_DOMAIN = b"minlint:pseudonym:v1\x00"
DATE_SHIFT_DOMAIN = b"minlint:date-shift:v1\x00"


def load_key(key_env: str = DEFAULT_KEY_ENV, key_file: Path | None = None) -> bytes:
    """The pseudonymisation key from ``key_file`` if given, else from ``$key_env``; ConfigError if absent."""
    if key_file is not None:
        try:
            key = Path(key_file).read_bytes().rstrip(b"\r\n")
        except OSError as error:
            raise ConfigError(f"--key-file {key_file}: cannot read the key ({error.strerror})") from None
        source = f"--key-file {key_file}"
    else:
        key = os.environ.get(key_env, "").encode("utf-8")
        source = f"environment variable {key_env}"
        if not key:
            raise ConfigError(
                f"{source} is not set: pseudonymising needs a secret key (or give --key-file)"
            )
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"{source}: the key must be at least {MIN_KEY_BYTES} bytes long")
    return key


@dataclass(frozen=True)
class _KeyStates:
    inner: "hashlib._Hash"
    outer: "hashlib._Hash"


def _key_states(key: bytes) -> _KeyStates:
    block = hashlib.sha256(key).digest() if len(key) > _BLOCK else key
    block = block.ljust(_BLOCK, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
    return _KeyStates(inner, outer)


def _hmac_function(key: bytes, domain: bytes) -> Callable[[bytes], bytes]:
    """m -> HMAC-SHA-256(key, domain || m), with the key's states prepared once."""
    states = _key_states(key)
    prefixed = states.inner.copy()
    prefixed.update(domain)
    inner_copy, outer_copy = prefixed.copy, states.outer.copy

    def one(message: bytes) -> bytes:
        inner = inner_copy()
        inner.update(message)
        result = outer_copy()
        result.update(inner.digest())
        return result.digest()

    return one


def hmac_digests(key: bytes, messages: list[bytes], domain: bytes) -> list[bytes]:
    """HMAC-SHA-256(key, domain || m) for every message (equal to ``hmac.digest``)."""
    return list(map(_hmac_function(key, domain), messages))


def _as_text(values: pl.Series) -> pl.Series:
    """The key values as text: integers and strings alike, so 17 and "17" are the same person."""
    return values if values.dtype == pl.String else values.cast(pl.String)


def pseudonym_table(key: bytes, values: pl.Series) -> pl.DataFrame:
    """Distinct non-null ``values`` (as text) and their 64-hex-digit HMAC pseudonyms, sorted."""
    return _pseudonyms_of(key, _as_text(values).drop_nulls().unique().sort())


def _pseudonyms_of(key: bytes, distinct: pl.Series) -> pl.DataFrame:
    digests = hmac_digests(key, distinct.cast(pl.Binary).to_list(), PSEUDONYM_DOMAIN)
    pseudonyms = pl.Series(digests, dtype=pl.Binary).bin.encode("hex")
    return pl.DataFrame({"value": distinct, "pseudonym": pseudonyms})


def pseudonym_column(key: bytes, values: pl.Series) -> pl.Series:
    """Each row's pseudonym (null stays null): the same strings ``pseudonym_table`` maps to.

    HMAC runs once per distinct value. When every value is distinct (a person key in a table of
    persons) the rows are hashed in place, with no table to build and join back.
    """
    text = _as_text(values)
    present = text.drop_nulls()
    # Distinct hashes prove distinct values (cheaper than `unique()` on two million strings).
    if present.hash(seed=0).n_unique() < present.len():
        table = _pseudonyms_of(key, present.unique())
        return text.replace_strict(
            table.get_column("value"), table.get_column("pseudonym"), default=None, return_dtype=pl.String
        ).alias(values.name)
    digests = pl.Series(hmac_digests(key, present.cast(pl.Binary).to_list(), PSEUDONYM_DOMAIN), dtype=pl.Binary)
    pseudonyms = digests.bin.encode("hex")
    if text.null_count():
        pseudonyms = pl.Series([None] * text.len(), dtype=pl.String).scatter(text.is_not_null().arg_true(), pseudonyms)
    return pseudonyms.alias(values.name)


def date_offset_table(key: bytes, values: pl.Series, max_days: int) -> pl.DataFrame:
    """Distinct non-null ``values`` and a keyed offset in [-max_days, max_days], never 0."""
    distinct = _as_text(values).drop_nulls().unique().sort()
    digests = hmac_digests(key, distinct.cast(pl.Binary).to_list(), DATE_SHIFT_DOMAIN)
    span = 2 * max_days
    # The first 8 bytes as an unsigned integer; modulo bias is below 2^-50 for any sane span.
    raw = [int.from_bytes(d[:8], "big") % span for d in digests]
    # 0..span-1 -> -max_days..-1, 1..max_days: a zero shift would leave the true date.
    offsets = [r - max_days if r < max_days else r - max_days + 1 for r in raw]
    return pl.DataFrame({"value": distinct, "offset": pl.Series(offsets, dtype=pl.Int32)})


def pseudonymise_expr(column: str, table: pl.DataFrame) -> pl.Expr:
    """``column`` replaced by its pseudonym (null stays null), as a streaming-safe expression."""
    return (
        pl.col(column)
        .cast(pl.String)
        .replace_strict(table.get_column("value"), table.get_column("pseudonym"), default=None, return_dtype=pl.String)
        .alias(column)
    )
