"""Where each number of a report comes from: its row of the edition's published metrics.

Every number the report body takes from the published table is printed with its source (the
metric, period and group; for a share its numerator and denominator), which the HTML shows on
hover and on keyboard focus, and a link to the row in the appendix "Where the numbers come
from". This module numbers the rows as the report first uses them and writes the words of each
source; the templates place them (partials/traced.qmd.j2).
"""

from __future__ import annotations

from programme_evaluation.common import number_text
from programme_evaluation.common.number_text import SUPPRESSED
from programme_evaluation.published.table import Measure, PublishedMetrics

WITHHELD_NOTE = "sec-withheld"
"""Id of the methods appendix's note on withheld numbers, which every [c] links to."""

COLUMN_WORDS = {
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "target": "target",
    "pct_of_target": "percentage of target",
    "share": "as a share",
}


class Sources:
    """The published rows a report's numbers come from, numbered in order of first use."""

    def __init__(
        self, metrics: PublishedMetrics, edition: str = "", earlier: dict[str, PublishedMetrics] | None = None
    ):
        self.metrics = metrics
        self.edition = edition
        # Earlier editions' published tables, which the narrative may quote (edition=interim).
        self.tables = {**(earlier or {}), edition: metrics}
        self.ids: dict[tuple[str, str, str, str], str] = {}

    def _id(self, measure: Measure, edition: str | None = None) -> str:
        key = (edition or self.edition, measure.metric, measure.period, measure.group)
        return self.ids.setdefault(key, f"src-{len(self.ids) + 1}")

    def number(
        self, measure: Measure, column: str, text: str, of: Measure | None = None, edition: str | None = None
    ) -> dict:
        """A printed number with its link and its source in words ([c] links to the note on
        withheld numbers, and says which row is withheld). `edition`: an earlier edition's row."""
        said = f"{self.where(measure)}: {COLUMN_WORDS.get(column, column)}"
        if edition and edition != self.edition:
            said = f"{edition} edition, {said}"
        if column == "share" and of is not None:
            said += f" of {self.where(of)}"
        if measure.is_share and not measure.suppressed and column in ("value", "pct_of_target"):
            said += (
                f" (numerator {number_text.count(measure.numerator)}, "
                f"denominator {number_text.count(measure.denominator)})"
            )
        identifier = self._id(measure, edition)
        if of is not None:
            self._id(of)
        withheld = text == SUPPRESSED
        if withheld:
            said = f"Withheld to protect confidentiality: {said}"
        return {"text": text, "id": WITHHELD_NOTE if withheld else identifier, "title": said, "withheld": withheld}

    def part(self, source: dict | None, text: str) -> dict:
        """A number of a chart's summary (figures.json summary_parts) with its source."""
        if source is None:
            return {"text": text, "id": "", "title": "", "withheld": False}
        measure = self.metrics.measure(source["metric"], source["period"], source["group"])
        of = source.get("of")
        other = self.metrics.measure(of["metric"], of["period"], of["group"]) if of else None
        return self.number(measure, source["column"], text, other)

    @staticmethod
    def where(measure: Measure) -> str:
        return f"{measure.metric}, period {measure.period}, group {measure.group}"

    def rows(self) -> list[dict]:
        """The appendix: each row used, in order of first use, as published."""
        found = []
        for (edition, metric, period, group), identifier in self.ids.items():
            measure = self.tables[edition].measure(metric, period, group)
            withheld = measure.suppressed

            def shown(value, unit, withheld=withheld) -> str:
                if withheld:
                    return SUPPRESSED
                return "" if value is None else number_text.measure_value(value, unit)

            found.append(
                {
                    "id": identifier,
                    "edition": edition,
                    "metric": metric,
                    "period": period,
                    "group": group,
                    "value": shown(measure.value, measure.unit),
                    "numerator": shown(measure.numerator, "count") if measure.is_share else "",
                    "denominator": shown(measure.denominator, "count") if measure.is_share else "",
                    "target": "" if measure.target is None else number_text.measure_value(measure.target, measure.unit),
                    "pct_of_target": SUPPRESSED
                    if withheld and measure.target is not None
                    else ("" if measure.pct_of_target is None else number_text.percent(measure.pct_of_target)),
                }
            )
        return found
