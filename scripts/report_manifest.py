"""Snakemake entry point: record the edition's rendered report beside its audit manifest."""

from programme_evaluation.common.step import files_by_rule, snakemake_step
from programme_evaluation.published.manifest import write_report_manifest

with snakemake_step(snakemake) as log:
    outputs = files_by_rule(snakemake.input, snakemake.params.made_by)
    found = write_report_manifest(
        snakemake.output.manifest,
        manifest=snakemake.input.manifest,
        outputs=outputs,
        render_log=snakemake.params.render_log,
    )
    log.info(
        "%s report files recorded in %s (renderer: %s)",
        len(found["outputs"]),
        snakemake.output.manifest,
        found["renderer"],
    )
