"""Snakemake entry point: publish the delivery that passed the gate as the accepted one.

A separate step from the gate because Snakemake deletes a job's outputs before rerunning it: a
rejected delivery must not take the last accepted tables with it.
"""

from programme_evaluation.common.files import copy_file
from programme_evaluation.common.step import snakemake_step

with snakemake_step(snakemake) as log:
    sources = [*snakemake.input.tables, snakemake.input.quality]
    for source, target in zip(sources, [*snakemake.output.tables, snakemake.output.quality], strict=True):
        copy_file(source, target)
    log.info("accepted: %s files", len(snakemake.output))
