# Programme evaluation reports: raw provider extracts -> gate -> editions -> metrics -> figures
# -> document -> render. This file only finds and checks the programmes' configurations, makes one
# module of the per-programme workflow (workflow/programme.smk) for each, and names the default
# target; the logic is in src/programme_evaluation.
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.logging import logger
from snakemake.utils import min_version

from programme_evaluation.common.run_lock import hold_run_lock
from programme_evaluation.common.step import forget_messages, kept_messages
from programme_evaluation.configuration import ConfigError
from programme_evaluation.configuration.programme_selection import (
    job_rules,
    module_name,
    programmes_to_build,
)

min_version("9.0")

# One run at a time in this folder: a second one waits, and a killed one never blocks the next
# (programme_evaluation.common.run_lock). First, so that a waiting run reads the folder as the
# other one left it. Job subprocesses (remote or cluster execution) re-read this file: not them.
if workflow.is_main_process:
    hold_run_lock(say=logger.warning)
    forget_messages()

# Every programme in config/programmes/ (or those of --config programmes=a,b); with --configfile,
# the one programme that file configures. Each is checked before anything runs. A cluster job
# (--target-jobs) reads only its own programme's configuration.
try:
    PROGRAMMES = programmes_to_build(
        config,
        workflow.overwrite_configfiles,
        Path(workflow.basedir) / "config" / "programmes",
        job_rules(sys.argv) if workflow.remote_exec else None,
    )
except ConfigError as error:
    raise WorkflowError(str(error))

for programme_config in PROGRAMMES.values():
    name = module_name(programme_config["programme"]["name"])
    prefix = f"{name}_"

    module:
        name: name
        snakefile:
            "workflow/programme.smk"
        config:
            programme_config

    use rule * from name as prefix*


# A failed step's message, again, after Snakemake's own lines about the failed job: the console
# ends with what went wrong in the user's words (programme_evaluation.common.step).
onerror:
    if kept_messages():
        print(f"\n{kept_messages()}", file=sys.stderr)


rule all:
    default_target: True
    input:
        [
            getattr(rules, f"{module_name(programme)}_all").input
            for programme in PROGRAMMES
        ],
