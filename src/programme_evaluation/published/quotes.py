"""An edition's published quotes, as the report document reads them.

`published/quotes.csv` is written by `quote_screening`: only quotes whose speakers consented
to publication and in whose printed fields the screening found nothing personal (or that an
evaluator redacted or cleared), without their ids. The document reads that file only, never
the edition's quotes extract.
"""

from __future__ import annotations

from pathlib import Path

from programme_evaluation.common.tables import read_validated

CONSENTED = "yes"
PUBLISHED_COLUMNS = ["theme", "source_group", "strand", "text"]


def quotes_by_theme(path: str | Path | None, theme: str | None = None) -> list[dict]:
    """An edition's published quotes grouped by theme in order of first appearance, or only
    those of one theme: [{"theme": ..., "quotes": [{"text", "source_group", "strand"}]}]."""
    if path is None or not Path(path).exists():
        return []
    themes: dict[str, list[dict]] = {}
    for record in read_validated(path).fillna("").to_dict("records"):
        if theme is None or record["theme"] == theme:
            themes.setdefault(record["theme"], []).append(
                {"text": record["text"], "source_group": record["source_group"], "strand": record["strand"]}
            )
    return [{"theme": name, "quotes": quotes} for name, quotes in themes.items()]
