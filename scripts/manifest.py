"""Snakemake entry point: write the edition's audit manifest (everything up to the report document)."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.published.manifest import write_manifest

with snakemake_step(snakemake) as log:
    # a named input of one file is a string, of several a list
    outputs = {
        rule: [snakemake.input[name]] if isinstance(snakemake.input[name], str) else list(snakemake.input[name])
        for name, rule in snakemake.params.made_by.items()
    }
    manifest = write_manifest(
        snakemake.output.manifest,
        programme=snakemake.params.programme,
        edition=snakemake.wildcards.edition,
        configuration=snakemake.params.configuration,
        raw=list(snakemake.input.raw),
        quality_summary=snakemake.input.gate_summary,
        outputs=outputs,
        workflow_dir=snakemake.params.workflow_dir,
    )
    log.info(
        "%s inputs and %s outputs recorded in %s",
        len(manifest["inputs"]),
        len(manifest["outputs"]),
        snakemake.output.manifest,
    )
