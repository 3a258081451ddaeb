"""minlint never reaches the network: a full scan in every format, Presidio included, with sockets
blocked. Presidio's e-mail and URL recognizers use tldextract, whose default fetches the public
suffix list; the analyzer is rebuilt here under the block so that a fetch would show.
"""

from __future__ import annotations

import json
import socket

import polars as pl
import pytest
from typer.testing import CliRunner

from minlint.cli import app
from minlint.detect import presidio_engine

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown")


@pytest.fixture
def connection_attempts(no_network, monkeypatch) -> list[tuple]:
    """Every attempt to open a connection or resolve a name, recorded before it is refused.

    Recording matters: HTTP clients catch the refusal and fall back quietly (tldextract to its
    bundled snapshot), so an exception alone would not fail the test.
    """
    attempts: list[tuple] = []

    def refuse(name):
        def refused(*args, **kwargs):
            attempts.append((name, args[1:] if name.startswith("socket.") else args))
            raise OSError("network access attempted")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture
def export(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pl.DataFrame(
        {
            "patient_id": [f"P{i:04d}" for i in range(40)],
            "contact": [f"person{i}@hospital-example.co.uk" for i in range(40)],
            "homepage": [f"https://clinic{i}.example.com/patients" for i in range(40)],
            "ssn": [f"{100 + i:03d}-{10 + i:02d}-{1000 + i:04d}" for i in range(40)],
            "zip": [f"{2100 + i % 7:05d}" for i in range(40)],
        }
    ).write_parquet(tmp_path / "cohort.parquet")
    return tmp_path


def test_full_scan_in_every_format_makes_no_connection(export, connection_attempts):
    presidio_engine._built_analyzer.cache_clear()  # build the engine (and tldextract) under the block
    args = ["scan", "cohort.parquet", "--fail-on", "never"]
    for fmt in FORMATS:
        args += ["-f", fmt, "-o", f"report.{fmt}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert connection_attempts == []
    for fmt in FORMATS:
        assert (export / f"report.{fmt}").stat().st_size > 0
    columns = {c["name"]: c for c in json.loads((export / "report.json").read_text())["datasets"][0]["columns"]}
    # Presidio did run on the e-mail column: the engine was really exercised offline.
    assert any(e.startswith("presidio:") for d in columns["contact"]["entities"] for e in d["evidence"])


def test_tldextract_resolves_suffixes_without_fetching(connection_attempts):
    presidio_engine._built_analyzer.cache_clear()
    presidio_engine.analyzer(None, ())
    import tldextract.tldextract as module

    assert module.TLD_EXTRACTOR("person@hospital-example.co.uk".split("@")[1]).suffix == "co.uk"
    assert connection_attempts == []
