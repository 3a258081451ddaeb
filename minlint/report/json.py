"""``--format json``: the versioned report contract (docs: /work/shared/docs/design.md).

The shape is ``Report.to_json()``; ``minlint/schemas/report.schema.json`` describes it for
consumers. Key order is the contract's, not sorted, so diffs between runs stay readable.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from minlint.model import Report
from minlint.report.safe import json_safe

SCHEMA_RESOURCE = "schemas/report.schema.json"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the report, as shipped in the package."""
    return json.loads(files("minlint").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8"))


def dumps(document: Any) -> str:
    """Two-space JSON with non-ASCII kept readable and every terminal control escaped."""
    return json_safe(json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False)) + "\n"


class JsonFormat:
    def format(self, report: Report) -> str:
        return dumps(report.to_json())
