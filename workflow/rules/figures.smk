# Stage 5, figures: each edition's charts, drawn from its published set as report.figures declares.


figures_sources = Sources("figures.py")


rule figures:
    input:
        **figures_sources.input,
        metrics=rules.published.output.metrics,
    output:
        manifest=result("{edition}/figures/figures.json"),
        images=figure_images(),
        tables=each_figure("{edition}/figures/{figure}.csv"),
    log:
        result("logs/{edition}/figures.log"),
    conda:
        "../envs/pipeline.yaml"
    threads: 1
    resources:
        mem_mb=memory_mb(450),
    params:
        settings=stage_settings.figure_settings(config),
        sources=figures_sources.digest,
        written=as_written("figures"),
    message:
        f"Drawing the {PROGRAMME} {{wildcards.edition}} edition's charts from its published set"
    script:
        figures_sources.script
