"""What each step wrote, so that a result changed by hand, or left by a step that did not finish,
is rebuilt and never trusted.

Snakemake does not look at the content of outputs: an edited `metrics.csv` would flow into the
charts and reports, and an edited report would stay. So every step records, when it finishes,
the SHA-256 of each file it wrote (`finish`), and marks its record unfinished when it starts
(`start`). Each rule carries as a parameter the *generation* of its record (`generation`): the
same value as long as the files are as written, a new value when one was changed or the step
did not finish. Snakemake reruns a job whose parameters changed, and a dry run shows it;
nothing is deleted or moved to get there. The step then writes its record with the generation
it ran with, so the next run finds them equal again.

A missing file is Snakemake's own business: every file the pipeline writes is a target of the
workflow, so a deleted one is rebuilt (and a failed step's outputs, which Snakemake deletes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from programme_evaluation.common.files import sha256_of, write_text

FOLDER = Path(".snakemake") / "programme-evaluation" / "written"
# The generation of a job that has no record (a first build, or results from an older version).
UNRECORDED = "unrecorded"


def record_path(programme: str, step: str, wildcards: dict | None = None) -> str:
    """Where the record of one job lives: beside Snakemake's own bookkeeping, not in results."""
    suffix = "".join(f"-{value}" for _, value in sorted((wildcards or {}).items()))
    return str(FOLDER / programme / f"{step}{suffix}.json")


def read(record: str | Path) -> dict | None:
    try:
        loaded = json.loads(Path(record).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) and isinstance(loaded.get("generation"), str) else None


def next_generation(generation: str, reason: Iterable[str]) -> str:
    return hashlib.sha256("\n".join([generation, *reason]).encode()).hexdigest()


def inspect(record: str | Path) -> tuple[str, list[str]]:
    """The job's generation as of now, and what a user should be told about it."""
    found = read(record)
    if found is None:
        return UNRECORDED, []
    generation, files = found["generation"], found.get("files") or {}
    if not found.get("finished"):
        present = sorted(path for path in files if Path(path).exists())
        notes = [f"{path}: the step that writes it did not finish last time; it runs again" for path in present]
        return next_generation(generation, ["unfinished"]), notes[:1]
    now = {path: sha256_of(path) for path in files if Path(path).is_file()}
    changed = sorted(path for path, digest in now.items() if digest != files[path])
    if not changed:
        return generation, []
    notes = [
        f"{path} is not what the pipeline wrote (changed by hand?); it is not trusted: its step runs again"
        for path in changed
    ]
    return next_generation(generation, [f"{path}\0{now[path]}" for path in changed]), notes


_SEEN: dict[str, str] = {}


def generation(record: str | Path, warn: Callable[[str], None] | None = None) -> str:
    """`inspect`, once per record in a process (Snakemake may ask more than once), telling `warn`."""
    key = str(record)
    if key not in _SEEN:
        _SEEN[key], notes = inspect(record)
        for note in notes:
            (warn or print)(note)
    return _SEEN[key]


def start(record: str | Path, generation: str) -> None:
    """Mark the record unfinished before the step writes anything (kept files listed)."""
    previous = read(record) or {}
    write_text(
        record,
        json.dumps(
            {"generation": generation, "finished": False, "files": previous.get("files") or {}},
            indent=1,
            sort_keys=True,
        )
        + "\n",
    )


def finish(record: str | Path, generation: str, outputs: Iterable[str | Path]) -> None:
    """Record the SHA-256 of every file the step wrote."""
    files = {str(path): sha256_of(path) for path in outputs if Path(path).is_file()}
    write_text(
        record,
        json.dumps({"generation": generation, "finished": True, "files": files}, indent=1, sort_keys=True) + "\n",
    )
