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

import json
from pathlib import Path

import jinja2

from programme_evaluation.common.files import copy_file, write_text
from programme_evaluation.common.number_text import first_upper, humanised
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.configuration import edition_of
from programme_evaluation.document.blocks import Blocks
from programme_evaluation.document.comparison import comparison, earlier_tables
from programme_evaluation.document.data_quality import quality_summary
from programme_evaluation.document.dates import long_date
from programme_evaluation.document.delivery_changes import delivery_changes
from programme_evaluation.document.figure_tables import figures_by_section
from programme_evaluation.document.inputs import Inputs
from programme_evaluation.document.measures import progression_criteria
from programme_evaluation.document.methods import disclosure, known_numbers, mean_metrics, methods
from programme_evaluation.document.narrative import Narrative, NarrativeWriter
from programme_evaluation.document.narrative_files import Chapter, order
from programme_evaluation.document.provenance import changes_since_release, provenance
from programme_evaluation.document.references import Resolver
from programme_evaluation.document.template_environment import environment
from programme_evaluation.document.traceability import Sources
from programme_evaluation.published.quotes import quotes_by_theme
from programme_evaluation.published.table import PublishedMetrics

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
