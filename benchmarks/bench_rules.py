"""Benchmark section `rules`: peak memory and time of every rule's jobs, to choose the `threads`
and `mem_mb` the rules declare.

The bundled programmes are built in a copy of the repository through the cluster-generic
executor with `job_memory.py` as its submit command: each job runs alone (one at a time) in a
process of its own, sampled every 20 ms. With `--rows N`, Little Minds Matter's delivery is first
replicated (fresh ids) until its training attendance has about N rows, to see how memory grows
with the input. One row per rule: the largest job's peak of the rule's own processes (peak_mb),
and in the note the peak of the whole job tree with Snakemake's job process and the input size.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from workflow_runner import copy_repository  # noqa: E402 (after the path it needs)

PREFIXES = ("little_minds_matter_", "hearts_and_minds_")


def replicate_delivery(raw: Path, rows: int) -> int:
    """Little Minds Matter's delivery, copied until training attendance has about `rows` rows."""
    from bench_metrics import scaled_delivery

    copies = max(1, rows // len(pd.read_csv(raw / "training_attendance.csv")))
    with tempfile.TemporaryDirectory() as folder:
        for name, path in scaled_delivery(Path(folder), copies).items():
            os.replace(path, raw / f"{name}.csv")
    return copies


def run(args) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        copy = copy_repository(Path(folder))
        note = "bundled data"
        if args.rows:
            note = f"Little Minds Matter x{replicate_delivery(copy / 'raw' / 'little-minds-matter', args.rows)}"
        records = copy / "job-memory.jsonl"
        submit = f"{shlex.quote(sys.executable)} {shlex.quote(str(HERE / 'job_memory.py'))} {{rule}} {{input.size_mb}}"
        env = {**os.environ, "PYTHONPATH": str(copy / "src"), "JOB_MEMORY": str(records)}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "snakemake",
                "--executor",
                "cluster-generic",
                "--jobs",
                "1",
                "--cluster-generic-submit-cmd",
                submit,
            ],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stdout[-3000:] + result.stderr[-3000:])
        jobs = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    by_rule = defaultdict(list)
    for job in jobs:
        rule = next(
            (job["rule"].removeprefix(prefix) for prefix in PREFIXES if job["rule"].startswith(prefix)), job["rule"]
        )
        by_rule[rule].append(job)
    rows = []
    for rule, runs in sorted(by_rule.items(), key=lambda item: -max(job["rule_mb"] for job in item[1])):
        largest = max(runs, key=lambda job: job["rule_mb"])
        rows.append(
            {
                "benchmark": f"rule memory: {rule}",
                "size": round(largest["input_mb"], 1),
                "seconds": max(job["seconds"] for job in runs),
                "peak_mb": largest["rule_mb"],
                "note": f"{note}; {len(runs)} jobs; job tree with Snakemake "
                f"{max(job['tree_mb'] for job in runs):.0f} MB; size = input MB of the largest",
            }
        )
    return rows
