"""The output-checking record of an edition: what an output checker reads before release.

Every withheld cell of the published set, the rule that withheld it (primary: a small count;
secondary: which relation, or the audit; kept from a released revision), for a secondary cell
the small count it protects, and what the report uses the cell for (a headline, a printed cell,
per-period detail). Written as CSV and as a page beside the internal withheld list
(`checks/`): it names which cells are small, so it is not published.

A headline (a key finding, a chart's total, a number a sentence cites) withheld as a secondary
cell is reported at build time too, naming the cell and what would release it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from programme_evaluation.common.files import write_text
from programme_evaluation.common.tables import write_table
from programme_evaluation.configuration.report_uses import HEADLINE, WEIGHTS
from programme_evaluation.published.rounding import rounding_of

COLUMNS = ["metric", "period", "group", "rule", "reason", "protects", "used_as", "used_by"]


def rule_of(reason: str) -> str:
    if reason.startswith("primary"):
        return "primary"
    if reason.startswith("secondary"):
        return "secondary"
    return "released"


def output_checking_record(
    settings: dict, withheld, used: dict, order: dict, edition: str, recoded: dict | None = None
) -> pd.DataFrame:
    """One row per withheld cell of the edition, in table order; then one per category merged
    before suppression (rule `recode`) and, when the programme rounds, one saying so (`rounding`)."""
    rows = []
    for row, reason in sorted(withheld.rows.items(), key=lambda item: order[item[0][1:]]):
        weight, why = used.get(row[1:], (None, ""))
        rows.append(
            {
                "metric": row[1],
                "period": row[2],
                "group": row[3],
                "rule": rule_of(reason),
                "reason": reason.split(": ", 1)[-1],
                "protects": withheld.protects.get(row, ""),
                "used_as": WEIGHTS.get(weight, ""),
                "used_by": why,
            }
        )
    for metric, mapping in (recoded or {}).items():
        for group, into in mapping.items():
            rows.append(
                {
                    "metric": metric,
                    "period": "",
                    "group": group,
                    "rule": "recode",
                    "reason": f"merged into {into} before suppression",
                    "protects": "",
                    "used_as": "",
                    "used_by": "disclosure.recode",
                }
            )
    rounding = rounding_of(settings)
    if rounding is not None:
        rows.append(
            {
                "metric": "",
                "period": "",
                "group": "",
                "rule": "rounding",
                "reason": f"every published count of people rounded to the nearest {rounding.base}, half up",
                "protects": "",
                "used_as": "",
                "used_by": "disclosure.method",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def headline_warnings(record: pd.DataFrame) -> list[str]:
    """A sentence per headline withheld only to protect another cell."""
    found = []
    for row in record.itertuples(index=False):
        if row.rule == "secondary" and row.used_as == WEIGHTS[HEADLINE]:
            found.append(
                f"Headline withheld: {row.metric} {row.period} {row.group} ({row.used_by}) is shown as [c] to "
                f"protect {row.protects or 'a small count'}: no cell the report uses less protects it. It would "
                "be published if the report printed fewer of the cells tied to the protected count (its breakdown's "
                "other groups, its periods, the metrics counting the same people; checks/output-checking.html)."
            )
    return found


def record_page(record: pd.DataFrame, title: str, edition: str, rows: int) -> str:
    """The record as a page an output checker reads."""
    counts = record["rule"].value_counts()
    secondary = int(counts.get("secondary", 0))
    share = f"{100 * secondary / rows:.1f}%" if rows else "0%"
    cells = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>"
        for row in record.itertuples(index=False)
    )
    header = "".join(f"<th scope='col'>{html.escape(column)}</th>" for column in COLUMNS)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Output checking: {html.escape(title)}, {html.escape(edition)}</title>
<style>body{{font-family:sans-serif;margin:2rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:.2rem .5rem;text-align:left}}</style></head>
<body>
<h1>Output checking: {html.escape(title)}, {html.escape(edition)} edition</h1>
<p>Internal: this record names which cells are small counts. The published set holds {rows} rows;
{int(counts.get("primary", 0))} are withheld as small counts (primary), {secondary} ({share}) to protect them
(secondary), {int(counts.get("released", 0))} as withheld in a released revision.</p>
<p>{int(counts.get("recode", 0))} categories were merged before suppression (rule recode, disclosure.recode){
        "; every other published count of people is rounded (rule rounding, disclosure.method)"
        if counts.get("rounding", 0)
        else ""
    }.</p>
<p><em>protects</em> names the small counts a secondary cell protects; <em>used_as</em> says what the
report uses the cell for (headline: a key finding, a chart's total or a cited number; printed; detail:
per period; release: listed in disclosure.release).</p>
<table><thead><tr>{header}</tr></thead>
<tbody>
{cells}
</tbody></table>
</body></html>
"""


def write_record(
    record: pd.DataFrame, settings: dict, edition: str, rows: int, csv_path: str | Path, html_path: str | Path
) -> None:
    write_table(record, csv_path)
    write_text(html_path, record_page(record, settings["title"], edition, rows))
