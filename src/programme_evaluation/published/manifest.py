"""The audit manifest of an edition: what went in, what came out, and what made it.

Two files per edition, because the report's provenance appendix is written from the manifest
and so the manifest must exist before the report does:
- `manifest.json`, made before the report document: each raw input (path, rows, SHA-256), each
  file every rule wrote up to the charts (path, SHA-256, the rule), the configuration used (its
  SHA-256 and content), software versions (Python and its packages but Snakemake's executor plugins, pandoc,
  Typst, Quarto when on PATH) and the git commit of the pipeline with whether it had uncommitted changes;
- `manifest-report.json`, made after rendering: the report's own files (the .qmd, its images,
  the HTML and PDF), the renderer that ran, and the SHA-256 of `manifest.json`.
`python -m programme_evaluation.published.verify results/<programme>/<edition>` checks a results
folder against both. Nothing here records a time, so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from programme_evaluation.common.files import sha256_of, write_text

MANIFEST = "manifest.json"
REPORT_MANIFEST = "manifest-report.json"
# Versions the report's provenance appendix prints: what decides the numbers and the look.
PRINTED_PACKAGES = (
    "programme-evaluation",
    "snakemake",
    "pandas",
    "numpy",
    "scipy",
    "seaborn",
    "matplotlib",
    "jinja2",
    "great-expectations",
    "pypandoc-binary",
    "typst",
)


def canonical(content) -> bytes:
    """The configuration as canonical JSON (sorted keys), the bytes its SHA-256 is taken of."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def file_entry(path: str | Path, **facts) -> dict:
    return {"path": Path(path).as_posix(), "sha256": sha256_of(path), **facts}


# Snakemake's executor plugins decide how jobs are dispatched (locally, on SLURM), not what a job
# computes: kept out of the software that made the numbers, so an edition built on a cluster
# has the same manifest as one built locally with the same software.
DISPATCH_ONLY = "snakemake-executor-plugin-"


def packages() -> dict[str, str]:
    """Every installed Python distribution and its version, by name, but executor plugins."""
    found = {}
    for distribution in metadata.distributions():
        name = (distribution.metadata["Name"] or "").lower()
        if name and not name.startswith(DISPATCH_ONLY):
            found.setdefault(name, distribution.version)
    return dict(sorted(found.items()))


def quarto_version() -> str | None:
    quarto = shutil.which("quarto")
    if quarto is None:
        return None
    try:
        return subprocess.run(
            [quarto, "--version"], capture_output=True, text=True, check=True, timeout=60
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "present, version unknown"


def software() -> dict:
    import pypandoc
    import typst

    return {
        "python": platform.python_version(),
        "pandoc": pypandoc.get_pandoc_version(),
        "typst": typst.__version__,
        "quarto": quarto_version(),
        "packages": packages(),
    }


def git_state(folder: str | Path) -> dict:
    """The commit of the pipeline's code and whether it had uncommitted changes; when git is
    missing or the code is not a git checkout, that is what is recorded."""
    git = shutil.which("git")
    if git is None:
        return {"available": False, "reason": "git is not installed"}
    try:
        commit = subprocess.run(
            [git, "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=60, check=False
        )
        if commit.returncode != 0:
            # No path in the text: the same inputs give the same manifest wherever they are built.
            return {"available": False, "reason": "the pipeline's folder is not a git checkout"}
        status = subprocess.run(
            [git, "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return {"available": False, "reason": f"git failed: {error}"}
    return {"available": True, "commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


def raw_rows(quality_summary: str | Path) -> dict[str, int]:
    """Records per delivered file, as the gate read them (its quality summary)."""
    summary = json.loads(Path(quality_summary).read_text(encoding="utf-8"))
    return {item.get("file") or item["extract"]: item.get("rows", 0) for item in summary.get("extracts", [])}


def write_manifest(
    out: str | Path,
    *,
    programme: str,
    edition: str,
    configuration: dict,
    raw: list[str],
    quality_summary: str | Path,
    outputs: dict[str, list[str]],
    workflow_dir: str | Path,
) -> dict:
    """The edition's manifest up to the report document. `outputs` maps each rule's name to the
    files it wrote; `quality_summary` is the gate's, for the rows of each raw file."""
    rows = raw_rows(quality_summary)
    manifest = {
        "programme": programme,
        "edition": edition,
        "configuration": {
            "sha256": hashlib.sha256(canonical(configuration)).hexdigest(),
            "content": json.loads(canonical(configuration)),
        },
        "inputs": [file_entry(path, rows=rows.get(Path(path).name)) for path in sorted(raw)],
        "outputs": [file_entry(path, rule=rule) for rule, paths in outputs.items() for path in paths],
        "software": software(),
        "git": git_state(workflow_dir),
    }
    write_json(manifest, out)
    return manifest


def write_report_manifest(
    out: str | Path, *, manifest: str | Path, outputs: dict[str, list[str]], render_log: str | Path | None = None
) -> dict:
    """The edition's report files, made after rendering, tied to the manifest before it."""
    renderer = None
    if render_log is not None and Path(render_log).exists():
        lines = [
            line for line in Path(render_log).read_text(encoding="utf-8").splitlines() if line.startswith("renderer: ")
        ]
        renderer = lines[-1].removeprefix("renderer: ") if lines else None
    found = {
        "manifest": file_entry(manifest),
        "outputs": [file_entry(path, rule=rule) for rule, paths in outputs.items() for path in paths],
        "renderer": renderer,
        "quarto": quarto_version(),
    }
    write_json(found, out)
    return found


def write_json(content: dict, out: str | Path) -> None:
    write_text(out, json.dumps(content, indent=2, ensure_ascii=False) + "\n")


def provenance_facts(manifest: dict) -> dict:
    """What the report's provenance appendix prints, from the manifest."""
    outputs = {
        Path(item["path"]).name if "/published/" not in item["path"] else "published/" + Path(item["path"]).name: item
        for item in manifest["outputs"]
    }
    software_used = manifest["software"]
    versions = [{"name": "python", "version": software_used["python"]}]
    versions += [
        {"name": name, "version": software_used["packages"][name]}
        for name in PRINTED_PACKAGES
        if name in software_used["packages"]
    ]
    versions += [
        {"name": "pandoc", "version": software_used["pandoc"]},
        {"name": "typst (engine)", "version": software_used["typst"]},
    ]
    if software_used.get("quarto"):
        versions.append({"name": "quarto", "version": software_used["quarto"]})
    git = manifest["git"]
    return {
        "manifest": True,
        "extracts": [
            {
                "file": item["path"],
                "rows": "" if item.get("rows") is None else f"{item['rows']:,}",
                "sha256": item["sha256"],
            }
            for item in manifest["inputs"]
        ],
        "metrics": {"file": "metrics.csv", "sha256": outputs["metrics.csv"]["sha256"]},
        "published": {"file": "published/metrics.csv", "sha256": outputs["published/metrics.csv"]["sha256"]},
        "configuration": manifest["configuration"]["sha256"],
        "files": len(manifest["outputs"]),
        "git": (
            f"commit {git['commit']}" + (", with uncommitted changes" if git["dirty"] else "")
            if git.get("available")
            else f"not recorded ({git['reason']})"
        ),
        "versions": versions,
    }
