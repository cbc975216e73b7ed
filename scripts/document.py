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
    )
    context = write_report_document(
        snakemake.params.settings,
        snakemake.wildcards.edition,
        inputs,
        Path(source.template).parent,
        Path(snakemake.output.qmd),
    )
    log.info(
        "%s written: %s figures, %s quote themes",
        snakemake.output.qmd,
        sum(len(section["figures"]) for section in context["sections"]),
        len(context["quotes"]),
    )
