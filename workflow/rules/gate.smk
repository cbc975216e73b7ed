# Stage 1, the gate: the delivery against its contract. Nothing downstream runs unless every
# extract passes. The gate writes to gate/checked/ and a second rule accepts what passed into
# gate/: Snakemake deletes a job's outputs before rerunning it, so a rejected delivery must not
# own the last accepted tables. When the gate fails, Snakemake deletes gate/checked/ too, and as
# every output is a target (common.smk, all_targets) the next run checks the delivery again and
# fails again until it changes. The status files are logs, which Snakemake keeps when a job
# fails. Each edition's data-quality report is written from the summary.


rule gate:
    input:
        code=code_of("gate.py"),
        extracts=delivered_files,
        contract=contract_suites(),
    output:
        tables=each_extract("gate/checked/{extract}.csv"),
        quality=result("gate/checked/quality.json"),
    log:
        main=result("logs/gate.log"),
        # The checked delivery's summary, pass or fail.
        quality=result("logs/gate.quality.json"),
        # Whether the current delivery was accepted, and which delivery the results are from.
        status=result("DELIVERY-STATUS.txt"),
        status_json=result("delivery-status.json"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(450, 6),
    params:
        raw=RAW,
        accepted=result("gate/quality.json"),
        contract=contract_folder,
        settings=stage_settings.gate_settings(config),
        sources=content_of(code_of("gate.py"), delivered_files, contract_suites()),
        written=as_written("gate"),
    message:
        f"Checking the {PROGRAMME} delivery in {RAW} against its contract"
    script:
        "../../scripts/gate.py"


rule accept_delivery:
    input:
        code=code_of("accept_delivery.py"),
        tables=rules.gate.output.tables,
        quality=rules.gate.output.quality,
    output:
        tables=each_extract("gate/{extract}.csv"),
        quality=result("gate/quality.json"),
    log:
        result("logs/accept_delivery.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        sources=content_of(code_of("accept_delivery.py")),
        written=as_written("accept_delivery"),
    message:
        f"Accepting the {PROGRAMME} delivery that passed the gate into {RESULTS}/gate"
    script:
        "../../scripts/accept_delivery.py"


rule quality_report:
    input:
        code=code_of("quality_report.py"),
        quality=rules.accept_delivery.output.quality,
        template=template("gate/quality.html.j2"),
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
            config, wildcards.edition
        ),
        sources=content_of(
            code_of("quality_report.py"), [template("gate/quality.html.j2")]
        ),
        written=as_written("quality_report"),
    message:
        f"Writing the data-quality report of the {PROGRAMME} {{wildcards.edition}} edition"
    script:
        "../../scripts/quality_report.py"
