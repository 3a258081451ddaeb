"""The stored person-name dictionary (``minlint/data/person_names.json.gz``): Faker's names of
every locale, folded and sorted, read without importing Faker."""

from __future__ import annotations

import sys

from minlint.data import person_names
from minlint.detect import validators


def test_the_stored_names_are_folded_sorted_and_span_scripts():
    document = person_names.load()
    for key in ("given", "family"):
        names = document[key]
        assert names == sorted(set(names)) and len(names) > 10_000
        assert all(name == person_names.fold(name) for name in names[:: len(names) // 500])
    known = validators.known_names()
    assert {"muller", "garcia", "nguyen", "sharma", "wang", "李", "김", "иванов"} <= known
    assert not {"unknown", "male", "female"} & known  # Faker's placeholder `en` list is left out
    assert "Faker" in document["source"]


def test_the_validator_reads_names_without_importing_faker(monkeypatch):
    validators.given_names.cache_clear()
    validators.family_names.cache_clear()
    validators.known_names.cache_clear()
    monkeypatch.setitem(sys.modules, "faker", None)  # an import of faker would now fail
    assert validators.person_name("Maria Lopez")
