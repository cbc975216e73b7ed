"""Run the real Snakemake workflow on a programme folder made by a test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BUNDLED_CONFIG = REPO / "config" / "little-minds-matter.yaml"
BUNDLED_RAW = REPO / "raw" / "little-minds-matter"


def bundled_config() -> dict:
    with open(BUNDLED_CONFIG, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def write_config(workdir: Path, config: dict, name: str = "programme.yaml") -> Path:
    path = workdir / name
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def copy_bundled_raw(workdir: Path, folder: str = "raw/little-minds-matter") -> Path:
    target = workdir / folder
    shutil.copytree(BUNDLED_RAW, target)
    return target


def run_snakemake(workdir: Path, *args: str, configfile: Path | None = None, check: bool = True,
                  targets: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`snakemake` on the repository's Snakefile with `workdir` as working directory."""
    # Targets first: --configfile takes several values and would swallow them.
    command = [sys.executable, "-m", "snakemake", *targets, "--snakefile", str(REPO / "Snakefile"),
               "--directory", str(workdir), "--cores", "2", "--nolock", *args]
    if configfile is not None:
        command += ["--configfile", str(configfile)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=workdir)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result
