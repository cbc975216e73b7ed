"""Numbers as a report prints them, the same way in charts, alt text, tables and prose.

Percentages round half up (89.5% prints as 90%), as a reader checking by hand would expect;
Python's round() would round half to even.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from programme_evaluation.common.missing import is_missing

DASH = "–"
# A number withheld by disclosure control (the published set's and every report's marker).
SUPPRESSED = "[c]"


missing = is_missing


def count(value) -> str:
    """A whole number with thousands separators: 1,234."""
    if missing(value):
        return DASH
    return f"{int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)):,}"


def percent(ratio) -> str:
    """A ratio as a whole percentage: 0.8954 -> 90%."""
    if missing(ratio):
        return DASH
    return f"{(Decimal(str(ratio)) * 100).quantize(Decimal(1), ROUND_HALF_UP):,}%"


def mean(value) -> str:
    """A mean score to one decimal place, rounded half up: 4.125 -> 4.1."""
    if missing(value):
        return DASH
    return f"{Decimal(str(value)).quantize(Decimal('0.1'), ROUND_HALF_UP)}"


def measure_value(value, unit) -> str:
    """A metric's value: a share as a percentage, a mean to one decimal, a count as a count
    (`unit` is a Measure's unit; True and False stand for share and count)."""
    unit = {True: "share", False: "count"}.get(unit, unit)
    return {"share": percent, "mean": mean}.get(unit, count)(value)


def humanised(name: str) -> str:
    """A metric name without its code look: 'consultation.drop_in' -> 'Drop in' (the strand
    before the dot is dropped). Not for categories: their dots are part of the name."""
    text = name.split(".")[-1].replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def category_text(code: str) -> str:
    """A data category as printed: 'drop_in' -> 'Drop in', "St. Luke's" kept whole (a dot in
    data is text, not a metric's strand separator)."""
    return first_upper(code.replace("_", " "))


def first_upper(text: str) -> str:
    """Sentence case without lowering the rest, so 'IMHA courses' stays as written."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower the first letter to continue a sentence, unless the word is an acronym ('IMHA')."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text
