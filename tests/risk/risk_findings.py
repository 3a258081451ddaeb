"""Hand-made findings for risk tests: the detectors' output without running the detectors."""

from __future__ import annotations

from minlint.model import ColumnFinding, Detection

QUASI = "quasi_identifier"
DIRECT = "direct_identifier"
HEALTH = "health"
GENOMIC = "genomic"


def finding(column: str, category: str, *entities: str, dtype: str = "String") -> ColumnFinding:
    detections = tuple(Detection(column, entity, category, 0.95, ("test",)) for entity in entities)
    return ColumnFinding(column, dtype, category, detections)


def plain(column: str, dtype: str = "String") -> ColumnFinding:
    return ColumnFinding(column, dtype, "none")
