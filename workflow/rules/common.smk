# Shared by every stage of one programme: paths, the configuration each stage reads, input
# functions. Data and results live in the working directory; contracts, templates and scripts
# travel with the workflow.
import math
import os
from pathlib import Path

from snakemake.logging import logger

from programme_evaluation.common import written
from programme_evaluation.common.digests import content_digest
from programme_evaluation.common.quarto_extension import extension_files
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
# The report's design, a Quarto extension: copied beside each report.qmd, so the report folder
# renders on its own with real Quarto, and the embedded renderer reads the same files.
EXTENSIONS = TEMPLATES / "render" / "_extensions"
EXTENSION_FILES = extension_files(EXTENSIONS)
# The cross-check suite on every metrics table (expectations/metrics/cross_checks.yaml).
CROSS_CHECKS = os.path.relpath(
    WORKFLOW_DIR / "expectations" / "metrics" / "cross_checks.yaml"
)
# The rules' names as Snakemake runs them (the Snakefile prefixes each module's rules), for the
# audit manifest's record of which rule made which file.
RULE = f"{module_name(PROGRAMME)}_"
# How outputs are grouped in `snakemake --report`: by programme, then edition.
REPORT_CATEGORY = config["programme"]["title"].replace("{", "{{").replace("}", "}}")


wildcard_constraints:
    edition="|".join(EDITIONS),


def memory_mb(base, per_input_mb=0):
    """A job's memory: `base` MB, the largest job of the rule on the bundled data with Snakemake's
    own job process (what a batch system's limit counts) and a margin, plus `per_input_mb` MB per
    MB of input, as `benchmarks/benchmark.py rules` measured them; twice as much on a retry.
    """
    return lambda wildcards, input, attempt: (
        math.ceil(base + per_input_mb * input.size_mb) * attempt
    )


def result(path):
    """A path in this programme's results folder ({edition} left as a wildcard)."""
    return f"{RESULTS}/{path}"


def each_extract(path):
    return expand(result(path), extract=EXTRACTS, allow_missing=True)


def each_figure(path):
    return expand(result(path), figure=FIGURES, allow_missing=True)


def here(path):
    """A workflow file as a path relative to the working directory, so that Snakemake's records
    stay valid when the project folder is moved or copied (nothing is rebuilt for that).
    """
    return os.path.relpath(path)


def code_of(script):
    """The script and every package module it imports: Snakemake tracks a rule's script but not
    what it imports, and changed code must rebuild what it computed (and only that)."""
    path = WORKFLOW_DIR / "scripts" / script
    return [here(path), *map(here, step_sources(path))]


def template_files(stage):
    """Every template file of a stage, so that a changed partial rebuilds what it wrote."""
    return sorted(
        here(path) for path in (TEMPLATES / stage).rglob("*") if path.is_file()
    )


def template(path):
    return here(TEMPLATES / path)


def contract_suites():
    return [here(CONTRACT / f"{extract}.yaml") for extract in EXTRACTS]


def content_of(*sources):
    """A parameter holding the digest of the content of a rule's source files (lists, or input
    functions of the wildcards): Snakemake reruns a job whose parameters changed, so changed
    content rebuilds whatever the file times say (see programme_evaluation.common.digests).
    """

    def digest(wildcards):
        files = []
        for group in sources:
            files += group(wildcards) if callable(group) else group
        return content_digest(files)

    return digest


def as_written(step):
    """A parameter holding the generation of the job's record of what it wrote: it changes when
    a result was changed by hand or the job did not finish, and the job then runs again (see
    programme_evaluation.common.written)."""

    def state(wildcards):
        record = written.record_path(PROGRAMME, step, dict(wildcards.items()))
        return {
            "record": record,
            "generation": written.generation(record, warn=logger.warning),
        }

    return state


def contract_folder(wildcards, input):
    """The folder of the contract's suites, from the rule's declared suite files."""
    return str(Path(input.contract[0]).parent)


def extension_folder(wildcards, input):
    """The folder holding the report's design, from the rule's declared extension files."""
    depth = len(Path(EXTENSION_FILES[0]).parts)
    return str(Path(input.extension[0]).parents[depth - 1])


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
    """Every file the pipeline writes, for each edition, not only the reports: Snakemake rebuilds
    a missing file that is not a target only when a later job must run anyway, so a table
    deleted by hand, or the staging tables a rejected delivery's gate took with it, would stay
    missing and the run would say "Nothing to be done"."""
    steps = [
        rules.gate,
        rules.accept_delivery,
        rules.quality_report,
        rules.editions,
        rules.metrics,
        rules.cross_checks,
        rules.published,
        rules.published_spreadsheet,
        rules.data_dictionary,
        rules.changes,
        rules.figures,
        rules.manifest,
        rules.document,
        rules.report_design,
        rules.render,
        rules.report_manifest,
    ]
    outputs = [path for step in steps for path in step.output]
    return list(dict.fromkeys(expand(outputs, edition=EDITIONS)))
