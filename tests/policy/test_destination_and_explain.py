"""Country codes, and the text of `minlint policies list|show` and `minlint explain`."""

from __future__ import annotations

import pytest

from minlint.errors import PolicyError
from minlint.policy.destination import validate_destination
from minlint.policy.explain import explain_rule, format_policy, format_policy_list
from minlint.policy.loader import list_builtin_policies


@pytest.mark.parametrize("code, expected", [("de", "DE"), ("US", "US"), (" cn ", "CN"), ("Hk", "HK"), (None, None)])
def test_destination_is_an_upper_case_iso_code(code, expected):
    assert validate_destination(code) == expected


@pytest.mark.parametrize("code", ["XX", "EU", "UK", "USA", "", "D"])
def test_unknown_country_codes_are_policy_errors_naming_the_setting(code):
    with pytest.raises(PolicyError) as error:
        validate_destination(code)
    assert str(error.value) == (
        f"--destination {code.strip()}: unknown country code (expected ISO 3166-1 alpha-2, e.g. US, DE, CN)"
    )
    with pytest.raises(PolicyError, match=r"^--origin "):
        validate_destination(code, setting="--origin")


def test_policy_list_names_every_builtin_with_its_rule_count_and_the_default():
    lines = format_policy_list().splitlines()
    headers = [line.split()[:3] for line in lines if not line.startswith(" ")]
    assert headers == [
        ["china-pipl-hgr", "5", "rules"],
        ["gdpr-transfer", "5", "rules"],
        ["hipaa-limited-data-set", "19", "rules"],
        ["hipaa-safe-harbor", "30", "rules"],
        ["us-doj-bulk-data", "11", "rules"],
    ]
    assert "hipaa-safe-harbor       30 rules (default)" in lines


def test_policy_show_lists_every_rule_with_its_citation():
    text = format_policy("us-doj-bulk-data")
    assert text.startswith("us-doj-bulk-data (version 2025.1)\n")
    (policy,) = [p for p in list_builtin_policies() if p.name == "us-doj-bulk-data"]
    for rule in policy.rules:
        assert f"{rule.id}  [{rule.severity}]  {rule.title}" in text
    assert "  countries_of_concern = [CN, HK, MO, CU, IR, KP, RU, VE]" in text
    assert "  Citation: 28 CFR 202.205, 202.224(a)(1), 202.303" in text
    assert "  Citation: 28 CFR 202.205, 202.224(a)(2)-(4), 202.303" in text


def test_explain_resolves_parameters_and_gives_citation_and_fix():
    text = explain_rule("doj-genomic-bulk")
    assert text.splitlines()[:6] == [
        "DOJ-GENOMIC-BULK: Bulk human genomic data to a country of concern",
        "Severity: error",
        "Policy: us-doj-bulk-data",
        "Citation: 28 CFR 202.205, 202.224(a)(1), 202.303",
        "Reference: policy-reference.md section 1, prohibited transactions",
        "Checks:",
    ]
    assert "destination in $countries_of_concern [CN, HK, MO, CU, IR, KP, RU, VE]; persons: human_genomic > 100" in " ".join(
        line.strip() for line in text.splitlines()
    )
    assert "Fix:" in text


def test_explain_an_unknown_rule_is_a_policy_error():
    with pytest.raises(PolicyError, match=r"^NOPE-1: unknown rule id"):
        explain_rule("NOPE-1")
