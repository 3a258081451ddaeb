"""The CLI sets how polars' allocator returns freed memory (``cli.ALLOCATOR_DECAY``) before
polars loads, unless the user set it: the scan's peak memory depends on it (benchmarks/memory.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
_SHOW = "import minlint.cli, os, sys; print(os.environ['_RJEM_MALLOC_CONF']); print('polars' in sys.modules)"


def _configured(value: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if value is not None:
        env["_RJEM_MALLOC_CONF"] = value
    result = subprocess.run(
        [sys.executable, "-c", _SHOW], env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("inherited", [None, "dirty_decay_ms:500,muzzy_decay_ms:1000"])
def test_the_cli_sets_the_decay_before_polars_loads(inherited):
    # None: a shell. Polars' own default: a parent Python process that imported polars.
    from minlint.cli import ALLOCATOR_DECAY

    assert _configured(inherited) == [ALLOCATOR_DECAY, "False"]


def test_a_users_allocator_setting_wins():
    assert _configured("narenas:2")[0] == "narenas:2"
