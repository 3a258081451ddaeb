"""Dataset rule for places: latitude and longitude kept in two columns under any names.

A single column of numbers between -90 and 90 is no more a latitude than a lab value; two
neighbouring columns of numbers rounded to 4-8 decimals (metres, as geocoders and GPS
write them), one within +-90 and the other within +-180, are a position. Computed values
carry 15 or more digits and measurements one or two, which keeps both out.
"""

from __future__ import annotations

import re

from minlint.detect.entities import QUASI
from minlint.model import ColumnProfile, Detection
from minlint.partials import is_blank

_DECIMAL_NUMBER = re.compile(r"-?\d{1,3}\.(\d+)")
_MIN_SAMPLED = 20  # values: fewer say too little about a column's rounding
_ROUNDED_SHARE = 0.9  # of values with 4-8 decimals (6-decimal rounding leaves 40.5 one time in 100)


def _coordinate_bound(profile: ColumnProfile) -> float | None:
    """The largest magnitude in a column of coordinate-like numbers, or None."""
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
    return max(abs(float(v)) for v in values)


def _is_pair(latitude: float | None, longitude: float | None) -> bool:
    # Not both under 1: frequencies and p-values are rounded to 4 decimals too.
    return latitude is not None and longitude is not None and latitude <= 90 and longitude <= 180 and max(latitude, longitude) > 1


def coordinate_pairs(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """Neighbouring columns holding a latitude and a longitude (either order) are GEO_COORDINATE."""
    out = {column: list(detections) for column, detections in per_column.items()}
    columns = list(profiles)
    bounds = {column: _coordinate_bound(profiles[column]) for column in columns}
    for first, second in zip(columns, columns[1:]):
        if _is_pair(bounds[first], bounds[second]) or _is_pair(bounds[second], bounds[first]):
            for column in (first, second):
                if not any(d.entity == "GEO_COORDINATE" for d in out[column]):
                    out[column].append(
                        Detection(column, "GEO_COORDINATE", QUASI, 0.8, ("values:coordinate pair, 4-8 decimals",))
                    )
    return out


DATASET_RULES = (coordinate_pairs,)
