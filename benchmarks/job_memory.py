"""A cluster-generic submit command that measures each job instead of queueing it (for
`bench_rules.py`): runs the job script Snakemake gives, waits for it, and appends to $JOB_MEMORY
one JSON line with the job's rule, wall seconds, the peak resident memory of its process tree
(Snakemake's job process plus the rule's script: what a batch system's memory limit counts) and
the peak of the rule's own processes (the script and what it runs, e.g. pandoc and Typst: what a
local run holds per job). Samples every 20 ms.

    --cluster-generic-submit-cmd "python benchmarks/job_memory.py {rule} {input.size_mb}"
"""

from __future__ import annotations

import json
import os
import sys
import time

import psutil


def tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def is_snakemake(process: psutil.Process) -> bool:
    """The job's own machinery (the job script's shell, Snakemake), not the rule's work."""
    try:
        if process.name() in ("bash", "sh"):
            return True
        arguments = process.cmdline()[1:3]
        return arguments[:2] == ["-m", "snakemake"] or any(part.endswith("snakemake/__main__.py") for part in arguments)
    except psutil.NoSuchProcess:
        return True


def main(rule: str, input_mb: str, jobscript: str) -> int:
    started = time.perf_counter()
    job = psutil.Popen(["bash", jobscript])
    peak_tree = peak_rule = 0
    while job.poll() is None:
        processes = tree(job)
        peak_tree = max(peak_tree, sum(rss(process) for process in processes))
        peak_rule = max(peak_rule, sum(rss(process) for process in processes if not is_snakemake(process)))
        time.sleep(0.02)
    record = {
        "rule": rule,
        "input_mb": float(input_mb),
        "seconds": time.perf_counter() - started,
        "tree_mb": peak_tree / 2**20,
        "rule_mb": peak_rule / 2**20,
        "status": job.returncode,
    }
    with open(os.environ["JOB_MEMORY"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    print(f"measured-{os.getpid()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
