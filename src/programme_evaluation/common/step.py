"""Run one pipeline step from a Snakemake script: log to the rule's log, fail with a plain message,
and keep the record of what the step wrote (see `written`)."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager

from programme_evaluation.common import written
from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import remove_partials


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
        sys.exit(1)


def files_by_rule(named_inputs, made_by: dict[str, str]) -> dict[str, list[str]]:
    """The files of each named input, under the rule that made them (`made_by`: input name to
    rule), for the audit manifests. Snakemake gives a named input of one file as a string and
    of several as a list; here both are lists."""
    return {
        rule: [named_inputs[name]] if isinstance(named_inputs[name], str) else list(named_inputs[name])
        for name, rule in made_by.items()
    }
