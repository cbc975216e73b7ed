"""The gate's machine-readable record of a delivery: every check, passed or not, per extract."""

from __future__ import annotations

import json
from pathlib import Path

from programme_evaluation.common.files import write_text
from programme_evaluation.gate.findings import ExtractCheck, Finding
from programme_evaluation.gate.settings import QualitySettings, late_delivery


def delivery_findings(facts: dict, settings: QualitySettings) -> list[Finding]:
    """Checks of the delivery as a whole (not of one file): is it late for the last edition?"""
    reason = late_delivery(facts.get("delivery_date"), facts.get("cut_offs") or [], settings.delivery_days_max)
    if reason is None:
        return []
    return [
        Finding(
            "configuration",
            reason,
            "delivery",
            severity=settings.severity_of("delivery.late", "warning"),
            id="delivery.late",
        )
    ]


def quality_summary(outcomes: list[ExtractCheck], delivery: list[Finding] | None = None) -> dict:
    """Machine-readable record of what was checked, for reviewers and the report's data-quality section.

    `extracts[].findings` lists what failed or was normalised; `extracts[].results` every check
    run, passed or not; `delivery` the checks of the delivery as a whole.
    """
    delivery = delivery or []
    errors = sum(len(outcome.errors) for outcome in outcomes) + sum(finding.severity == "error" for finding in delivery)
    warnings = sum(len(outcome.findings) - len(outcome.errors) for outcome in outcomes) + sum(
        finding.severity == "warning" for finding in delivery
    )
    return {
        "passed": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "extracts": [
            {
                "extract": outcome.extract,
                "file": outcome.file,
                "rows": outcome.rows,
                "checks": outcome.checks,
                "errors": len(outcome.errors),
                "warnings": len(outcome.findings) - len(outcome.errors),
                "findings": [finding.as_dict() for finding in outcome.findings],
                "results": outcome.results,
            }
            for outcome in outcomes
        ],
        "delivery": {"findings": [finding.as_dict() for finding in delivery]},
    }


def write_summary(summary: dict, path: str | Path) -> None:
    write_text(path, json.dumps(summary, indent=2, default=str) + "\n")
