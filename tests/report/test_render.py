"""What holds for every format: the name table, determinism, and no terminal escapes."""

from __future__ import annotations

import dataclasses

import pytest

from minlint.errors import ConfigError
from minlint.model import ColumnFinding, Detection
from minlint.report import FORMATS, formatter_for, render
from minlint.report.safe import artifact_uri, safe_text


@pytest.fixture(autouse=True)
def no_summary_file(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_format_names():
    assert FORMATS == ("text", "json", "sarif", "github", "junit", "markdown")
    assert all(callable(formatter_for(name).format) for name in FORMATS)


def test_unknown_format_is_a_config_error(report):
    with pytest.raises(ConfigError, match=r"--format 'yaml': unknown format; choose one of text, json, sarif"):
        render(report, "yaml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_report_renders_byte_identical(report, fmt):
    assert render(report, fmt).encode("utf-8") == render(report, fmt).encode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_escape_or_c1_control_reaches_any_output(report, fmt):
    hostile = "\x9b2J\u202e\x07bell\x00"
    dataset = report.datasets[0]
    finding = ColumnFinding(hostile, "String", "direct_identifier",
                            (Detection(hostile, "PERSON", "direct_identifier", 0.9, ("name:name",)),))
    report = dataclasses.replace(report, datasets=(dataclasses.replace(dataset, columns=(*dataset.columns, finding)), report.datasets[1]))
    text = render(report, fmt)
    for control in ("\x1b", "\x9b", "\u202e", "\x07", "\x00"):
        assert control not in text, (fmt, control)
    text.encode("utf-8")


def test_safe_text_escapes_controls_bidi_and_lone_surrogates():
    assert safe_text("\x1b[31mred") == "\\x1b[31mred"
    assert safe_text("a\tb\nc\r\x7f\x85") == "a\\x09b\\x0ac\\x0d\\x7f\\x85"
    assert safe_text("abc\u202efdp.exe") == "abc\\u202efdp.exe"
    assert safe_text("bad\udcff") == "bad\\udcff"
    assert safe_text("Größe µg/dl 血压") == "Größe µg/dl 血压"


def test_artifact_uri_is_a_relative_posix_reference():
    assert artifact_uri("exports/labs 2024.csv") == "exports/labs%202024.csv"
    assert artifact_uri("./exports//cohort/") == "exports/cohort"
    assert artifact_uri("exports\\win\\x.csv") == "exports/win/x.csv"
    assert artifact_uri("a:b.csv") == "a%3Ab.csv"
    assert artifact_uri("C:\\data\\x.csv") == "file:///C:/data/x.csv"
