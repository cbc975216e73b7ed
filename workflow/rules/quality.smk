# The data-quality report of each edition, from the gate's summary. Warnings do not stop it;
# errors never reach it (the gate stops the build first).


rule quality_report:
    message:
        "Writing the data-quality report of the {PROGRAMME} {wildcards.edition} edition"
    input:
        code=code_of("quality_report.py"),
        quality=rules.publish_validated.output.quality,
        template=str(WORKFLOW_DIR / "templates" / "quality.html.j2"),
    output:
        html=f"{RESULTS}/{{edition}}/quality/quality.html",
        summary=f"{RESULTS}/{{edition}}/quality/quality.json",
    log:
        f"{RESULTS}/logs/{{edition}}/quality_report.log",
    params:
        config=config,
    script:
        "../../scripts/quality_report.py"
