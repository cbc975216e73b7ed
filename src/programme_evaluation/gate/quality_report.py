"""The data-quality report of an edition: every check, pass or fail, and the rows to fix.

Built from the gate's machine-readable summary (`gate/quality.json`), so the HTML page, the
edition's `quality.json` and the report's data-quality section all tell the same story.
"""

from __future__ import annotations

import json
from pathlib import Path

from programme_evaluation.common.files import write_text
from programme_evaluation.common.html_pages import html_page


def edition_quality(summary: dict, settings: dict, comparison: dict | None = None) -> dict:
    """The gate's summary with the edition it serves (`stage_settings.quality_report_settings`),
    and the comparison of its delivery with the one before it (record ids included: this page
    is internal, like the rows it lists; the report prints counts only)."""
    keys = ("programme", "title", "edition", "cut_off", "delivery_date")
    return {**{key: settings[key] for key in keys}, **summary, "delivery_comparison": comparison}


def quality_html(quality: dict, template_path: str | Path) -> str:
    """Render the page; every value is escaped (extract cells are untrusted text)."""
    return html_page(template_path, quality=quality)


def write_quality_report(
    summary_path, settings: dict, template_path, html_path, json_path, comparison_path=None
) -> dict:
    """Write the edition's quality.json and quality.html from the gate's summary and, when its
    delivery has one before it, the delivery comparison."""
    summary = json.loads(Path(summary_path).read_text(encoding="utf-8"))
    comparison = json.loads(Path(comparison_path).read_text(encoding="utf-8")) if comparison_path else None
    quality = edition_quality(summary, settings, comparison)
    write_text(json_path, json.dumps(quality, indent=2) + "\n")
    write_text(html_path, quality_html(quality, template_path))
    return quality
