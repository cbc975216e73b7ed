# Shared by every stage of one programme: paths, the configuration each stage reads, input
# functions. Data and results live in the working directory; contracts, templates and scripts
# travel with the workflow.
from pathlib import Path

from programme_evaluation.common.step_sources import step_sources
from programme_evaluation.configuration import module_name, stage_settings

PROGRAMME = config["programme"]["name"]
RAW = config["programme"]["raw"]
WORKFLOW_DIR = Path(workflow.basedir)
CONTRACT = WORKFLOW_DIR / "expectations" / config["programme"]["contract"]
TEMPLATES = WORKFLOW_DIR / "templates"
RESULTS = f"results/{PROGRAMME}"
EXTRACTS = list(config["extracts"])
EDITIONS = [edition["name"] for edition in config["editions"]]
FIGURES = [figure["id"] for figure in config["report"]["figures"]]
QUOTES = config["report"]["quotes_extract"]
# The rules' names as Snakemake runs them (the Snakefile prefixes each module's rules), for the
# audit manifest's record of which rule made which file.
RULE = f"{module_name(PROGRAMME)}_"
# How outputs are grouped in `snakemake --report`: by programme, then edition.
REPORT_CATEGORY = config["programme"]["title"].replace("{", "{{").replace("}", "}}")


wildcard_constraints:
    edition="|".join(EDITIONS),


def result(path):
    """A path in this programme's results folder ({edition} left as a wildcard)."""
    return f"{RESULTS}/{path}"


def each_extract(path):
    return expand(result(path), extract=EXTRACTS, allow_missing=True)


def each_figure(path):
    return expand(result(path), figure=FIGURES, allow_missing=True)


def each_edition(paths):
    return expand([result(path) for path in paths], edition=EDITIONS)


def code_of(script):
    """The script and every package module it imports: Snakemake tracks a rule's script but not
    what it imports, and changed code must rebuild what it computed (and only that)."""
    path = WORKFLOW_DIR / "scripts" / script
    return [str(path), *step_sources(path)]


def template_files(stage):
    """Every template file of a stage, so that a changed partial rebuilds what it wrote."""
    return sorted(
        str(path) for path in (TEMPLATES / stage).rglob("*") if path.is_file()
    )


def contract_suites():
    return [str(CONTRACT / f"{extract}.yaml") for extract in EXTRACTS]


def contract_folder(wildcards, input):
    """The folder of the contract's suites, from the rule's declared suite files."""
    return str(Path(input.contract[0]).parent)


def delivered_files(wildcards):
    """The raw files present for the configured extracts; the gate reports the missing ones."""
    return sorted(
        str(path)
        for name in EXTRACTS
        for path in (Path(RAW) / f"{name}.csv", Path(RAW) / f"{name}.xlsx")
        if path.exists()
    )


def earlier_editions(wildcards):
    return EDITIONS[: EDITIONS.index(wildcards.edition)]


def earlier_metrics(wildcards):
    """Metrics tables of the editions before this one, for the side-by-side appendix."""
    return [result(f"{name}/metrics.csv") for name in earlier_editions(wildcards)]


def earlier_published(wildcards):
    """Published sets of the editions before this one: fixed, since they are out already."""
    return [
        result(f"{name}/published/metrics.csv") for name in earlier_editions(wildcards)
    ]


def for_report(path, caption, **labels):
    """An output shown in `snakemake --report`, under the programme and edition."""
    return report(
        path,
        caption=f"../report/{caption}.rst",
        category=REPORT_CATEGORY,
        subcategory="{edition}",
        labels={"edition": "{edition}", **labels},
    )


def figure_images():
    """Each declared chart's image, shown in `snakemake --report` with its caption."""
    return [
        for_report(
            result(f"{{edition}}/figures/{figure['id']}.png"),
            "figure",
            figure=figure["title"].replace("{", "{{").replace("}", "}}"),
        )
        for figure in config["report"]["figures"]
    ]


def edition_quotes(wildcards):
    """The edition's view of the quotes extract, when the programme has one."""
    return (
        [result(f"{wildcards.edition}/editions/{QUOTES}.csv")]
        if QUOTES in EXTRACTS
        else []
    )


def all_targets():
    """Each edition's quality report, metrics table, published set, rendered report and audit
    manifests, and the programme's data dictionary."""
    return each_edition(
        [
            "{edition}/quality/quality.html",
            "{edition}/quality/quality.json",
            "{edition}/metrics.csv",
            "{edition}/published/metrics.csv",
            "{edition}/report/report.html",
            "{edition}/report/report.pdf",
            "{edition}/manifest.json",
            "{edition}/manifest-report.json",
        ]
    ) + [result("data-dictionary.md")]
