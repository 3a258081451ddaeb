"""Loading policies: built-ins, files, extends, and one-line PolicyErrors naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from minlint.errors import PolicyError
from minlint.policy.loader import builtin_policy_dir, builtin_policy_names, list_builtin_policies, load_policies
from minlint.policy.schema import SCHEMA_PATH, policy_json_schema_text

BUILTINS = ["china-pipl-hgr", "gdpr-transfer", "hipaa-limited-data-set", "hipaa-safe-harbor", "us-doj-bulk-data"]

MINIMAL_RULE = """
  - id: ACME-PHONE
    title: Phones
    severity: warning
    citation: internal policy 4.2
    message: Column {column} holds phone numbers.
    remediation: Drop it.
    when:
      entities: [PHONE_NUMBER]
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_builtins_are_found_in_the_repository_policies_directory():
    assert builtin_policy_dir() == Path(__file__).resolve().parents[2] / "policies"
    assert builtin_policy_names() == BUILTINS
    assert [p.name for p in list_builtin_policies()] == BUILTINS


def test_every_builtin_rule_cites_law_and_the_policy_reference_section():
    for policy in list_builtin_policies():
        assert policy.sources and policy.description, policy.name
        for rule in policy.rules:
            assert rule.citation and rule.reference.startswith("policy-reference.md section"), rule.id


def test_builtin_files_validate_against_the_published_json_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for name in BUILTINS:
        document = yaml.safe_load((builtin_policy_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
        jsonschema.validate(document, schema)


def test_published_json_schema_is_in_sync_with_the_models():
    # Regenerate with: python -m minlint.policy.schema
    assert SCHEMA_PATH.read_text(encoding="utf-8") == policy_json_schema_text()


def test_the_json_schema_rejects_an_unknown_key_too():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "description": "y", "rules": [], "colour": "red"}, schema)


def test_the_same_policy_named_twice_is_loaded_once():
    assert [p.name for p in load_policies(["hipaa-safe-harbor", "gdpr-transfer", "hipaa-safe-harbor"])] == [
        "hipaa-safe-harbor",
        "gdpr-transfer",
    ]


def test_a_policy_file_by_path(tmp_path):
    path = write(tmp_path, "acme.yaml", "name: acme\ndescription: Acme rules\nrules:" + MINIMAL_RULE)
    (policy,) = load_policies([path])
    assert policy.name == "acme" and [r.id for r in policy.rules] == ["ACME-PHONE"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("name: broken\nrules: [unclosed\n", "{path}: not valid YAML (line 3, column 1)"),
        ("- just\n- a list\n", "{path}: a policy must be a YAML mapping with name, description and rules"),
        ("name: wrong\nrules: 42\n", "{path}: rules: Input should be a valid list"),
        ("name: acme\ndescription: d\ncolour: red\n", "{path}: colour: unknown key"),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE.replace("entities:", "entites:"),
            "{path}: rules[0].when.entites (ACME-PHONE): unknown key",
        ),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE.replace("severity: warning", "severity: fatal"),
            "{path}: rules[0].severity (ACME-PHONE): Input should be 'error', 'warning' or 'note'",
        ),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE.replace("{column}", "{colum}"),
            "{path}: rules (ACME-PHONE): message: unknown placeholder {colum}",
        ),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE + "      destinations: [$allies]\n",
            "{path}: rules (ACME-PHONE): when: unknown parameter $allies",
        ),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE + "      destinations: [XX]\n",
            "{path}: rules (ACME-PHONE): when.destinations: unknown country code XX",
        ),
        (
            "name: acme\ndescription: d\nparameters:\n  nordics: [SE, NO]\nrules:" + MINIMAL_RULE
            + "      destinations_not_in: [$nordics]\n",
            "{path}: rules (ACME-PHONE): when.destinations_not_in: unknown country code FALSE "
            "(quote country codes: YAML reads a bare NO as false)",
        ),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE + MINIMAL_RULE,
            "{path}: rules (ACME-PHONE): duplicate rule id",
        ),
        (
            "name: acme\ndescription: d\nrules:" + MINIMAL_RULE + "      risk:\n        persons_above: {pets: 3}\n",
            "{path}: rules[0].when.risk.persons_above.pets (ACME-PHONE): Input should be 'human_genomic', "
            "'human_omic_other', 'biometric', 'precise_geolocation', 'health', 'financial', "
            "'covered_personal_identifiers' or 'all'",
        ),
    ],
    ids=[
        "yaml-syntax", "not-a-mapping", "rules-not-list", "unknown-top-key", "unknown-condition-key",
        "bad-severity", "unknown-placeholder", "unknown-parameter", "unknown-country", "norway-problem",
        "duplicate-id", "unknown-persons-category",
    ],
)
def test_bad_policy_files_are_one_line_errors_naming_file_and_field(tmp_path, text, message):
    path = write(tmp_path, "policy.yaml", text)
    with pytest.raises(PolicyError) as error:
        load_policies([path])
    assert str(error.value) == message.replace("{path}", path)
    assert "\n" not in str(error.value)


def test_unknown_builtin_and_missing_file(tmp_path):
    with pytest.raises(PolicyError, match=r"^no-such-policy: unknown policy \(built-in: china-pipl-hgr, "):
        load_policies(["no-such-policy"])
    missing = str(tmp_path / "gone.yaml")
    with pytest.raises(PolicyError) as error:
        load_policies([missing])
    assert str(error.value) == f"{missing}: policy file does not exist"


def test_extends_merges_rules_by_id_parameters_and_overrides(tmp_path):
    path = write(
        tmp_path,
        "hospital.yaml",
        """
name: hospital-safe-harbor
description: Safe Harbor with our own additions
extends: hipaa-safe-harbor
parameters:
  k: 20
overrides:
  HIPAA-SH-NPI: {severity: error}
  HIPAA-SH-CITY: {enabled: false}
rules:
  - id: HIPAA-SH-SSN
    title: SSNs (stricter wording)
    severity: error
    citation: 45 CFR 164.514(b)(2)(i)(G)
    message: SSN in {column}; call the privacy office.
    remediation: Drop it.
    when:
      entities: [US_SSN]
"""
        + MINIMAL_RULE,
    )
    (policy,) = load_policies([path])
    (parent,) = load_policies(["hipaa-safe-harbor"])
    assert policy.name == "hospital-safe-harbor" and policy.extends == "hipaa-safe-harbor"
    assert [r.id for r in policy.rules] == [r.id for r in parent.rules] + ["ACME-PHONE"]
    assert policy.rule("HIPAA-SH-SSN").message == "SSN in {column}; call the privacy office."
    assert policy.rule("HIPAA-SH-NPI").severity == "error"
    assert policy.rule("HIPAA-SH-CITY").enabled is False
    assert "HIPAA-SH-CITY" not in {r.id for r in policy.active_rules}
    assert policy.parameters == {"k": 20, "snps_that_identify": 30}
    assert policy.sources == parent.sources


def test_extends_a_file_relative_to_the_child_and_errors_name_the_file_at_fault(tmp_path):
    write(tmp_path, "base.yaml", "name: base\ndescription: d\nrules:" + MINIMAL_RULE)
    child = write(tmp_path, "child.yaml", "name: child\ndescription: d\nextends: base.yaml\noverrides:\n  NOPE-RULE: {enabled: false}\n")
    with pytest.raises(PolicyError) as error:
        load_policies([child])
    assert str(error.value) == f"{child}: overrides.NOPE-RULE: no such rule in the policy or the one it extends"
    bad_override = write(tmp_path, "child2.yaml", "name: child\ndescription: d\nextends: base.yaml\noverrides:\n  ACME-PHONE: {severity: loud}\n")
    with pytest.raises(PolicyError, match=r"child2.yaml: overrides.ACME-PHONE.severity: Input should be"):
        load_policies([bad_override])


def test_an_extends_loop_is_an_error(tmp_path):
    loop = write(tmp_path, "loop.yaml", "name: loop\ndescription: d\nextends: loop.yaml\n")
    with pytest.raises(PolicyError, match=r"extends: chain longer than 8 \(a loop\?\)"):
        load_policies([loop])
