"""Benchmark section `scale`: the pipeline to metrics against a bare pandas script, side by side.

The bundled delivery is copied with fresh ids until training attendance reaches `--rows`
(bench_metrics.scaled_delivery; 10^6 rows is 908 copies, about 5 * 10^6 rows in all). On these
same files, in this one invocation:
- each pipeline stage runs in its own process, as its rule's script does (pipeline_stage.py):
  the gate, then per edition its view and its metrics table;
- the real workflow (`snakemake --cores 2`) builds both editions' metrics.csv from scratch
  (skip it with --no-snakemake);
- the bare script (baseline.py) reads the six CSVs once, checks the same contract and computes
  the core metrics of both editions; its metrics are compared with the pipeline's metrics.csv.
Seconds are wall-clock, and CPU seconds (user + system, the process and its children) are
printed beside them: on a shared machine the wall clock also measures the neighbours, and the
ratios are given for both. peak_mb is the largest resident set of one process (os.wait4's
ru_maxrss, which for Snakemake is its largest job: with --cores 2 two jobs can run at once).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from bench_metrics import RAW, scaled_delivery

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CONFIG = REPO / "config" / "programmes" / "little-minds-matter.yaml"
CONTRACT = REPO / "expectations" / "little-minds-matter"
DEFAULT_ROWS = 100_000
GOAL = 3.0


def measured(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run a command to completion; (wall seconds, peak resident MB of the process and its children, CPU seconds)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({process.returncode}):\n{output.decode(errors='replace')[-5000:]}"
        )
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def agreement(bare: dict, results: Path) -> str:
    """How many of the bare script's metric values the pipeline's metrics.csv holds, and the differences."""
    same, differ = 0, []
    for edition, rows in bare["metrics"].items():
        table = pd.read_csv(results / edition / "metrics.csv", dtype=str, keep_default_na=False)
        values = {(row.metric, row.period, row.group): row.value for row in table.itertuples()}
        for row in rows:
            found = values.get((row["metric"], row["period"], row["group"]))
            expected = row["value"]
            if found is None:
                differ.append(f"{edition} {row['metric']} {row['period']} {row['group']}: missing")
            elif (found == "" and expected is None) or (
                found != "" and expected is not None and abs(float(found) - expected) < 1e-6
            ):
                same += 1
            else:
                differ.append(
                    f"{edition} {row['metric']} {row['period']} {row['group']}: pipeline {found}, bare {expected}"
                )
    return f"{same} of {same + len(differ)} core metric values agree" + (f"; differ: {differ[:5]}" if differ else "")


def run(args) -> list[dict]:
    rows_wanted = args.rows or DEFAULT_ROWS
    copies = max(1, round(rows_wanted / len(pd.read_csv(RAW / "training_attendance.csv"))))
    snakemake = not getattr(args, "no_snakemake", False)
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "raw" / "little-minds-matter").mkdir(parents=True)
        paths = scaled_delivery(work / "raw" / "little-minds-matter", copies)
        training = len(pd.read_csv(paths["training_attendance"], usecols=[0]))
        total = sum(len(pd.read_csv(path, usecols=[0])) for path in paths.values())
        mb = sum(path.stat().st_size for path in paths.values()) / 1e6
        size = f"{training} training rows, {total} rows in all ({copies} copies, {mb:.0f} MB of CSV)"
        print(f"scale: {size}", flush=True)
        editions = [
            edition["name"] for edition in __import__("yaml").safe_load(CONFIG.read_text(encoding="utf-8"))["editions"]
        ]

        timings = {}

        def stage(label: str, command: list[str]) -> None:
            timings[label] = measured(command, work)
            print(
                f"  {label:<34} {timings[label][0]:8.2f} s {timings[label][2]:8.2f} s CPU {timings[label][1]:8.0f} MB",
                flush=True,
            )

        stage_script = [python, str(HERE / "pipeline_stage.py")]
        stage("gate", stage_script + ["gate", "stages", str(CONFIG)])
        for edition in editions:
            stage(f"edition view ({edition})", stage_script + ["edition", "stages", str(CONFIG), edition])
        for edition in editions:
            stage(f"metrics table ({edition})", stage_script + ["metrics", "stages", str(CONFIG), edition])
        stage(
            "bare script",
            [
                python,
                str(HERE / "baseline.py"),
                str(work / "raw" / "little-minds-matter"),
                str(CONFIG),
                str(CONTRACT),
                str(work / "bare.json"),
            ],
        )
        if snakemake:
            targets = [f"results/little-minds-matter/{edition}/metrics.csv" for edition in editions]
            stage(
                "snakemake to metrics (--cores 2)",
                [
                    python,
                    "-m",
                    "snakemake",
                    *targets,
                    "--snakefile",
                    str(REPO / "Snakefile"),
                    "--configfile",
                    str(CONFIG),
                    "--directory",
                    str(work),
                    "--cores",
                    "2",
                    "--nolock",
                    "--quiet",
                ],
            )
        bare = json.loads((work / "bare.json").read_text(encoding="utf-8"))
        agree = agreement(bare, work / "stages")
        print(f"  bare script check: {bare['checks']} checks, failing {bare['failing'] or 'none'}; {agree}", flush=True)

    bare_seconds, bare_peak, bare_cpu = timings["bare script"]
    inner = bare["seconds"]
    # The bare script's own split: its process start and imports count with its checks, as the
    # gate's do. Its metrics share of CPU is taken as its share of its own wall clock.
    metrics_share = inner["metrics"] / inner["total"]
    bare_checks = (bare_seconds - inner["metrics"], bare_cpu * (1 - metrics_share))
    bare_metrics = (inner["metrics"], bare_cpu * metrics_share)
    after = [label for label in timings if label.startswith(("edition view", "metrics table"))]

    def total(labels):
        return (
            sum(timings[label][0] for label in labels),
            max(timings[label][1] for label in labels),
            sum(timings[label][2] for label in labels),
        )

    results = [
        ("gate vs bare start + read + checks", timings["gate"], bare_checks),
        ("editions + metrics vs bare metrics", total(after), bare_metrics),
        ("stages to metrics vs bare script", total(["gate", *after]), (bare_seconds, bare_cpu)),
    ]
    if snakemake:
        results.append(
            (
                "snakemake to metrics vs bare script",
                timings["snakemake to metrics (--cores 2)"],
                (bare_seconds, bare_cpu),
            )
        )
    print(
        f"\n  {'comparison':<38} {'pipeline':>9} {'bare':>8} {'ratio':>6}   {'CPU':>8} {'bare':>8} {'ratio':>6}  {'peak MB':>8}"
        f"  (goal: ratio <= {GOAL:g}; bare peak {bare_peak:.0f} MB)"
    )
    rows = []
    for label, (seconds, peak, cpu), (baseline, baseline_cpu) in results:
        ratio, cpu_ratio = seconds / baseline, cpu / baseline_cpu
        print(
            f"  {label:<38} {seconds:8.1f}s {baseline:7.1f}s {ratio:6.1f}   {cpu:7.1f}s {baseline_cpu:7.1f}s {cpu_ratio:6.1f}  {peak:8.0f}"
        )
        rows.append(
            {
                "benchmark": f"scale: {label}",
                "size": training,
                "seconds": seconds,
                "peak_mb": peak,
                "note": f"bare {baseline:.1f} s, ratio {ratio:.1f}; CPU {cpu:.1f} s vs {baseline_cpu:.1f} s, ratio {cpu_ratio:.1f} "
                f"(goal {GOAL:g}); {size}",
            }
        )
    rows.append(
        {
            "benchmark": "scale: bare script",
            "size": training,
            "seconds": bare_seconds,
            "peak_mb": bare_peak,
            "note": f"read {inner['read']:.1f} s, checks {inner['checks']:.1f} s, metrics {inner['metrics']:.1f} s; {agree}",
        }
    )
    print()
    return rows
