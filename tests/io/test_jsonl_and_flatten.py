from __future__ import annotations

import gzip
import json

import polars as pl
import pytest
from io_helpers import input_error, load

from minlint.errors import InputError
from minlint.io.flatten import flatten


def test_jsonl_nested_objects_and_lists_become_flat_columns() -> None:
    lines = [
        {"id": 1, "person": {"name": "Ann", "address": {"zip": "02134"}}, "tags": ["x", "y"],
         "visits": [{"d": "2020", "icd": "E11"}, {"d": "2021", "icd": None}]},
        {"id": 2, "person": None, "tags": [], "visits": None},
    ]
    dataset = load("events.jsonl", "\n".join(json.dumps(line) for line in lines).encode() + b"\n")
    assert dataset.frame.collect_schema().names() == [
        "id", "person.name", "person.address.zip", "tags", "visits.d", "visits.icd"
    ]
    assert dataset.frame.collect().rows() == [
        (1, "Ann", "02134", "x; y", "2020; 2021", "E11"),
        (2, None, None, "", None, None),
    ]


def test_key_first_seen_after_line_100_is_a_column() -> None:
    content = b'{"id": 1}\n' * 150 + b'{"id": 2, "ssn": "123-45-6789"}\n'
    frame = load("late.ndjson", content).frame
    assert frame.collect_schema().names() == ["id", "ssn"]
    ssns = frame.select(pl.col("ssn").drop_nulls()).collect().to_series().to_list()
    assert ssns == ["123-45-6789"]


def test_gzip_jsonl_is_read() -> None:
    dataset = load("e.jsonl.gz", gzip.compress(b'{"zip": "02134"}\n'))
    assert dataset.frame.collect().rows() == [("02134",)]


def test_bad_json_line_is_named_without_its_content() -> None:
    content = b'{"ssn": "123-45-6789"}\n\n{"ssn": "987-65-4321",\n'
    assert input_error("bad.jsonl", content) == "bad.jsonl: line 3: invalid JSON"
    not_object = input_error("list.jsonl", b'{"a": 1}\n[1, 2]\n')
    assert not_object == "list.jsonl: line 2: not a JSON object"
    assert input_error("none.jsonl", b"\n \n") == "none.jsonl: empty file"


def test_invalid_utf8_in_jsonl_is_replaced_with_a_note() -> None:
    dataset = load("latin1.jsonl", b'{"city": "Z\xfcrich"}\n')
    assert dataset.notes == ("invalid UTF-8 replaced",)
    assert dataset.frame.collect().rows() == [("Z\ufffdrich",)]


def test_list_of_lists_and_arrays_join_every_element() -> None:
    frame = pl.DataFrame(
        {
            "codes": [[["A1", "A2"], [], None, ["B3"]], None],
            "scores": pl.Series([[1, 2], [3, 4]], dtype=pl.Array(pl.Int64, 2)),
            "nested": [[{"inner": {"v": 1}}, {"inner": {"v": 2}}], []],
        }
    ).lazy()
    flat = flatten(frame, "x.parquet")
    assert flat.collect_schema().names() == ["codes", "scores", "nested.inner.v"]
    assert flat.collect().rows() == [("A1; A2; B3", "1; 2", "1; 2"), (None, "3; 4", "")]


def test_flattened_name_colliding_with_an_existing_column_is_an_input_error() -> None:
    frame = pl.DataFrame({"a": [{"b": 1}], "a.b": [2]}).lazy()
    with pytest.raises(InputError) as raised:
        flatten(frame, "x.parquet")
    assert str(raised.value) == "x.parquet: duplicate column name 'a.b' after flattening"


def test_flat_frames_pass_through_unchanged() -> None:
    frame = pl.DataFrame({"a": [1], "b": ["x"]}).lazy()
    assert flatten(frame, "x.csv") is frame
