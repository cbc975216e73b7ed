"""Snakemake entry point: write the edition's published set as one accessible spreadsheet."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.spreadsheet import write_spreadsheet

with snakemake_step(snakemake) as log:
    settings = snakemake.params.settings
    tables = write_spreadsheet(
        snakemake.input.metrics,
        snakemake.output.xlsx,
        title=settings["title"],
        edition=snakemake.wildcards.edition,
        metrics=settings["metrics"],
        threshold=int((settings.get("disclosure") or {}).get("threshold", 10)),
    )
    log.info("%s tables written to %s", len(tables), snakemake.output.xlsx)
