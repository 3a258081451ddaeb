"""A realistic scan result built by hand: two exports, hostile column names, every severity."""

from __future__ import annotations

import pytest

from minlint.model import ColumnFinding, DatasetReport, Detection, Report, RiskReport, Violation

RED = "\x1b[31mred"  # a column name that would turn a terminal red
BOLD = "[bold]x"  # a column name that is Rich markup
COHORT = "exports/cohort.parquet"
LABS = "exports/labs 2024.csv"


def finding(column: str, dtype: str, category: str, *detections: tuple[str, float, tuple[str, ...]]) -> ColumnFinding:
    return ColumnFinding(
        column, dtype, category,
        tuple(Detection(column, entity, category, score, evidence) for entity, score, evidence in detections),
    )


def cohort() -> DatasetReport:
    return DatasetReport(
        path=COHORT,
        format="parquet",
        rows=20000,
        columns=(
            finding("ssn", "String", "direct_identifier",
                    ("US_SSN", 0.99, ("name:ssn", "pattern:100%", "stdnum:100%"))),
            finding(RED, "String", "quasi_identifier", ("ZIP_CODE", 0.9, ("pattern:99.2%",))),
            finding(BOLD, "String", "health", ("ICD10_CODE", 0.87, ("pattern:96.0%",))),
            finding("birth_date", "Date", "quasi_identifier",
                    ("DATE_OF_BIRTH", 0.95, ("name:birth_date", "dtype:date")),
                    ("DATE", 0.6, ("dtype:date",))),
            finding("rs4988235", "String", "genomic", ("GENOTYPE", 0.97, ("name:rsid", "pattern:100%"))),
            finding("visit_count", "Int64", "none"),
        ),
        risk=RiskReport(
            quasi_identifiers=("birth_date", RED),
            k_min=1,
            unique_share=0.97,
            persons=20000,
            persons_by_category={"human_genomic": 20000, "personal_health": 20000},
            genotype_columns=1,
            metrics={"k": 11, "rows": 20000, "rows_below_k_share": 0.99, "risk_average": 0.9812,
                     "risk_maximum": 1.0, "quasi_identifier_source": "discovered"},
        ),
    )


def labs() -> DatasetReport:
    return DatasetReport(
        path=LABS,
        format="csv",
        rows=500,
        columns=(
            finding("patient_id", "String", "direct_identifier", ("MEDICAL_RECORD_NUMBER", 0.8, ("name:patient_id",))),
            finding("collected_on", "Date", "quasi_identifier", ("DATE", 0.7, ("dtype:date",))),
            finding("hba1c", "Float64", "health", ("LAB_RESULT", 0.9, ("name:hba1c", "range:100%"))),
            finding("comment", "String", "none"),
        ),
        risk=RiskReport(quasi_identifiers=("collected_on",), k_min=12, unique_share=0.0, persons=480,
                        persons_by_category={"personal_health": 480}, metrics={"k": 11, "rows": 500}),
        notes=("quoted fields re-read with the csv module",),
    )


HIPAA = "hipaa-safe-harbor"
DOJ = "us-doj-bulk-data"
GDPR = "gdpr"

VIOLATIONS = (
    Violation("DOJ-GENOMIC-BULK", "error", COHORT, None,
              "Human genomic data of 20,000 persons exceeds the bulk threshold of 100 for CN",
              "Do not send this export to a country of concern", "28 CFR 202.205, 202.303", DOJ),
    Violation("HIPAA-SH-SSN", "error", COHORT, "ssn", "Social Security numbers must be removed",
              "Drop the column", "45 CFR 164.514(b)(2)(i)(G)", HIPAA),
    Violation("HIPAA-SH-DATES", "warning", COHORT, "birth_date", "Dates finer than year",
              "Keep the year only", "45 CFR 164.514(b)(2)(i)(C)", HIPAA),
    Violation("HIPAA-SH-ZIP", "warning", COHORT, RED, f"5-digit ZIP codes in {RED}",
              "Truncate to ZIP3 outside restricted areas", "45 CFR 164.514(b)(2)(i)(B)", HIPAA),
    Violation("HIPAA-SH-MRN", "warning", LABS, "patient_id", "Medical record numbers must be removed",
              "Replace with a study pseudonym", "45 CFR 164.514(b)(2)(i)(H)", HIPAA),
    Violation("GDPR-ART9-HEALTH", "note", LABS, "hba1c", "Health data is a special category",
              "", "GDPR Art. 9(1)", GDPR),
)
WAIVED = (
    Violation("HIPAA-SH-DATES", "warning", LABS, "collected_on", "Dates finer than year",
              "Keep the year only", "45 CFR 164.514(b)(2)(i)(C)", HIPAA),
)


def build_report() -> Report:
    return Report(
        tool_version="0.1.0",
        policies=(HIPAA, DOJ, GDPR),
        destination="CN",
        datasets=(cohort(), labs()),
        violations=VIOLATIONS,
        waived=WAIVED,
        notes=("CN is a country of concern (28 CFR 202.211)",),
    )


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def clean_report() -> Report:
    """A scan with nothing to report: one export, no violations, no risk block."""
    dataset = DatasetReport("exports/aggregates.csv", "csv", 12, (finding("region", "String", "none"),))
    return Report("0.1.0", (HIPAA,), None, (dataset,), ())
