"""Each built-in policy judges hand-built datasets for seven destinations; rule ids written out."""

from __future__ import annotations

import pytest
from policy_fixtures import clinical, genomic, health, ids

from minlint.model import decision_for
from minlint.policy.engine import evaluate
from minlint.policy.loader import load_policies

DESTINATIONS = ("US", "DE", "GB", "JP", "CN", "HK", "RU")
CONCERN = ("CN", "HK", "RU")

SAFE_HARBOR_CLINICAL = [
    ("HIPAA-SH-DATE", "dob"),
    ("HIPAA-SH-EMAIL", "email"),
    ("HIPAA-SH-SSN", "ssn"),
    ("HIPAA-SH-ZIP5", "zip"),
    ("HIPAA-SH-ACTUAL-KNOWLEDGE", None),
]
GDPR_GENOMIC_OUTSIDE = [
    ("GDPR-TRANSFER-SPECIAL", "participant"),
    ("GDPR-TRANSFER-SPECIAL", "rs1815739"),
    ("GDPR-TRANSFER-SPECIAL", "rs53576"),
    ("GDPR-TRANSFER-SPECIAL", "rs7412"),
    ("GDPR-PSEUDONYMISED", None),
]


def judge(policy: str, dataset, destination, **parameters):
    return evaluate(load_policies([policy]), [dataset], destination, parameters=parameters)


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_safe_harbor_flags_each_identifier_of_the_clinical_export_whatever_the_destination(destination):
    assert ids(judge("hipaa-safe-harbor", clinical(), destination)) == SAFE_HARBOR_CLINICAL


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_safe_harbor_warns_on_accession_ids_of_a_genotype_table(destination):
    outcome = judge("hipaa-safe-harbor", genomic(101), destination)
    assert ids(outcome) == [("HIPAA-SH-OTHER-ID", "participant")]
    assert decision_for(outcome.violations) == "allowed_with_conditions"


def test_safe_harbor_passes_health_data_without_identifiers():
    outcome = judge("hipaa-safe-harbor", health(10001), "US")
    assert ids(outcome) == [] and outcome.notes == ()


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_limited_data_set_keeps_zip_and_dates_but_not_ssn_email_and_needs_a_dua(destination):
    assert ids(judge("hipaa-limited-data-set", clinical(), destination)) == [
        ("HIPAA-LDS-DUA", None),
        ("HIPAA-LDS-EMAIL", "email"),
        ("HIPAA-LDS-SSN", "ssn"),
    ]
    confirmed = judge("hipaa-limited-data-set", clinical(), destination, data_use_agreement=True)
    assert ids(confirmed) == [("HIPAA-LDS-EMAIL", "email"), ("HIPAA-LDS-SSN", "ssn")]


# The genotype table's participant column holds accessions: NIH NOT-OD-25-083 bars them from
# every country of concern whatever the number of persons.
@pytest.mark.parametrize(
    "dataset, expected",
    [
        (genomic(101), {d: [("DOJ-GENOMIC-BULK", None), ("NIH-CONTROLLED-ACCESS", None)] for d in CONCERN}),
        (genomic(100), {d: [("NIH-CONTROLLED-ACCESS", None)] for d in CONCERN}),
        (health(10001), {d: [("DOJ-HEALTH-BULK", None)] for d in CONCERN}),
        (health(10000), {}),
        (clinical(), {}),
    ],
    ids=["genomic-101", "genomic-100", "health-10001", "health-10000", "clinical-500"],
)
@pytest.mark.parametrize("destination", DESTINATIONS)
def test_doj_bulk_thresholds_are_more_than_and_only_for_countries_of_concern(dataset, expected, destination):
    assert ids(judge("us-doj-bulk-data", dataset, destination)) == expected.get(destination, [])


def test_doj_genomic_bulk_is_an_error_and_health_bulk_a_warning_naming_cisa():
    genomic_outcome = judge("us-doj-bulk-data", genomic(101), "CN")
    (violation,) = [v for v in genomic_outcome.violations if v.rule_id == "DOJ-GENOMIC-BULK"]
    assert violation.severity == "error" and violation.policy == "us-doj-bulk-data"
    assert violation.message == (
        "Human genomic data of 101 persons (more than 100) would go to CN, a country of concern; "
        "this is a prohibited transaction even when de-identified."
    )
    assert violation.citation == "28 CFR 202.205, 202.224(a)(1), 202.303"
    (health_violation,) = judge("us-doj-bulk-data", health(10001), "HK").violations
    assert health_violation.severity == "warning" and "CISA security requirements" in health_violation.remediation


@pytest.mark.parametrize(
    "dataset, expected",
    [
        (
            clinical(),
            {"US": [("GDPR-TRANSFER-DPF", None)], **{d: [("GDPR-TRANSFER-SPECIAL", "dx")] for d in CONCERN}},
        ),
        (
            genomic(101),
            {
                "US": [("GDPR-TRANSFER-DPF", None), ("GDPR-PSEUDONYMISED", None)],
                "DE": [("GDPR-PSEUDONYMISED", None)],
                "GB": [("GDPR-PSEUDONYMISED", None)],
                "JP": [("GDPR-PSEUDONYMISED", None)],
                **{d: GDPR_GENOMIC_OUTSIDE for d in CONCERN},
            },
        ),
    ],
    ids=["clinical", "genomic"],
)
@pytest.mark.parametrize("destination", DESTINATIONS)
def test_gdpr_transfer_outside_eea_without_adequacy_or_safeguards(dataset, expected, destination):
    assert ids(judge("gdpr-transfer", dataset, destination)) == expected.get(destination, [])


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_gdpr_declared_scc_cover_every_transfer(destination):
    outcome = judge("gdpr-transfer", clinical(), destination, safeguards=["SCC"])
    assert ids(outcome) == []


def test_gdpr_personal_data_without_special_categories_to_a_third_country_is_an_error():
    from policy_fixtures import column
    from minlint.model import DatasetReport

    contacts = DatasetReport("contacts.csv", "csv", 10, (column("email", "EMAIL_ADDRESS"), column("zip", "POSTAL_CODE")))
    (violation,) = judge("gdpr-transfer", contacts, "IN").violations
    assert (violation.rule_id, violation.severity) == ("GDPR-TRANSFER-PERSONAL", "error")
    assert violation.message.startswith("Personal data (email, zip) would go to IN")


@pytest.mark.parametrize(
    "dataset, outside_cn",
    [
        (genomic(101), [("PIPL-HGR-FILING", None), ("PIPL-SENSITIVE-CONTRACT", None)]),
        (health(10000), [("PIPL-SENSITIVE-CONTRACT", None)]),
        (health(10001), [("PIPL-SENSITIVE-ASSESSMENT", None)]),
        (clinical(), [("PIPL-SENSITIVE-CONTRACT", None)]),
    ],
    ids=["genomic-101", "health-10000", "health-10001", "clinical"],
)
@pytest.mark.parametrize("destination", DESTINATIONS)
def test_pipl_for_data_originating_in_china(dataset, outside_cn, destination):
    outcome = judge("china-pipl-hgr", dataset, destination, origin="CN")
    assert ids(outcome) == ([] if destination == "CN" else outside_cn)


@pytest.mark.parametrize("origin", [None, "US", "DE"])
def test_pipl_does_not_apply_to_data_from_elsewhere_and_says_so(origin):
    parameters = {"origin": origin} if origin else {}
    outcome = judge("china-pipl-hgr", genomic(101), "US", **parameters)
    assert outcome.violations == ()
    assert outcome.notes == (
        "china-pipl-hgr: not applicable; the data does not originate in China "
        '(set origin = "CN" in the config or --origin CN to apply it)',
    )


@pytest.mark.parametrize(
    "persons, expected",
    [
        (100_000, []),
        (100_001, [("PIPL-PERSONAL-CONTRACT", None)]),
        (1_000_000, [("PIPL-PERSONAL-CONTRACT", None)]),
        (1_000_001, [("PIPL-PERSONAL-ASSESSMENT", None)]),
    ],
)
def test_pipl_non_sensitive_personal_information_thresholds(persons, expected):
    from policy_fixtures import column, risk
    from minlint.model import DatasetReport

    members = DatasetReport(
        "members.parquet", "parquet", persons, (column("zip", "POSTAL_CODE"), column("sex", "SEX")), risk(persons)
    )
    assert ids(judge("china-pipl-hgr", members, "SG", origin="CN")) == expected


def test_every_policy_names_itself_on_its_violations():
    policies = load_policies(["hipaa-safe-harbor", "us-doj-bulk-data", "gdpr-transfer"])
    outcome = evaluate(policies, [clinical(), genomic(101)], "CN")
    assert {v.policy for v in outcome.violations} == {"hipaa-safe-harbor", "us-doj-bulk-data", "gdpr-transfer"}
    assert list(outcome.violations) == sorted(outcome.violations, key=lambda v: v.sort_key())


def test_gdpr_canada_is_adequate_only_for_recipients_under_pipeda():
    # Commission Decision 2002/2/EC covers recipients subject to PIPEDA, not every Canadian body
    # (policy-reference.md section 3: "Canada (commercial organisations, PIPEDA)").
    outcome = judge("gdpr-transfer", clinical(), "CA")
    assert [(v.rule_id, v.severity) for v in outcome.violations] == [("GDPR-TRANSFER-PIPEDA", "warning")]
    assert outcome.violations[0].message == (
        "CA is adequate only for recipients subject to PIPEDA (organisations in commercial activities); "
        "personal data (dob, dx, email, ssn, zip) may go only if the recipient is one. A public body, such as a "
        "hospital or university, is usually subject to provincial law instead."
    )
    assert ids(judge("gdpr-transfer", clinical(), "CA", safeguards=["SCC"])) == []
