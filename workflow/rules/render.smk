# Stage 7, render: each edition's report document to HTML and PDF.


rule render:
    input:
        code=code_of("render.py"),
        qmd=rules.document.output.qmd,
        images=rules.document.output.images,
        assets=template_files("render"),
    output:
        html=for_report(
            result("{edition}/report/report.html"), "report", output="report (HTML)"
        ),
        pdf=for_report(
            result("{edition}/report/report.pdf"), "report", output="report (PDF)"
        ),
    log:
        result("logs/{edition}/render.log"),
    conda:
        "../envs/render.yaml"
    params:
        settings=stage_settings.render_settings(config),
    message:
        f"Rendering the {PROGRAMME} {{wildcards.edition}} edition's report to HTML and PDF"
    script:
        "../../scripts/render.py"
