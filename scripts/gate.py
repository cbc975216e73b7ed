"""Snakemake entry point of the gate: check the delivery against its contract, write the typed extracts."""

from programme_evaluation.common.step import snakemake_step
from programme_evaluation.gate.validation import validate_delivery

with snakemake_step(snakemake) as log:
    settings = snakemake.params.settings
    extracts = settings["extracts"]
    summary = validate_delivery(
        snakemake.params.raw, snakemake.params.contract, extracts, settings["facts"],
        dict(zip(extracts, snakemake.output.tables)), snakemake.output.quality,
        quality=settings["quality"], run_summary_path=snakemake.log.quality,
    )
    for extract in summary["extracts"]:
        log.info("%s: %s rows, %s checks, %s warnings", extract["file"], extract["rows"], extract["checks"], extract["warnings"])
