"""JUnit XML: a suite per dataset, a case per dataset x rule plus `scan`, parseable."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from minlint.report import render

RULES = ["DOJ-GENOMIC-BULK", "GDPR-ART9-HEALTH", "HIPAA-SH-DATES", "HIPAA-SH-MRN", "HIPAA-SH-SSN", "HIPAA-SH-ZIP"]


def parse(report) -> ET.Element:
    return ET.fromstring(render(report, "junit").encode("utf-8"))


def outcome(case: ET.Element) -> str:
    if case.find("failure") is not None:
        return "failed:" + case.find("failure").get("type")
    if case.find("skipped") is not None:
        return "skipped"
    return "passed"


def test_one_suite_per_dataset_with_scan_and_every_fired_rule(report):
    root = parse(report)
    assert root.tag == "testsuites"
    assert [s.get("name") for s in root.findall("testsuite")] == ["exports/cohort.parquet", "exports/labs 2024.csv"]
    for suite in root.findall("testsuite"):
        assert [c.get("name") for c in suite.findall("testcase")] == ["scan", *RULES]
        assert {c.get("classname") for c in suite.findall("testcase")} == {suite.get("name")}


def test_outcomes_follow_the_violations_and_waivers_of_each_dataset(report):
    cohort, labs = parse(report).findall("testsuite")
    assert {c.get("name"): outcome(c) for c in cohort.findall("testcase")} == {
        "scan": "failed:error", "DOJ-GENOMIC-BULK": "failed:error", "GDPR-ART9-HEALTH": "passed",
        "HIPAA-SH-DATES": "failed:warning", "HIPAA-SH-MRN": "passed", "HIPAA-SH-SSN": "failed:error",
        "HIPAA-SH-ZIP": "failed:warning",
    }
    assert {c.get("name"): outcome(c) for c in labs.findall("testcase")} == {
        "scan": "failed:warning", "DOJ-GENOMIC-BULK": "passed", "GDPR-ART9-HEALTH": "failed:note",
        "HIPAA-SH-DATES": "skipped", "HIPAA-SH-MRN": "failed:warning", "HIPAA-SH-SSN": "passed",
        "HIPAA-SH-ZIP": "passed",
    }


def test_counts_on_suites_and_root_match_the_cases(report):
    root = parse(report)
    counts = [(s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped")) for s in root.findall("testsuite")]
    assert counts == [("7", "5", "0", "0"), ("7", "3", "0", "1")]
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("14", "8", "0", "1")


def test_failures_carry_the_message_and_the_columns(report):
    cohort = parse(report).findall("testsuite")[0]
    ssn = cohort.find("testcase[@name='HIPAA-SH-SSN']/failure")
    assert ssn.get("message") == "column ssn: Social Security numbers must be removed"
    assert ssn.text.splitlines() == [
        "Columns: ssn",
        "[error] HIPAA-SH-SSN: column ssn: Social Security numbers must be removed",
        "  Remediation: Drop the column",
        "  Citation: 45 CFR 164.514(b)(2)(i)(G)",
    ]
    scan = cohort.find("testcase[@name='scan']/failure")
    assert scan.get("message") == "2 errors, 2 warnings"
    assert scan.text.splitlines()[0] == "Columns: \\x1b[31mred, birth_date, ssn"
    zip_failure = cohort.find("testcase[@name='HIPAA-SH-ZIP']/failure")
    assert zip_failure.get("message") == "5-digit ZIP codes in \\x1b[31mred"


def test_suite_properties_give_the_decision(report):
    decisions = [s.find("properties/property[@name='decision']").get("value") for s in parse(report).findall("testsuite")]
    assert decisions == ["blocked", "allowed_with_conditions"]


def test_clean_scan_is_one_passing_scan_case(clean_report):
    root = parse(clean_report)
    suite = root.find("testsuite")
    assert [(c.get("name"), outcome(c)) for c in suite.findall("testcase")] == [("scan", "passed")]
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


def test_starts_with_an_xml_declaration(report):
    assert render(report, "junit").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="minlint" ')
