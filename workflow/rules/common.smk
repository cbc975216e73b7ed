# Shared by every stage: the checked configuration, paths, input functions.
from pathlib import Path

from snakemake.exceptions import WorkflowError

from programme_evaluation import configuration
from programme_evaluation.quarto_extension import extension_files
from programme_evaluation.step_sources import step_sources

config.update(configuration.iso_dates(dict(config)))
try:
    configuration.validate(config)  # snakemake.utils.validate against workflow/schemas, then cross-key rules
except configuration.ConfigError as error:
    raise WorkflowError(str(error))

PROGRAMME = config["programme"]["name"]
RAW = config["programme"]["raw"]
# Contracts, templates and scripts travel with the workflow; data and results live in the
# working directory (so `snakemake --directory elsewhere` evaluates another folder).
WORKFLOW_DIR = Path(workflow.basedir)
CONTRACT = str(WORKFLOW_DIR / "expectations" / config["programme"]["contract"])
RESULTS = f"results/{PROGRAMME}"
EXTRACTS = list(config["extracts"])
EDITIONS = [edition["name"] for edition in config["editions"]]


wildcard_constraints:
    edition="|".join(EDITIONS),


def delivered_files(wildcards):
    """The raw files present for the configured extracts; the gate reports the missing ones."""
    return sorted(
        str(path)
        for name in EXTRACTS
        for path in (Path(RAW) / f"{name}.csv", Path(RAW) / f"{name}.xlsx")
        if path.exists()
    )


def code_of(script):
    """The script and every package module it imports: Snakemake tracks a rule's script but not
    what it imports, and changed code must rebuild what it computed (and only that)."""
    return [str(WORKFLOW_DIR / "scripts" / script), *step_sources(WORKFLOW_DIR / "scripts" / script)]


def cut_off(wildcards):
    return configuration.edition_of(config, wildcards.edition)["cut_off"]


def all_targets():
    return expand(f"{RESULTS}/{{edition}}/metrics.csv", edition=EDITIONS) + report_targets() + expand(
        [f"{RESULTS}/{{edition}}/quality/quality.html", f"{RESULTS}/{{edition}}/quality/quality.json"], edition=EDITIONS
    )


def report_targets():
    """Each edition's report, rendered to HTML and PDF."""
    return expand(f"{RESULTS}/{{edition}}/report/report.{{suffix}}", edition=EDITIONS, suffix=["html", "pdf"])
