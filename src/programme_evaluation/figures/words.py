"""Sentences whose numbers remember the published row they were read from.

A chart's summary is printed in the report's prose; every number in it must lead a reader to
its row of the published table (metric, period, group and which column). A `Words` is text made
of parts, each number part carrying its source; `str()` gives the plain sentence (alt text, the
log) and `parts()` the pieces the report document links to their rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where a printed number comes from: a column of one published row, or (column `share`)
    the row's value as a share of another row's (`of`)."""

    metric: str
    period: str
    group: str
    column: str = "value"
    of: tuple[str, str, str] | None = None

    def as_dict(self) -> dict:
        found = {"metric": self.metric, "period": self.period, "group": self.group, "column": self.column}
        if self.of is not None:
            found["of"] = dict(zip(("metric", "period", "group"), self.of))
        return found


class Words:
    """Text in parts; a part is (text, Source or None)."""

    def __init__(self, *parts: tuple[str, Source | None]):
        self._parts = [part for part in parts if part[0]]

    @classmethod
    def of(cls, item: Words | str) -> Words:
        return item if isinstance(item, Words) else cls((str(item), None))

    def __add__(self, other: Words | str) -> Words:
        return Words(*self._parts, *Words.of(other)._parts)

    def __radd__(self, other: str) -> Words:
        return Words.of(other) + self

    def __str__(self) -> str:
        return "".join(text for text, _ in self._parts)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def endswith(self, suffix: str) -> bool:
        return str(self).endswith(suffix)

    def parts(self) -> list[dict]:
        """The parts as figures.json stores them: text, and the source of a number."""
        merged: list[dict] = []
        for text, source in self._parts:
            if source is None and merged and "source" not in merged[-1]:
                merged[-1]["text"] += text
            else:
                merged.append({"text": text} if source is None else {"text": text, "source": source.as_dict()})
        return merged


def traced(text: str, source: Source | None) -> Words:
    """A printed number with its source (a [c] or a dash carries its row too)."""
    return Words((text, source))


def joined(separator: str, items) -> Words:
    result = Words()
    for index, item in enumerate(items):
        result = result + (separator if index else "") + item
    return result
