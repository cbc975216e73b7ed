"""Snakemake entry point: write the edition's Quarto report document from its audited inputs."""

from pathlib import Path

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.document.context import Inputs, write_report_document

with snakemake_step(snakemake) as log:
    source = snakemake.input
    inputs = Inputs(
        metrics=Path(source.metrics),
        figures=Path(source.figures),
        quality=Path(source.quality),
        quotes=Path(source.quotes),
        earlier_metrics=tuple(zip(snakemake.params.earlier_editions, map(Path, source.earlier))),
        manifest=Path(source.manifest),
        release=Path(source.release[0]) if source.release else None,
        since_release=Path(source.since_release[0]) if source.since_release else None,
        narrative=tuple(map(Path, source.narrative)),
    )
    context = write_report_document(
        snakemake.params.settings,
        snakemake.wildcards.edition,
        inputs,
        Path(source.template).parent,
        Path(snakemake.output.qmd),
    )
    narrative = context["narrative"]
    # A sentence, key finding or takeaway under a withheld number, or citing a chart not drawn:
    # a warning naming the narrative file and line, so the evaluators reword it.
    for where in narrative.withheld:
        log.warning("Withheld number in the narrative: %s", where)
    for where in narrative.not_drawn:
        log.warning("Chart not drawn: %s", where)
    # The stale-number guard: a warning in this step's log and on the console, never a stop.
    for where in narrative.hand_typed:
        log.warning("Hand-typed number: %s", where)
    log.info(
        "%s written: %s narrative chapters, %s figures placed of %s",
        snakemake.output.qmd,
        len(narrative.chapters) + len(narrative.appendices),
        len(narrative.placed_figures),
        len(context["all_figures"]),
    )
