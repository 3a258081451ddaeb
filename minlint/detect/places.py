"""Dataset rule for places: latitude and longitude kept in two columns under any names.

A single column of numbers between -90 and 90 is no more a latitude than a lab value; two
neighbouring columns of numbers rounded to 4-8 decimals (metres, as geocoders and GPS
write them), one within +-90 and the other within +-180, are a position. Computed values
carry 15 or more digits and measurements one or two, which keeps both out.
"""

from __future__ import annotations

import re
from itertools import pairwise

from minlint.detect.entities import QUASI
from minlint.model import ColumnProfile, Detection
from minlint.partials import is_blank

_DECIMAL_NUMBER = re.compile(r"-?\d{1,3}\.(\d+)")
_MIN_SAMPLED = 20  # values: fewer say too little about a column's rounding
_ROUNDED_SHARE = 0.9  # of values with 4-8 decimals (6-decimal rounding leaves 40.5 one time in 100)


def _coordinates(profile: ColumnProfile) -> list[float] | None:
    """The sampled numbers of a column of coordinate-like numbers, or None."""
    if not profile.dtype.startswith(("Float", "Decimal", "String")):
        return None
    values = [v.strip() for v in profile.sample if not is_blank(v)]
    if len(values) < _MIN_SAMPLED:
        return None
    matches = [_DECIMAL_NUMBER.fullmatch(v) for v in values]
    if not all(matches):
        return None
    rounded = sum(1 for m in matches if 4 <= len(m.group(1)) <= 8)
    if rounded < _ROUNDED_SHARE * len(values):
        return None
    numbers = [float(v) for v in values]
    # A region lies on one side of the equator and of Greenwich, or the data spans the globe;
    # z-scores, effect sizes and log fold changes straddle zero closely.
    one_sided = min(numbers) >= 0 or max(numbers) <= 0
    return numbers if one_sided or max(numbers) - min(numbers) >= 45 else None


def _is_pair(latitude: list[float] | None, longitude: list[float] | None) -> bool:
    if latitude is None or longitude is None:
        return False
    north, east = max(map(abs, latitude)), max(map(abs, longitude))
    # At least 2 in size: frequencies, ratios, heights in metres and exchange rates near 1 are
    # rounded to four decimals too (a London or Accra export under cryptic names is missed).
    return 2 <= north <= 90 and 2 <= east <= 180


def coordinate_pairs(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """Neighbouring columns holding a latitude and a longitude (either order) are GEO_COORDINATE."""
    out = {column: list(detections) for column, detections in per_column.items()}
    columns = list(profiles)
    bounds = {column: _coordinates(profiles[column]) for column in columns}
    for first, second in pairwise(columns):
        if _is_pair(bounds[first], bounds[second]) or _is_pair(bounds[second], bounds[first]):
            for column in (first, second):
                if not any(d.entity == "GEO_COORDINATE" for d in out[column]):
                    out[column].append(
                        Detection(column, "GEO_COORDINATE", QUASI, 0.8, ("values:coordinate pair, 4-8 decimals",))
                    )
    return out


DATASET_RULES = (coordinate_pairs,)
