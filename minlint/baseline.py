"""Baseline of accepted findings, like detect-secrets' `.secrets.baseline`.

`minlint scan … --write-baseline .minlint-baseline.json` records today's violations by
fingerprint; later scans with `--baseline .minlint-baseline.json` report only new ones. The file
holds rule ids, dataset paths, column names and fingerprints: never a value. The fingerprint is
the one SARIF results carry, so code scanning and the baseline agree on what is "the same".
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from minlint.errors import ConfigError
from minlint.model import Report
from minlint.report.sarif import fingerprint

BASELINE_VERSION = "1"


def write_baseline(report: Report, path: Path) -> None:
    entries = sorted(
        (
            {"fingerprint": fingerprint(v), "rule_id": v.rule_id, "dataset": v.dataset, "column": v.column}
            for v in report.violations + report.baselined
        ),
        key=lambda e: (e["dataset"], e["rule_id"], e["column"] or "", e["fingerprint"]),
    )
    unique = list({e["fingerprint"]: e for e in entries}.values())
    document = {"version": BASELINE_VERSION, "tool": "minlint", "accepted": unique}
    try:
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot write baseline ({error.strerror})") from None


def load_baseline(path: Path) -> frozenset[str]:
    """Fingerprints of the accepted findings; ConfigError on a missing or malformed file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read baseline ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ConfigError(f"{path}: baseline is not valid JSON") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise ConfigError(f"{path}: not a minlint baseline (version {BASELINE_VERSION} expected)")
    accepted = document.get("accepted")
    if not isinstance(accepted, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in accepted):
        raise ConfigError(f"{path}: baseline 'accepted' must be a list of entries with a fingerprint")
    return frozenset(e["fingerprint"] for e in accepted)


def apply_baseline(report: Report, accepted: frozenset[str]) -> Report:
    """Move the violations the baseline accepted out of the verdict, into `baselined`."""
    known = tuple(v for v in report.violations if fingerprint(v) in accepted)
    new = tuple(v for v in report.violations if fingerprint(v) not in accepted)
    return replace(report, violations=new, baselined=report.baselined + known)
