"""Draw an edition's declared charts, byte-identical run to run.

For each figure in `report.figures` its kind (`kinds/`) gives its table, words and chart; this
module writes `<id>.png`, `<id>.csv` (the numbers behind the chart) and an entry in
`figures.json` (title, caption, alt text, data-table columns). PNG metadata leaves out the
matplotlib version, so the bytes depend on the data only.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.pyplot as plt

from programme_evaluation.common.files import replacing, write_text
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.common.tables import csv_number, write_table
from programme_evaluation.figures.figure import FigureData
from programme_evaluation.figures.kinds import KINDS
from programme_evaluation.figures.printed_rows import withheld
from programme_evaluation.figures.theme import DPI, house_theme
from programme_evaluation.published.table import PublishedMetrics


def figure_data(spec: dict, metrics: PublishedMetrics, naming: Naming) -> FigureData:
    """Table, alt text and summary of one declared figure (its kind is one the schema allows)."""
    return KINDS[spec["kind"]].build(spec, metrics, naming.with_labels(spec.get("labels") or {}))


def draw(data: FigureData, path: Path) -> None:
    """Draw one figure to a PNG at `path`, naming things only as `data` prints them (its table
    cells and column labels), so the chart says what its data table and alt text say."""
    with house_theme():
        figure = KINDS[data.kind].draw(data)
        # A fixed canvas (no tight bbox) keeps every chart the same width, so text prints at one size.
        try:
            with replacing(path) as partial:
                figure.savefig(partial, dpi=DPI, metadata={"Software": None})
        finally:
            plt.close(figure)


def manifest_entry(data: FigureData) -> dict:
    return {
        "id": data.id,
        "kind": data.kind,
        "section": data.section,
        "title": data.title,
        "caption": data.caption,
        "summary": data.summary,
        "summary_parts": data.summary_parts,
        "alt": data.alt,
        "image": f"{data.id}.png",
        "data": f"{data.id}.csv",
        "columns": [{"name": column.name, "label": column.label, "format": column.format} for column in data.columns],
    }


def write_data_table(data: FigureData, path: Path) -> None:
    """The numbers behind a chart as CSV, ratios to six decimals like metrics.csv, [c] as published."""
    table = data.table.copy()
    for column in data.columns:
        if column.format in ("count", "percent"):
            table[column.name] = [value if withheld(value) else csv_number(value) for value in table[column.name]]
    write_table(table, path)


def draw_figures(report: dict, metrics_path: str | Path, out_dir: str | Path) -> list[dict]:
    """Draw every declared figure of an edition from its published metrics; return (and write) the manifest."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = PublishedMetrics.read(metrics_path, report.get("means", ()))
    naming = Naming.of(report)
    manifest = []
    for spec in report.get("figures", []):
        data = figure_data(spec, metrics, naming)
        draw(data, out_dir / f"{data.id}.png")
        write_data_table(data, out_dir / f"{data.id}.csv")
        manifest.append(manifest_entry(data))
    write_text(out_dir / "figures.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest
