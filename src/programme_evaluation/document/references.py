"""Live numbers in the evaluators' narrative: `[[metric option=value ...]]` references.

A reference names one cell of a published table (this edition's, or an earlier edition's) and
prints it as the report prints numbers (common/number_text.py), traced to its row like every
other number of the body (traceability.py). A name that does not exist stops the build with the
file, the line and the nearest valid names, so a typo never prints as a wrong or empty number.
The syntax is described in docs/writing-the-report.md.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from programme_evaluation.common import number_text
from programme_evaluation.common.errors import PipelineError
from programme_evaluation.document.traceability import Sources
from programme_evaluation.published.table import ALL, OVERALL, SUPPRESSED, Measure, PublishedMetrics

# `[[...]]`: the text between double square brackets, on one line.
REFERENCE = re.compile(r"\[\[([^\[\]\n]+)\]\]")
BLOCKS = ("figure", "key-findings", "criteria", "timeline", "callout", "table", "quotes")
FIELDS = ("value", "numerator", "denominator", "target", "pct_of_target", "rating")
OPTIONS = ("period", "group", "field", "edition", "change", "met", "trend", "since")


class NarrativeError(PipelineError, ValueError):
    """A mistake in a narrative file, named by its file and line."""


@dataclass(frozen=True)
class Place:
    """Where a piece of narrative text is: the file (as the user knows it) and its line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}"


@dataclass(frozen=True)
class Reference:
    """One `[[...]]` as written: its name (a metric or a block), positional words and options."""

    name: str
    words: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)
    place: Place = Place("", 0)
    text: str = ""

    @property
    def is_block(self) -> bool:
        return self.name in BLOCKS


def parse(inner: str, place: Place) -> Reference:
    """`metric period=Y1 group="Health visitor"` -> Reference; a malformed one stops the build."""
    try:
        tokens = shlex.split(inner, posix=True)
    except ValueError as error:
        raise NarrativeError(f"{place}: cannot read [[{inner}]]: {error} (quote values with spaces)") from None
    if not tokens:
        raise NarrativeError(f"{place}: [[]] names nothing: write [[metric]] or a block such as [[figure fig-id]]")
    name, words, options = tokens[0], [], {}
    for token in tokens[1:]:
        if "=" in token:
            key, value = token.split("=", 1)
            if key in options:
                raise NarrativeError(f"{place}: [[{inner}]] gives {key}= twice")
            options[key] = value
        else:
            words.append(token)
    return Reference(name, tuple(words), options, place, f"[[{inner}]]")


def nearest(name: str, choices, what: str) -> str:
    """' (did you mean: a, b?)' or the list of valid names when none is close."""
    choices = [str(choice) for choice in choices]
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.7)
    if close:
        return f"; did you mean {' or '.join(close)}?"
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"; the {what} are: {shown}"


def signed(value: Decimal, suffix: str = "") -> str:
    """A change as printed: +73, −5 (a true minus sign), 0."""
    if value == 0:
        return f"0{suffix}"
    return f"{'+' if value > 0 else '−'}{abs(value):,}{suffix}"


@dataclass
class Printed:
    """A reference's printed text and, for a number, its source (the traced link)."""

    text: str
    source: dict | None = None
    withheld: bool = False


class Resolver:
    """Resolves references against an edition's published table and its earlier editions'."""

    def __init__(self, edition: str, metrics: PublishedMetrics, earlier: dict[str, PublishedMetrics], sources: Sources):
        self.edition = edition
        self.metrics = metrics
        self.earlier = earlier
        self.sources = sources
        self.withheld: list[str] = []  # where a reference printed [c], for the build log

    # -- finding the cell -------------------------------------------------------------------
    def table(self, reference: Reference, name: str | None) -> PublishedMetrics:
        if name is None or name == self.edition:
            return self.metrics
        if name not in self.earlier:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: {name!r} is not an edition before {self.edition}"
                + nearest(name, list(self.earlier) or ["(none: this is the first edition)"], "earlier editions")
            )
        return self.earlier[name]

    def cell(self, reference: Reference, metric: str | None = None, edition: str | None = None) -> Measure:
        """The published row a reference names; an unknown metric, period or group stops the build."""
        metric = metric or reference.name
        table = self.table(reference, edition or reference.options.get("edition"))
        period = reference.options.get("period", OVERALL)
        group = reference.options.get("group", ALL)
        where = f"{reference.place}: {reference.text}:"
        metrics = list(dict.fromkeys(table.frame["metric"]))
        if metric not in metrics:
            raise NarrativeError(f"{where} no published metric {metric!r}" + nearest(metric, metrics, "metrics"))
        periods = [*table.periods(), OVERALL]
        if period not in periods:
            raise NarrativeError(
                f"{where} {metric} has no period {period!r} in this edition" + nearest(period, periods, "periods")
            )
        groups = [ALL, *table.groups(metric)]
        if group not in groups:
            raise NarrativeError(f"{where} {metric} has no group {group!r}" + nearest(group, groups, "groups"))
        return table.measure(metric, period, group)

    def check_options(self, reference: Reference, allowed=OPTIONS) -> None:
        for key in reference.options:
            if key not in allowed:
                raise NarrativeError(
                    f"{reference.place}: {reference.text}: unknown option {key}=" + nearest(key, allowed, "options")
                )
        if reference.words:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: {reference.words[0]!r} is not an option: write key=value "
                '(quote values with spaces: group="Health visitor")'
            )

    # -- printing ---------------------------------------------------------------------------
    def resolve(self, reference: Reference) -> Printed:
        """The printed text of an inline reference."""
        self.check_options(reference)
        options = reference.options
        measure = self.cell(reference)
        edition = options.get("edition") or self.edition
        if "met" in options:
            return self.met(reference, measure, edition)
        if "trend" in options:
            return self.trend(reference, measure, edition)
        if "change" in options:
            return self.change(reference, measure, options["change"], edition)
        column = options.get("field", "value")
        if column not in FIELDS:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: unknown field {column!r}" + nearest(column, FIELDS, "fields")
            )
        return self.number(reference, measure, column, edition)

    def note_withheld(self, reference: Reference) -> None:
        self.withheld.append(f"{reference.place}: {reference.text} prints [c] (withheld to protect confidentiality)")

    def number(self, reference: Reference, measure: Measure, column: str, edition: str) -> Printed:
        where = f"{reference.place}: {reference.text}:"
        if column in ("numerator", "denominator") and not measure.is_share:
            raise NarrativeError(f"{where} {measure.metric} is not a share: it has no {column} (fields: value, target)")
        if column in ("target", "pct_of_target", "rating") and measure.target is None:
            raise NarrativeError(
                f"{where} {measure.metric}, period {measure.period}, group {measure.group} has no target, "
                f"so no {column}"
            )
        if column == "target":
            text = number_text.measure_value(measure.target, measure.unit)
        elif measure.suppressed:
            text = SUPPRESSED
        elif column == "value":
            text = number_text.measure_value(measure.value, measure.unit)
        elif column in ("numerator", "denominator"):
            text = number_text.count(getattr(measure, column))
        elif column == "pct_of_target":
            text = number_text.percent(measure.pct_of_target)
        else:
            text = (measure.rag or "").capitalize()
        if text == SUPPRESSED:
            self.note_withheld(reference)
        traced_column = "pct_of_target" if column == "rating" else column
        source = self.sources.number(measure, traced_column, text, edition=edition)
        if column == "rating":  # a word: printed plain, its row still listed in the appendix
            return Printed(text, None, text == SUPPRESSED)
        return Printed(text, source, text == SUPPRESSED)

    def difference(self, reference: Reference, measure: Measure, since: str) -> tuple[Decimal | None, Measure, bool]:
        """The change of the printed value since an earlier edition, as printed (whole numbers
        for counts, whole percentage points for shares, one decimal for means); None if withheld."""
        if since not in self.earlier:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: {since!r} is not an edition before {self.edition}"
                + nearest(since, list(self.earlier) or ["(none: this is the first edition)"], "earlier editions")
            )
        before = self.cell(reference, measure.metric, since)
        if measure.suppressed or before.suppressed or measure.value is None or before.value is None:
            return None, before, measure.is_share
        if measure.unit == "share":
            scale, step = Decimal(100), Decimal(1)
        elif measure.unit == "mean":
            scale, step = Decimal(1), Decimal("0.1")
        else:
            scale, step = Decimal(1), Decimal(1)

        def shown(value: float) -> Decimal:
            return (Decimal(str(value)) * scale).quantize(step, ROUND_HALF_UP)

        return shown(measure.value) - shown(before.value), before, measure.unit == "share"

    def change(self, reference: Reference, measure: Measure, since: str, edition: str) -> Printed:
        delta, before, share = self.difference(reference, measure, since)
        if delta is None:
            self.note_withheld(reference)
            text = SUPPRESSED
        else:
            text = signed(delta, " percentage points" if share else "")
        source = self.sources.number(measure, "value", text, edition=edition)
        self.sources.number(before, "value", text, edition=since)
        source = {**source, "title": f"Change since the {since} edition: {source['title']}"}
        return Printed(text, source, delta is None)

    def words(self, reference: Reference, option: str, count: int) -> list[str]:
        words = [word.strip() for word in reference.options[option].split("|")]
        if len(words) != count or not all(words):
            example = {"met": 'met="reached|fell short of"', "trend": 'trend="rose|fell|held steady"'}[option]
            raise NarrativeError(
                f"{reference.place}: {reference.text}: {option}= takes {count} wordings separated by |, e.g. {example}"
            )
        return words

    def met(self, reference: Reference, measure: Measure, edition: str) -> Printed:
        reached, missed = self.words(reference, "met", 2)
        if measure.target is None:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: {measure.metric}, period {measure.period}, "
                f"group {measure.group} has no target to meet"
            )
        self.sources.number(measure, "pct_of_target", "", edition=edition)
        if measure.suppressed or measure.pct_of_target is None:
            self.note_withheld(reference)
            return Printed(SUPPRESSED, None, True)
        return Printed(reached if measure.pct_of_target >= 1 else missed)

    def trend(self, reference: Reference, measure: Measure, edition: str) -> Printed:
        rose, fell, steady = self.words(reference, "trend", 3)
        since = reference.options.get("since")
        if not since:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: trend= needs since=<an earlier edition>"
                + nearest("", list(self.earlier) or ["(none: this is the first edition)"], "earlier editions")
            )
        delta, before, _ = self.difference(reference, measure, since)
        self.sources.number(measure, "value", "", edition=edition)
        self.sources.number(before, "value", "", edition=since)
        if delta is None:
            self.note_withheld(reference)
            return Printed(SUPPRESSED, None, True)
        return Printed(rose if delta > 0 else fell if delta < 0 else steady)
