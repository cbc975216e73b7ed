# Stage 2, editions: each edition's view of the delivery it is built from, as known on its
# cut-off. Not before that delivery has been compared with the one before it.


rule editions:
    input:
        code=code_of("editions.py"),
        tables=of_edition_delivery(rules.accept_delivery.output.tables),
        comparison=comparison_passed,
        contract=contract_suites(),
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
        sources=content_of(code_of("editions.py"), contract_suites()),
        written=as_written("editions"),
    message:
        f"Taking the {{wildcards.edition}} edition's view of the {PROGRAMME} delivery"
    script:
        "../../scripts/editions.py"
