"""Write an edition's published set from its audited metrics table.

`results/P/E/published/metrics.csv` is the audited table (rows, columns, numbers exactly as
`metrics.csv` writes them) with a total row added to each breakdown written without one, and
every withheld number shown as [c]; `notes.md` beside it says what [c] means and how cells were
chosen. The internal record of what was withheld and why (`checks/withheld.csv`) names small
counts, so it stays with the internal table and is never published.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from programme_evaluation.common.files import write_text
from programme_evaluation.common.number_text import SUPPRESSED
from programme_evaluation.common.tables import write_table
from programme_evaluation.configuration.report_uses import RELEASE, weights_of
from programme_evaluation.published.disclosure import (
    people_metrics,
    protect,
    published_table,
)
from programme_evaluation.published.output_checking import (
    headline_warnings,
    output_checking_record,
    write_record,
)
from programme_evaluation.published.recode import recode_frames, recode_statement
from programme_evaluation.published.relations import Edition, read_editions
from programme_evaluation.published.released import release_of_table, with_released_numbers
from programme_evaluation.published.rounding import rounding_of


def withheld_rows(path: str | Path) -> set[tuple[str, str, str]]:
    """The rows an already published set withholds."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {(row.metric, row.period, row.group) for row in frame.itertuples(index=False) if row.value == SUPPRESSED}


def left_out_rows(edition: Edition, path: str | Path) -> set[tuple[str, str, str]]:
    """The rows of an edition's audited table that its published set does not hold at all."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return set(edition.rows) - {(row.metric, row.period, row.group) for row in frame.itertuples(index=False)}


def publish(
    settings: dict,
    metrics_paths: list[tuple[str, str | Path]],
    earlier_published: list[str | Path],
    out_metrics: str | Path,
    out_notes: str | Path,
    out_withheld: str | Path,
    released: str | Path | None = None,
    uses: list[dict] | None = None,
    out_record: tuple[str | Path, str | Path] | None = None,
    log=None,
) -> pd.DataFrame:
    """The last edition's published set, given the earlier editions' (fixed: already published),
    when this edition was released its released set (what it withheld stays withheld) and the
    cells its report uses (report_uses.py: the published set holds those only; every row when
    None). `out_record` is the output-checking record (CSV, page)."""
    editions = read_editions(metrics_paths, settings["metrics"])
    # A released earlier edition is fixed as released: its printed numbers, not a recomputation.
    for index, path in enumerate(earlier_published):
        if release_of_table(path) is not None:
            edition = editions[index]
            editions[index] = Edition(edition.name, with_released_numbers(edition.frame, path))
    # Small categories merged before suppression (disclosure.recode), as each edition published them.
    frames, recoded = recode_frames([edition.frame for edition in editions], settings)
    editions = [Edition(edition.name, frame) for edition, frame in zip(editions, frames)]
    fixed = {name: withheld_rows(path) for (name, _), path in zip(metrics_paths, earlier_published)}
    hidden = {edition.name: left_out_rows(edition, path) for edition, path in zip(editions, earlier_published)}
    current = editions[-1]
    used = weights_of(uses, current.rows) if uses is not None else {key: (RELEASE, "") for key in current.rows}
    hidden[current.name] = set(current.rows) - set(used)
    withheld = protect(
        editions,
        settings,
        fixed,
        withheld_rows(released) if released else frozenset(),
        hidden,
        {key: weight for key, (weight, _) in used.items()},
    )
    keys = {row[1:] for row in withheld.rows}
    shown = current.frame[[key in used for key in current.rows]]
    table = published_table(shown.reset_index(drop=True), keys, settings)
    write_table(table, out_metrics)
    order = {key: index for index, key in enumerate(current.rows)}
    audit = pd.DataFrame(
        [
            {"metric": row[1], "period": row[2], "group": row[3], "reason": reason}
            for row, reason in sorted(withheld.rows.items(), key=lambda item: order[item[0][1:]])
        ],
        columns=["metric", "period", "group", "reason"],
    )
    write_table(audit, out_withheld)
    write_text(out_notes, notes(settings, current.name, len(table), len(keys)))
    record = output_checking_record(settings, withheld, used, order, current.name, recoded[-1])
    for line in headline_warnings(record):
        if log is not None:
            log.warning(line)
    if out_record is not None:
        write_record(record, settings, current.name, len(table), *out_record)
    return table


def notes(settings: dict, edition: str, rows: int, withheld: int) -> str:
    """The published set's notes: what [c] means, the threshold, the method, the added totals."""
    threshold = int((settings.get("disclosure") or {}).get("threshold", 10))
    people = [name for name in (metric["name"] for metric in settings["metrics"]) if name in people_metrics(settings)]
    added = [
        metric["name"] for metric in settings["metrics"] if metric.get("by") and not metric.get("include_all", True)
    ]
    lines = [
        f"# Published metrics of {settings['title']}, {edition} edition",
        "",
        "`metrics.csv` here is the published set: every table, chart, data table, alt text and sentence of",
        "this edition's report is made from it. Its columns are those of the audited metrics table",
        "(metric, period, group, value, numerator, denominator, target, pct_of_target, rag).",
        "",
        f"## {SUPPRESSED}: withheld to protect confidentiality",
        "",
        f"A count of people from 1 to {threshold - 1} is withheld and shown as {SUPPRESSED}, in value, numerator,",
        "denominator, pct_of_target and rag; so is a share or mean whose numerator or denominator is such a",
        "count. Zero is published: it describes nobody. Further cells are withheld so that no withheld",
        "number can be worked out from the others: from its breakdown's total, from the periods against",
        "the edition's overall row, from metrics counting the same people, from configured sums, or from",
        "an earlier edition's published numbers. The smallest published count of people is withheld",
        f"first, until the withheld cells of every sum add up to at least {threshold} (so that what a reader",
        "can work out, their total, is not itself a small count); an audit by linear programming over",
        "all these relations at once confirms that no withheld count can be worked out exactly. A target",
        "is never withheld: it is not about people.",
        "",
        f"This edition withholds {withheld} of its {rows} rows.",
        *(
            [
                "",
                f"Every other count of people is rounded to the nearest {rounding.base} (half up), each row on its",
                "own: a total may differ from the sum of its rounded parts. Shares, percentages of target and",
                "their ratings are computed from the rounded numbers; a mean is given to one decimal place.",
            ]
            if (rounding := rounding_of(settings))
            else []
        ),
        *(
            [
                "",
                "Categories merged before suppression (disclosure.recode): "
                + "; ".join(f"{name}: {', '.join(said)}" for name, said in statement)
                + ".",
            ]
            if (
                statement := recode_statement(
                    settings["metrics"], (settings.get("disclosure") or {}).get("recode") or {}
                )
            )
            else []
        ),
        "",
        "## Metrics that count people",
        "",
        *([f"- {name}" for name in people] or ["None are declared (configuration key disclosure.people)."]),
        "",
        "## Totals added",
        "",
        "A breakdown that the audited table gives without a total row has one here (group `all`): the",
        "sum of its groups (for a share or mean, of their numerators and denominators), so that a chart",
        "can print its total when some of its bars are withheld.",
        "",
        *([f"- {name}" for name in added] or ["None in this programme."]),
        "",
    ]
    return "\n".join(lines)
