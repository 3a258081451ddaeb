"""Dataset rule for UK Biobank extracts: columns named by a field's showcase id, not its meaning.

An extract names a column `f.31.0.0` (ukbtools, R), `31-0.0` (the raw CSV) or `p31_i0` (the
Research Analysis Platform): the field id, the visit and the array index. No synonym list reads
that, and `names.normalise` keeps only the last dotted part. Three such columns make an extract;
each field the showcase documents as a person's identifying or health data is then that entity
(https://biobank.ndph.ox.ac.uk/showcase/, field ids below). The person key, `eid`, is a person
key by name already.
"""

from __future__ import annotations

import re

from minlint.detect.entities import PII_SPECS
from minlint.detect.health import SPECS as HEALTH_SPECS
from minlint.model import ColumnProfile, Detection

_FIELD_NAME = re.compile(r"(?:f\.)?(\d{1,6})[.-]\d{1,3}\.\d{1,4}|p(\d{1,6})(?:_i\d{1,3})?(?:_a\d{1,4})?")
_MIN_FIELDS = 3
# Showcase field id: (entity, what the field holds).
_FIELDS: dict[int, tuple[str, str]] = {
    31: ("SEX", "sex"),
    22001: ("SEX", "genetic sex"),
    34: ("DATE_OF_BIRTH", "year of birth"),
    52: ("DATE_OF_BIRTH", "month of birth"),
    21022: ("AGE", "age at recruitment"),
    21003: ("AGE", "age when attended assessment centre"),
    53: ("DATE", "date of attending assessment centre"),
    40000: ("DATE", "date of death"),
    40005: ("DATE", "date of cancer diagnosis"),
    41280: ("DATE", "date of first in-patient diagnosis"),
    21000: ("ETHNICITY", "ethnic background"),
    22006: ("ETHNICITY", "genetic ethnic grouping"),
    129: ("GEO_COORDINATE", "place of birth, north co-ordinate"),
    130: ("GEO_COORDINATE", "place of birth, east co-ordinate"),
    20074: ("GEO_COORDINATE", "home location, east co-ordinate"),
    20075: ("GEO_COORDINATE", "home location, north co-ordinate"),
    40001: ("ICD10_CODE", "underlying cause of death"),
    40002: ("ICD10_CODE", "contributory causes of death"),
    40006: ("ICD10_CODE", "type of cancer"),
    41202: ("ICD10_CODE", "main in-patient diagnoses"),
    41204: ("ICD10_CODE", "secondary in-patient diagnoses"),
    41270: ("ICD10_CODE", "in-patient diagnoses"),
    20001: ("DIAGNOSIS", "cancer code, self-reported"),
    20002: ("DIAGNOSIS", "non-cancer illness code, self-reported"),
    20003: ("MEDICATION", "treatment/medication code"),
    20116: ("HEALTH_STATUS", "smoking status"),
    21001: ("VITAL_SIGN", "body mass index"),
    4079: ("VITAL_SIGN", "diastolic blood pressure"),
    4080: ("VITAL_SIGN", "systolic blood pressure"),
}
# Blood biochemistry and counts (30000-30899): a person's laboratory results.
_LAB_FIELDS = range(30000, 30900)
_CATEGORY = {spec.entity: spec.category for spec in PII_SPECS + HEALTH_SPECS}


def _field_id(column: str) -> int | None:
    match = _FIELD_NAME.fullmatch(column.strip())
    return int(match.group(1) or match.group(2)) if match else None


def _entity(field: int) -> tuple[str, str] | None:
    if field in _FIELDS:
        return _FIELDS[field]
    return ("LAB_RESULT", "blood biochemistry or count") if field in _LAB_FIELDS else None


def biobank_fields(profiles: dict[str, ColumnProfile], per_column: dict[str, list[Detection]]) -> dict[str, list[Detection]]:
    """In an extract of three UK Biobank fields or more, each known field is its entity."""
    fields = {column: field for column in profiles if (field := _field_id(column)) is not None}
    if len(fields) < _MIN_FIELDS:
        return per_column
    out = {column: list(detections) for column, detections in per_column.items()}
    for column, field in fields.items():
        known = _entity(field)
        profile = profiles[column]
        if known is None or profile.nulls == profile.rows:
            continue
        entity, meaning = known
        if not any(d.entity == entity for d in out[column]):
            evidence = (f"name:UK Biobank field {field} ({meaning})", f"columns:{len(fields)} UK Biobank fields")
            out[column].append(Detection(column, entity, _CATEGORY[entity], 0.9, evidence))
    return out


DATASET_RULES = (biobank_fields,)
