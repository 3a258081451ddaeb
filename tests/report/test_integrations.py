"""The pre-commit hook and the GitHub Action that ship at the repository root."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_pre_commit_hook_runs_minlint_scan_on_data_exports_only():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == ("minlint", "minlint scan", "python", True)
    files = re.compile(hook["files"])
    exports = ["a.parquet", "d/part-0.pq", "x.csv", "x.tsv.gz", "e.jsonl", "e.ndjson.gz", "calls.vcf", "calls.vcf.gz"]
    others = ["README.md", "x.csv.bak", "model.py", "x.gz", "x.vcf.zip", "parquet"]
    assert [bool(files.search(name)) for name in exports] == [True] * len(exports)
    assert [bool(files.search(name)) for name in others] == [False] * len(others)


def test_action_scans_to_sarif_uploads_it_and_fails_per_exit_code():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) >= {"paths", "policy", "destination", "fail-on"}
    assert action["inputs"]["paths"]["required"] is True
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert 'pip install --disable-pip-version-check "$GITHUB_ACTION_PATH"' in steps[1]["run"]
    scan = next(step for step in steps if step.get("id") == "scan")
    assert "--format sarif --output minlint.sarif" in scan["run"]
    assert "set +e" in scan["run"] and 'echo "exit-code=$code" >> "$GITHUB_OUTPUT"' in scan["run"]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "minlint.sarif" and upload["if"].startswith("always()")
    assert "exit 1" in steps[-1]["run"] and steps[-1]["if"] == "always()"


def test_action_never_splices_inputs_into_a_shell_script():
    # ${{ inputs.x }} inside `run:` is script injection (a path named `$(curl …)` would run).
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    scripts = [step["run"] for step in action["runs"]["steps"] if "run" in step]
    assert len(scripts) == 3
    assert all("${{" not in script for script in scripts)
