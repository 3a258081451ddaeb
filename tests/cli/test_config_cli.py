"""Configuration found by walking up from the working directory; command-line flags win."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from minlint.cli import app

runner = CliRunner()


def _export(directory: Path) -> Path:
    path = directory / "data" / "export.parquet"
    path.parent.mkdir()
    pl.DataFrame({"soc": ["123-45-6789", "234-56-7891", "345-67-8912"] * 100}).write_parquet(path)
    return path


def test_config_in_a_parent_directory_applies_and_flags_override_it(tmp_path, monkeypatch):
    export = _export(tmp_path)
    (tmp_path / ".minlint.toml").write_text('fail-on = "never"\n')
    monkeypatch.chdir(export.parent)
    assert runner.invoke(app, ["scan", "--no-presidio", "export.parquet"]).exit_code == 0
    assert runner.invoke(app, ["scan", "--no-presidio", "export.parquet", "--fail-on", "error"]).exit_code == 1


def test_tool_minlint_table_in_pyproject_is_read(tmp_path, monkeypatch):
    export = _export(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.minlint]\nfail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["scan", "--no-presidio", str(export)]).exit_code == 0


def test_unknown_config_key_is_an_error_naming_the_key(tmp_path, monkeypatch):
    export = _export(tmp_path)
    (tmp_path / ".minlint.toml").write_text('fail_onn = "never"\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["scan", "--no-presidio", str(export)])
    assert result.exit_code == 2
    assert "fail_onn" in result.output


def test_the_readme_configuration_example_is_valid(tmp_path):
    import re

    from minlint.config import load_config

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / ".minlint.toml").write_text(example)
    config = load_config(start=tmp_path)
    assert config.policies == ["hipaa-safe-harbor", "us-doj-bulk-data"]
    assert config.quasi_identifiers_for("exports/a.parquet") == ["zip", "birth_date", "sex"]
    assert config.waivers[0].rule == "HIPAA-SH-ZIP5" and config.waivers[0].reason
