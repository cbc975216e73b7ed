"""Run one pipeline step from a Snakemake script: log to the rule's log, fail with a plain message."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager

from programme_evaluation.common.errors import PipelineError


@contextmanager
def snakemake_step(snakemake):
    """Set up logging to the rule's log file and stderr; turn expected errors into exit status 1."""
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w", encoding="utf-8"))
    # Libraries (Great Expectations above all) speak at WARNING and up; our own steps at INFO.
    logging.basicConfig(level=logging.WARNING, format="%(message)s", handlers=handlers, force=True)
    for name in ("programme_evaluation", snakemake.rule):
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield logging.getLogger(snakemake.rule)
    except PipelineError as error:  # its message is the whole story: no traceback
        logging.getLogger(snakemake.rule).error("%s", error)
        sys.exit(1)
