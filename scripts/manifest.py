"""Snakemake entry point: write the edition's audit manifest (everything up to the report document)."""

from programme_evaluation.common.step import files_by_rule, snakemake_step
from programme_evaluation.published.manifest import write_manifest

with snakemake_step(snakemake) as log:
    outputs = files_by_rule(snakemake.input, snakemake.params.made_by)
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
