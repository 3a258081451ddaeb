"""NIH NOT-OD-25-083 in us-doj-bulk-data: controlled-access data may not go to a country of concern.

Since 4 April 2025 institutions in the countries of concern of 28 CFR 202.211 may not access NIH
controlled-access data repositories (dbGaP etc.); there is no bulk threshold.
"""

from __future__ import annotations

from datetime import date

import pytest
from policy_fixtures import column, health, ids, risk

from minlint.config import Waiver
from minlint.model import DatasetReport, decision_for
from minlint.policy.engine import evaluate
from minlint.policy.explain import explain_rule
from minlint.policy.loader import load_policies

CONCERN = ("CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE")
ELSEWHERE = ("US", "JP", "DE", "GB", "SG", "TW", "IN")


def dbgap_subset(persons: int = 5) -> DatasetReport:
    """A few participants of a dbGaP study: study and run accessions beside a diagnosis."""
    columns = (column("study", "GENOMIC_ACCESSION"), column("sra_run", "GENOMIC_ACCESSION"), column("dx", "ICD10_CODE"))
    report = risk(persons, {"human_genomic": persons, "health": persons}, hipaa={})
    return DatasetReport("exports/dbgap_subset.csv", "csv", persons, columns, report)


def judge(dataset, destination, **parameters):
    return evaluate(load_policies(["us-doj-bulk-data"]), [dataset], destination, parameters=parameters)


@pytest.mark.parametrize("destination", CONCERN)
def test_accessions_to_any_country_of_concern_are_an_error_whatever_the_number_of_persons(destination):
    outcome = judge(dbgap_subset(5), destination)
    assert ids(outcome) == [("NIH-CONTROLLED-ACCESS", None)]
    (violation,) = outcome.violations
    assert (violation.severity, violation.policy) == ("error", "us-doj-bulk-data")
    assert violation.citation == "NIH NOT-OD-25-083 (effective 4 April 2025); countries of concern as in 28 CFR 202.211"
    assert violation.message == (
        "Accession columns (sra_run, study; dbGaP, SRA, EGA, TCGA or similar) tie the rows to controlled-access "
        f"genomic records; since 4 April 2025 institutions in {destination}, a country of concern, may not access "
        "NIH controlled-access data repositories or data from them."
    )
    assert "waive NIH-CONTROLLED-ACCESS for this dataset" in violation.remediation
    assert decision_for(outcome.violations) == "blocked"


@pytest.mark.parametrize("destination", ELSEWHERE)
def test_accessions_to_a_destination_outside_the_countries_of_concern_pass(destination):
    assert judge(dbgap_subset(5), destination).violations == ()


def test_without_a_destination_the_rule_is_not_evaluated_and_a_note_says_so():
    outcome = judge(dbgap_subset(5), None)
    assert outcome.violations == ()
    assert outcome.notes == ("us-doj-bulk-data: no destination given; rules about the destination were not evaluated",)


def test_health_data_without_accessions_or_a_declared_source_is_not_controlled_access():
    assert judge(health(50), "CN").violations == ()


@pytest.mark.parametrize("destination", CONCERN)
def test_data_declared_to_come_from_a_controlled_access_repository_are_an_error_without_accessions(destination):
    outcome = judge(health(50), destination, controlled_access_source=True)
    assert ids(outcome) == [("NIH-CONTROLLED-ACCESS-DERIVED", None)]
    (violation,) = outcome.violations
    assert violation.severity == "error"
    assert violation.message == (
        "The data of exports/health_50.parquet are declared to come from an NIH controlled-access repository "
        f"(controlled_access_source = true) and would go to {destination}, a country of concern; since 4 April 2025 "
        "institutions there may not access NIH controlled-access data repositories or data from them."
    )


@pytest.mark.parametrize("destination", ELSEWHERE)
def test_declared_controlled_access_data_to_other_destinations_pass(destination):
    assert judge(health(50), destination, controlled_access_source=True).violations == ()


def test_the_declared_source_replaces_the_accession_rule_on_the_same_dataset():
    outcome = judge(dbgap_subset(5), "RU", controlled_access_source=True)
    assert ids(outcome) == [("NIH-CONTROLLED-ACCESS-DERIVED", None)]


def test_a_declared_source_without_person_level_columns_does_not_fire():
    counts = DatasetReport("exports/counts.csv", "csv", 3, (column("year", dtype="Int64"), column("n", dtype="Int64")), risk(None))
    assert judge(counts, "CN", controlled_access_source=True).violations == ()


def test_bulk_genomic_accession_table_gets_both_the_doj_and_the_nih_error():
    outcome = judge(dbgap_subset(101), "HK")
    assert [(v.rule_id, v.severity) for v in outcome.violations] == [
        ("DOJ-GENOMIC-BULK", "error"),
        ("NIH-CONTROLLED-ACCESS", "error"),
    ]


def test_open_accessions_are_passed_by_a_waiver_with_the_reason():
    waiver = Waiver(
        dataset="exports/dbgap_subset.csv", rule="NIH-CONTROLLED-ACCESS", reason="GEO and public SRA accessions only"
    )
    outcome = evaluate(load_policies(["us-doj-bulk-data"]), [dbgap_subset(5)], "CN", [waiver], date(2026, 3, 14))
    assert outcome.violations == ()
    assert [(v.rule_id, v.column) for v in outcome.waived] == [("NIH-CONTROLLED-ACCESS", None)]


def test_explain_gives_the_notice_the_countries_and_the_fix():
    text = explain_rule("nih-controlled-access")
    assert text.splitlines()[:6] == [
        "NIH-CONTROLLED-ACCESS: Accessions of controlled-access genomic records to a country of concern",
        "Severity: error",
        "Policy: us-doj-bulk-data",
        "Citation: NIH NOT-OD-25-083 (effective 4 April 2025); countries of concern as in 28 CFR 202.211",
        "Reference: policy-reference.md sections 5 (NIH) and 6 (d)",
        "Checks:",
    ]
    flat = " ".join(line.strip() for line in text.splitlines())
    assert (
        "a dataset with a column holding GENOMIC_ACCESSION; destination in $countries_of_concern "
        "[CN, HK, MO, CU, IR, KP, RU, VE]"
    ) in flat
    assert "Not reported when NIH-CONTROLLED-ACCESS-DERIVED fires on the same dataset." in flat
    derived = " ".join(line.strip() for line in explain_rule("NIH-CONTROLLED-ACCESS-DERIVED").splitlines())
    assert "parameter controlled_access_source is true" in derived and "Severity: error" in derived


def test_omic_citations_name_the_paragraphs_of_the_omic_definition():
    (policy,) = load_policies(["us-doj-bulk-data"])
    # 28 CFR 202.224(a): (1) genomic; (2)-(4) epigenomic, proteomic, transcriptomic.
    assert policy.rule("DOJ-GENOMIC-BULK").citation == "28 CFR 202.205, 202.224(a)(1), 202.303"
    assert policy.rule("DOJ-OMIC-BULK").citation == "28 CFR 202.205, 202.224(a)(2)-(4), 202.303"
