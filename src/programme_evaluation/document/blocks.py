"""The report's own blocks that a narrative places on a line of their own: `[[figure fig-id]]`,
`[[criteria]]`, `[[timeline]]`, `[[callout metric]]`, `[[table ...]]`, `[[quotes theme=...]]`.

Each is written as Markdown from published numbers and configured text, every string escaped
and every number traced (the templates in templates/document/blocks/ place them), so a chapter
can show any published cell without a chart. (`[[key-findings]]` is assembled in narrative.py
from the chapter's own key-finding divs.)
"""

from __future__ import annotations

import jinja2

from programme_evaluation.common.number_text import first_upper
from programme_evaluation.common.printed_names import Naming
from programme_evaluation.document.measures import progression_criteria
from programme_evaluation.document.references import FIELDS, NarrativeError, Reference, Resolver, nearest
from programme_evaluation.published.table import OVERALL

FIELD_WORDS = {
    "value": "",
    "numerator": "numerator",
    "denominator": "denominator",
    "target": "target",
    "pct_of_target": "% of target",
    "rating": "rating",
}


class Blocks:
    """Writes the Markdown of each block reference of one edition's narrative."""

    def __init__(
        self,
        env: jinja2.Environment,
        resolver: Resolver,
        naming: Naming,
        figures: dict[str, dict],
        quotes: list[dict],
        timeline: list[dict],
        methods: dict,
    ):
        self.env = env
        self.resolver = resolver
        self.naming = naming
        self.figures = figures
        self.quote_themes = quotes
        self.timeline_entries = timeline
        self.methods = methods
        self.placed: list[str] = []
        self.not_drawn: list[str] = []  # placed charts whose every bar is withheld: a sentence instead

    def render(self, reference: Reference) -> str:
        method = getattr(self, reference.name.replace("-", "_"))
        return method(reference)

    def template(self, name: str, **values) -> str:
        return self.env.get_template(f"blocks/{name}.qmd.j2").render(**values).strip("\n")

    def only(self, reference: Reference, words: int, options=()) -> None:
        for key in reference.options:
            if key not in options:
                raise NarrativeError(
                    f"{reference.place}: {reference.text}: unknown option {key}="
                    + nearest(key, options or ["(none)"], "options")
                )
        if len(reference.words) != words:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: [[{reference.name}]] takes "
                + (f"{words} name{'s' if words > 1 else ''}" if words else "no name")
                + f" before its options, not {len(reference.words)}"
            )

    def figure(self, reference: Reference) -> str:
        self.only(reference, 1)
        identifier = reference.words[0]
        if identifier not in self.figures:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: no configured figure {identifier!r}"
                + nearest(identifier, list(self.figures), "figures (report.figures ids)")
            )
        if identifier in self.placed:
            raise NarrativeError(f"{reference.place}: {reference.text}: {identifier} is already placed once")
        self.placed.append(identifier)
        if self.figures[identifier]["table"]["all_withheld"]:
            self.not_drawn.append(identifier)
        return self.template("figure", figure=self.figures[identifier])

    def criteria(self, reference: Reference) -> str:
        self.only(reference, 0)
        rows = progression_criteria(self.resolver.metrics, self.naming, self.resolver.sources)
        return self.template("criteria", progression=rows, methods=self.methods)

    def timeline(self, reference: Reference) -> str:
        self.only(reference, 0)
        if not self.timeline_entries:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: the configuration has no report.timeline "
                "(a list of {date, event}) to show"
            )
        return self.template("timeline", timeline=self.timeline_entries)

    def callout(self, reference: Reference) -> str:
        """A line per period: 'Y1: 62% · Y2: 80% ... of target'."""
        self.only(reference, 1, ("field", "group", "edition"))
        metric = reference.words[0]
        column = reference.options.get("field", "value")
        if column not in FIELDS or column == "rating":
            raise NarrativeError(
                f"{reference.place}: {reference.text}: unknown field {column!r}"
                + nearest(column, [name for name in FIELDS if name != "rating"], "fields")
            )
        table = self.resolver.table(reference, reference.options.get("edition"))
        parts = []
        for period in table.periods():
            cell = Reference(metric, (), {**reference.options, "period": period}, reference.place, reference.text)
            parts.append({"period": period, "number": self.resolver.resolve(cell)})
        return self.template(
            "callout",
            measure=first_upper(self.naming.measure(metric)),
            parts=parts,
            of_target=column == "pct_of_target",
        )

    def table(self, reference: Reference) -> str:
        """Published cells: a row per metric (and group), a column per period and field."""
        self.only(reference, 0, ("metrics", "periods", "fields", "groups", "caption", "edition"))
        options = reference.options
        if not options.get("metrics"):
            raise NarrativeError(f"{reference.place}: {reference.text}: name the rows: metrics=a,b")
        metrics = [name for name in options["metrics"].split(",") if name]
        periods = [name for name in options.get("periods", OVERALL).split(",") if name]
        fields = [name for name in options.get("fields", "value").split(",") if name]
        groups = [name for name in options.get("groups", "all").split(",") if name]
        header = [
            f"{period}{' ' + FIELD_WORDS[field] if FIELD_WORDS.get(field) else ''}"
            for period in periods
            for field in fields
        ]
        rows = []
        for metric in metrics:
            for group in groups:
                cells = []
                for period in periods:
                    for field in fields:
                        cell_options = {"period": period, "group": group, "field": field}
                        if options.get("edition"):
                            cell_options["edition"] = options["edition"]
                        cell = Reference(metric, (), cell_options, reference.place, reference.text)
                        cells.append(self.resolver.resolve(cell))
                name = first_upper(self.naming.measure(metric))
                rows.append({"measure": name if group == "all" else f"{name}: {group}", "cells": cells})
        return self.template(
            "table", header=[first_upper(text) for text in header], rows=rows, caption=options.get("caption", "")
        )

    def quotes(self, reference: Reference) -> str:
        self.only(reference, 0, ("theme",))
        theme = reference.options.get("theme")
        themes = {item["theme"]: item["quotes"] for item in self.quote_themes}
        if not theme or theme not in themes:
            raise NarrativeError(
                f"{reference.place}: {reference.text}: no consented quotes of theme {theme!r}"
                + nearest(theme or "", list(themes) or ["(none)"], "themes with consented quotes")
            )
        return self.template("quotes", quotes=themes[theme])
