"""Snakemake entry point of the gate: check the delivery against its contract, write the typed
extracts, and say in the results folder whether the delivery was accepted (delivery_status)."""

from pathlib import Path

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.step import snakemake_step
from programme_evaluation.gate.delivery_status import DeliveryStatus, delivery_identity
from programme_evaluation.gate.validation import validate_delivery

with snakemake_step(snakemake) as log:
    settings = snakemake.params.settings
    extracts, raw = settings["extracts"], snakemake.params.raw
    # Results live at the top of the programme's results folder, beside the newest delivery's status.
    results = str(Path(snakemake.log.status).parents[2])
    status = DeliveryStatus(
        settings["programme"],
        results,
        snakemake.log.status,
        snakemake.log.status_json,
        snakemake.params.accepted,
        copies=snakemake.params.latest_status,
    )
    current = delivery_identity(raw, extracts, settings["facts"]["delivery_date"])
    try:
        summary = validate_delivery(
            raw,
            snakemake.params.contract,
            extracts,
            settings["facts"],
            dict(zip(extracts, snakemake.output.tables)),
            snakemake.output.quality,
            quality=settings["quality"],
            run_summary_path=snakemake.log.quality,
            identity=current,
        )
    except PipelineError as error:
        raise status.not_accepted(error, current) from None
    status.accepted(current)
    for extract in summary["extracts"]:
        log.info(
            "%s: %s rows, %s checks, %s warnings",
            extract["file"],
            extract["rows"],
            extract["checks"],
            extract["warnings"],
        )
