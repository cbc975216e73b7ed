# Stage 8, changes: what a rebuild changed in each edition's published numbers, against the
# numbers of the previous build, for a reviewer to see at a glance what a new delivery did.


rule changes:
    input:
        code=code_of("changes.py"),
        # The published numbers: what a reader of the edition sees ([c] where withheld).
        numbers=rules.published.output.metrics,
        template=template("changes/changes.html.j2"),
    output:
        table=result("{edition}/changes/changes.csv"),
        page=result("{edition}/changes/changes.html"),
    log:
        result("logs/{edition}/changes.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        settings=lambda wildcards: stage_settings.change_settings(
            config, wildcards.edition
        ),
        # The numbers this step saw last time, kept by it beside its report. Not an output:
        # Snakemake deletes a job's outputs before running it again.
        last_seen=result("{edition}/changes/last-seen-numbers.csv"),
    message:
        f"Listing what changed in the {PROGRAMME} {{wildcards.edition}} edition's numbers"
    script:
        "../../scripts/changes.py"
