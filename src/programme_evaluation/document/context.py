"""Write an edition's Quarto report (.qmd) from its audited inputs through Jinja2 templates.

The context holds every number already formatted as text, read from the edition's published
set (`published/metrics.csv`, never the internal audited table) and the figure manifest and data
tables drawn from it, so the templates place and escape text but compute nothing, and a different
programme folder gets its own numbers. A withheld number prints as [c]; each number of the body
carries its source row (traceability.py).
What a reader may never see stays out of the context altogether: identifiers (quote ids,
family ids ...) are not put in it. Quotes come from the edition's published quotes
(`published/quotes.csv`: consented, screened for identifiers, no ids), like every number.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2
import pandas as pd

from programme_evaluation.common import number_text
from programme_evaluation.common.files import copy_file, sha256_of, write_text
from programme_evaluation.common.number_text import first_upper, humanised, lower_first
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.common.quarto_dates import MONTHS, publication_date
from programme_evaluation.common.tables import read_validated
from programme_evaluation.configuration import edition_of, edition_periods
from programme_evaluation.configuration.publication_checks import matching
from programme_evaluation.document.blocks import Blocks
from programme_evaluation.document.delivery_changes import delivery_changes
from programme_evaluation.document.markdown_text import attribute, escape_front_matter, escape_markdown
from programme_evaluation.document.measures import measure_texts, progression_criteria
from programme_evaluation.document.narrative import Narrative, NarrativeWriter
from programme_evaluation.document.narrative import traced as live
from programme_evaluation.document.narrative_files import Chapter, order
from programme_evaluation.document.references import Resolver
from programme_evaluation.document.traceability import Sources
from programme_evaluation.published.manifest import PRINTED_PACKAGES
from programme_evaluation.published.quotes import quotes_by_theme
from programme_evaluation.published.recode import recode_statement
from programme_evaluation.published.table import RATINGS, SUPPRESSED, MetricMissing, PublishedMetrics

# The parts a report may hold (report.include). With a narrative, the evaluators' chapters take
# the place of the first five, which only the minimal generated report (no narrative) prints.
PARTS = (
    "key_findings",
    "progression",
    "recommendations",
    "findings",
    "quotes",
    "comparison",
    "data_quality",
    "methods",
    "chart_data",
    "provenance",
)
# The ids the generated parts and blocks of a report hold, which a narrative may cross-reference.
GENERATED_IDS = {
    "tbl-edition",
    "sec-comparison",
    "tbl-comparison",
    "sec-data-quality",
    "tbl-quality",
    "tbl-quality-findings",
    "sec-methods",
    "tbl-periods",
    "tbl-definitions",
    "sec-withheld",
    "sec-chart-data",
    "sec-provenance",
    "tbl-inputs",
    "tbl-versions",
    "sec-sources",
    "tbl-sources",
    "tbl-progression",
    "tbl-timeline",
}


REPORT_FIGURES = "figures"
"""Folder, beside report.qmd, holding the images the document shows."""


@dataclass(frozen=True)
class Inputs:
    """The files one edition's report is written from."""

    metrics: Path  # the edition's published metrics.csv
    figures: Path  # figures.json; its data tables sit beside it
    quality: Path
    quotes: Path | None = None  # the edition's published quotes.csv
    earlier_metrics: tuple[tuple[str, Path], ...] = ()  # (edition, published metrics.csv) of earlier editions
    manifest: Path | None = None  # the edition's audit manifest (the provenance appendix)
    release: Path | None = None  # the latest release's release.json, once the edition is released
    since_release: Path | None = None  # what changed in the published numbers since that release
    narrative: tuple[Path, ...] = ()  # the edition's chapter files (narrative_files.chapter_paths)


def long_date(iso: str) -> str:
    """'2023-03-31' -> '31 March 2023' (English month names whatever the locale)."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def mean_metrics(config: dict) -> set[str]:
    """The metrics whose value is a mean score, printed as such rather than as a percentage."""
    return {metric["name"] for metric in config.get("metrics", []) if metric["kind"] == "mean"}


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


def comparison(config: dict, edition: str, metrics: PublishedMetrics, earlier: tuple, naming: Naming) -> dict | None:
    """This edition's headline numbers beside those of the earlier editions (the final report's
    appendix), each from its own edition's published set."""
    if not earlier:
        return None
    editions = [(name, PublishedMetrics.read(path, metrics.means)) for name, path in earlier] + [(edition, metrics)]
    wanted = [measure.metric for measure in metrics.with_target()]
    rows = []
    for metric in dict.fromkeys(wanted):
        values = []
        for _, table in editions:
            try:
                texts = measure_texts(table.measure(metric))
            except MetricMissing:
                texts = {"value": number_text.DASH, "pct_of_target": "", "rag": ""}
            values.append(texts)
        rows.append({"measure": first_upper(naming.measure(metric)), "cells": values})
    return {"editions": [first_upper(name) for name, _ in editions], "rows": rows}


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


def metric_definition(metric: dict, config: dict) -> str:
    """A configured metric in words, from its declaration (the method, not a result)."""
    kind = metric["kind"]
    if kind == "satisfied_share":
        threshold = config.get("questionnaire", {}).get("satisfied_median", 4)
        text = (
            f"share of questionnaires in {metric['extract']} whose median item score is at least "
            f"{number_text.count(threshold)}, by response date"
        )
    else:
        counted = f"distinct {metric['distinct']}" if metric.get("distinct") else "rows"
        text = f"{'share of ' if kind == 'share' else ''}{counted} in {metric['extract']}"
        if kind == "share":
            text += f" meeting {metric['numerator']}"
        text += f", by {metric['date']}"
    if metric.get("where"):
        text += f"; only where {metric['where']}"
    if metric.get("by"):
        text += f"; broken down by {metric['by']}"
    if metric.get("target") is not None:
        text += "; target per period" if isinstance(metric["target"], dict) else "; target share"
    return text


def methods(config: dict, edition: str, naming: Naming) -> dict:
    periods = edition_periods(config, edition)
    rag = config["rag"]
    return {
        "periods": [
            {"name": period.name, "from": long_date(period.start.isoformat()), "to": long_date(period.end.isoformat())}
            for period in periods
        ],
        "green": number_text.percent(rag["green"]),
        "amber": number_text.percent(rag["amber"]),
        "definitions": [
            {
                "measure": first_upper(naming.measure(metric["name"])),
                "name": metric["name"],
                "definition": metric.get("description") or metric_definition(metric, config),
            }
            for metric in config["metrics"]
        ],
        "source_notes": list(config.get("report", {}).get("source_notes", [])),
    }


def disclosure(config: dict, naming: Naming, metrics: PublishedMetrics) -> dict:
    """What the methods appendix says of withheld numbers: the threshold, the metrics that
    count people, and whether this edition withholds any."""
    settings = config.get("disclosure") or {}
    people = matching(settings.get("people", []), [metric["name"] for metric in config["metrics"]])
    return {
        "threshold": number_text.count(settings.get("threshold", 10)),
        "below": number_text.count(settings.get("threshold", 10) - 1),
        "people": [first_upper(naming.measure(name)) for name in people],
        "withheld": metrics.any_withheld(),
        "round_to": number_text.count(settings.get("round_to", 5)) if settings.get("method") == "round" else None,
        "recoded": [
            {"measure": naming.measure(name), "merges": merges}
            for name, merges in recode_statement(config["metrics"], settings.get("recode") or {})
        ],
    }


def versions() -> list[dict]:
    found = []
    for package in PRINTED_PACKAGES:
        try:
            found.append({"name": package, "version": metadata.version(package)})
        except metadata.PackageNotFoundError:
            continue
    return [{"name": "python", "version": platform.python_version()}] + found


def provenance(inputs: Inputs, quality: dict, config: dict) -> dict:
    """What made the report: from the edition's audit manifest when there is one (the
    workflow always writes it), else the extracts' rows and the table's checksum."""
    if inputs.manifest is not None:
        from programme_evaluation.published.manifest import provenance_facts

        return provenance_facts(json.loads(Path(inputs.manifest).read_text(encoding="utf-8")))
    files = [
        {"file": f"{config['programme']['raw']}/{item['file']}", "rows": item["rows"]} for item in quality["extracts"]
    ]
    return {
        "manifest": False,
        "extracts": files,
        "metrics": {"file": inputs.metrics.name, "sha256": sha256_of(inputs.metrics)},
        "versions": versions(),
    }


def changes_since_release(inputs: Inputs) -> dict | None:
    """The released revision this draft revises and what changed in its numbers since, or None
    when the edition was never released or its numbers are as released (the document is then the
    one that was signed: nothing here may change it)."""
    if inputs.release is None or inputs.since_release is None:
        return None
    changes = pd.read_csv(inputs.since_release, dtype=str, keep_default_na=False)
    if changes.empty:
        return None
    release = json.loads(Path(inputs.release).read_text(encoding="utf-8"))
    return {
        "revision": int(release["revision"]),
        "next": int(release["revision"]) + 1,
        "released": long_date(release["released"]),
        "changes": changes.to_dict("records"),
    }


def earlier_tables(inputs: Inputs, metrics: PublishedMetrics) -> dict[str, PublishedMetrics]:
    return {name: PublishedMetrics.read(path, metrics.means) for name, path in inputs.earlier_metrics}


def known_numbers(config: dict) -> set[str]:
    """Numbers the configuration writes (targets, RAG thresholds), as the report prints them:
    typing one in the narrative is not a stale result."""
    known = set()
    for metric in config["metrics"]:
        targets = metric.get("target")
        values = targets.values() if isinstance(targets, dict) else [] if targets is None else [targets]
        for value in values:
            known.add(
                number_text.percent(value) if value <= 1 and metric["kind"] != "count" else number_text.count(value)
            )
    for value in config.get("rag", {}).values():
        known.add(number_text.percent(value))
    return known


def chapter_label(path: Path) -> str:
    """A chapter's path as the user knows it: from config/ when it is under it."""
    parts = Path(path).parts
    return str(Path(*parts[parts.index("config") :])) if "config" in parts else str(path)


def report_context(config: dict, edition: str, inputs: Inputs, env: jinja2.Environment | None = None) -> dict:
    """Everything the templates print for one edition, as text; the narrative's chapters as
    Markdown written by narrative.py."""
    report = config.get("report", {})
    naming = Naming.of(report)
    metrics = PublishedMetrics.read(inputs.metrics, mean_metrics(config))
    earlier = earlier_tables(inputs, metrics)
    sources = Sources(metrics, edition, earlier)
    manifest = json.loads(Path(inputs.figures).read_text(encoding="utf-8"))
    edition_config = edition_of(config, edition)
    figures = figures_by_section(manifest, Path(inputs.figures).parent, None)
    quotes = quotes_by_theme(inputs.quotes)
    method = methods(config, edition, naming)
    chapters = read_chapter_files(inputs.narrative)
    narrative = Narrative()
    if chapters:
        resolver = Resolver(edition, metrics, earlier, sources)
        by_id = {figure["id"]: figure for section in figures.values() for figure in section}
        blocks = Blocks(
            env or environment(Path(__file__).parents[3] / "templates" / "document"),
            resolver,
            naming,
            by_id,
            quotes,
            list(report.get("timeline", [])),
            method,
        )
        generated = GENERATED_IDS | {"tbl-" + identifier.removeprefix("fig-") for identifier in by_id}
        writer = NarrativeWriter(resolver, blocks, naming, known_numbers(config), chapter_label, generated)
        narrative = writer.write(chapters)
        progression = progression_criteria(metrics, naming, None)
        sections = []
    else:  # the minimal generated report: key numbers and every chart with its generated sentence
        progression = progression_criteria(metrics, naming, sources)
        figures = figures_by_section(manifest, Path(inputs.figures).parent, sources)
        sections = [
            {"id": section, "title": first_upper(humanised(section)), "figures": entries}
            for section, entries in figures.items()
        ]
    quality = quality_summary(inputs.quality)
    include = set(report.get("include", PARTS))
    return {
        "programme": {
            "title": config["programme"]["title"],
            "evaluator": config["programme"].get("evaluator", ""),
            # the delivery this edition is built from (its folder's date)
            "delivery_date": long_date(edition_config["delivered"]) if edition_config.get("delivered") else "",
        },
        "edition": {
            "name": edition,
            "label": first_upper(humanised(edition)),
            "cut_off": long_date(edition_config["cut_off"]),
            "published": edition_config.get("published", ""),
            "first_period": edition_config["periods"][0],
            "last_period": edition_config["periods"][-1],
        },
        "narrative": narrative,
        "sections": sections,
        "all_figures": [figure for entries in figures.values() for figure in entries],
        "progression": progression,
        "quotes": quotes,
        "comparison": comparison(config, edition, metrics, inputs.earlier_metrics, naming),
        "quality": quality,
        "delivery_changes": delivery_changes(inputs.quality),
        "methods": method,
        "provenance": provenance(inputs, quality, config),
        "include": {part: part in include for part in PARTS},
        "disclosure": disclosure(config, naming, metrics),
        "sources": sources.rows(),
        "since_release": changes_since_release(inputs),
        "earlier_sources": any(row["edition"] != edition for row in sources.rows()),
    }


def read_chapter_files(paths) -> list[Chapter]:
    """The chapter files as given (the workflow's declared inputs), in chapter order; an empty
    file leaves its chapter out of the edition."""
    chapters = []
    for path in sorted(map(Path, paths), key=lambda path: order(path.name)):
        text = path.read_text(encoding="utf-8")
        if text.strip():
            chapters.append(Chapter(path.name, path, text))
    return chapters


def breakable(markdown: str) -> str:
    """Escaped Markdown with a zero-width space after each dot and underscore, so a long dotted
    metric name can wrap inside a narrow table column instead of running into the next one."""
    return markdown.replace("\\.", "\\.\u200b").replace("\\_", "\\_\u200b")


def rag_badge(rag: str) -> str:
    """A RAG rating as a badge that says its word (never colour alone)."""
    if rag not in RATINGS:
        return escape_markdown(rag)
    return f"[{rag}]{{.rag .rag-{rag.lower()}}}"


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,  # a misspelt key fails the build instead of printing nothing
        autoescape=False,  # the output is Markdown, escaped by the md filter, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Quarto writes ids as {#fig-x}, which Jinja would read as the start of a comment.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = escape_markdown
    env.filters["yaml_md"] = escape_front_matter
    env.filters["attr"] = attribute
    env.filters["rag"] = rag_badge
    env.filters["lower_first"] = lower_first
    env.filters["breakable"] = breakable
    env.globals["live"] = live  # a narrative's number (references.Printed) as traced Markdown
    env.filters["publication_date"] = publication_date  # Quarto's date + date-format, printing it as written
    # Quarto shortcodes use Jinja's own braces; the template writes {{ pagebreak }} instead.
    env.globals["pagebreak"] = "{{< pagebreak >}}"
    return env


def write_report_document(config: dict, edition: str, inputs: Inputs, templates: Path, out: Path) -> dict:
    """Render templates/report.qmd.j2 for one edition to `out`, its images beside it; return the context used.

    The images are copied into the report's own folder: Quarto's Typst step refuses files
    outside the document's folder, and the folder can then be rendered or shared on its own.
    """
    env = environment(Path(templates))
    context = report_context(config, edition, inputs, env)
    text = env.get_template("report.qmd.j2").render(**context)
    out = Path(out)
    for figure in context["all_figures"]:
        copy_file(Path(inputs.figures).parent / figure["image"], out.parent / figure["path"])
    write_text(out, text)
    return context
