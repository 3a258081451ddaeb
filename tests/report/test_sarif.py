"""SARIF 2.1.0 that GitHub code scanning accepts: schema, rules, locations, fingerprints."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from minlint.report import render

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
RULE_IDS = ["DOJ-GENOMIC-BULK", "GDPR-ART9-HEALTH", "HIPAA-SH-DATES", "HIPAA-SH-MRN", "HIPAA-SH-SSN", "HIPAA-SH-ZIP"]


def sarif(report) -> dict:
    return json.loads(render(report, "sarif"))


def validate(document: dict) -> None:
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(document)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_sarif_of_a_failing_and_a_clean_scan_validates_against_the_official_schema(report, clean_report):
    validate(sarif(report))
    validate(sarif(clean_report))
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft4Validator


def test_schema_check_is_not_vacuous(report):
    document = sarif(report)
    document["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_driver_names_minlint_with_version_and_information_uri(report):
    driver = sarif(report)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("minlint", "0.1.0")
    assert driver["informationUri"].startswith("https://")


def test_one_rule_per_rule_id_with_citation_help_and_tags(report):
    rules = sarif(report)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == RULE_IDS
    ssn = rules[RULE_IDS.index("HIPAA-SH-SSN")]
    assert ssn["shortDescription"]["text"] == "HIPAA-SH-SSN (hipaa-safe-harbor)"
    assert ssn["fullDescription"]["text"] == (
        "Rule HIPAA-SH-SSN of the hipaa-safe-harbor sharing policy, citing 45 CFR 164.514(b)(2)(i)(G)."
    )
    assert ssn["help"]["text"] == (
        "HIPAA-SH-SSN: a rule of the hipaa-safe-harbor sharing policy.\n"
        "Remediation: Drop the column\n"
        "Citation: 45 CFR 164.514(b)(2)(i)(G)\n"
        "Run `minlint explain HIPAA-SH-SSN` for what the rule checks and why."
    )
    assert ssn["properties"]["tags"] == ["data-minimization", "hipaa-safe-harbor", "privacy"]
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert levels == {
        "DOJ-GENOMIC-BULK": "error", "GDPR-ART9-HEALTH": "note", "HIPAA-SH-DATES": "warning",
        "HIPAA-SH-MRN": "warning", "HIPAA-SH-SSN": "error", "HIPAA-SH-ZIP": "warning",
    }


def test_results_carry_level_file_column_and_point_at_their_rule(report):
    run = sarif(report)["runs"][0]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("DOJ-GENOMIC-BULK", "error"), ("HIPAA-SH-SSN", "error"), ("HIPAA-SH-DATES", "warning"),
        ("HIPAA-SH-ZIP", "warning"), ("HIPAA-SH-MRN", "warning"), ("GDPR-ART9-HEALTH", "note"),
    ]
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    ssn = results[1]
    assert ssn["locations"] == [{
        "physicalLocation": {"artifactLocation": {"uri": "exports/cohort.parquet"}, "region": {"startLine": 1}},
        "logicalLocations": [{"name": "ssn", "kind": "member"}],
    }]
    assert ssn["message"]["text"] == "column ssn: Social Security numbers must be removed\nRemediation: Drop the column"
    assert results[5]["message"]["text"] == "column hba1c: Health data is a special category"
    dataset_wide = results[0]["locations"][0]
    assert "logicalLocations" not in dataset_wide
    assert results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "exports/labs%202024.csv"
    assert results[3]["locations"][0]["logicalLocations"] == [{"name": "\x1b[31mred", "kind": "member"}]


def test_waived_violations_are_not_reported_as_results(report):
    run = sarif(report)["runs"][0]
    assert all(r["locations"][0]["logicalLocations"][0]["name"] != "collected_on"
               for r in run["results"] if "logicalLocations" in r["locations"][0])
    assert run["properties"]["waived"] == 1


def test_fingerprint_is_sha256_of_rule_dataset_and_column(report):
    fingerprints = [r["partialFingerprints"]["minlintFingerprint/v1"] for r in sarif(report)["runs"][0]["results"]]
    assert fingerprints[0] == sha256("DOJ-GENOMIC-BULK|exports/cohort.parquet|")
    assert fingerprints[1] == sha256("HIPAA-SH-SSN|exports/cohort.parquet|ssn")
    assert fingerprints[4] == sha256("HIPAA-SH-MRN|exports/labs 2024.csv|patient_id")
    assert len(set(fingerprints)) == 6


def test_fingerprints_survive_reworded_messages_and_reordered_violations(report):
    before = {r["ruleId"] + "/" + str(r.get("locations")): r["partialFingerprints"] for r in sarif(report)["runs"][0]["results"]}
    reworded = tuple(dataclasses.replace(v, message=v.message + " (reworded)") for v in reversed(report.violations))
    after_report = dataclasses.replace(report, violations=reworded)
    after = {r["ruleId"] + "/" + str(r.get("locations")): r["partialFingerprints"] for r in sarif(after_report)["runs"][0]["results"]}
    assert after == before


def test_absolute_dataset_paths_under_the_working_directory_become_relative(report, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = dataclasses.replace(report.violations[1], dataset=str(tmp_path / "exports" / "cohort.parquet"))
    outside = dataclasses.replace(report.violations[2], dataset="/srv/exports/cohort.parquet")
    document = sarif(dataclasses.replace(report, violations=(inside, outside)))
    validate(document)
    results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
    uris = {rule: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for rule, r in results.items()}
    assert uris == {"HIPAA-SH-SSN": "exports/cohort.parquet", "HIPAA-SH-DATES": "file:///srv/exports/cohort.parquet"}
    assert results["HIPAA-SH-SSN"]["partialFingerprints"]["minlintFingerprint/v1"] == sha256(
        "HIPAA-SH-SSN|exports/cohort.parquet|ssn"
    )


def test_rule_help_lists_a_few_remediations_when_they_name_columns(report):
    ssn = report.violations[1]
    many = tuple(
        dataclasses.replace(ssn, column=f"ssn_{i}", remediation=f"Drop column ssn_{i}") for i in range(5)
    )
    rules = sarif(dataclasses.replace(report, violations=many, waived=()))["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["help"]["text"].splitlines() == [
        "HIPAA-SH-SSN: a rule of the hipaa-safe-harbor sharing policy.",
        "Remediation: Drop column ssn_0",
        "Remediation: Drop column ssn_1",
        "Remediation: Drop column ssn_2",
        "... and 2 more remediations, one per result.",
        "Citation: 45 CFR 164.514(b)(2)(i)(G)",
        "Run `minlint explain HIPAA-SH-SSN` for what the rule checks and why.",
    ]
