# Stage 3: each edition's charts, drawn from its metrics table as report.figures declares.

FIGURE_IDS = [figure["id"] for figure in config["report"]["figures"]]


rule figures:
    message:
        "Drawing the {PROGRAMME} {wildcards.edition} edition's charts from its metrics table"
    input:
        code=code_of("draw_figures.py"),
        metrics=rules.metrics.output.metrics,
    output:
        manifest=f"{RESULTS}/{{edition}}/figures/figures.json",
        images=expand(f"{RESULTS}/{{{{edition}}}}/figures/{{figure}}.png", figure=FIGURE_IDS),
        tables=expand(f"{RESULTS}/{{{{edition}}}}/figures/{{figure}}.csv", figure=FIGURE_IDS),
    log:
        f"{RESULTS}/logs/{{edition}}/figures.log",
    params:
        report=config["report"],
    script:
        "../../scripts/draw_figures.py"
