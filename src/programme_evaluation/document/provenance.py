"""The provenance part: what made the report (from the edition's audit manifest), the software
that ran, and what changed in its numbers since the edition was last released."""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from programme_evaluation.common.files import sha256_of
from programme_evaluation.document.dates import long_date
from programme_evaluation.document.inputs import Inputs
from programme_evaluation.published.manifest import PRINTED_PACKAGES


def versions() -> list[dict]:
    found = []
    for package in PRINTED_PACKAGES:
        try:
            found.append({"name": package, "version": metadata.version(package)})
        except metadata.PackageNotFoundError:
            continue
    return [{"name": "python", "version": platform.python_version()}] + found


def provenance(inputs: Inputs, quality: dict, config: dict) -> dict:
    """What made the report: from the edition's audit manifest when there is one (the
    workflow always writes it), else the extracts' rows and the table's checksum."""
    if inputs.manifest is not None:
        from programme_evaluation.published.manifest import provenance_facts

        return provenance_facts(json.loads(Path(inputs.manifest).read_text(encoding="utf-8")))
    files = [
        {"file": f"{config['programme']['raw']}/{item['file']}", "rows": item["rows"]} for item in quality["extracts"]
    ]
    return {
        "manifest": False,
        "extracts": files,
        "metrics": {"file": inputs.metrics.name, "sha256": sha256_of(inputs.metrics)},
        "versions": versions(),
    }


def changes_since_release(inputs: Inputs) -> dict | None:
    """The released revision this draft revises and what changed in its numbers since, or None
    when the edition was never released or its numbers are as released (the document is then the
    one that was signed: nothing here may change it)."""
    if inputs.release is None or inputs.since_release is None:
        return None
    changes = pd.read_csv(inputs.since_release, dtype=str, keep_default_na=False)
    if changes.empty:
        return None
    release = json.loads(Path(inputs.release).read_text(encoding="utf-8"))
    return {
        "revision": int(release["revision"]),
        "next": int(release["revision"]) + 1,
        "released": long_date(release["released"]),
        "changes": changes.to_dict("records"),
    }
