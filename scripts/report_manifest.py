"""Snakemake entry point: record the edition's rendered report beside its audit manifest."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.manifest import write_report_manifest

with snakemake_step(snakemake) as log:
    # a named input of one file is a string, of several a list
    outputs = {
        rule: [snakemake.input[name]] if isinstance(snakemake.input[name], str) else list(snakemake.input[name])
        for name, rule in snakemake.params.made_by.items()
    }
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
