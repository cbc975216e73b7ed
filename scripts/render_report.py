"""Snakemake entry point: render the edition's report to HTML and PDF and log which renderer ran."""
from programme_evaluation.render import render_report
from programme_evaluation.step import snakemake_step

with snakemake_step(snakemake) as log:
    renderer = render_report(snakemake.input.qmd, snakemake.output.html, snakemake.output.pdf,
                             renderer=snakemake.params.renderer)
    log.info("renderer: %s", renderer)
