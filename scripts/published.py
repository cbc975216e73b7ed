"""Snakemake entry point: write the edition's published set, withholding what could identify people."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.publish import publish

with snakemake_step(snakemake) as log:
    tables = [
        *zip(snakemake.params.earlier_editions, snakemake.input.earlier),
        (snakemake.wildcards.edition, snakemake.input.metrics),
    ]
    table = publish(
        snakemake.params.settings,
        tables,
        snakemake.input.earlier_published,
        snakemake.output.metrics,
        snakemake.output.notes,
        snakemake.output.withheld,
        snakemake.input.released[0] if snakemake.input.released else None,
        snakemake.params.uses,
        (snakemake.output.record, snakemake.output.record_page),
        log,
    )
    log.info(
        "%s rows published to %s, %s withheld ([c])",
        len(table),
        snakemake.output.metrics,
        int((table["value"] == "[c]").sum()),
    )
