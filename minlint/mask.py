"""Masked examples for `--show-examples`: enough shape to recognise a value, never the value."""

from __future__ import annotations

VISIBLE_TAIL = 4  # like a card receipt: the last four characters of long identifiers


def mask_value(value: str) -> str:
    """`123-45-6789` -> `***-**-6789`; `jane@example.org` -> `****@*******.org`-like shapes.

    Letters and digits become `*` except the last four of values long enough to keep them
    (at least 9 alphanumerics, so the tail is a small share); separators keep the shape.
    """
    alnum_positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep = set(alnum_positions[-VISIBLE_TAIL:]) if len(alnum_positions) >= 9 else set()
    return "".join(ch if (not ch.isalnum() or i in keep) else "*" for i, ch in enumerate(value))
