"""Snakemake entry point: write the edition's data-quality report (HTML) and summary (JSON)."""
from programme_evaluation.quality_report import write_quality_report
from programme_evaluation.step import snakemake_step

with snakemake_step(snakemake) as log:
    quality = write_quality_report(
        snakemake.input.quality, snakemake.params.config, snakemake.wildcards.edition, snakemake.input.template,
        snakemake.output.html, snakemake.output.summary,
    )
    log.info("%s edition: %s errors, %s warnings -> %s", snakemake.wildcards.edition, quality["errors"], quality["warnings"], snakemake.output.html)
