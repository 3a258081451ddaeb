"""The JSON contract and the schema published for it."""

from __future__ import annotations

import dataclasses
import json
from importlib.resources import files

import jsonschema
import pytest

from minlint.model import ColumnFinding
from minlint.report import render
from minlint.report.json import report_schema


def validator():
    return jsonschema.Draft202012Validator(report_schema(), format_checker=jsonschema.FormatChecker())


def test_schema_ships_in_the_package_as_draft_2020_12():
    text = files("minlint").joinpath("schemas/report.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_json_reports_validate_against_the_published_schema(report, clean_report):
    validator().validate(json.loads(render(report, "json")))
    validator().validate(json.loads(render(clean_report, "json")))


def test_schema_rejects_a_report_that_breaks_the_contract(report):
    document = json.loads(render(report, "json"))
    document["verdict"] = "maybe"
    del document["datasets"][0]["columns"][0]["category"]
    document["violations"][0]["severity"] = "fatal"
    errors = sorted(e.json_path for e in validator().iter_errors(document))
    assert errors == ["$.datasets[0].columns[0]", "$.verdict", "$.violations[0].severity"]


def test_json_is_the_contract_with_two_space_indent_and_trailing_newline(report):
    text = render(report, "json")
    assert text == json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    document = json.loads(text)
    assert list(document) == ["version", "tool", "policy", "policies", "destination", "verdict",
                              "datasets", "violations", "waived", "baselined", "notes"]
    assert document["policy"] == "hipaa-safe-harbor,us-doj-bulk-data,gdpr"
    assert [d["decision"] for d in document["datasets"]] == ["blocked", "allowed_with_conditions"]
    assert document["verdict"] == "fail"


def test_c1_and_bidi_characters_are_escaped_but_the_name_round_trips(report):
    hostile = "zip\x9b2J\u202egnp.exe"
    dataset = report.datasets[1]
    columns = (*dataset.columns, ColumnFinding(hostile, "String", "none"))
    report = dataclasses.replace(report, datasets=(report.datasets[0], dataclasses.replace(dataset, columns=columns)))
    text = render(report, "json")
    assert "\x9b" not in text and "\u202e" not in text
    assert '"zip\\u009b2J\\u202egnp.exe"' in text
    assert json.loads(text)["datasets"][1]["columns"][-1]["name"] == hostile


def test_unknown_fields_in_a_column_are_rejected():
    schema = report_schema()
    column = {"name": "ssn", "dtype": "String", "category": "direct_identifier", "entities": [], "raw": "123-45-6789"}
    column_validator = jsonschema.Draft202012Validator({**schema["$defs"]["column"], "$defs": schema["$defs"]})
    with pytest.raises(jsonschema.ValidationError):
        column_validator.validate(column)
