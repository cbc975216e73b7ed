# Stage 7, render: each edition's report document to HTML, PDF and Word (docx), with the report's design (a
# Quarto extension) copied beside the document first, so the report folder renders on its own
# with real Quarto and the embedded renderer reads the same files.


report_design_sources = Sources(
    "report_design.py", extension=[here(EXTENSIONS / name) for name in EXTENSION_FILES]
)


rule report_design:
    input:
        **report_design_sources.input,
    output:
        extension=[
            result(f"{{edition}}/report/_extensions/{name}")
            for name in EXTENSION_FILES
        ],
    log:
        result("logs/{edition}/report_design.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(300),
    params:
        extensions=extension_folder,
        sources=report_design_sources.digest,
        written=as_written("report_design"),
    message:
        f"Copying the report design beside the {PROGRAMME} {{wildcards.edition}} edition's document"
    script:
        report_design_sources.script


render_sources = Sources("render.py")


rule render:
    input:
        **render_sources.input,
        qmd=rules.document.output.qmd,
        images=rules.document.output.images,
        extension=rules.report_design.output.extension,
    output:
        html=for_report(
            result("{edition}/report/report.html"), "report", output="report (HTML)"
        ),
        pdf=for_report(
            result("{edition}/report/report.pdf"), "report", output="report (PDF)"
        ),
        docx=for_report(
            result("{edition}/report/report.docx"), "report", output="report (Word)"
        ),
    log:
        result("logs/{edition}/render.log"),
    conda:
        "../envs/render.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(500),
    params:
        settings=stage_settings.render_settings(config),
        sources=render_sources.digest,
        written=as_written("render"),
    message:
        f"Rendering the {PROGRAMME} {{wildcards.edition}} edition's report to HTML, PDF and Word"
    script:
        render_sources.script
