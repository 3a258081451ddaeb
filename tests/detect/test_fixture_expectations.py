"""Every column of every shipped fixture gets the category and main entity its generator planted.

The fixtures (fixtures/generate.py) hold realistic exports, cryptic, misleading and non-English
names, identifiers hidden in a small share of rows, and look-alikes; `expected.json` is written
by the generator from what it planted, not from what minlint reports.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from minlint.detect.registry import DetectOptions, detect_dataset
from minlint.io.discover import discover
from minlint.io.readers import open_dataset
from minlint.profile import profile_frame

FIXTURES = Path(__file__).parents[2] / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())["datasets"]


@lru_cache(maxsize=None)
def findings(name: str):
    (source,) = discover([str(FIXTURES / name)])
    dataset = open_dataset(source)
    profiles = profile_frame(name, dataset.frame)
    return {f.column: f for f in detect_dataset(dataset.frame, profiles, DetectOptions())}


# Describes the shape of a text column; reported beside the identifiers found inside it.
DESCRIPTIVE = {"FREE_TEXT"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_column_gets_its_planted_category_and_entities(name):
    found = findings(name)
    expected = EXPECTED[name]["columns"]
    assert set(found) == set(expected)
    wrong = {}
    for column, truth in expected.items():
        finding = found[column]
        allowed = {truth["entity"], *truth.get("also", [])} - {None}
        right = (
            finding.category == truth["category"]
            and (truth["entity"] is None or truth["entity"] in finding.entities)
            and set(finding.entities) - DESCRIPTIVE <= allowed
        )
        if not right:
            wrong[column] = {"expected": (truth["category"], sorted(allowed)), "found": (finding.category, finding.entities)}
    assert wrong == {}


@pytest.mark.parametrize("name", sorted(n for n, d in EXPECTED.items() if any("also" in c for c in d["columns"].values())))
def test_identifiers_hidden_inside_columns_are_all_found(name):
    found = findings(name)
    for column, truth in EXPECTED[name]["columns"].items():
        for entity in truth.get("also", []):
            assert entity in found[column].entities, (column, entity, found[column].entities)
