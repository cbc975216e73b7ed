"""Select the quotes an edition publishes: consented, screened for identifiers, decided on.

From the edition's view of the quotes extract, `published/quotes.csv` keeps the quotes whose
speakers consented to publication and whose printed fields (text, theme, source group, strand)
the screening (`identifiers`) found nothing personal in, or an evaluator redacted or cleared
(`screening_decisions`). It holds no quote id. A flagged quote is held back: it is left out,
and the build says which record and field and what kind of identifier (never the identifier).
`checks/screening.csv`, internal like the rest of checks/, records every consented quote's
outcome with the digest a decision must name. The report document reads only the published
file, through `quotes.quotes_by_theme`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.tables import read_validated, write_table
from programme_evaluation.published.identifiers import described, kinds_in
from programme_evaluation.published.person_names import Vocabulary
from programme_evaluation.published.quotes import CONSENTED, PUBLISHED_COLUMNS
from programme_evaluation.published.screening_decisions import FIELDS, Decision, read_decisions, text_digest

SCREENING_COLUMNS = ["record", "field", "outcome", "kinds", "sha256", "note"]


@dataclass(frozen=True)
class Screened:
    """What became of one printed field of one consented quote."""

    record: str
    field: str
    outcome: str  # published, redacted, cleared or held back
    kinds: tuple[str, ...]
    sha256: str
    note: str = ""
    text: str = ""  # what is printed (the replacement when redacted); never written to checks/


def screen_field(record: str, field: str, text: str, decision: Decision | None, vocabulary: Vocabulary) -> Screened:
    """One field: a decision made against this very text applies (a replacement is screened in
    its turn); a decision made against another text is set aside and the text screened again."""
    digest = text_digest(text)
    note = ""
    if decision is not None and decision.sha256 != digest:
        note = f"the decision of {decision.on} by {decision.by} was made against another text: screened again"
        decision = None
    if decision is not None and decision.decision == "clear":
        return Screened(record, field, "cleared", (), digest, f"cleared by {decision.by} on {decision.on}", text)
    printed = decision.replacement if decision is not None else text
    kinds = tuple(kinds_in(printed, vocabulary))
    if kinds:
        if decision is not None:
            note = f"in the replacement of {decision.on} by {decision.by}"
        return Screened(record, field, "held back", kinds, digest, note)
    if decision is not None:
        return Screened(record, field, "redacted", (), digest, f"redacted by {decision.by} on {decision.on}", printed)
    return Screened(record, field, "published", (), digest, note, printed)


def select_quotes(
    quotes: pd.DataFrame, decisions: dict[tuple[str, str], Decision], vocabulary: Vocabulary
) -> tuple[pd.DataFrame, list[Screened]]:
    """The published quotes (in delivery order, no ids) and every consented field's outcome."""
    consented = quotes[quotes["consent_to_publish"].fillna("").str.strip().str.lower() == CONSENTED]
    published, outcomes = [], []
    for row in consented.fillna("").to_dict("records"):
        record = str(row["quote_id"])
        fields = [
            screen_field(record, field, str(row.get(field, "")), decisions.get((record, field)), vocabulary)
            for field in FIELDS
            if field in row
        ]
        outcomes += fields
        if all(item.outcome != "held back" for item in fields):
            printed = {item.field: item.text for item in fields}
            published.append({column: printed.get(column, "") for column in PUBLISHED_COLUMNS})
    return pd.DataFrame(published, columns=PUBLISHED_COLUMNS), outcomes


def held_back_message(item: Screened, decisions_path: str) -> str:
    """What the console says of a held-back field: record, field, kinds; never the text."""
    reason = f"it looks like it holds {described(list(item.kinds))}" + (f" ({item.note})" if item.note else "")
    return (
        f"Quote {item.record}, field {item.field}: HELD BACK, not published: {reason}. To publish it, "
        f"redact or clear it in {decisions_path} (record: {item.record}, field: {item.field}, "
        f"sha256: {item.sha256}); see docs/screening.md."
    )


def publish_quotes(
    settings: dict,
    edition: str,
    quotes_path: str | Path | None,
    out_quotes: str | Path,
    out_screening: str | Path,
    log: logging.Logger,
) -> tuple[pd.DataFrame, list[Screened]]:
    """Write the edition's published quotes and its screening record; say loudly what was held
    back, and stop before anything is written when the programme says a held-back quote must."""
    decisions_path = settings["decisions"]
    decisions = read_decisions(decisions_path)
    vocabulary = Vocabulary.of([*settings.get("allow", []), settings.get("title", "")])
    if quotes_path is None:
        quotes = pd.DataFrame(columns=["quote_id", "consent_to_publish", *FIELDS])
    else:
        quotes = read_validated(quotes_path)
    published, outcomes = select_quotes(quotes, decisions, vocabulary)
    held = [item for item in outcomes if item.outcome == "held back"]
    for item in outcomes:
        if item.outcome != "held back" and item.note.startswith("the decision"):
            log.warning("Quote %s, field %s: %s.", item.record, item.field, item.note)
    records = sorted({item.record for item in held})
    if held:
        messages = [held_back_message(item, decisions_path) for item in held]
        summary = (
            f"SCREENING: {len(records)} consented quote{'s' if len(records) != 1 else ''} held back from the "
            f"{edition} edition's report: it looks like it holds personal data."
        )
        if settings.get("held_back") == "stop":
            raise PipelineError("\n".join([summary, *messages, "Nothing was published (screening.held_back: stop)."]))
        log.warning("%s\n%s\nThe build goes on without them.", summary, "\n".join(messages))
    write_table(published, out_quotes)
    write_table(
        pd.DataFrame(
            [
                {
                    "record": item.record,
                    "field": item.field,
                    "outcome": item.outcome,
                    "kinds": ";".join(item.kinds),
                    "sha256": item.sha256,
                    "note": item.note,
                }
                for item in outcomes
            ],
            columns=SCREENING_COLUMNS,
        ),
        out_screening,
    )
    return published, outcomes
