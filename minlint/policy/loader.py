"""Find, read, merge (``extends``) and validate policies; every problem is one PolicyError line.

A spec is a built-in name (``hipaa-safe-harbor``) or a path to a YAML file. Built-ins ship in
the repository's ``policies/`` directory, and inside the wheel at ``minlint/policies/``
(pyproject force-includes them).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import ValidationError

from minlint.errors import PolicyError, read_settings_text
from minlint.policy.destination import is_country_code
from minlint.policy.schema import PLACEHOLDERS, PersonsCategory, Policy, Rule, references, template_fields

POLICY_SUFFIXES = (".yaml", ".yml")
DEFAULT_POLICY = "hipaa-safe-harbor"  # also minlint.scan.DEFAULT_POLICY
MAX_EXTENDS_DEPTH = 8
PERSONS_CATEGORIES = frozenset(get_args(PersonsCategory))


def builtin_policy_dir() -> Path:
    """The package copy of the built-ins when installed as a wheel, else the repository's."""
    packaged = Path(__file__).resolve().parents[1] / "policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "policies"


def builtin_policy_names() -> list[str]:
    directory = builtin_policy_dir()
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.iterdir() if p.suffix in POLICY_SUFFIXES)


def _looks_like_path(spec: str) -> bool:
    return spec.endswith(POLICY_SUFFIXES) or "/" in spec or "\\" in spec


def _resolve(spec: str, relative_to: Path | None) -> tuple[Path, str]:
    """The file a spec names and how to name it in messages."""
    if not _looks_like_path(spec):
        for suffix in POLICY_SUFFIXES:
            candidate = builtin_policy_dir() / f"{spec}{suffix}"
            if candidate.is_file():
                return candidate, spec
        known = ", ".join(builtin_policy_names())
        raise PolicyError(f"{spec}: unknown policy (built-in: {known}; or give a path to a YAML file)")
    path = Path(spec)
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    return path, spec


def _read_document(path: Path, label: str) -> dict[str, Any]:
    text = read_settings_text(path, label, "policy file", PolicyError)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise PolicyError(f"{label}: not valid YAML{where}") from None
    if not isinstance(document, dict):
        raise PolicyError(f"{label}: a policy must be a YAML mapping with name, description and rules")
    return document


def _location(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _rule_label(document: dict[str, Any], loc: tuple) -> str:
    """`rules[3] (HIPAA-SH-SSN)` when the error is inside a rule that has an id."""
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = document.get("rules")
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rule_id = rules[loc[1]].get("id")
            if isinstance(rule_id, str):
                return f" ({rule_id})"
    return ""


def _is_type_tag(item: object) -> bool:
    """pydantic puts the union member tried ("int", "dict[...]") and "[key]" into locations."""
    return isinstance(item, str) and (item in ("int", "str", "float", "bool", "[key]") or "[" in item)


def _validation_message(label: str, document: dict[str, Any], error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    loc = tuple(first["loc"])
    loc = tuple(item for item in loc if not _is_type_tag(item))
    field = _location(loc) + _rule_label(document, loc)
    if first["type"] == "extra_forbidden":
        return f"{label}: {field}: unknown key"
    return f"{label}: {field}: {first['msg']}"


def _merge_rules(parent: list[dict], child: list[dict]) -> list[dict]:
    """Rules merged by id: a child rule replaces the parent's, new ones are appended."""
    merged = {r.get("id"): r for r in parent}
    order = [r.get("id") for r in parent]
    for rule in child:
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id not in merged:
            order.append(rule_id)
        merged[rule_id] = rule
    return [merged[rule_id] for rule_id in order]


def _apply_overrides(label: str, rules: list[dict], overrides: dict[str, dict]) -> list[dict]:
    by_id = {r.get("id"): r for r in rules}
    for rule_id, change in sorted(overrides.items()):
        if rule_id not in by_id:
            raise PolicyError(f"{label}: overrides.{rule_id}: no such rule in the policy or the one it extends")
        by_id[rule_id] = {**by_id[rule_id], **{k: v for k, v in change.items() if v is not None}}
    return [by_id[r.get("id")] for r in rules]


def _expanded(path: Path, label: str, depth: int) -> dict[str, Any]:
    """The policy document with its ``extends`` chain merged in (child wins)."""
    document = _read_document(path, label)
    parent_spec = document.get("extends")
    if parent_spec is None:
        return document
    if depth >= MAX_EXTENDS_DEPTH:
        raise PolicyError(f"{label}: extends: chain longer than {MAX_EXTENDS_DEPTH} (a loop?)")
    if not isinstance(parent_spec, str):
        raise PolicyError(f"{label}: extends: must be a policy name or path")
    parent_path, parent_label = _resolve(parent_spec, path.parent)
    parent = _expanded(parent_path, parent_label, depth + 1)
    # Validate the parent on its own first, so its errors name the parent file.
    _validate(parent_label, {k: v for k, v in parent.items() if k != "overrides"})
    merged = dict(parent)
    merged.update({k: v for k, v in document.items() if k not in ("rules", "parameters", "sources", "overrides")})
    merged["parameters"] = {**(parent.get("parameters") or {}), **(document.get("parameters") or {})}
    merged["sources"] = list(parent.get("sources") or []) + [
        s for s in (document.get("sources") or []) if s not in (parent.get("sources") or [])
    ]
    child_rules = document.get("rules") or []
    if not isinstance(child_rules, list):
        _validate(label, document)  # reports the type error against the child file
    merged["rules"] = _merge_rules(list(parent.get("rules") or []), child_rules)
    overrides = document.get("overrides") or {}
    if not isinstance(overrides, dict):
        _validate(label, document)
    # Validate the override entries before applying them.
    _validate(label, {"name": "x", "description": "x", "overrides": overrides})
    merged["rules"] = _apply_overrides(label, merged["rules"], overrides)
    merged["overrides"] = {}
    return merged


def _validate(label: str, document: dict[str, Any]) -> Policy:
    try:
        return Policy.model_validate(document)
    except ValidationError as error:
        raise PolicyError(_validation_message(label, document, error)) from None


def _check_references(label: str, policy: Policy) -> None:
    """Every $parameter a rule names exists; every country code is real; templates resolve."""
    known_placeholders = PLACEHOLDERS | set(policy.parameters)
    seen: set[str] = set()
    for rule in policy.rules:
        if rule.id in seen:
            raise PolicyError(f"{label}: rules ({rule.id}): duplicate rule id")
        seen.add(rule.id)
        _check_rule(label, policy, rule, known_placeholders)
    ids = {r.id for r in policy.rules}
    for rule in policy.rules:
        for other in rule.superseded_by:
            if other not in ids:
                raise PolicyError(f"{label}: rules ({rule.id}): superseded_by: no rule {other}")


def _check_rule(label: str, policy: Policy, rule: Rule, placeholders: frozenset[str] | set[str]) -> None:
    where = f"{label}: rules ({rule.id})"
    for field_name in ("message", "remediation"):
        for placeholder in template_fields(getattr(rule, field_name)):
            if placeholder not in placeholders:
                raise PolicyError(f"{where}: {field_name}: unknown placeholder {{{placeholder}}}")
    condition = rule.when.model_dump(exclude_none=True)
    for reference in references(condition):
        try:
            parameter_value(policy.parameters, reference)
        except KeyError:
            raise PolicyError(f"{where}: when: unknown parameter {reference}") from None
    if rule.when.risk is not None:
        for field_name in ("persons_above", "combined_persons_above"):
            thresholds = getattr(rule.when.risk, field_name)
            if isinstance(thresholds, str):
                _check_thresholds(f"{where}: when.risk.{field_name}", parameter_value(policy.parameters, thresholds))
            elif thresholds:
                for threshold in thresholds.values():
                    if isinstance(threshold, str):
                        _check_number(f"{where}: when.risk.{field_name}", parameter_value(policy.parameters, threshold))
    for field_name in ("destinations", "destinations_not_in"):
        for code in country_codes(getattr(rule.when, field_name), policy.parameters):
            if not is_country_code(code):
                # YAML 1.1 reads a bare NO (Norway) as false.
                hint = ' (quote country codes: YAML reads a bare NO as false)' if code in ("TRUE", "FALSE") else ""
                raise PolicyError(f"{where}: when.{field_name}: unknown country code {code}{hint}")


def _check_number(where: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyError(f"{where}: parameter must be a whole number of persons, got {type(value).__name__}")


def _check_thresholds(where: str, value: Any) -> None:
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: parameter must map data categories to numbers of persons")
    for category, threshold in value.items():
        if category not in PERSONS_CATEGORIES:
            raise PolicyError(f"{where}: unknown data category {category}")
        _check_number(where, threshold)


def parameter_value(parameters: dict[str, Any], reference: str) -> Any:
    """The value a "$name" or "$name.key" reference names; KeyError when there is none."""
    name, _, key = reference[1:].partition(".")
    value = parameters[name]
    if key:
        if not isinstance(value, dict):
            raise KeyError(reference)
        value = value[key]
    return value


def country_codes(items: list[str], parameters: dict[str, Any]) -> list[str]:
    """ISO codes of a destination list, with $sets expanded from the parameters."""
    codes: list[str] = []
    for item in items:
        if item.startswith("$"):
            value = parameter_value(parameters, item)
            for entry in value if isinstance(value, list) else [value]:
                # A set is a list of codes, or of decisions ({country: JP, decision: ..., date: ...}).
                code = entry.get("country") if isinstance(entry, dict) else entry
                codes.append(str(code).upper())
        else:
            codes.append(item.upper())
    return codes


def load_policy(spec: str) -> Policy:
    """One policy by built-in name or path, with ``extends`` merged and references checked."""
    path, label = _resolve(spec, None)
    document = _expanded(path, label, 0)
    policy = _validate(label, document)
    _check_references(label, policy)
    return policy


def load_policies(specs: list[str]) -> list[Policy]:
    """The policies the specs name, in order, each once (by name)."""
    policies: list[Policy] = []
    for spec in specs:
        policy = load_policy(spec)
        if all(p.name != policy.name for p in policies):
            policies.append(policy)
    return policies


@lru_cache(maxsize=1)
def _builtins() -> tuple[Policy, ...]:
    return tuple(load_policy(name) for name in builtin_policy_names())


def list_builtin_policies() -> list[Policy]:
    """Every built-in policy, by name."""
    return sorted(_builtins(), key=lambda p: p.name)
