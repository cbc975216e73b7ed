"""Snakemake entry point: list what changed in the edition's published numbers since its latest release."""

from programme_evaluation.changes.since_release import write_changes_since_release
from programme_evaluation.common.step import snakemake_step

with snakemake_step(snakemake) as log:
    changes = write_changes_since_release(snakemake.input.released, snakemake.input.numbers, snakemake.output.table)
    log.info("%s published numbers differ from the release %s", len(changes), snakemake.input.released)
