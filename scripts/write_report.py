"""Snakemake entry point: write the edition's Quarto report document from its audited inputs."""
from pathlib import Path

from programme_evaluation.quarto_extension import install_extension
from programme_evaluation.report_document import Inputs, write_report_document
from programme_evaluation.step import snakemake_step

with snakemake_step(snakemake) as log:
    source = snakemake.input
    inputs = Inputs(
        metrics=Path(source.metrics),
        figures=Path(source.figures),
        quality=Path(source.quality),
        quotes=Path(source.quotes[0]) if source.quotes else None,
        earlier_metrics=tuple(zip(snakemake.params.earlier_editions, map(Path, source.earlier))),
    )
    context = write_report_document(snakemake.params.config, snakemake.wildcards.edition, inputs,
                                    Path(snakemake.params.templates), Path(snakemake.output.qmd))
    # The design beside the document: the report folder renders on its own.
    install_extension(Path(snakemake.params.extensions), Path(snakemake.output.qmd).parent)
    log.info("%s written: %s figures, %s quote themes", snakemake.output.qmd,
             sum(len(section["figures"]) for section in context["sections"]), len(context["quotes"]))
