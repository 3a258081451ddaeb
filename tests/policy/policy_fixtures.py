"""DatasetReports built by hand (no detection, no Presidio): what the risk stage would report."""

from __future__ import annotations

from typing import Any

from minlint.model import ColumnFinding, DatasetReport, Detection, RiskReport

CATEGORY_OF = {
    "PERSON": "direct_identifier", "US_SSN": "direct_identifier", "EMAIL_ADDRESS": "direct_identifier",
    "PHONE_NUMBER": "direct_identifier", "STREET_ADDRESS": "direct_identifier", "US_NPI": "direct_identifier",
    "MEDICAL_RECORD_NUMBER": "direct_identifier", "IBAN_CODE": "direct_identifier",
    "POSTAL_CODE": "quasi_identifier", "DATE_OF_BIRTH": "quasi_identifier", "DATE": "quasi_identifier",
    "AGE": "quasi_identifier", "SEX": "quasi_identifier", "CITY": "quasi_identifier",
    "GEO_COORDINATE": "quasi_identifier", "ICD10_CODE": "health", "LAB_RESULT": "health",
    "GENOTYPE": "genomic", "RSID": "genomic", "Y_STR": "genomic", "GENOMIC_ACCESSION": "genomic",
    "BIOMETRIC": "direct_identifier", "FREE_TEXT": "sensitive", "CLINICAL_NOTE": "health",
    "USERNAME": "direct_identifier",
}


def column(name: str, *entities: str, dtype: str = "String") -> ColumnFinding:
    """A column as detect reports it: its category is that of its most identifying entity."""
    detections = tuple(Detection(name, e, CATEGORY_OF[e], 0.95, ("name:test",)) for e in entities)
    order = ("direct_identifier", "genomic", "quasi_identifier", "health", "sensitive")
    categories = [d.category for d in detections]
    category = next((c for c in order if c in categories), "none")
    return ColumnFinding(name, dtype, category, detections)


def risk(
    persons: int | None,
    by_category: dict[str, int] | None = None,
    *,
    k_min: int | None = None,
    quasi_identifiers: tuple[str, ...] = (),
    genotype_columns: int = 0,
    hipaa: dict[str, Any] | None = None,
    k: int = 11,
) -> RiskReport:
    metrics: dict[str, Any] = {"k": k}
    if hipaa is not None:
        metrics["hipaa"] = {
            "zip5_columns": [], "restricted_zip3_rows": 0, "dates_finer_than_year": [],
            "ages_over_89_columns": [], "ages_over_89_rows": 0, **hipaa,
        }
    return RiskReport(
        quasi_identifiers=quasi_identifiers,
        k_min=k_min,
        unique_share=None if k_min is None else 0.5,
        persons=persons,
        persons_by_category=by_category or {},
        genotype_columns=genotype_columns,
        metrics=metrics,
    )


def clinical(path: str = "exports/clinical.parquet", *, with_risk: bool = True) -> DatasetReport:
    """500 patients with SSN, email, ZIP5, date of birth and a diagnosis."""
    columns = (
        column("ssn", "US_SSN"),
        column("email", "EMAIL_ADDRESS"),
        column("zip", "POSTAL_CODE"),
        column("dob", "DATE_OF_BIRTH", dtype="Date"),
        column("dx", "ICD10_CODE"),
    )
    report = risk(
        500,
        {"health": 500, "covered_personal_identifiers": 500},
        k_min=1,
        quasi_identifiers=("zip", "dob"),
        hipaa={"zip5_columns": ["zip"], "dates_finer_than_year": ["dob"]},
    )
    return DatasetReport(path, "parquet", 500, columns, report if with_risk else None)


def genomic(persons: int, path: str | None = None) -> DatasetReport:
    """A genotype table of ``persons`` participants: a pseudonymous id and three SNP calls."""
    columns = (
        column("participant", "GENOMIC_ACCESSION"),
        column("rs53576", "GENOTYPE", "RSID"),
        column("rs1815739", "GENOTYPE", "RSID"),
        column("rs7412", "GENOTYPE", "RSID"),
    )
    report = risk(persons, {"human_genomic": persons}, genotype_columns=3, hipaa={})
    return DatasetReport(path or f"exports/genomic_{persons}.parquet", "parquet", persons, columns, report)


def health(persons: int, path: str | None = None) -> DatasetReport:
    """Diagnoses and lab results of ``persons`` patients, no identifiers."""
    columns = (column("dx", "ICD10_CODE"), column("hba1c", "LAB_RESULT"), column("visit", dtype="Int64"))
    report = risk(persons, {"health": persons}, hipaa={})
    return DatasetReport(path or f"exports/health_{persons}.parquet", "parquet", persons, columns, report)


def ids(outcome) -> list[tuple[str, str | None]]:
    """(rule id, column) of every violation, in the engine's order."""
    return [(v.rule_id, v.column) for v in outcome.violations]
