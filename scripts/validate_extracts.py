"""Snakemake entry point: check the delivery against its contract and write the typed extracts."""
from programme_evaluation.contract import validate_delivery
from programme_evaluation.step import snakemake_step

with snakemake_step(snakemake) as log:
    params = snakemake.params
    summary = validate_delivery(
        params.raw, params.contract, params.extracts, params.facts,
        dict(zip(params.extracts, snakemake.output.tables)), snakemake.output.quality,
        quality=params.quality, run_summary_path=snakemake.log.quality,
    )
    for extract in summary["extracts"]:
        log.info("%s: %s rows, %s checks, %s warnings", extract["file"], extract["rows"], extract["checks"], extract["warnings"])
