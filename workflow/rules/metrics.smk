# Stage 2: each edition's view of the delivery, and its audited metrics table.


rule cut_edition:
    message:
        "Taking the {wildcards.edition} edition's view of the {PROGRAMME} extracts"
    input:
        code=code_of("cut_edition.py"),
        tables=rules.publish_validated.output.tables,
    output:
        tables=expand(f"{RESULTS}/{{{{edition}}}}/extracts/{{extract}}.csv", extract=EXTRACTS),
    log:
        f"{RESULTS}/logs/{{edition}}/cut_edition.log",
    params:
        config=config,
        cut_off=cut_off,
        contract=CONTRACT,
    script:
        "../../scripts/cut_edition.py"


rule metrics:
    message:
        "Computing the audited metrics table of the {PROGRAMME} {wildcards.edition} edition"
    input:
        code=code_of("compute_metrics.py"),
        tables=rules.cut_edition.output.tables,
    output:
        metrics=f"{RESULTS}/{{edition}}/metrics.csv",
    log:
        f"{RESULTS}/logs/{{edition}}/metrics.log",
    params:
        config=config,
        contract=CONTRACT,
    script:
        "../../scripts/compute_metrics.py"
