"""`--show-examples` masking: identifier numbers keep a receipt-style tail, words keep nothing."""

from __future__ import annotations

import pytest

from minlint.mask import mask_value


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("123-45-6789", "***-**-6789"),  # SSN: the documented example
        ("+49 30 1234567", "+** ** ***4567"),
        ("4111 1111 1111 1111", "**** **** **** 1111"),
        ("DE89370400440532013000", "******************3000"),  # IBAN: mostly digits
        ("Alejandro", "*********"),  # a name keeps no letters
        ("jane.doe@example.org", "****.***@*******.***"),
        ("12 Baker Street", "** ***** ******"),
        ("12345", "*****"),  # too short for a tail to be a small share
        ("", ""),
    ],
)
def test_masked_shapes(value, masked):
    assert mask_value(value) == masked


def test_long_values_are_cut_to_their_length():
    photo = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwc"
    assert mask_value(photo) == "*" * 32 + "..."
