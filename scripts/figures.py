"""Snakemake entry point: draw the edition's declared charts, their data tables and manifest."""

from pathlib import Path

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.figures.drawing import draw_figures

with snakemake_step(snakemake) as log:
    manifest = draw_figures(snakemake.params.settings, snakemake.input.metrics, Path(snakemake.output.manifest).parent)
    for entry in manifest:
        log.info("%s: %s", entry["id"], entry["alt"])
