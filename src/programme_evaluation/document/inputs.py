"""The files one edition's report is written from (`Inputs`), shared by the parts that read them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Inputs:
    """The files one edition's report is written from."""

    metrics: Path  # the edition's published metrics.csv
    figures: Path  # figures.json; its data tables sit beside it
    quality: Path
    quotes: Path | None = None  # the edition's published quotes.csv
    earlier_metrics: tuple[tuple[str, Path], ...] = ()  # (edition, published metrics.csv) of earlier editions
    manifest: Path | None = None  # the edition's audit manifest (the provenance appendix)
    release: Path | None = None  # the latest release's release.json, once the edition is released
    since_release: Path | None = None  # what changed in the published numbers since that release
    narrative: tuple[Path, ...] = ()  # the edition's chapter files (narrative_files.chapter_paths)
