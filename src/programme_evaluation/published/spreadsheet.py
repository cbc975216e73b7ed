"""The edition's published set as one spreadsheet, laid out as the UK Analysis Function asks.

Why: the numbers behind a report are expected as a spreadsheet that follows the Analysis
Function's guidance "Releasing statistics in spreadsheets": a cover sheet, a contents sheet, a
notes sheet, then one table per sheet, each with its title in cell A1 and its source above it,
no merged cells, no blank rows or columns, no colour-only meaning, every number stored as a
number, and the shorthand [c] (confidential) and [z] (not applicable) in place of a missing
number, each explained in the notes. Here one table is one strand of metrics (the part of a
metric's name before the dot: training, consultation, clinical ...), every row of the published
`metrics.csv` in it, so the spreadsheet holds the published set and nothing else: a withheld
number is [c] here as there. The file is written by XlsxWriter with a fixed creation date, so
the same published set gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter

from programme_evaluation.common.files import replacing
from programme_evaluation.common.number_text import SUPPRESSED

NOT_APPLICABLE = "[z]"
FIXED_DATE = dt.datetime(2000, 1, 1)
"""Creation date written in the file (and its zip entries): the file depends on its content only."""
COLUMNS = [
    # (published column, heading in the spreadsheet)
    ("metric", "Metric"),
    ("description", "Description"),
    ("period", "Period"),
    ("group", "Group"),
    ("value", "Value [note 1] [note 2]"),
    ("numerator", "Numerator [note 1] [note 2]"),
    ("denominator", "Denominator [note 1] [note 2]"),
    ("target", "Target [note 2]"),
    ("pct_of_target", "Percentage of target [note 1] [note 2]"),
    ("rag", "RAG rating [note 1] [note 2] [note 3]"),
]
NUMERIC = {"value", "numerator", "denominator", "target", "pct_of_target"}
WIDTHS = {"metric": 38, "description": 60, "period": 14, "group": 28, "rag": 14}


@dataclass(frozen=True)
class Table:
    """One table sheet: its sheet name, title and rows of the published set."""

    sheet: str
    title: str
    rows: pd.DataFrame


def strand_tables(published: pd.DataFrame, descriptions: dict[str, str], edition: str) -> list[Table]:
    """The published rows split by strand, in the order the strands first appear."""
    frame = published.copy()
    frame.insert(1, "description", [descriptions.get(name, "") for name in frame["metric"]])
    strands = list(dict.fromkeys(name.split(".", 1)[0] for name in frame["metric"]))
    tables = []
    for number, strand in enumerate(strands, start=1):
        rows = frame[frame["metric"].str.split(".", n=1).str[0] == strand]
        words = strand.replace("_", " ")
        tables.append(
            Table(
                sheet=f"Table_{number}",
                title=f"Table {number}: {words[:1].upper()}{words[1:]} metrics, {edition} edition",
                rows=rows.reset_index(drop=True),
            )
        )
    return tables


def notes(threshold: int) -> list[tuple[str, str]]:
    """The notes every table's headings refer to."""
    return [
        (
            "note 1",
            f"{SUPPRESSED}: withheld to protect confidentiality. A count of people from 1 to {threshold - 1} "
            "is withheld, and so is any cell from which a withheld number could be worked out "
            "(see notes.md beside the published metrics.csv for the method).",
        ),
        (
            "note 2",
            f"{NOT_APPLICABLE}: not applicable. A share whose denominator is 0, a row without a target, "
            "or a count, which has no numerator or denominator.",
        ),
        (
            "note 3",
            "RAG rating: GREEN at 100% of target or more, AMBER from 75%, RED below (thresholds in the "
            "programme's configuration); set only on rows with a target.",
        ),
    ]


def _cell(sheet, row: int, column: int, name: str, text: str, number_format) -> None:
    """A published value: a number stored as a number, else its shorthand or text as written."""
    if text == "":
        sheet.write_string(row, column, NOT_APPLICABLE)
    elif name in NUMERIC and text != SUPPRESSED:
        try:
            number = float(text)
        except ValueError:
            sheet.write_string(row, column, text)
            return
        sheet.write_number(row, column, int(number) if number.is_integer() else number, number_format)
    else:
        sheet.write_string(row, column, text)


def write_spreadsheet(
    published: str | Path,
    out: str | Path,
    *,
    title: str,
    edition: str,
    metrics: list[dict],
    threshold: int = 10,
    published_on: str = "",
) -> list[Table]:
    """Write `out` (.xlsx) from the published `metrics.csv`; return the tables written."""
    frame = pd.read_csv(published, dtype=str, keep_default_na=False)
    descriptions = {metric["name"]: " ".join(str(metric.get("description", "")).split()) for metric in metrics}
    tables = strand_tables(frame, descriptions, edition)
    with replacing(out) as partial:
        workbook = xlsxwriter.Workbook(str(partial), {"strings_to_numbers": False, "strings_to_formulas": False})
        workbook.set_properties({"title": f"{title}: published metrics, {edition} edition", "created": FIXED_DATE})
        heading = workbook.add_format({"bold": True, "font_size": 15})
        subheading = workbook.add_format({"bold": True, "font_size": 12})
        wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
        link = workbook.add_format({"font_color": "#1d4e89", "underline": 1})
        whole = workbook.add_format({"num_format": "#,##0"})
        decimal = workbook.add_format({"num_format": "0.000000"})
        percentage = workbook.add_format({"num_format": "0.0%"})

        cover = workbook.add_worksheet("Cover")
        cover.set_column(0, 0, 100, wrapped)
        cover_rows = [
            (f"{title}: published metrics, {edition} edition", heading),
            ("About these tables", subheading),
            (
                f"The published set of the {edition} edition of the evaluation of {title}: every number its "
                "report prints, by metric, period and group. Numbers that could identify people are "
                f"withheld and shown as {SUPPRESSED}.",
                None,
            ),
            ("Source", subheading),
            (f"published/metrics.csv of the {edition} edition, written by the programme-evaluation pipeline.", None),
            ("Contents and notes", subheading),
            ("The contents sheet lists the tables; the notes sheet explains the shorthand in their headings.", None),
        ]
        if published_on:
            cover_rows[5:5] = [("Published", subheading), (published_on, None)]
        for row, (text, style) in enumerate(cover_rows):
            cover.write_string(row, 0, text, style) if style else cover.write_string(row, 0, text)

        contents = workbook.add_worksheet("Contents")
        contents.write_string(0, 0, "Contents", heading)
        contents.write_string(1, 0, "This worksheet contains one table.")
        contents.set_column(0, 0, 16)
        contents.set_column(1, 1, 70)
        entries = [("Notes", "Notes used in the tables' headings"), *((t.sheet, t.title) for t in tables)]
        for row, (sheet_name, description) in enumerate(entries, start=3):
            contents.write_url(row, 0, f"internal:'{sheet_name}'!A1", link, string=sheet_name)
            contents.write_string(row, 1, description)
        contents.add_table(
            2,
            0,
            2 + len(entries),
            1,
            {
                "name": "contents",
                "style": "Table Style Light 1",
                "autofilter": False,
                "columns": [{"header": "Sheet name"}, {"header": "Table description"}],
            },
        )

        notes_sheet = workbook.add_worksheet("Notes")
        notes_sheet.write_string(0, 0, "Notes", heading)
        notes_sheet.write_string(1, 0, "This worksheet contains one table.")
        notes_sheet.set_column(0, 0, 12)
        notes_sheet.set_column(1, 1, 100, wrapped)
        rows = notes(threshold)
        for row, (number, text) in enumerate(rows, start=3):
            notes_sheet.write_string(row, 0, number)
            notes_sheet.write_string(row, 1, text)
        notes_sheet.add_table(
            2,
            0,
            2 + len(rows),
            1,
            {
                "name": "notes",
                "style": "Table Style Light 1",
                "autofilter": False,
                "columns": [{"header": "Note number"}, {"header": "Note text"}],
            },
        )

        for number, table in enumerate(tables, start=1):
            sheet = workbook.add_worksheet(table.sheet)
            sheet.write_string(0, 0, table.title, heading)
            sheet.write_string(
                1, 0, "This worksheet contains one table. Some headings refer to notes, in the notes sheet."
            )
            sheet.write_string(2, 0, f"Source: published/metrics.csv, {title}, {edition} edition.")
            for column, (name, _) in enumerate(COLUMNS):
                sheet.set_column(column, column, WIDTHS.get(name, 16))
            for row, record in enumerate(table.rows.itertuples(index=False), start=4):
                values = record._asdict()
                for column, (name, _) in enumerate(COLUMNS):
                    text = str(values.get(name, ""))
                    style = percentage if name == "pct_of_target" else decimal if "." in text else whole
                    _cell(sheet, row, column, name, text, style)
            sheet.add_table(
                3,
                0,
                3 + len(table.rows),
                len(COLUMNS) - 1,
                {
                    "name": f"table_{number}",
                    "style": "Table Style Light 1",
                    "autofilter": False,
                    "columns": [{"header": header} for _, header in COLUMNS],
                },
            )
            sheet.freeze_panes(4, 0)
        workbook.close()
    return tables
