"""Write the table of docs/data-quality-catalogue.md from a run of the catalogue of bad inputs.

    GATE_CATALOGUE=/tmp/catalogue.jsonl python -m pytest tests/unit/gate/test_bad_inputs.py -m "not workflow"
    python tools/data_quality_catalogue.py /tmp/catalogue.jsonl docs/data-quality-catalogue.md

Each row is one case of tests/unit/gate/test_bad_inputs.py (a real gate run on a broken copy of the bundled
delivery) with what the gate said: the error lines of a refused delivery (the first two), or the
warnings of an accepted one. The table replaces what is between the document's markers (printed
when no document is named).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

START, END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"


def case_name(test: str) -> str:
    """`test_a_title_row_above_the_header_is_refused[xlsx]` -> `A title row above the header is refused (xlsx)`."""
    name, _, variant = test.removeprefix("test_").partition("[")
    words = name.replace("_", " ")
    words = words[0].upper() + words[1:]
    variant = variant.rstrip("]")
    if len(variant) > 24:  # several parameters joined by '-': the first says which case it is
        variant = variant.split("-")[0]
    return f"{words} ({variant})" if variant else words


def cell(text: str) -> str:
    """Markdown table cell: pipes escaped, temporary folders shortened."""
    text = re.sub(r"/tmp/\S+?/raw\b", "raw/<programme>", text)
    return text.replace("|", "\\|").replace("\n", " ")


def table(entries: list[dict]) -> str:
    lines = ["| case | outcome | what the user sees (first lines) |", "|---|---|---|"]
    seen = set()
    for entry in entries:
        if entry["case"] in seen or not entry["case"]:
            continue
        seen.add(entry["case"])
        if entry["refused"]:
            shown = entry["errors"][:2] or [entry["other"].splitlines()[0]]
            outcome = "refused"
        else:
            shown = entry["warnings"][:2]
            outcome = "accepted with warning" if shown else "accepted"
        lines.append(
            f"| {cell(case_name(entry['case']))} | {outcome} | {'<br>'.join(cell(f'`{line}`') for line in shown)} |"
        )
    return "\n".join(lines)


def replace_table(document: Path, text: str) -> None:
    """Put the table between the document's markers, leaving the rest as it is."""
    content = document.read_text(encoding="utf-8")
    before, rest = content.split(START, 1)
    after = rest.split(END, 1)[1]
    document.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        made = table([json.loads(line) for line in handle if line.strip()])
    if len(sys.argv) > 2:
        replace_table(Path(sys.argv[2]), made)
    else:
        print(made)
