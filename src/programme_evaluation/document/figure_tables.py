"""The report's charts: each figure's manifest entry with its data table formatted for print,
by section, its summary traced to its rows (the chart_data appendix and the findings)."""

from __future__ import annotations

from pathlib import Path

from programme_evaluation.common import number_text
from programme_evaluation.common.tables import read_validated
from programme_evaluation.document.traceability import Sources
from programme_evaluation.published.table import SUPPRESSED

REPORT_FIGURES = "figures"
"""Folder, beside report.qmd, holding the images the document shows."""


def data_table(entry: dict, folder: Path) -> dict:
    """A figure's data table with each cell formatted by its declared column format."""
    table = read_validated(folder / entry["data"]).fillna("")
    rows = []
    for record in table.to_dict("records"):
        cells = []
        for column in entry["columns"]:
            raw = record[column["name"]]
            cells.append(cell(raw, column["format"]))
        rows.append(cells)
    return {
        "header": [column["label"] for column in entry["columns"]],
        "align": ["left" if column["format"] in ("text", "rag") else "right" for column in entry["columns"]],
        "rows": rows,
        "withheld": any(item["text"] == SUPPRESSED for cells in rows for item in cells),
        # every bar withheld: the chart would be empty axes, so the report prints why instead
        "all_withheld": bool(rows) and all(bar_withheld(entry, cells) for cells in rows),
    }


def bar_withheld(entry: dict, cells: list[dict]) -> bool:
    """Is a data table row's bar withheld: its first number (what the bar draws) is [c]."""
    numbers = [item for item, column in zip(cells, entry["columns"]) if column["format"] not in ("text", "rag")]
    return bool(numbers) and numbers[0]["text"] == SUPPRESSED


def cell(raw: str, kind: str) -> dict:
    """One table cell: its printed text, or a RAG rating that the template shows as a badge."""
    if raw == SUPPRESSED:
        return {"text": raw, "rag": ""}
    if kind == "rag":
        return {"text": raw, "rag": raw}
    if kind == "count":
        return {"text": number_text.count(float(raw)) if raw != "" else number_text.DASH, "rag": ""}
    if kind == "percent":
        return {"text": number_text.percent(float(raw)) if raw != "" else number_text.DASH, "rag": ""}
    return {"text": raw, "rag": ""}


def figures_by_section(manifest: list[dict], folder: Path, sources: Sources | None = None) -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {}
    for entry in manifest:
        parts = entry.get("summary_parts") or [{"text": entry["summary"]}]
        figure = {
            **entry,
            "table_id": "tbl-" + entry["id"].removeprefix("fig-"),
            "table": data_table(entry, folder),
            "path": f"{REPORT_FIGURES}/{entry['image']}",
            "summary_traced": [
                sources.part(part.get("source"), part["text"])
                if sources
                else {"text": part["text"], "id": "", "title": "", "withheld": False}
                for part in parts
            ],
        }
        sections.setdefault(entry["section"], []).append(figure)
    return sections
