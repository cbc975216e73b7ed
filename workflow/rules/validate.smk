# Stage 1: the data-contract gate. Nothing downstream runs unless every extract passes.


rule validate_extracts:
    message:
        "Checking the {PROGRAMME} extracts in {RAW} against {CONTRACT}"
    input:
        extracts=delivered_files,
        contract=expand(f"{CONTRACT}/{{extract}}.yaml", extract=EXTRACTS),
    output:
        tables=expand(f"{RESULTS}/validated/{{extract}}.csv", extract=EXTRACTS),
        quality=f"{RESULTS}/validated/quality.json",
    log:
        main=f"{RESULTS}/logs/validate_extracts.log",
        # Snakemake keeps logs of failed jobs: the checked delivery's summary, pass or fail.
        quality=f"{RESULTS}/logs/validate_extracts.quality.json",
    params:
        raw=RAW,
        contract=CONTRACT,
        extracts=EXTRACTS,
        facts={
            "programme_start": config["programme"]["start"],
            "delivery_date": config["programme"]["delivery_date"],
            "cut_offs": [edition["cut_off"] for edition in config["editions"]],
        },
        quality=config.get("quality", {}),
    script:
        "../../scripts/validate_extracts.py"
