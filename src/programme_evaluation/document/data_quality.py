"""The data-quality part: what the gate checked and found, from its quality.json, without example
values (they may be identifiers)."""

from __future__ import annotations

import json
from pathlib import Path

from programme_evaluation.common import number_text


def quality_summary(path: Path) -> dict:
    """What the data-quality gate checked and found, without example values (they may be ids)."""
    quality = json.loads(Path(path).read_text(encoding="utf-8"))
    extracts = [
        {
            "file": item.get("file", item.get("extract", "")),
            "rows": number_text.count(item.get("rows", 0)),
            "checks": number_text.count(item.get("checks", 0)),
            "errors": number_text.count(item.get("errors", 0)),
            "warnings": number_text.count(item.get("warnings", 0)),
        }
        for item in quality.get("extracts", [])
    ]
    findings = [
        {
            "file": finding.get("file", ""),
            "rule": finding.get("rule") or finding.get("check", ""),
            "severity": finding.get("severity", ""),
            "column": finding.get("column") or "",
            "failing_rows": number_text.count(finding.get("failing_rows", 0)),
        }
        for item in quality.get("extracts", [])
        for finding in item.get("findings", [])
    ]
    return {
        "passed": bool(quality.get("passed")),
        "extracts": extracts,
        "findings": findings,
        "checks": number_text.count(sum(item.get("checks", 0) for item in quality.get("extracts", []))),
    }
