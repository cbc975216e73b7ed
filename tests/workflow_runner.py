"""Run the real Snakemake workflow on a programme folder made by a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BUNDLED_CONFIG = REPO / "config" / "programmes" / "little-minds-matter.yaml"
# The bundled programme's deliveries, one folder each named by its date, and the latest of them
# (the extracts the final edition is built from).
BUNDLED_DELIVERIES = REPO / "raw" / "little-minds-matter"
BUNDLED_RAW = sorted(path for path in BUNDLED_DELIVERIES.iterdir() if path.is_dir())[-1]
# Build only the bundled Little Minds Matter programme.
ONLY_BUNDLED = ("--config", "programmes=little-minds-matter")


def bundled_config() -> dict:
    with open(BUNDLED_CONFIG, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def write_config(workdir: Path, config: dict, name: str = "programme.yaml") -> Path:
    path = workdir / name
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def copy_bundled_raw(workdir: Path, folder: str = "raw/little-minds-matter") -> Path:
    """Copy every bundled delivery into `workdir/folder`; return the latest delivery's folder
    (where a test edits an extract of the delivery the final edition is built from)."""
    target = workdir / folder
    shutil.copytree(BUNDLED_DELIVERIES, target)
    return target / BUNDLED_RAW.name


def run_snakemake(
    workdir: Path, *args: str, configfile: Path | None = None, check: bool = True, targets: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """`snakemake` on the repository's Snakefile with `workdir` as working directory."""
    # Targets first: --configfile takes several values and would swallow them.
    command = [
        sys.executable,
        "-m",
        "snakemake",
        *targets,
        "--snakefile",
        str(REPO / "Snakefile"),
        "--directory",
        str(workdir),
        "--cores",
        "2",
        "--nolock",
        *args,
    ]
    if configfile is not None:
        command += ["--configfile", str(configfile)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=workdir)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


COPIED = ("Snakefile", "workflow", "scripts", "templates", "expectations", "config", "src", "profiles", "raw")


def copy_repository(target: Path) -> Path:
    """A working copy of the repository (code, configuration, contracts, data), so a test can
    change any file of it, code included, and run the real workflow on the copy."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    return target


def clone(built: Path, target: Path) -> Path:
    """An independent copy of a built repository copy: results, file times and Snakemake's
    records included, so it is as up to date as the original (nothing rebuilds for the move)."""
    shutil.copytree(built, target, symlinks=True)
    return target


def snakemake_command(copy: Path, *args: str) -> tuple[list[str], dict]:
    """The command and environment of `snakemake` in a repository copy (the README's command)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    return [sys.executable, "-m", "snakemake", "--cores", "2", *args], env


def run_copy(copy: Path, *args: str, check: bool = True, **options) -> subprocess.CompletedProcess:
    """`snakemake` in a repository copy, importing the copy's own package (so its code counts)."""
    command, env = snakemake_command(copy, *args)
    result = subprocess.run(command, capture_output=True, text=True, cwd=copy, env=env, **options)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def scheduled_jobs(copy: Path, *args: str) -> dict[str, int]:
    """Jobs a dry run would run, by rule (the `all` target left out), from Snakemake's job stats;
    empty only when Snakemake says "Nothing to be done" (any other output is an error, so a
    changed wording cannot pass for nothing to rebuild)."""
    result = run_copy(copy, "--dry-run", *args)
    output = result.stdout
    jobs: dict[str, int] = {}
    if "Job stats:" not in output:
        if "Nothing to be done" not in output + result.stderr:
            raise AssertionError(
                f"a dry run with neither a job table nor 'Nothing to be done':\n{output}{result.stderr}"
            )
        return jobs
    return job_table(output)


def job_table(output: str) -> dict[str, int]:
    """Snakemake's first job stats table in a run's output, by rule (the `all` target left out)."""
    jobs: dict[str, int] = {}
    if "Job stats:" not in output:
        return jobs
    table = output.split("Job stats:", 1)[1].split("\n\n", 1)[0]
    for line in table.splitlines()[3:]:
        rule, count = line.split()
        if rule not in ("all", "total"):
            jobs[rule] = int(count)
    return jobs
