"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning (upload-sarif) and other viewers.

One rule per rule id, one result per violation located at the export file, with the column as
a logical location. Waived violations are left out: code scanning shows suppressed results as
open alerts, which would undo the waiver.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from minlint.model import SEVERITY_ORDER, Report, Violation
from minlint.report.base import message_with_column, sorted_violations
from minlint.report.json import dumps
from minlint.report.markdown import code_cell, text_cell
from minlint.report.safe import artifact_uri, posix_path

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/minlint/minlint"
# Bump the suffix if the fingerprint input ever changes, so old alerts close instead of matching.
FINGERPRINT_KEY = "minlintFingerprint/v1"
BASE_TAGS = ("data-minimization", "privacy")
MAX_REMEDIATIONS_IN_HELP = 3


def fingerprint(violation: Violation) -> str:
    """sha256 of rule id, dataset path and column: stable across runs and machines, no values."""
    column = violation.column or ""
    key = f"{violation.rule_id}|{posix_path(violation.dataset)}|{column}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _distinct(values) -> list[str]:
    return sorted({value for value in values if value})


def _rule(rule_id: str, violations: list[Violation]) -> dict[str, Any]:
    """The reportingDescriptor of one rule, from what its violations say about it."""
    policies = _distinct(v.policy for v in violations)
    citations = _distinct(v.citation for v in violations)
    remediations = _distinct(v.remediation for v in violations)
    level = min((v.severity for v in violations), key=SEVERITY_ORDER.index)
    policy_text = " and ".join(policies) if policies else "minlint"
    citation_text = "; ".join(citations) if citations else "no citation given"
    short = f"{rule_id} ({policy_text})"
    full = f"Rule {rule_id} of the {policy_text} sharing policy, citing {citation_text}."
    about = f"{rule_id}: a rule of the {policy_text} sharing policy."
    # Remediation templates may name the column: a rule firing on thousands of genotype columns
    # must not get thousands of help lines (each result carries its own remediation).
    shown = remediations[:MAX_REMEDIATIONS_IN_HELP]
    fixes = [f"Remediation: {text}" for text in shown]
    if len(remediations) > len(shown):
        fixes.append(f"... and {len(remediations) - len(shown)} more remediations, one per result.")
    fixes += [f"Citation: {text}" for text in citations]
    explain = f"minlint explain {rule_id}"
    help_text = "\n".join([about, *fixes, f"Run `{explain}` for what the rule checks and why."])
    # Remediation text may name columns from the data: inert in the Markdown variant too.
    help_markdown = "\n\n".join(
        [text_cell(about), *(text_cell(line) for line in fixes),
         f"Run {code_cell(explain)} for what the rule checks and why."]
    )
    return {
        "id": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": sorted({*BASE_TAGS, *policies}),
            "citation": citation_text,
        },
    }


def _location(violation: Violation) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(violation.dataset)},
            # Exports are binary or one record per line: the file itself is the location, but
            # code scanning needs a line to anchor an alert.
            "region": {"startLine": 1},
        }
    }
    if violation.column is not None:
        location["logicalLocations"] = [{"name": violation.column, "kind": "member"}]
    return location


def _message(violation: Violation) -> str:
    message = message_with_column(violation)
    return f"{message}\nRemediation: {violation.remediation}" if violation.remediation else message


def _result(violation: Violation, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": violation.rule_id,
        "ruleIndex": rule_index,
        "level": violation.severity,
        "message": {"text": _message(violation)},
        "locations": [_location(violation)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(violation)},
        "properties": {"policy": violation.policy, "citation": violation.citation},
    }


def sarif_document(report: Report) -> dict[str, Any]:
    """The SARIF log of a scan as a dict (one run)."""
    by_rule: dict[str, list[Violation]] = defaultdict(list)
    for violation in (*report.violations, *report.waived):
        by_rule[violation.rule_id].append(violation)
    rule_ids = sorted(by_rule)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    driver = {
        "name": "minlint",
        "version": report.tool_version,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule_id, sorted_violations(by_rule[rule_id])) for rule_id in rule_ids],
    }
    results = [_result(v, index[v.rule_id]) for v in sorted_violations(report.violations)]
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "results": results,
                "properties": {
                    "verdict": report.verdict,
                    "policies": list(report.policies),
                    "destination": report.destination,
                    "waived": len(report.waived),
                },
            }
        ],
    }


class SarifFormat:
    def format(self, report: Report) -> str:
        return dumps(sarif_document(report))
