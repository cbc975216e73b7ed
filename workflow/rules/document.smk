# Stage 6, document: each edition's Quarto report document, written from templates/document/
# into the report folder with the images it shows, so the folder renders on its own (Quarto's
# Typst step refuses files outside the document's folder).


document_sources = Sources(
    "document.py", templates=template_files("document"), narrative=edition_narrative
)


rule document:
    input:
        **document_sources.input,
        metrics=rules.published.output.metrics,
        figures=rules.figures.output.manifest,
        images=rules.figures.output.images,
        tables=rules.figures.output.tables,
        quality=rules.quality_report.output.summary,
        quotes=rules.published_quotes.output.quotes,
        earlier=earlier_published,
        manifest=result("{edition}/manifest.json"),
        # once the edition is released: what changed since (a draft of the next revision)
        since_release=since_release,
        release=last_release,
        template=template("document/report.qmd.j2"),
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
        settings=stage_settings.document_settings(config, EDITION_DELIVERY),
        earlier_editions=earlier_editions,
        sources=document_sources.digest,
        written=as_written("document"),
    message:
        f"Writing the {PROGRAMME} {{wildcards.edition}} edition's report document"
    script:
        document_sources.script
