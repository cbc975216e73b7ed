"""Which narrative files make an edition's report, in which order.

The evaluators write the report as Markdown files beside the programme's configuration:
`config/programmes/<programme>/narrative/NN-name.md` are chapters every edition shares, and
`narrative/<edition>/NN-name.md` replaces the shared chapter of the same name for that edition
(an empty file leaves the chapter out) or adds a chapter, placed by its number. The workflow
declares exactly these files as inputs of the edition's document step, so a changed sentence in
an interim-only file rebuilds the interim report alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NARRATIVE = "narrative"
"""The folder beside config/programmes/<programme>.yaml holding the narrative."""
CHAPTER = re.compile(r"^\d+-[A-Za-z0-9_-]+\.md$")


@dataclass(frozen=True)
class Chapter:
    """One chapter file of an edition: its name (NN-name.md), path and text."""

    name: str
    path: Path
    text: str


def narrative_folder(config_file: str | Path) -> Path:
    """config/programmes/<programme>/narrative/: beside the programme's configuration file, in a
    folder named like it (a test's programme.yaml has programme/narrative/)."""
    path = Path(config_file)
    return path.parent / path.stem / NARRATIVE


def chapter_paths(folder: str | Path, edition: str, editions=()) -> list[Path]:
    """The files of one edition's chapters, ordered by their number prefix (then name).

    `editions` are the programme's edition names: their folders are never read as chapters of
    another edition. A file named unlike NN-name.md is ignored (a README, a draft).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    chosen = {path.name: path for path in folder.glob("*.md") if CHAPTER.match(path.name)}
    own = folder / edition
    if own.is_dir():
        chosen.update({path.name: path for path in own.glob("*.md") if CHAPTER.match(path.name)})
    return [chosen[name] for name in sorted(chosen, key=order)]


def order(name: str) -> tuple[int, str]:
    number, _, rest = name.partition("-")
    return int(number), rest


def read_chapters(folder: str | Path, edition: str) -> list[Chapter]:
    """The edition's chapters with their text; an empty (or blank) file leaves its chapter out."""
    chapters = []
    for path in chapter_paths(folder, edition):
        text = path.read_text(encoding="utf-8")
        if text.strip():
            chapters.append(Chapter(path.name, path, text))
    return chapters
