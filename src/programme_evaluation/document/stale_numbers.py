"""The stale-number guard: hand-typed numbers in a narrative that look like results.

A number typed by hand does not change when the data do, so a sentence holding one goes
quietly out of date. The guard reports (it does not stop the build) every number in a
narrative's text that is not a reference, a year, a date, a period name or a target written in
the configuration, with its file and line, in the document step's log and on the console.
"""

from __future__ import annotations

import re

from programme_evaluation.common.quarto_dates import MONTHS

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# What is not prose: references, inline code, link targets, attributes, footnote labels,
# list markers, headings' ids, HTML-ish tags.
MASKS = [
    re.compile(r"\[\[[^\[\]\n]*\]\]"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"\{[^{}]*\}"),
    re.compile(r"\[\^[^\]]*\]"),
    re.compile(r"^\s*(\d+[.)]|[-*+])\s"),
    re.compile(r"https?://\S+"),
    re.compile(r"<[^>]*>"),
]
# A number standing on its own (not part of a name such as Y1 or fig-2): digits with thousands
# separators or decimals, and an optional percent sign.
NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%|\s?per ?cent)?(?![\w-])")
MONTH = "|".join(MONTHS)
DATE_DAY = re.compile(rf"^\s*({MONTH})\b|\b({MONTH})\s*$")


def hand_typed_numbers(text: str, file: str, known: set[str]) -> list[str]:
    """'file, line N: 255 is typed by hand ...' for each result-like number of the text.

    `known`: numbers the configuration itself writes (targets), as the report prints them.
    """
    found = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith("#"):
            continue  # code, and headings (chapter and strand numbers)
        prose = line
        for mask in MASKS:
            prose = mask.sub(lambda match: " " * len(match.group(0)), prose)
        for match in NUMBER.finditer(prose):
            if not looks_like_result(match, prose, known):
                continue
            found.append(
                f"{file}, line {number}: {match.group(0).strip()!r} is typed by hand and will not change with "
                "the data; if it is a result, write it as a reference ([[metric ...]])"
            )
    return found


def looks_like_result(match: re.Match, line: str, known: set[str]) -> bool:
    whole, decimals, percent = match.group(1), match.group(2), match.group(3)
    value = int(whole.replace(",", ""))
    text = match.group(0).strip()
    if text in known or whole in known:
        return False
    if not decimals and not percent and 1900 <= value <= 2100 and "," not in whole:
        return False  # a year
    if not decimals and not percent and value <= 31:
        before, after = line[: match.start()], line[match.end() :]
        if DATE_DAY.search(after[:12]) or DATE_DAY.search(before[-12:]):
            return False  # a day of a date: 14 June, June 14
    if not decimals and not percent and value < 10:
        return False  # one to nine: counting words in figures ("2 strands"), not results
    return True
