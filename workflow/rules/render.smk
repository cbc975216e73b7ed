# Stage 6, render: each edition's report document to HTML and PDF, with the report's design (a
# Quarto extension) copied beside the document first, so the report folder renders on its own
# with real Quarto and the embedded renderer reads the same files.


rule report_design:
    input:
        code=code_of("report_design.py"),
        extension=[str(EXTENSIONS / name) for name in EXTENSION_FILES],
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
    message:
        f"Copying the report design beside the {PROGRAMME} {{wildcards.edition}} edition's document"
    script:
        "../../scripts/report_design.py"


rule render:
    input:
        code=code_of("render.py"),
        qmd=rules.document.output.qmd,
        images=rules.document.output.images,
        extension=rules.report_design.output.extension,
    output:
        html=result("{edition}/report/report.html"),
        pdf=result("{edition}/report/report.pdf"),
    log:
        result("logs/{edition}/render.log"),
    conda:
        "../envs/render.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(500),
    params:
        settings=stage_settings.render_settings(config),
    message:
        f"Rendering the {PROGRAMME} {{wildcards.edition}} edition's report to HTML and PDF"
    script:
        "../../scripts/render.py"
