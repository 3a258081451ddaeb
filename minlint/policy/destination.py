"""Country codes: the destination of an export and the origin of its data (ISO 3166-1 alpha-2)."""

from __future__ import annotations

import pycountry

from minlint.errors import PolicyError


def is_country_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (any case); pycountry's offline table."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def validate_destination(code: str | None, setting: str = "--destination") -> str | None:
    """The upper-case ISO 3166-1 alpha-2 code, None for None; PolicyError naming ``setting``."""
    if code is None:
        return None
    stripped = code.strip()
    if not is_country_code(stripped):
        raise PolicyError(f"{setting} {stripped}: unknown country code (expected ISO 3166-1 alpha-2, e.g. US, DE, CN)")
    return stripped.upper()


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper())
    return country.name if country is not None else code
