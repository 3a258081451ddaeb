"""Masked examples for `--show-examples`: enough shape to recognise a value, never the value."""

from __future__ import annotations

VISIBLE_TAIL = 4  # like a card receipt: the last four digits of long identifier numbers
_MIN_ALNUM_FOR_TAIL = 9  # the tail is then under half of the value


# A masked blob (a base64 photo, a template) adds nothing past its first characters, and the
# places of its separators would still say a little about the bytes.
MAX_MASKED_CHARS = 32


def mask_value(value: str) -> str:
    """`123-45-6789` -> `***-**-6789`; `jane@example.org` -> `****@*******.***`.

    Letters and digits become `*`; separators keep the shape. Only identifier numbers (at least
    9 letters and digits, mostly digits: SSNs, phones, cards, MRNs) keep their last four, as a
    receipt does. Words keep nothing: the last four letters of a name or a street ("*****ndro")
    are most of what makes it recognisable.
    """
    if len(value) > MAX_MASKED_CHARS:
        return "*" * MAX_MASKED_CHARS + "..."
    alnum_positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    digits = sum(1 for i in alnum_positions if value[i].isdigit())
    is_number = len(alnum_positions) >= _MIN_ALNUM_FOR_TAIL and digits * 2 > len(alnum_positions)
    keep = set(alnum_positions[-VISIBLE_TAIL:]) if is_number else set()
    return "".join(ch if (not ch.isalnum() or i in keep) else "*" for i, ch in enumerate(value))
