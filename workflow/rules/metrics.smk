# Stage 3, metrics: each edition's audited metrics table, every number its report prints.


metrics_sources = Sources("metrics.py", contract=contract_suites())


rule metrics:
    input:
        **metrics_sources.input,
        tables=rules.editions.output.tables,
    output:
        metrics=result("{edition}/metrics.csv"),
    log:
        result("logs/{edition}/metrics.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300, 4),
    params:
        contract=contract_folder,
        extracts=EXTRACTS,
        settings=lambda wildcards: stage_settings.metric_settings(
            config, wildcards.edition
        ),
        sources=metrics_sources.digest,
        written=as_written("metrics"),
    message:
        f"Computing the audited metrics table of the {PROGRAMME} {{wildcards.edition}} edition"
    script:
        metrics_sources.script
