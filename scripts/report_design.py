"""Snakemake entry point: copy the report's design (a Quarto extension) beside the document."""

from pathlib import Path

from programme_evaluation.common.quarto_extension import EXTENSIONS, install_extension
from programme_evaluation.common.step import snakemake_step

with snakemake_step(snakemake) as log:
    report_folder = next(
        folder for folder in Path(snakemake.output.extension[0]).parents if folder.name == EXTENSIONS
    ).parent
    written = install_extension(Path(snakemake.params.extensions), report_folder)
    log.info("the report design, %s files, copied into %s", len(written), report_folder / EXTENSIONS)
