"""The date a scan is judged on: today, or the one ``SOURCE_DATE_EPOCH`` gives.

Two checks depend on it: waivers expire, and a birth year means an age over 89 only relative
to a date. ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) pins
it, so a report regenerated later, or a test run next year, says the same thing.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from minlint.errors import ConfigError

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def today() -> date:
    """The UTC date of ``SOURCE_DATE_EPOCH`` when it is set; else the local date."""
    pinned = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not pinned:
        return date.today()
    try:
        return datetime.fromtimestamp(int(pinned), tz=timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"{EPOCH_VARIABLE}: not a number of seconds since 1970: {pinned[:40]!r}") from None
