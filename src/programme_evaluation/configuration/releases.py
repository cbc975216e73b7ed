"""Which editions are released: their published numbers are fixed and must not change.

An edition is released when it has a release folder `releases/<programme>/<edition>/r<N>/`
holding `release.json` (`{"programme", "edition", "revision", "delivery": {"date", "hash",
"folder"}, ...}`), or when its configuration pins the delivery it is built from
(`editions[].delivery`): a pinned delivery is one the hub published from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from programme_evaluation.common.errors import ConfigError

RELEASES = "releases"
REVISION = re.compile(r"^r([0-9]+)$")


def release_files(programme: str, edition: str, root: str | Path = RELEASES) -> list[Path]:
    """The edition's release records, by revision (lowest first)."""
    folder = Path(root) / programme / edition
    if not folder.is_dir():
        return []
    revisions = [
        (int(match.group(1)), path / "release.json")
        for path in folder.iterdir()
        if (match := REVISION.match(path.name)) and (path / "release.json").is_file()
    ]
    return [path for _, path in sorted(revisions)]


def read_release(path: str | Path) -> dict:
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: cannot read this release record: {error}") from None
    date = record.get("delivery", {}).get("date") if isinstance(record, dict) else None
    if not isinstance(date, str):
        raise ConfigError(f"{path}: key delivery.date: expected the delivery date the edition was released from")
    return record


def released_editions(config: dict, root: str | Path = RELEASES) -> dict[str, dict]:
    """Edition name -> how it is released: `{"delivery": date, "by": where that is recorded}`.

    The latest release record wins over a pinned delivery; an edition with neither is a draft
    and is left out."""
    programme = config["programme"]["name"]
    released = {}
    for edition in config["editions"]:
        name = edition["name"]
        records = release_files(programme, name, root)
        if records:
            record = read_release(records[-1])
            released[name] = {"delivery": record["delivery"]["date"], "by": str(records[-1])}
        elif edition.get("delivery"):
            released[name] = {
                "delivery": str(edition["delivery"])[:10],
                "by": f"editions ({name}).delivery in the configuration",
            }
    return released
