# The audit manifest of each edition: every input and output with its SHA-256 and the rule that
# wrote it, the configuration, software versions and git state. One before the report document
# (its provenance appendix is written from it), one after rendering for the report's own files.
# `python -m programme_evaluation.published.verify results/<programme>/<edition>` checks both.


manifest_sources = Sources("manifest.py")


rule manifest:
    input:
        **manifest_sources.input,
        raw=delivered_files,
        gate_summary=of_edition_delivery(rules.accept_delivery.output.quality),
        checked=of_edition_delivery(
            [*rules.gate.output.tables, rules.gate.output.quality]
        ),
        accepted=of_edition_delivery(
            [
                *rules.accept_delivery.output.tables,
                rules.accept_delivery.output.quality,
            ]
        ),
        quality=[rules.quality_report.output.html, rules.quality_report.output.summary],
        editions=rules.editions.output.tables,
        metrics=rules.metrics.output.metrics,
        checks=[rules.cross_checks.output.table, rules.cross_checks.output.summary],
        published=[
            rules.published.output.metrics,
            rules.published.output.notes,
            rules.published.output.withheld,
            # the output checker's record (internal: it names the small counts)
            rules.published.output.record,
            rules.published.output.record_page,
        ],
        screened=[
            rules.published_quotes.output.quotes,
            rules.published_quotes.output.screening,
        ],
        spreadsheet=rules.published_spreadsheet.output.xlsx,
        dictionary=[
            rules.data_dictionary.output.markdown,
            rules.data_dictionary.output.table,
        ],
        figures=[
            rules.figures.output.manifest,
            *rules.figures.output.images,
            *rules.figures.output.tables,
        ],
    output:
        manifest=result("{edition}/manifest.json"),
    log:
        result("logs/{edition}/manifest.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        programme=PROGRAMME,
        configuration=config,
        # the pipeline's own folder (its git state), from its script's path
        workflow_dir=lambda wildcards, input: str(
            Path(input.code[0]).resolve().parents[1]
        ),
        made_by={
            "checked": f"{RULE}gate",
            "accepted": f"{RULE}accept_delivery",
            "quality": f"{RULE}quality_report",
            "editions": f"{RULE}editions",
            "metrics": f"{RULE}metrics",
            "checks": f"{RULE}cross_checks",
            "published": f"{RULE}published",
            "screened": f"{RULE}published_quotes",
            "spreadsheet": f"{RULE}published_spreadsheet",
            "dictionary": f"{RULE}data_dictionary",
            "figures": f"{RULE}figures",
        },
        sources=manifest_sources.digest,
        written=as_written("manifest"),
    message:
        f"Recording the {PROGRAMME} {{wildcards.edition}} edition's audit manifest"
    script:
        manifest_sources.script


report_manifest_sources = Sources("report_manifest.py")


rule report_manifest:
    input:
        **report_manifest_sources.input,
        manifest=rules.manifest.output.manifest,
        document=[rules.document.output.qmd, *rules.document.output.images],
        rendered=[
            rules.render.output.html,
            rules.render.output.pdf,
            rules.render.output.docx,
        ],
    output:
        manifest=result("{edition}/manifest-report.json"),
    log:
        result("logs/{edition}/report_manifest.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        render_log=result("logs/{edition}/render.log"),
        made_by={"document": f"{RULE}document", "rendered": f"{RULE}render"},
        sources=report_manifest_sources.digest,
        written=as_written("report_manifest"),
    message:
        f"Recording the {PROGRAMME} {{wildcards.edition}} edition's rendered report"
    script:
        report_manifest_sources.script
