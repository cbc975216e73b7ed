"""Snakemake entry point: render the edition's report to HTML, PDF and Word and log which renderer ran."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.render.engine import render_report

with snakemake_step(snakemake) as log:
    renderer = render_report(
        snakemake.input.qmd,
        snakemake.output.html,
        snakemake.output.pdf,
        renderer=snakemake.params.settings["renderer"],
        docx=snakemake.output.docx,
    )
    log.info("renderer: %s", renderer)
