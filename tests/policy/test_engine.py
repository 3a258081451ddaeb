"""The engine's condition vocabulary, waivers and notes, on hand-built datasets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from policy_fixtures import clinical, column, genomic, health, ids, risk

from minlint.config import Waiver
from minlint.model import DatasetReport
from minlint.policy.engine import decisions_by_dataset, evaluate
from minlint.policy.loader import load_policies

TODAY = date(2026, 3, 15)


def safe_harbor(*datasets, **kwargs):
    return evaluate(load_policies(["hipaa-safe-harbor"]), list(datasets), kwargs.pop("destination", None), **kwargs)


# --------------------------------------------------------------------------- HIPAA Safe Harbor


def test_without_risk_zip_and_full_dates_still_fail_but_an_integer_year_passes():
    dataset = DatasetReport(
        "no_risk.csv",
        "csv",
        10,
        (
            column("zip", "POSTAL_CODE"),
            column("admitted", "DATE", dtype="Datetime(time_unit='us', time_zone=None)"),
            column("birth_year", "DATE_OF_BIRTH", dtype="Int64"),
            column("dob_text", "DATE_OF_BIRTH", dtype="String"),
            column("age", "AGE", dtype="Int64"),
        ),
    )
    outcome = safe_harbor(dataset)
    assert ids(outcome) == [("HIPAA-SH-DATE", "admitted"), ("HIPAA-SH-DATE", "dob_text"), ("HIPAA-SH-ZIP5", "zip")]
    assert outcome.notes == (
        "hipaa-safe-harbor: risk not measured for no_risk.csv; rules not evaluated there: "
        "HIPAA-SH-ACTUAL-KNOWLEDGE, HIPAA-SH-AGE-OVER-89, HIPAA-SH-GENOTYPES, HIPAA-SH-ZIP3-RESTRICTED",
    )


def test_with_risk_only_the_columns_the_hipaa_checks_list_fail():
    dataset = DatasetReport(
        "cohort.parquet",
        "parquet",
        1000,
        (
            column("zip3", "POSTAL_CODE"),
            column("zip_home", "POSTAL_CODE"),
            column("visit_year", "DATE", dtype="String"),
            column("dob", "DATE_OF_BIRTH", dtype="Date"),
            column("age", "AGE", dtype="Int64"),
            column("age_at_onset", "AGE", dtype="Int64"),
        ),
        risk(
            1000,
            k_min=12,
            hipaa={
                "zip5_columns": ["zip_home"],
                "restricted_zip3_rows": 4,
                "restricted_zip3_columns": ["zip3"],
                "dates_finer_than_year": ["dob"],
                "ages_over_89_columns": ["age"],
                "ages_over_89_rows": 3,
            },
        ),
    )
    assert ids(safe_harbor(dataset)) == [
        ("HIPAA-SH-AGE-OVER-89", "age"),
        ("HIPAA-SH-DATE", "dob"),
        ("HIPAA-SH-ZIP3-RESTRICTED", "zip3"),
        ("HIPAA-SH-ZIP5", "zip_home"),
    ]


def test_zip3_outside_restricted_areas_and_year_only_dates_pass_safe_harbor():
    dataset = DatasetReport(
        "ok.parquet",
        "parquet",
        1000,
        (column("zip3", "POSTAL_CODE"), column("year", "DATE", dtype="Int64"), column("sex", "SEX")),
        risk(1000, k_min=11, hipaa={"restricted_zip3_columns": []}),
    )
    outcome = safe_harbor(dataset)
    assert outcome.violations == () and decisions_by_dataset([dataset], outcome.violations) == {"ok.parquet": "allowed"}


def test_k_below_the_configured_k_is_a_warning_naming_the_quasi_identifiers():
    dataset = DatasetReport(
        "qi.parquet", "parquet", 50, (column("sex", "SEX"), column("zip3", "POSTAL_CODE")),
        risk(50, k_min=4, quasi_identifiers=("sex", "zip3"), hipaa={}, k=5),
    )
    (violation,) = safe_harbor(dataset).violations
    assert violation.rule_id == "HIPAA-SH-ACTUAL-KNOWLEDGE" and violation.severity == "warning"
    assert violation.message == (
        "The quasi-identifiers (sex, zip3) single out rows: the smallest equivalence class has 4, fewer than k = 5; "
        "knowing this, the data may not count as de-identified."
    )
    # With k = 4 (config), the same classes are enough.
    relaxed = DatasetReport("qi.parquet", "parquet", 50, dataset.columns, risk(50, k_min=4, hipaa={}, k=4))
    assert safe_harbor(relaxed).violations == ()


def test_free_text_fails_only_with_identifiers_inside_and_names_them():
    notes_with_names = column("notes", "CLINICAL_NOTE", "PERSON", "PHONE_NUMBER")
    plain_notes = column("comment", "FREE_TEXT")
    dataset = DatasetReport("notes.csv", "csv", 5, (notes_with_names, plain_notes), risk(5, hipaa={}))
    outcome = safe_harbor(dataset)
    assert ids(outcome) == [
        ("HIPAA-SH-FREE-TEXT", "notes"),
        ("HIPAA-SH-NAME", "notes"),
        ("HIPAA-SH-PHONE", "notes"),
    ]
    free_text = outcome.violations[0]
    assert free_text.message == "Free-text column notes has identifiers inside (PERSON, PHONE_NUMBER); every identifier in notes must go as well."


def test_npi_is_a_warning_and_ssn_an_error():
    dataset = DatasetReport("claims.csv", "csv", 5, (column("npi", "US_NPI"), column("ssn", "US_SSN")), risk(5, hipaa={}))
    outcome = safe_harbor(dataset)
    assert [(v.rule_id, v.severity) for v in outcome.violations] == [("HIPAA-SH-SSN", "error"), ("HIPAA-SH-NPI", "warning")]


def test_thirty_genotype_columns_identify_but_twenty_nine_do_not():
    def matrix(n: int) -> DatasetReport:
        columns = tuple(column(f"rs{i}", "GENOTYPE") for i in range(n))
        return DatasetReport(f"snps{n}.parquet", "parquet", 10, columns, risk(10, genotype_columns=n, hipaa={}))

    assert ids(safe_harbor(matrix(29))) == []
    assert ids(safe_harbor(matrix(30))) == [("HIPAA-SH-GENOTYPES", None)]


# --------------------------------------------------------------------------- DOJ combined data


def test_doj_combined_categories_are_bulk_at_the_lowest_threshold_present():
    # 6,000 persons with health data and 6,000 with financial data: neither category alone is
    # over 10,000, together the 11,000 persons are (28 CFR 202.205).
    dataset = DatasetReport(
        "mixed.parquet", "parquet", 11000, (column("dx", "ICD10_CODE"), column("iban", "IBAN_CODE")),
        risk(11000, {"health": 6000, "financial": 6000}),
    )
    (violation,) = evaluate(load_policies(["us-doj-bulk-data"]), [dataset], "CN").violations
    assert (violation.rule_id, violation.severity) == ("DOJ-COMBINED-BULK", "warning")
    assert "more than the lowest applicable threshold (10000, financial)" in violation.message


def test_doj_combined_data_with_genomic_rows_is_prohibited_at_the_genomic_threshold():
    dataset = DatasetReport(
        "mixed.parquet", "parquet", 120, (column("dx", "ICD10_CODE"), column("rs1", "GENOTYPE")),
        risk(120, {"health": 120, "human_genomic": 60}),
    )
    (violation,) = evaluate(load_policies(["us-doj-bulk-data"]), [dataset], "RU").violations
    assert (violation.rule_id, violation.severity) == ("DOJ-COMBINED-OMIC-BULK", "error")
    assert evaluate(load_policies(["us-doj-bulk-data"]), [dataset], "JP").violations == ()


def test_doj_combined_data_counts_the_persons_holding_a_category_not_every_row():
    # 5 of 101 persons genotyped, nothing else: no combination, and the genomic rule's 5 are
    # under its threshold. 5 genotyped and 3 diagnosed among 101: 8 persons of combined data.
    def dataset(by_category: dict[str, int]) -> DatasetReport:
        columns = (column("enrol_year", "DATE"), column("rs1", "GENOTYPE"), column("dx", "ICD10_CODE"))
        return DatasetReport("sparse.parquet", "parquet", 101, columns, risk(101, by_category))

    for by_category in ({"human_genomic": 5}, {"human_genomic": 5, "health": 3}):
        assert evaluate(load_policies(["us-doj-bulk-data"]), [dataset(by_category)], "CN").violations == ()


def test_doj_thresholds_add_up_the_datasets_sent_to_one_recipient_in_a_scan():
    # 28 CFR 202.205: "in one transaction or aggregated across transactions with the same
    # counterparty": 60 + 60 genotyped persons in two files are 120, more than 100.
    doj = load_policies(["us-doj-bulk-data"])

    def genomic_rules(datasets: list[DatasetReport], destination: str = "CN") -> list[tuple[str, str]]:
        return [(v.rule_id, v.dataset) for v in evaluate(doj, datasets, destination).violations
                if v.rule_id.startswith("DOJ-")]

    halves = [genomic(60, "a.parquet"), genomic(60, "b.parquet")]
    assert genomic_rules(halves) == [("DOJ-GENOMIC-BULK", "2 datasets together")]
    assert genomic_rules(halves, "JP") == []
    assert genomic_rules([genomic(50, "a.parquet"), genomic(50, "b.parquet")]) == []
    # One file over the threshold fires on its own; the sum adds no second violation.
    assert genomic_rules([genomic(101, "a.parquet"), genomic(60, "b.parquet")]) == [("DOJ-GENOMIC-BULK", "a.parquet")]


def test_doj_per_category_rule_supersedes_the_combined_one():
    outcome = evaluate(load_policies(["us-doj-bulk-data"]), [genomic(101)], "MO")
    assert ids(outcome) == [("DOJ-GENOMIC-BULK", None), ("NIH-CONTROLLED-ACCESS", None)]


def test_rules_about_destinations_do_not_fire_without_one_and_a_note_says_so():
    outcome = evaluate(load_policies(["us-doj-bulk-data", "gdpr-transfer"]), [genomic(101)], None)
    assert ids(outcome) == [("GDPR-PSEUDONYMISED", None)]
    assert outcome.notes == (
        "gdpr-transfer: no destination given; rules about the destination were not evaluated",
        "us-doj-bulk-data: no destination given; rules about the destination were not evaluated",
    )


def test_decisions_per_dataset():
    datasets = [clinical(), genomic(100), health(10001)]
    outcome = evaluate(load_policies(["us-doj-bulk-data", "hipaa-safe-harbor"]), datasets, "CN")
    assert outcome.decisions(datasets) == {
        "exports/clinical.parquet": "blocked",
        # 100 persons is not bulk (28 CFR 202.205), but its accessions may not go to CN at all
        # (NIH NOT-OD-25-083).
        "exports/genomic_100.parquet": "blocked",
        "exports/health_10001.parquet": "allowed_with_conditions",
    }


# --------------------------------------------------------------------------- waivers


def ssn_waiver(**fields) -> Waiver:
    return Waiver(rule="HIPAA-SH-SSN", column="ssn", reason="IRB 2024-117 approved linkage", **fields)


@pytest.mark.parametrize(
    "expires, waived",
    [(TODAY + timedelta(days=1), True), (TODAY, True), (TODAY - timedelta(days=1), False), (None, True)],
    ids=["tomorrow", "today", "yesterday", "never"],
)
def test_a_waiver_applies_until_its_expiry_date_inclusive(expires, waived):
    outcome = safe_harbor(clinical(), waivers=[ssn_waiver(expires=expires)], today=TODAY)
    open_ids = ids(outcome)
    assert (("HIPAA-SH-SSN", "ssn") not in open_ids) is waived
    assert [(v.rule_id, v.column) for v in outcome.waived] == ([("HIPAA-SH-SSN", "ssn")] if waived else [])
    expired_note = "waiver for HIPAA-SH-SSN on ssn expired on 2026-03-14"
    assert (expired_note in outcome.notes) is (not waived)


def test_waived_violation_carries_the_reason_and_approver():
    outcome = safe_harbor(clinical(), waivers=[ssn_waiver(approver="privacy office", expires=date(2026, 12, 31))], today=TODAY)
    (waived,) = outcome.waived
    assert waived.message == (
        "Column ssn holds Social Security numbers. "
        "[waived: IRB 2024-117 approved linkage; approved by privacy office; until 2026-12-31]"
    )


def test_a_waiver_for_another_dataset_glob_does_not_apply_and_is_reported_as_unused():
    outcome = safe_harbor(clinical(), waivers=[ssn_waiver(dataset="other/*.parquet")], today=TODAY)
    assert ("HIPAA-SH-SSN", "ssn") in ids(outcome) and outcome.waived == ()
    assert outcome.notes == ("waiver for HIPAA-SH-SSN on ssn matched no violation",)


def test_a_waiver_without_column_covers_every_column_of_matching_datasets_for_rule_globs():
    waiver = Waiver(dataset="exports/*.parquet", rule="HIPAA-SH-*", reason="data stays in the enclave")
    outcome = safe_harbor(clinical(), waivers=[waiver], today=TODAY)
    assert outcome.violations == ()
    assert len(outcome.waived) == 5


def test_account_user_names_violate_safe_harbor_r():
    dataset = DatasetReport("accounts.parquet", "parquet", 10, (column("login", "USERNAME"),), risk(10, hipaa={}))
    assert ids(safe_harbor(dataset)) == [("HIPAA-SH-USERNAME", "login")]
