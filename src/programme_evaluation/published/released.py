"""Where released editions live, and their published numbers as fixed for later editions.

`release results/<programme>/<edition>` (programme_evaluation.release) copies a signed edition
into `releases/<programme>/<edition>/r<N>/`, beside `results/` in the folder the pipeline runs
in, with a `release.json` and the published set it released (`published/metrics.csv`). Once
released, an edition's published numbers are what readers have: a later edition's disclosure
control must treat them as fixed, not as what a rebuild would recompute today.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from programme_evaluation.common.number_text import SUPPRESSED

RELEASES = "releases"
RELEASE_RECORD = "release.json"
PUBLISHED_TABLE = "published/metrics.csv"
REVISION = re.compile(r"^r([1-9][0-9]*)$")
NUMBERS = ("value", "numerator", "denominator", "pct_of_target")


def releases_of(root: str | Path, programme: str, edition: str) -> Path:
    """The folder holding an edition's released revisions."""
    return Path(root) / RELEASES / programme / edition


def revisions(root: str | Path, programme: str, edition: str) -> list[tuple[int, Path]]:
    """The edition's released revisions, (number, folder), oldest first; a folder counts only once
    its release.json is written (the release command writes that last)."""
    folder = releases_of(root, programme, edition)
    if not folder.is_dir():
        return []
    found = [
        (int(match.group(1)), path)
        for path in folder.iterdir()
        if (match := REVISION.match(path.name)) and (path / RELEASE_RECORD).is_file()
    ]
    return sorted(found)


def latest_release(root: str | Path, programme: str, edition: str) -> Path | None:
    """The folder of the edition's latest released revision, or None when it was never released."""
    found = revisions(root, programme, edition)
    return found[-1][1] if found else None


def read_release(folder: str | Path) -> dict:
    return json.loads((Path(folder) / RELEASE_RECORD).read_text(encoding="utf-8"))


def release_of_table(published: str | Path) -> Path | None:
    """The release folder a published table belongs to, or None for a table in results/."""
    folder = Path(published).parents[1]
    return folder if REVISION.match(folder.name) and (folder / RELEASE_RECORD).is_file() else None


def with_released_numbers(frame: pd.DataFrame, published: str | Path) -> pd.DataFrame:
    """An earlier edition's audited table with every number its released published set printed
    put back as printed: a rebuild may recompute a released edition differently (a corrected
    delivery), but readers have the released numbers, so those are what disclosure control must
    reckon with. Withheld ([c]) cells keep the recomputed value: the release never printed them.
    """
    released = pd.read_csv(published, dtype=str, keep_default_na=False)
    printed = {
        (row["metric"], row["period"], row["group"]): row
        for row in released.to_dict("records")
        if row.get("value", "") != SUPPRESSED
    }
    fixed = frame.copy()
    for index, key in zip(fixed.index, zip(fixed["metric"], fixed["period"], fixed["group"], strict=True), strict=True):
        row = printed.get(key)
        if row is None:
            continue
        for column in NUMBERS:
            if column in fixed.columns and row.get(column, "") not in ("", SUPPRESSED):
                fixed.at[index, column] = float(row[column])
    return fixed
