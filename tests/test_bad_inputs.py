"""Fail closed on malformed and hostile inputs: `minlint scan` on every case of
`tests/bad_inputs/generate.py`, in a subprocess with a time bound.

Each case must end with exit 2 and exactly one `minlint: error:` line naming the file and the
problem, or, where the data is valid once read, exit 0/1 with a report that says what reading
repaired. Never a traceback, never a hang, never a control character from the data on the
terminal.

Decision on tables without rows (header-only CSV, Parquet with a schema and no row group): they
are valid exports and nothing about a person leaves with them, so they are not an input error;
but the value checks could not run, so the dataset carries the note "no data rows: only column
names were checked" instead of passing silently as checked. A file with no header at all (0
bytes, a lone BOM) is not a table: exit 2 "empty file".
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TIMEOUT_SECONDS = 60

_spec = importlib.util.spec_from_file_location("bad_inputs_generate", ROOT / "tests/bad_inputs/generate.py")
generator = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = generator
_spec.loader.exec_module(generator)

# Any C0 control but newline and tab, DEL, and the 8-bit C1 controls (as UTF-8: C2 80-9F).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, generator.Case]:
    out = tmp_path_factory.mktemp("bad_inputs")
    return {c.name: c for c in generator.generate(out)} | {"__dir__": out}


def _run(args: list[str], cwd: Path, prefix: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, PYTHON, "-m", "minlint", "scan", *args],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "CI": "true", "MINLINT_DEBUG": ""},
    )


def _without_read_override() -> list[str]:
    """Root reads any file: run the unreadable case without the capabilities that allow it."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): cannot drop CAP_DAC_OVERRIDE")
    capabilities = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={capabilities}", f"--bounding-set={capabilities}"]


def _arguments(case: generator.Case) -> list[str]:
    extra = [] if case.presidio else ["--no-presidio"]
    if case.exit_code == 2:
        return [*case.args, *extra]
    # Data that must be read: the terminal report goes to stdout, the JSON one to a file.
    return [*case.args, *extra, "-f", "json", "-o", f"{case.name}.json", "-f", "text"]


def _check_terminal_safe(result: subprocess.CompletedProcess) -> None:
    for stream in (result.stdout, result.stderr):
        assert b"Traceback" not in stream
        found = _CONTROL_BYTES.search(stream)
        assert found is None, f"control byte {found.group()!r} in output"


PARAMS = [
    pytest.param(name, marks=[pytest.mark.slow] if options.get("slow") else [], id=name)
    for name, (_, options) in generator.BUILDERS.items()
]


@pytest.mark.parametrize("name", PARAMS)
def test_bad_input_fails_closed(cases, name):
    case, out = cases[name], cases["__dir__"]
    cwd = out
    result = _run(_arguments(case), cwd, _without_read_override() if case.unreadable else [])
    _check_terminal_safe(result)
    assert result.returncode == case.exit_code, result.stderr.decode(errors="replace")
    error_lines = [line for line in result.stderr.decode().splitlines() if line.startswith("minlint: error:")]
    if case.exit_code == 2:
        assert result.stderr.decode() == f"minlint: error: {case.message}\n"
        assert result.stdout == b""
        return
    assert error_lines == []
    report = json.loads((cwd / f"{case.name}.json").read_text())
    (dataset,) = report["datasets"]
    assert dataset.get("notes", []) + report["notes"] == ([case.message] if case.message else [])
    if case.columns:
        assert [column["name"] for column in dataset["columns"]] == list(case.columns)
    flagged = {column["name"] for column in dataset["columns"] if column["category"] != "none"}
    if case.exit_code == 1:
        assert flagged, "exit 1 without a flagged column"
