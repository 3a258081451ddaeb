"""The shipped pre-commit hook definition, run by real pre-commit in a temporary git repository.

The hook's `files` pattern and options come from `.pre-commit-hooks.yaml`; the entry runs this
checkout's minlint (`language: system`) so the test needs no network to build a hook env.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))

pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists() or not shutil.which("git"), reason="pre-commit or git missing")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "ci@example.org")
    _git(tmp_path, "config", "user.name", "CI")
    hook = {
        "id": HOOK["id"],
        "name": HOOK["name"],
        "entry": f"{sys.executable} -m minlint scan --no-presidio",
        "language": "system",
        "files": HOOK["files"],
        "pass_filenames": HOOK["pass_filenames"],
        "require_serial": HOOK["require_serial"],
    }
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}))
    return tmp_path


def _commit(repo: Path, name: str, content: str) -> subprocess.CompletedProcess:
    (repo / name).write_text(content)
    _git(repo, "add", name, ".pre-commit-config.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo / ".cache"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([PRE_COMMIT, "run"], cwd=repo, capture_output=True, text=True, env=env, timeout=300)


def test_hook_blocks_a_staged_export_with_ssns(repo):
    rows = "\n".join(f"P{i:04d},{['123-45-6789', '234-56-7891', '345-67-8912'][i % 3]}" for i in range(200))
    result = _commit(repo, "export.csv", "record,soc\n" + rows + "\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "HIPAA-SH-SSN" in result.stdout
    assert "123-45-6789" not in result.stdout + result.stderr


def test_hook_passes_a_clean_export_and_skips_other_files(repo):
    clean = _commit(repo, "counts.csv", "dx,n\n" + "\n".join(f"E11.9,{i}" for i in range(50)) + "\n")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    _git(repo, "commit", "-qm", "clean export", "--no-verify")
    skipped = _commit(repo, "notes.py", "print('123-45-6789')\n")
    assert skipped.returncode == 0 and "(no files to check)" in skipped.stdout
