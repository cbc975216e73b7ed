"""Benchmark section `programmes`: many programmes in one run, cold and with nothing to do.

For each count N (`--count 10 50`), a copy of the repository gets N synthetic programmes in
place of the bundled ones: each a copy of Little Minds Matter under its own name, with its own
configuration file in config/programmes/ and its own raw folder (the bundled extracts, about
2,400 training rows), all checked against the one Little Minds Matter contract. Then, as a user
would type them:

1. the cold build to every edition's metrics table (gate, acceptance, editions, quality, metrics);
2. the rest of the default target on top of it (figures, documents, rendered reports), so the
   cold build with reports is the sum of the two;
3. a dry run with nothing to do (`snakemake -n`), then a real run with nothing to do.

Each step is its own `snakemake` process; peak_mb is the largest resident set of any single
process in that step (Snakemake itself or one job), from the operating system's accounting.
Reports use the embedded renderer unless Quarto is on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from workflow_runner import copy_repository  # noqa: E402 (after the path it needs)

TEMPLATE = "little-minds-matter"
DEFAULT_COUNTS = (10, 50)
# Runs `snakemake`, then prints the largest resident set (kB) of any process it waited for and
# the CPU seconds they used (the machine may be shared: CPU time does not count waiting).
MEASURED = (
    "import resource, subprocess, sys\n"
    "status = subprocess.run(sys.argv[1:]).returncode\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(used.ru_maxrss, used.ru_utime + used.ru_stime, file=sys.stderr)\n"
    "sys.exit(status)\n"
)


def make_programmes(copy: Path, count: int) -> list[str]:
    """Replace the copy's programmes by `count` copies of the template programme, each with its
    own name, configuration file and raw folder; return their names."""
    config = yaml.safe_load((REPO / "config" / "programmes" / f"{TEMPLATE}.yaml").read_text(encoding="utf-8"))
    for path in (copy / "config" / "programmes").glob("*.yaml"):
        path.unlink()
    names = []
    for number in range(1, count + 1):
        name = f"programme-{number:03d}"
        programme = {
            **config,
            "programme": {
                **config["programme"],
                "name": name,
                "raw": f"raw/{name}",
                "title": f"Synthetic programme {number}",
            },
        }
        (copy / "config" / "programmes" / f"{name}.yaml").write_text(
            yaml.safe_dump(programme, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        shutil.copytree(REPO / "raw" / TEMPLATE, copy / "raw" / name)
        names.append(name)
    return names


def snakemake(copy: Path, *args: str) -> tuple[float, float, float, str]:
    """Run `snakemake --cores 2 args` in the copy: (seconds, peak MB of one process, CPU
    seconds, stdout)."""
    command = [sys.executable, "-c", MEASURED, sys.executable, "-m", "snakemake", "--cores", "2", *args]
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"snakemake {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    peak_kb, cpu = map(float, result.stderr.strip().splitlines()[-1].split())
    return seconds, peak_kb / 1024, cpu, result.stdout + result.stderr  # Snakemake logs to both


def metrics_targets(copy: Path, names: list[str]) -> list[str]:
    editions = [
        edition["name"]
        for edition in yaml.safe_load(
            (copy / "config" / "programmes" / f"{names[0]}.yaml").read_text(encoding="utf-8")
        )["editions"]
    ]
    return [
        f"results/{name}/{edition}/{kind}"
        for name in names
        for edition in editions
        for kind in ("metrics.csv", "quality/quality.html")
    ]


def measure(count: int, keep: Path | None = None) -> list[dict]:
    rows = []

    def step(name: str, note: str, *args: str, nothing_to_do: bool = False) -> tuple[float, float]:
        seconds, peak, cpu, output = snakemake(copy, *args)
        if nothing_to_do and "Nothing to be done" not in output:
            note = "NOT a no-op: Snakemake found jobs to run"
        rows.append(
            {
                "benchmark": f"programmes: {name}",
                "size": count,
                "seconds": seconds,
                "peak_mb": peak,
                "note": f"{note}; {seconds / count:.2f} s per programme, {cpu:.1f} CPU s",
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)
        return seconds, cpu

    with tempfile.TemporaryDirectory() as folder:
        copy = keep / f"programmes-{count}" if keep else Path(folder)
        copy.mkdir(parents=True, exist_ok=False)
        copy_repository(copy)
        names = make_programmes(copy, count)
        metrics = step(
            "cold build to metrics", "gate, editions, quality reports, metrics", *metrics_targets(copy, names)
        )
        reports = step("then the reports", "figures, documents, rendering, on top of the metrics")
        rows.append(
            {
                "benchmark": "programmes: cold build with reports",
                "size": count,
                "seconds": metrics[0] + reports[0],
                "peak_mb": float("nan"),
                "note": f"the two runs above; {(metrics[0] + reports[0]) / count:.2f} s per programme, "
                f"{metrics[1] + reports[1]:.0f} CPU s",
            }
        )
        step("no-op dry run", "snakemake -n, nothing to do", "--dry-run", nothing_to_do=True)
        step("no-op run", "snakemake --cores 2, nothing to do", nothing_to_do=True)
    return rows


def run(args) -> list[dict]:
    rows = []
    for count in getattr(args, "count", None) or DEFAULT_COUNTS:
        rows.extend(measure(count, getattr(args, "keep", None)))
    return rows
