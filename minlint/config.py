"""Project configuration: `.minlint.toml`, or `[tool.minlint]` in `pyproject.toml`.

Found by walking up from the working directory (a `.minlint.toml` wins over a `pyproject.toml`
in the same directory); `--config FILE` names one explicitly. Keys are kebab-case in TOML
(`fail-on`, `sample-size`, `quasi-identifiers`); snake_case is accepted too. Unknown keys,
wrong types and waivers without a reason are ConfigError naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from minlint.errors import ConfigError, read_settings_text

CONFIG_FILE = ".minlint.toml"
PYPROJECT_FILE = "pyproject.toml"
DEFAULT_K = 11  # CMS cell-size suppression of 1-10 (policy-reference.md section 2)
DEFAULT_SAMPLE_SIZE = 200  # minlint.profile.DEFAULT_SAMPLE_SIZE


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True)


class Waiver(_Settings):
    """An accepted violation: a rule (id or glob) on a column of datasets (glob), with a reason."""

    dataset: str = Field("*", min_length=1, description="Glob of dataset paths the waiver covers.")
    column: str | None = None
    rule: str = Field(min_length=1, description="Rule id (or glob, e.g. HIPAA-SH-*).")
    reason: str = Field(min_length=1, description="Why the violation is accepted (IRB decision, DUA, ...).")
    approver: str | None = None
    expires: date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, reason: str) -> str:
        if not reason.strip():
            raise ValueError("reason must not be blank")
        return reason.strip()


class Config(_Settings):
    policies: list[str] = Field(default_factory=list)
    destination: str | None = None
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    quasi_identifiers: dict[str, list[str]] | list[str] | None = None
    waivers: list[Waiver] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "never"] = "error"
    sample_size: int = Field(DEFAULT_SAMPLE_SIZE, ge=10, le=100_000)
    k: int = Field(DEFAULT_K, ge=2)
    data_use_agreement: bool = False
    safeguards: list[str] = Field(default_factory=list)
    origin: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, description="Policy parameter overrides.")

    @field_validator("safeguards")
    @classmethod
    def _upper(cls, values: list[str]) -> list[str]:
        return sorted({v.strip().upper() for v in values if v.strip()})

    def global_quasi_identifiers(self) -> list[str] | None:
        """The QI columns for every dataset: the list form, or the "*" entry of the mapping."""
        if isinstance(self.quasi_identifiers, list):
            return list(self.quasi_identifiers)
        if isinstance(self.quasi_identifiers, dict) and "*" in self.quasi_identifiers:
            return list(self.quasi_identifiers["*"])
        return None

    def quasi_identifiers_for(self, dataset: str) -> list[str] | None:
        """The QI columns configured for one dataset path (first matching glob, by key order)."""
        if not isinstance(self.quasi_identifiers, dict):
            return self.global_quasi_identifiers()
        path = PurePath(dataset)
        for pattern, columns in self.quasi_identifiers.items():
            if pattern != "*" and (fnmatchcase(dataset, pattern) or path.match(pattern)):
                return list(columns)
        return self.global_quasi_identifiers()

    def policy_parameters(self) -> dict[str, Any]:
        """Parameters for the policy engine: the `parameters` table plus the named settings."""
        parameters = dict(self.parameters)
        parameters["data_use_agreement"] = self.data_use_agreement
        if self.safeguards:
            parameters["safeguards"] = list(self.safeguards)
        if self.origin:
            parameters["origin"] = self.origin.upper()
        return parameters


# --------------------------------------------------------------------------- errors


def _key_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        parts.append(f"[{item}]" if isinstance(item, int) else ("." if parts else "") + str(item))
    return "".join(parts)


def _error_message(label: str, table: dict[str, Any], error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    # pydantic puts the union member tried ("list[str]") and "[key]" into locations.
    loc = tuple(item for item in first["loc"] if not (isinstance(item, str) and "[" in item))
    if len(loc) >= 2 and loc[0] == "waivers" and isinstance(loc[1], int) and loc[-1] == "reason":
        waivers = table.get("waivers") or []
        rule = waivers[loc[1]].get("rule") if loc[1] < len(waivers) and isinstance(waivers[loc[1]], dict) else None
        about = f", rule {rule}" if rule else ""
        return f"{label}: waiver without reason (waivers[{loc[1]}]{about}): every waiver needs a reason"
    if first["type"] == "extra_forbidden":
        return f"{label}: unknown setting {_key_path(loc)}"
    return f"{label}: {_key_path(loc)}: {first['msg']}"


def _parse_toml(path: Path, label: str) -> dict[str, Any]:
    text = read_settings_text(path, label, "config file", ConfigError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        at = f" (line {where.group(1)}, column {where.group(2)})" if where else ""
        raise ConfigError(f"{label}: not valid TOML{at}") from None


def _table(path: Path, label: str) -> dict[str, Any] | None:
    """The minlint settings of a file: all of `.minlint.toml`, `[tool.minlint]` of pyproject."""
    document = _parse_toml(path, label)
    if path.name != PYPROJECT_FILE:
        return document
    table = document.get("tool", {}).get("minlint") if isinstance(document.get("tool"), dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{label}: tool.minlint must be a table")
    return table


def _validated(table: dict[str, Any], label: str) -> Config:
    from minlint.errors import PolicyError
    from minlint.policy.destination import validate_destination

    try:
        config = Config.model_validate(table)
    except ValidationError as error:
        raise ConfigError(_error_message(label, table, error)) from None
    try:
        destination = validate_destination(config.destination, setting="destination")
        origin = validate_destination(config.origin, setting="origin")
    except PolicyError as error:
        raise ConfigError(f"{label}: {error}") from None
    return config.model_copy(update={"destination": destination, "origin": origin})


def find_config(start: Path) -> Path | None:
    """The nearest `.minlint.toml` or pyproject.toml with [tool.minlint], walking up to the root."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT_FILE
        if pyproject.is_file() and _table(pyproject, str(pyproject)) is not None:
            return pyproject
    return None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """The settings from ``explicit``, or the nearest config file above ``start``, or defaults."""
    if explicit is not None:
        label = str(explicit)
        table = _table(Path(explicit), label)
        if table is None:
            raise ConfigError(f"{label}: no [tool.minlint] table")
        return _validated(table, label)
    found = find_config(Path.cwd() if start is None else start)
    if found is None:
        return Config()
    return _validated(_table(found, str(found)) or {}, str(found))
