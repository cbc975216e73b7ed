"""Recall and false alarms of the free-text screening on the labelled sentences.

    .venv/bin/python tools/screening_figures.py [tests/fixtures/screening/labelled.csv]

Each row of the labelled file is a sentence and the kinds of identifier a person reading it
finds in it (none for a clean sentence). Recall of a kind: of the sentences holding it, the
share the screen finds it in. False alarms: of the clean sentences, the share the screen holds
back. The screen runs with its built-in vocabulary only (no programme's `screening.allow`).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from programme_evaluation.published.identifiers import KINDS, kinds_in

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "screening" / "labelled.csv"


def measure(path: str | Path = LABELLED) -> dict:
    """Per kind: sentences holding it, found, recall; clean sentences, flagged, false-alarm rate;
    and the sentences missed or flagged wrongly, by id (for looking into them)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {kind: {"sentences": 0, "found": 0, "missed": []} for kind in KINDS}
    clean = {"sentences": 0, "flagged": 0, "false_alarms": []}
    extra = []
    for row in rows:
        expected = {kind for kind in row["kinds"].split(";") if kind}
        found = set(kinds_in(row["text"]))
        for kind in expected:
            kinds[kind]["sentences"] += 1
            if kind in found:
                kinds[kind]["found"] += 1
            else:
                kinds[kind]["missed"].append(row["id"])
        if not expected:
            clean["sentences"] += 1
            if found:
                clean["flagged"] += 1
                clean["false_alarms"].append(f"{row['id']} ({', '.join(sorted(found))})")
        elif found - expected:
            extra.append(f"{row['id']} ({', '.join(sorted(found - expected))})")
    for figures in kinds.values():
        figures["recall"] = figures["found"] / figures["sentences"] if figures["sentences"] else None
    clean["rate"] = clean["flagged"] / clean["sentences"]
    return {"sentences": len(rows), "kinds": kinds, "clean": clean, "other_kinds": extra}


def main(argv: list[str]) -> None:
    figures = measure(argv[1] if len(argv) > 1 else LABELLED)
    print(f"{figures['sentences']} labelled sentences")
    print("| Kind | Sentences holding it | Found | Recall |")
    print("| --- | ---: | ---: | ---: |")
    for kind, row in figures["kinds"].items():
        print(f"| {KINDS[kind]} | {row['sentences']} | {row['found']} | {row['recall']:.1%} |")
    clean = figures["clean"]
    print(f"\nFalse alarms: {clean['flagged']} of {clean['sentences']} clean sentences held back ({clean['rate']:.1%})")
    for kind, row in figures["kinds"].items():
        if row["missed"]:
            print(f"missed {kind}: {', '.join(row['missed'])}")
    if clean["false_alarms"]:
        print(f"false alarms: {', '.join(clean['false_alarms'])}")
    if figures["other_kinds"]:
        print(f"another kind found as well: {', '.join(figures['other_kinds'])}")


if __name__ == "__main__":
    main(sys.argv)
