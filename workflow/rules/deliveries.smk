# Each delivery an edition is built from, compared with the last accepted one (the delivery
# folder before it): records that disappeared, past values that changed, periods that lost
# rows, and which numbers of a released edition would change (releases/<programme>/<edition>/
# r<N>/release.json, or a delivery pinned in the configuration). The CSV is a log, kept when
# the comparison stops the build; the JSON, read by the quality report, only when it does not.


compare_deliveries_sources = Sources(
    "compare_deliveries.py", contract=contract_suites(), releases=release_records()
)


rule compare_deliveries:
    input:
        **compare_deliveries_sources.input,
        previous=lambda wildcards: expand(
            rules.accept_delivery.output.tables,
            delivery=previous_delivery(wildcards.delivery, DELIVERIES),
        ),
        current=rules.accept_delivery.output.tables,
    output:
        summary=result("deliveries/{delivery}/comparison.json"),
    log:
        main=result("logs/gate/{delivery}.comparison.log"),
        table=result("deliveries/{delivery}/comparison.csv"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(450, 10),
    params:
        contract=contract_folder,
        configuration={
            "programme": {"name": PROGRAMME},
            "editions": config["editions"],
        },
        settings=lambda wildcards: stage_settings.delivery_comparison_settings(
            config,
            wildcards.delivery,
            previous_delivery(wildcards.delivery, DELIVERIES),
        ),
        sources=compare_deliveries_sources.digest,
        written=as_written("compare_deliveries"),
    message:
        f"Comparing the {PROGRAMME} delivery {{wildcards.delivery}} with the last accepted one"
    script:
        compare_deliveries_sources.script
