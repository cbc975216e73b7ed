# Shared by every stage of one programme: paths, the configuration each stage reads, input
# functions. Data and results live in the working directory; contracts, templates and scripts
# travel with the workflow.
import math
import os
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.logging import logger

from programme_evaluation.common import written
from programme_evaluation.common.errors import ConfigError
from programme_evaluation.common.digests import content_digest
from programme_evaluation.common.quarto_extension import extension_files
from programme_evaluation.common.step_sources import step_sources
from programme_evaluation.configuration import stage_settings
from programme_evaluation.configuration.programme_selection import module_name
from programme_evaluation.configuration.deliveries import (
    available_deliveries,
    deliveries_to_gate,
    edition_deliveries,
    previous_delivery,
)
from programme_evaluation.configuration.releases import release_files
from programme_evaluation.configuration.report_uses import report_uses
from programme_evaluation.published import released
from programme_evaluation.document.narrative_files import (
    chapter_paths,
    narrative_folder,
)

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
# The provider's deliveries, one folder each named by its date (raw/<programme>/<YYYY-MM-DD>/),
# and the one each edition is built from (pinned by editions[].delivery, else the latest).
# A programme whose deliveries cannot be found fails when something of it is built, not when
# another programme is (its message is raised by `delivery_of`).
try:
    DELIVERIES = available_deliveries(RAW)
    EDITION_DELIVERY = edition_deliveries(config, DELIVERIES)
    DELIVERY_PROBLEM = None
except ConfigError as error:
    DELIVERIES, EDITION_DELIVERY = [], {}
    DELIVERY_PROBLEM = f"programme {PROGRAMME}: {error}"
LATEST_DELIVERY = DELIVERIES[-1] if DELIVERIES else None
# Every delivery an edition uses, and the latest, passes the gate, and so does the one before
# each, which it is compared with (the last accepted delivery).
# The latest delivery is checked and compared even when no edition is built from it yet.
USED = [*EDITION_DELIVERY.values(), *DELIVERIES[-1:]]
GATED = deliveries_to_gate(USED, DELIVERIES)
COMPARED = [
    date for date in GATED if date in USED and previous_delivery(date, DELIVERIES)
]
# The evaluators' narrative: config/programmes/<programme>/narrative/, beside the configuration
# file (docs/writing-the-report.md); a programme without one gets the minimal generated report.
NARRATIVE = narrative_folder(
    (
        workflow.overwrite_configfiles[0]
        if workflow.overwrite_configfiles
        else WORKFLOW_DIR / "config" / "programmes" / f"{PROGRAMME}.yaml"
    )
)
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
    delivery="[0-9]{4}-[0-9]{2}-[0-9]{2}",


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


def template_files(stage):
    """Every template file of a stage, so that a changed partial rebuilds what it wrote."""
    return sorted(
        here(path) for path in (TEMPLATES / stage).rglob("*") if path.is_file()
    )


def template(path):
    return here(TEMPLATES / path)


def contract_suites():
    return [here(CONTRACT / f"{extract}.yaml") for extract in EXTRACTS]


class Sources:
    """A step's source files, named once: its script with every package module it imports
    (`code`), and any other named sources (suites, templates, extracts: files no rule writes,
    given as lists or input functions of the wildcards).

    A rule declares them as inputs (`**sources.input`), carries their digest as a parameter
    (`sources.digest`) and runs the script (`sources.script`): Snakemake tracks a rule's
    script but not what it imports, and reruns a job whose parameters changed, so changed
    content rebuilds whatever the file times say (programme_evaluation.common.digests).
    """

    def __init__(self, script, **named):
        path = WORKFLOW_DIR / "scripts" / script
        self.script = str(Path("../../scripts") / script)  # as a rule file gives it
        self.input = {"code": [here(path), *map(here, step_sources(path))], **named}

    def digest(self, wildcards):
        files = []
        for group in self.input.values():
            found = group(wildcards) if callable(group) else group
            files += [found] if isinstance(found, str) else found
        return content_digest(files)


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


def delivery_of(edition):
    """The delivery an edition is built from (or the reason none can be found)."""
    if DELIVERY_PROBLEM:
        raise WorkflowError(DELIVERY_PROBLEM)
    return EDITION_DELIVERY[edition]


def delivery_folder(date):
    return f"{RAW}/{date}"


def files_of_delivery(date):
    """The raw files of a delivery for the configured extracts; the gate reports the missing ones."""
    folder = Path(delivery_folder(date))
    return sorted(
        str(path)
        for name in EXTRACTS
        for path in (folder / f"{name}.csv", folder / f"{name}.xlsx")
        if path.exists()
    )


def delivered_files(wildcards):
    """The raw files of the delivery the job checks ({delivery}) or its edition is built from."""
    if "delivery" in dict(wildcards.items()):
        return files_of_delivery(wildcards.delivery)
    return files_of_delivery(delivery_of(wildcards.edition))


def of_edition_delivery(path):
    """An input function: `path` (with {delivery}) for the delivery the edition is built from."""
    if isinstance(path, str):
        return lambda wildcards: path.format(delivery=delivery_of(wildcards.edition))
    return lambda wildcards: expand(path, delivery=delivery_of(wildcards.edition))


def comparison_of_edition(wildcards):
    """The comparison of the edition's delivery with the one before it (none for the first)."""
    date = delivery_of(wildcards.edition)
    return [result(f"deliveries/{date}/comparison.json")] if date in COMPARED else []


def comparison_passed(wildcards):
    """The comparison as a gate before the edition's view: it must exist (it is written only
    when nothing stops the build), but a comparison run again for another reason (a release
    added) does not rebuild the edition; its tables decide that."""
    return [ancient(path) for path in comparison_of_edition(wildcards)]


def accepted_summaries(wildcards):
    """Where the last accepted delivery's summary may be: this delivery's own, from an earlier
    run, then those of the deliveries before it, latest first."""
    earlier = DELIVERIES[: DELIVERIES.index(wildcards.delivery) + 1]
    return [result(f"gate/{date}/quality.json") for date in reversed(earlier)]


def release_records():
    """Every edition's release records (releases/<programme>/<edition>/r<N>/release.json)."""
    return [str(path) for name in EDITIONS for path in release_files(PROGRAMME, name)]


def earlier_editions(wildcards):
    return EDITIONS[: EDITIONS.index(wildcards.edition)]


def earlier_metrics(wildcards):
    """Metrics tables of the editions before this one, for the side-by-side appendix."""
    return [result(f"{name}/metrics.csv") for name in earlier_editions(wildcards)]


def earlier_published(wildcards):
    """Published sets of the editions before this one: fixed, since they are out already; a
    released edition's as released (releases/), not as rebuilt today."""
    return [published_of(name) for name in earlier_editions(wildcards)]


def published_of(edition):
    """An edition's published set: its latest release's when it was released, else its own."""
    folder = released.latest_release(".", PROGRAMME, edition)
    if folder is None:
        return result(f"{edition}/published/metrics.csv")
    return os.path.relpath(folder / released.PUBLISHED_TABLE)


def own_release(wildcards):
    """The edition's own latest released published set (none when never released)."""
    folder = released.latest_release(".", PROGRAMME, wildcards.edition)
    return (
        [] if folder is None else [os.path.relpath(folder / released.PUBLISHED_TABLE)]
    )


def last_release(wildcards):
    """The record of the edition's latest released revision (none when never released)."""
    folder = released.latest_release(".", PROGRAMME, wildcards.edition)
    return [] if folder is None else [os.path.relpath(folder / released.RELEASE_RECORD)]


def since_release(wildcards):
    """What changed in the edition's numbers since its latest release (none when never released)."""
    return (
        [result(f"{wildcards.edition}/changes/since-release.csv")]
        if last_release(wildcards)
        else []
    )


def edition_narrative(wildcards):
    """The edition's chapter files: the shared ones and its own (narrative_files.py)."""
    return [here(path) for path in chapter_paths(NARRATIVE, wildcards.edition)]


def report_uses_of(wildcards):
    """The cells of the edition's metrics table its report uses (configuration/report_uses.py)."""
    later = EDITIONS[EDITIONS.index(wildcards.edition) + 1 :]
    return report_uses(
        config,
        edition_narrative(wildcards),
        {
            name: [here(path) for path in chapter_paths(NARRATIVE, name)]
            for name in later
        },
        wildcards.edition,
    )


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


def screening_decisions(wildcards):
    """The evaluators' decisions on held-back quotes, when the programme has the file."""
    path = stage_settings.screening_settings(config)["decisions"]
    return [path] if Path(path).exists() else []


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
        rules.published_quotes,
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
    per_delivery = [path for path in outputs if "{delivery}" in path]
    per_edition = [path for path in outputs if "{delivery}" not in path]
    compared = expand(rules.compare_deliveries.output, delivery=COMPARED)
    return list(
        dict.fromkeys(
            expand(per_edition, edition=EDITIONS)
            + expand(per_delivery, delivery=GATED, edition=EDITIONS)
            + compared
        )
    )
