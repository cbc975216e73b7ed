"""Run one pipeline step from a Snakemake script: log to the rule's log, fail with a plain message,
and keep the record of what the step wrote (see `written`)."""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from programme_evaluation.common import written
from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import remove_partials

# Where a failing step leaves its message for the end of the run (relative to Snakemake's working
# directory): Snakemake prints a dozen lines of its own after a failed job, and the Snakefile's
# onerror handler prints these messages again last, so the console ends with what went wrong.
STEP_MESSAGES = Path(".snakemake") / "step-messages"


@contextmanager
def snakemake_step(snakemake):
    """Set up logging to the rule's log file and stderr; turn expected errors into exit status 1.

    Before the step: partial files left by a killed run of it are removed and its record is
    marked unfinished. After it succeeded: the record lists what it wrote.
    """
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w", encoding="utf-8"))
    # Libraries (Great Expectations above all) speak at WARNING and up; our own steps at INFO.
    logging.basicConfig(level=logging.WARNING, format="%(message)s", handlers=handlers, force=True)
    for name in ("programme_evaluation", snakemake.rule):
        logging.getLogger(name).setLevel(logging.INFO)
    record = getattr(snakemake.params, "written", None)
    for path in snakemake.output:
        remove_partials(path)
    try:
        if record:
            written.start(record["record"], record["generation"])
        yield logging.getLogger(snakemake.rule)
        if record:
            written.finish(record["record"], record["generation"], snakemake.output)
    except PipelineError as error:  # its message is the whole story: no traceback
        logging.getLogger(snakemake.rule).error("%s", error)
        keep_message(snakemake.rule, str(error))
        sys.exit(1)


def keep_message(rule: str, message: str) -> None:
    """Leave a failed step's message for `kept_messages` (best effort: never hides the failure)."""
    try:
        STEP_MESSAGES.mkdir(parents=True, exist_ok=True)
        (STEP_MESSAGES / f"{rule}-{os.getpid()}.txt").write_text(message + "\n", encoding="utf-8")
    except OSError:
        pass


def forget_messages() -> None:
    """At the start of a run: the messages of earlier runs are not this run's."""
    for path in STEP_MESSAGES.glob("*.txt") if STEP_MESSAGES.is_dir() else ():
        path.unlink(missing_ok=True)


def kept_messages() -> str:
    """The messages of the steps that failed in this run, for the end of the console."""
    found = sorted(STEP_MESSAGES.glob("*.txt")) if STEP_MESSAGES.is_dir() else []
    messages = [path.read_text(encoding="utf-8").rstrip() for path in found]
    if not messages:
        return ""
    return "\n\n".join(["Why the build stopped:", *messages])


def files_by_rule(named_inputs, made_by: dict[str, str]) -> dict[str, list[str]]:
    """The files of each named input, under the rule that made them (`made_by`: input name to
    rule), for the audit manifests. Snakemake gives a named input of one file as a string and
    of several as a list; here both are lists."""
    return {
        rule: [named_inputs[name]] if isinstance(named_inputs[name], str) else list(named_inputs[name])
        for name, rule in made_by.items()
    }
