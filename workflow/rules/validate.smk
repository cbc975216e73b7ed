# Stage 1: the data-contract gate. Nothing downstream runs unless every extract passes.
# The gate writes to a staging folder and a second rule publishes to validated/: Snakemake
# deletes a job's old outputs before running it, so a failing gate must not own the last good
# validated tables.


rule validate_extracts:
    message:
        "Checking the {PROGRAMME} extracts in {RAW} against {CONTRACT}"
    input:
        code=code_of("validate_extracts.py"),
        extracts=delivered_files,
        contract=expand(f"{CONTRACT}/{{extract}}.yaml", extract=EXTRACTS),
    output:
        tables=temp(expand(f"{RESULTS}/staging/{{extract}}.csv", extract=EXTRACTS)),
        quality=temp(f"{RESULTS}/staging/quality.json"),
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


rule publish_validated:
    message:
        "Publishing the {PROGRAMME} extracts that passed the gate to {RESULTS}/validated"
    input:
        tables=rules.validate_extracts.output.tables,
        quality=rules.validate_extracts.output.quality,
    output:
        tables=expand(f"{RESULTS}/validated/{{extract}}.csv", extract=EXTRACTS),
        quality=f"{RESULTS}/validated/quality.json",
    log:
        f"{RESULTS}/logs/publish_validated.log",
    run:
        import shutil

        for source, target in zip([*input.tables, input.quality], [*output.tables, output.quality]):
            shutil.copyfile(source, target)
