"""What the delivery comparison found, in counts a published report may print.

Why: a reader of the data-quality appendix should know whether the delivery the edition is
built from rewrote the past (records deleted at source, history changed, periods that lost
rows) and whether that moves a released edition's numbers. The comparison itself
(`results/P/deliveries/<date>/comparison.json`) names records, so the report reads only its
counts, from the edition's data-quality summary (`results/P/E/quality/quality.json`, which
holds the comparison of the edition's delivery with the one before it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from programme_evaluation.common import number_text
from programme_evaluation.common.quarto_dates import format_date

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def counted(number: int, one: str, many: str) -> str:
    """'1 record removed', '12 records removed'."""
    return f"{number_text.count(number)} {one if number == 1 else many}"


def delivery_changes(quality_path: Path) -> dict | None:
    """The comparison of the edition's delivery with the last accepted one before it, as text:
    `previous` (its date), `found` (what was removed, changed or lost; empty when nothing was)
    and `released` (the effect on released editions' numbers, empty when none was released).
    None when the delivery is the programme's first."""
    quality = json.loads(Path(quality_path).read_text(encoding="utf-8"))
    comparison = quality.get("delivery_comparison")
    if not comparison:
        return None
    findings = comparison.get("findings", [])
    of = {kind: [row for row in findings if row["kind"] == kind] for kind in ("removed", "changed", "lost_rows")}
    records = {(row["extract"], row["record"]) for row in of["changed"]}
    periods = {(row["extract"], row["period"]) for row in of["lost_rows"] if not _DAY.fullmatch(row["period"])}
    days = {(row["extract"], row["period"]) for row in of["lost_rows"] if _DAY.fullmatch(row["period"])}
    found = []
    if of["removed"]:
        found.append(counted(len(of["removed"]), "record removed", "records removed"))
    if records:
        found.append(counted(len(records), "record changed", "records changed"))
    if periods:
        found.append(counted(len(periods), "period with fewer rows", "periods with fewer rows"))
    if days:
        found.append(counted(len(days), "day with fewer rows", "days with fewer rows"))
    released = []
    for edition in comparison.get("released", {}):
        numbers = [
            row for row in findings if row["kind"] == "released_numbers" and edition in row["released_editions"].split()
        ]
        if numbers:
            released.append(
                f"computed from this delivery, {counted(len(numbers), 'number', 'numbers')} of the released "
                f"{edition} edition would differ from those it was released with"
            )
        else:
            released.append(f"the released {edition} edition's numbers are unchanged")
    return {"previous": format_date(comparison["previous"], "D MMMM YYYY"), "found": found, "released": released}
