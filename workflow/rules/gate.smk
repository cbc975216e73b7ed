# Stage 1, the gate: each delivery against its contract, one job per delivery folder
# (raw/<programme>/<YYYY-MM-DD>/, results under gate/<YYYY-MM-DD>/). Nothing downstream runs
# unless every extract passes. The gate writes to gate/<date>/checked/ and a second rule accepts
# what passed into gate/<date>/: Snakemake deletes a job's outputs before rerunning it, so a
# rejected delivery must not own the last accepted tables. When the gate fails, Snakemake
# deletes gate/<date>/checked/ too, and as every output is a target (common.smk, all_targets)
# the next run checks the delivery again and fails again until it changes. The status files are
# logs, which Snakemake keeps when a job fails; the newest delivery's status is also written at
# the top of the results folder. Each edition's data-quality report is written from the summary
# of the delivery it is built from.


gate_sources = Sources("gate.py", extracts=delivered_files, contract=contract_suites())


rule gate:
    input:
        **gate_sources.input,
    output:
        tables=each_extract("gate/{delivery}/checked/{extract}.csv"),
        quality=result("gate/{delivery}/checked/quality.json"),
    log:
        main=result("logs/gate/{delivery}.log"),
        # The checked delivery's summary, pass or fail.
        quality=result("logs/gate/{delivery}.quality.json"),
        # Whether the delivery was accepted, and which delivery the results are from.
        status=result("deliveries/{delivery}/DELIVERY-STATUS.txt"),
        status_json=result("deliveries/{delivery}/delivery-status.json"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(450, 6),
    params:
        raw=lambda wildcards: delivery_folder(wildcards.delivery),
        accepted=accepted_summaries,
        # The newest delivery's status is repeated at the top of the results folder.
        latest_status=lambda wildcards: (
            [result("DELIVERY-STATUS.txt"), result("delivery-status.json")]
            if wildcards.delivery == LATEST_DELIVERY
            else []
        ),
        contract=contract_folder,
        settings=lambda wildcards: stage_settings.gate_settings(
            config, wildcards.delivery, EDITION_DELIVERY
        ),
        sources=gate_sources.digest,
        written=as_written("gate"),
    message:
        f"Checking the {PROGRAMME} delivery in {RAW}/{{wildcards.delivery}} against its contract"
    script:
        gate_sources.script


accept_delivery_sources = Sources("accept_delivery.py")


rule accept_delivery:
    input:
        **accept_delivery_sources.input,
        tables=rules.gate.output.tables,
        quality=rules.gate.output.quality,
    output:
        tables=each_extract("gate/{delivery}/{extract}.csv"),
        quality=result("gate/{delivery}/quality.json"),
    log:
        result("logs/gate/{delivery}.accept.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        sources=accept_delivery_sources.digest,
        written=as_written("accept_delivery"),
    message:
        f"Accepting the {PROGRAMME} delivery {{wildcards.delivery}} that passed the gate into {RESULTS}/gate/{{wildcards.delivery}}"
    script:
        accept_delivery_sources.script


quality_report_sources = Sources(
    "quality_report.py", template=template("gate/quality.html.j2")
)


rule quality_report:
    input:
        **quality_report_sources.input,
        quality=of_edition_delivery(rules.accept_delivery.output.quality),
        comparison=comparison_of_edition,
    output:
        html=for_report(
            result("{edition}/quality/quality.html"),
            "quality",
            output="data-quality report",
        ),
        summary=result("{edition}/quality/quality.json"),
    log:
        result("logs/{edition}/quality_report.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        settings=lambda wildcards: stage_settings.quality_report_settings(
            config, wildcards.edition, delivery_of(wildcards.edition)
        ),
        sources=quality_report_sources.digest,
        written=as_written("quality_report"),
    message:
        f"Writing the data-quality report of the {PROGRAMME} {{wildcards.edition}} edition"
    script:
        quality_report_sources.script
