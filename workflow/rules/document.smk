# Stage 6, document: each edition's Quarto report document, written from templates/document/
# into the report folder with the images it shows, so the folder renders on its own (Quarto's
# Typst step refuses files outside the document's folder).


rule document:
    input:
        code=code_of("document.py"),
        metrics=rules.published.output.metrics,
        figures=rules.figures.output.manifest,
        images=rules.figures.output.images,
        tables=rules.figures.output.tables,
        quality=rules.quality_report.output.summary,
        quotes=edition_quotes,
        earlier=earlier_published,
        manifest=result("{edition}/manifest.json"),
        template=template("document/report.qmd.j2"),
        templates=template_files("document"),
        narrative=edition_narrative,
    output:
        qmd=result("{edition}/report/report.qmd"),
        images=each_figure("{edition}/report/figures/{figure}.png"),
    log:
        result("logs/{edition}/document.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        settings=stage_settings.document_settings(config),
        earlier_editions=earlier_editions,
        sources=content_of(
            code_of("document.py"), template_files("document"), edition_narrative
        ),
        written=as_written("document"),
    message:
        f"Writing the {PROGRAMME} {{wildcards.edition}} edition's report document"
    script:
        "../../scripts/document.py"
