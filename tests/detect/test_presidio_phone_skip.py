"""Presidio's phone recognizer (libphonenumber's matcher, once per region) runs only on chunks
of sampled values that hold six digits: nothing shorter is a phone number in its regions."""

from __future__ import annotations

from minlint.detect import presidio_engine
from minlint.detect.registry import ALL_SPECS


def test_phone_numbers_are_asked_for_only_where_six_digits_are():
    engine = presidio_engine.analyzer(None, ALL_SPECS)
    without = presidio_engine._entities_for(engine, "Ann Smith\nann@example.org\nSKU-1234")
    with_digits = presidio_engine._entities_for(engine, "Ann Smith\ncall (030) 12 34")
    assert "PHONE_NUMBER" not in without and "EMAIL_ADDRESS" in without
    assert "PHONE_NUMBER" in with_digits


def test_a_phone_number_in_the_sample_is_still_found():
    sample = tuple(f"Ann Smith, tel +44 20 7946 0{n:03d}" for n in range(10)) + ("no phone here",) * 10
    hits = presidio_engine.analyse_sample("contact", sample, ALL_SPECS)
    assert [h.values for h in hits if h.entity == "PHONE_NUMBER"] == [10]
