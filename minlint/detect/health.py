"""Health detectors: medical record numbers, provider ids, diagnosis/procedure codes, labs.

Rows have the same shape as the PII table (`entities.EntitySpec`); `DATASET_RULES` hold checks
that need the whole column set (none yet for health).
"""

from __future__ import annotations

from minlint.detect.entities import DIRECT, HEALTH, EntitySpec

SPECS: tuple[EntitySpec, ...] = (
    EntitySpec(
        entity="MEDICAL_RECORD_NUMBER",
        category=DIRECT,
        names=("mrn", "medical_record_number", "medical_record", "patient_id", "pat_id", "pt_id",
               "patient_number", "patient_no", "patientennummer", "patienten_id", "pat_nr",
               "fallnummer", "numero_patient", "num_dossier", "dossier_medical", "ipp",
               "historia_clinica", "nhc", "numero_historia", "chart_number", "record_number",
               "person_id", "subject_id", "participant_id", "member_id", "enrollee_id"),
        # An id-like value: letters/digits with at least one digit, no spaces.
        named_pattern=r"[A-Za-z0-9_/-]{0,12}\d[A-Za-z0-9_/-]{0,20}",
        description="Medical record number or person key (45 CFR 164.514(b)(2)(i)(H))",
    ),
    EntitySpec(
        entity="ICD10_CODE",
        category=HEALTH,
        names=("icd10", "icd_10", "icd10cm", "icd_10_cm", "diagnosis", "diagnosis_code", "dx",
               "dx_code", "diag", "diagnose", "diagnosecode", "diagnostic", "code_diagnostic",
               "cim10", "cie10", "diagnostico", "primary_dx", "condition_code"),
        pattern=r"[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?",
        min_share=0.9,
        description="ICD-10 / ICD-10-CM diagnosis code (personal health data, 28 CFR 202.241)",
    ),
)

DATASET_RULES: tuple = ()
