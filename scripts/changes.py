"""Snakemake entry point: write the edition's change report against the previous build's numbers."""

from programme_evaluation.changes.report import write_change_report
from programme_evaluation.common.step import snakemake_step

with snakemake_step(snakemake) as log:
    summary = write_change_report(
        snakemake.params.settings,
        snakemake.input.numbers,
        snakemake.params.last_seen,
        snakemake.input.template,
        snakemake.output.table,
        snakemake.output.page,
    )
    if summary["first_build"]:
        log.info("first build of this edition: nothing to compare with")
    else:
        log.info("%(changed)s changed, %(added)s added, %(removed)s removed", summary["counts"])
