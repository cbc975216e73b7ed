# Stage 2, editions: each edition's view of the delivery it is built from, as known on its
# cut-off. Not before that delivery has been compared with the one before it.


editions_sources = Sources("editions.py", contract=contract_suites())


rule editions:
    input:
        **editions_sources.input,
        tables=of_edition_delivery(rules.accept_delivery.output.tables),
        comparison=comparison_passed,
    output:
        tables=each_extract("{edition}/editions/{extract}.csv"),
    log:
        result("logs/{edition}/editions.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300, 5),
    params:
        contract=contract_folder,
        settings=lambda wildcards: stage_settings.edition_settings(
            config, wildcards.edition
        ),
        sources=editions_sources.digest,
        written=as_written("editions"),
    message:
        f"Taking the {{wildcards.edition}} edition's view of the {PROGRAMME} delivery"
    script:
        editions_sources.script
