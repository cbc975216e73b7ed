"""Check a results folder against its audit manifests; name every file that no longer matches.

    python -m programme_evaluation.published.verify results/<programme>/<edition>

(or the `verify-results` command). Paths in a manifest are relative to the folder the
pipeline ran in, the one holding `results/`; a file missing or whose SHA-256 differs is
named, and the command exits with status 1. A reviewer runs it before signing a report off.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from programme_evaluation.common.files import sha256_of
from programme_evaluation.published.manifest import MANIFEST, REPORT_MANIFEST


def run_folder(folder: Path) -> Path:
    """The folder the pipeline ran in: results/<programme>/<edition> is three levels below it."""
    return folder.resolve().parents[2]


def problems(folder: str | Path) -> tuple[int, list[str]]:
    """(files checked, what does not match) for an edition's results folder."""
    folder = Path(folder)
    manifests = [folder / name for name in (MANIFEST, REPORT_MANIFEST) if (folder / name).exists()]
    if not manifests:
        return 0, [f"{folder}: no {MANIFEST} here (expected results/<programme>/<edition>)"]
    root = run_folder(folder)
    checked, found = 0, []
    for manifest_path in manifests:
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            found.append(f"{manifest_path}: cannot be read as a manifest ({error})")
            continue
        entries = [*manifest.get("inputs", []), *manifest.get("outputs", [])]
        if "manifest" in manifest:
            entries.append(manifest["manifest"])
        for entry in entries:
            checked += 1
            path = root / entry["path"]
            if not path.is_file():
                found.append(f"{entry['path']}: missing (listed in {manifest_path.name})")
            elif sha256_of(path) != entry["sha256"]:
                found.append(
                    f"{entry['path']}: changed since {manifest_path.name} was written "
                    f"(SHA-256 {sha256_of(path)[:12]}..., expected {entry['sha256'][:12]}...)"
                )
    return checked, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="results/<programme>/<edition> folders")
    arguments = parser.parse_args(argv)
    failed = False
    for folder in arguments.folders:
        checked, found = problems(folder)
        if found:
            failed = True
            print(f"{folder}: {len(found)} file(s) do not match the manifest:")
            for line in found:
                print(f"  {line}")
        else:
            print(f"{folder}: all {checked} files match the manifest")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
