# Stage 4: each edition's Quarto report, written from templates/ and rendered to HTML and PDF.

QUOTES = config["report"]["quotes_extract"]
# The report's design, a Quarto extension: copied beside each report.qmd, so the report folder
# renders on its own with real Quarto and the embedded renderer reads the same files.
EXTENSIONS = WORKFLOW_DIR / "templates" / "render" / "_extensions"
EXTENSION_FILES = extension_files(EXTENSIONS)


def edition_quotes(wildcards):
    """The edition's view of the quotes extract, when the programme has one."""
    return [f"{RESULTS}/{wildcards.edition}/extracts/{QUOTES}.csv"] if QUOTES in EXTRACTS else []


def earlier_metrics(wildcards):
    """Metrics tables of the editions before this one, for the side-by-side appendix."""
    return [f"{RESULTS}/{name}/metrics.csv" for name in EDITIONS[: EDITIONS.index(wildcards.edition)]]


def earlier_editions(wildcards):
    return EDITIONS[: EDITIONS.index(wildcards.edition)]


rule report_document:
    message:
        "Writing the {PROGRAMME} {wildcards.edition} edition's report document"
    input:
        code=code_of("write_report.py"),
        metrics=rules.metrics.output.metrics,
        figures=rules.figures.output.manifest,
        tables=rules.figures.output.tables,
        quality=rules.quality_report.output.summary,
        quotes=edition_quotes,
        earlier=earlier_metrics,
        templates=str(WORKFLOW_DIR / "templates" / "report.qmd.j2"),
        partials=sorted(str(path) for path in (WORKFLOW_DIR / "templates" / "partials").glob("*.qmd.j2")),
        extension=[str(EXTENSIONS / name) for name in EXTENSION_FILES],
    output:
        qmd=f"{RESULTS}/{{edition}}/report/report.qmd",
        # The document's images beside it, so the report folder renders on its own (Quarto's
        # Typst step refuses files outside the document's folder).
        images=expand(f"{RESULTS}/{{{{edition}}}}/report/figures/{{figure}}.png", figure=FIGURE_IDS),
        extension=[f"{RESULTS}/{{edition}}/report/_extensions/{name}" for name in EXTENSION_FILES],
    log:
        f"{RESULTS}/logs/{{edition}}/report_document.log",
    params:
        config=config,
        templates=str(WORKFLOW_DIR / "templates"),
        extensions=str(EXTENSIONS),
        earlier_editions=earlier_editions,
    script:
        "../../scripts/write_report.py"


rule render_report:
    message:
        "Rendering the {PROGRAMME} {wildcards.edition} edition's report to HTML and PDF"
    input:
        code=code_of("render_report.py"),
        qmd=rules.report_document.output.qmd,
        images=rules.report_document.output.images,
        extension=rules.report_document.output.extension,
    output:
        html=f"{RESULTS}/{{edition}}/report/report.html",
        pdf=f"{RESULTS}/{{edition}}/report/report.pdf",
    log:
        f"{RESULTS}/logs/{{edition}}/render_report.log",
    params:
        renderer=config["report"]["renderer"],
    script:
        "../../scripts/render_report.py"
