"""Write an edition's change report (CSV and a short HTML page) and remember the numbers seen.

The numbers of the previous build are the change step's own memory: a copy of the table it
last saw, kept beside its report. It is not a declared output, because Snakemake deletes a
job's outputs before running it again, which would throw away exactly the previous build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd

from programme_evaluation.changes.compare import compare, read_numbers
from programme_evaluation.common.files import write_text
from programme_evaluation.common.html_pages import html_page
from programme_evaluation.common.tables import write_table


def change_report(settings: dict, numbers_path, last_seen_path) -> tuple[pd.DataFrame, dict]:
    """The changes of the current numbers against the last seen ones, and a summary for the page."""
    current = read_numbers(numbers_path)
    first = not Path(last_seen_path).exists()  # nothing to compare with: no change to report
    changes = compare(current if first else read_numbers(last_seen_path), current)
    table = pd.concat(
        [
            pd.DataFrame(
                {"programme": settings["programme"], "edition": settings["edition"]}, index=changes.index, dtype=object
            ),
            changes,
        ],
        axis=1,
    )
    counts = {kind: int((changes["change"] == kind).sum()) for kind in ("changed", "added", "removed")}
    return table, {**settings, "first_build": first, "counts": counts, "rows": len(current)}


def change_page(summary: dict, changes: pd.DataFrame, template_path: str | Path) -> str:
    """The HTML page; every value is escaped (metric groups are categories from the data)."""
    return html_page(template_path, trim_blocks=True, summary=summary, changes=changes.to_dict("records"))


def write_change_report(settings: dict, numbers_path, last_seen_path, template_path, csv_path, html_path) -> dict:
    """Write changes.csv and changes.html, then keep the current numbers as the last seen."""
    changes, summary = change_report(settings, numbers_path, last_seen_path)
    write_table(changes, csv_path)
    write_text(html_path, change_page(summary, changes, template_path))
    # Last, and whole or not at all: a step that fails before this compares again next time.
    partial = Path(f"{last_seen_path}.partial")  # one fixed name: a killed step's is overwritten next time
    shutil.copyfile(numbers_path, partial)
    os.replace(partial, last_seen_path)
    return summary
