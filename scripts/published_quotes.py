"""Snakemake entry point: write the edition's published quotes, screened for identifiers."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.quote_screening import publish_quotes

with snakemake_step(snakemake) as log:
    published, outcomes = publish_quotes(
        snakemake.params.settings,
        snakemake.wildcards.edition,
        snakemake.input.quotes[0] if snakemake.input.quotes else None,
        snakemake.output.quotes,
        snakemake.output.screening,
        log,
    )
    log.info(
        "%s quotes published to %s; %s quotes held back",
        len(published),
        snakemake.output.quotes,
        len({item.record for item in outcomes if item.outcome == "held back"}),
    )
