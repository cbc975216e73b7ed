"""Snakemake entry point: write the edition's data-quality report (HTML) and summary (JSON)."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.gate.quality_report import write_quality_report

with snakemake_step(snakemake) as log:
    quality = write_quality_report(
        snakemake.input.quality,
        snakemake.params.settings,
        snakemake.input.template,
        snakemake.output.html,
        snakemake.output.summary,
        snakemake.input.comparison[0] if snakemake.input.comparison else None,
    )
    log.info(
        "%s edition: %s errors, %s warnings -> %s",
        snakemake.wildcards.edition,
        quality["errors"],
        quality["warnings"],
        snakemake.output.html,
    )
