"""Run one pipeline step from a Snakemake script: log to the rule's log, fail with a plain message."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager

from programme_evaluation.audited_metrics import MetricMissing
from programme_evaluation.configuration import ConfigError
from programme_evaluation.contract import ContractError
from programme_evaluation.extracts import ExtractError
from programme_evaluation.figure_data import FigureError
from programme_evaluation.render import RenderError
from programme_evaluation.report_document import ReportError

# Errors whose message is the whole story for the user: no traceback.
EXPECTED_ERRORS = (ContractError, ExtractError, ConfigError, MetricMissing, FigureError, ReportError, RenderError)


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
    except EXPECTED_ERRORS as error:
        logging.getLogger(snakemake.rule).error("%s", error)
        sys.exit(1)
