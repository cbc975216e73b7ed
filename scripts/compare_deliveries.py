"""Snakemake entry point: compare a delivery with the last accepted one (the delivery before it),
list every finding in a CSV, and stop the build when a released edition's numbers would change."""

from programme_evaluation.changes.delivery_comparison import check_comparison, compare_deliveries, write_comparison
from programme_evaluation.common.step import snakemake_step
from programme_evaluation.configuration.releases import released_editions

with snakemake_step(snakemake) as log:
    settings = snakemake.params.settings
    extracts = list(settings["extracts"])
    comparison = compare_deliveries(
        settings,
        dict(zip(extracts, snakemake.input.previous)),
        dict(zip(extracts, snakemake.input.current)),
        snakemake.params.contract,
        released_editions(snakemake.params.configuration),
    )
    write_comparison(comparison, snakemake.log.table)
    check_comparison(comparison, snakemake.log.table)
    write_comparison(comparison, snakemake.log.table, snakemake.output.summary)
    log.info(
        "delivery %s against %s: %s errors, %s warnings (%s)",
        settings["delivery"],
        settings["previous"],
        comparison["errors"],
        comparison["warnings"],
        ", ".join(f"{kind} {count}" for kind, count in comparison["counts"].items()),
    )
