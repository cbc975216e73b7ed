"""Deviations from the contract that are safe to fix, each fixed the same way and recorded.

The gate is strict by default: a value that could mean two things (`31/03/2021`, an unknown
category, a score of 3.5) is refused. What is fixed here cannot change a value's meaning, only
its spelling (a byte-order mark, surrounding spaces, `Yes` for the contract's `yes`) or protects
the people who open our CSV files (formula-like text). Every fix is a warning in the quality
report, with the rows as the provider's spreadsheet numbers them, so the source can be corrected.
See the table in `expectations/README.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from programme_evaluation.common.spreadsheet_safety import FORMULA_STARTS, spreadsheet_safe, starting_with

EXAMPLES_PER_RULE = 20
"""Failing or normalised rows kept per rule in the quality summary."""

# The ids of the normalisations (a file's check id is `<extract>.<id>`), each made in one place.
BOM = "normalise.bom"
ENCODING = "normalise.encoding"
DELIMITER = "normalise.delimiter"
BLANK_ROWS = "normalise.blank_rows"
BLANK_COLUMNS = "normalise.blank_columns"
HEADER = "normalise.header"
SPACES = "normalise.spaces"
CATEGORY_CASE = "normalise.category_case"
FORMULA = "neutralise.formula"
NORMALISATIONS = (BOM, ENCODING, DELIMITER, BLANK_ROWS, BLANK_COLUMNS, HEADER, SPACES, CATEGORY_CASE, FORMULA)


@dataclass
class Normalisation:
    """One kind of fix applied to one file, with the first rows it touched."""

    id: str
    rule: str
    column: str | None = None
    count: int = 0
    examples: list[dict] = field(default_factory=list)


def each_distinct(values: pd.Series, function) -> pd.Series:
    """`function` of each value (missing stays None), computed once per distinct value.

    A column holds far fewer distinct values than rows (categories, dates, repeated ids).
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(distinct) + 1, dtype=object)
    results[:-1] = [function(value) for value in distinct]
    return pd.Series(results[codes], index=values.index, dtype=object)  # code -1 (missing): the last, None


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it: the header is row 1, the first record row 2."""
    return int(index) + 2


def _examples(before: pd.Series, after: pd.Series, column: str) -> list[dict]:
    return [
        {"row": spreadsheet_row(index), "column": column, "value": before[index], "normalised": after[index]}
        for index in before.index[:EXAMPLES_PER_RULE]
    ]


def drop_blank_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Normalisation]]:
    """Ignore rows with no value at all (Excel exports leave them); keep the others' row numbers."""
    blank = frame.isna().all(axis=1)
    if not blank.any():
        return frame, []
    rows = [spreadsheet_row(index) for index in blank[blank].index]
    note = Normalisation(
        BLANK_ROWS,
        "rows with no value at all are ignored",
        count=len(rows),
        examples=[
            {"row": row, "column": "", "value": "", "normalised": "(ignored)"} for row in rows[:EXAMPLES_PER_RULE]
        ],
    )
    return frame[~blank], [note]


def strip_spaces(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Normalisation]]:
    """Remove spaces around cell values; a cell of spaces only becomes empty (not recorded)."""
    notes = []
    result = frame.copy()
    for column in frame.columns:
        values = frame[column]
        stripped = each_distinct(values, _stripped)
        changed = stripped.notna() & stripped.ne(values)
        if not changed.any():
            continue
        text = values[changed]
        fixed = stripped[changed].where(stripped[changed].ne(""), None)
        result.loc[fixed.index, column] = fixed
        notes.append(
            Normalisation(
                SPACES,
                "spaces around the value are removed (a cell of spaces only is empty)",
                column=column,
                count=int(changed.sum()),
                examples=_examples(text, fixed.fillna(""), column),
            )
        )
    return result, notes


def _stripped(value):
    return value.strip() if isinstance(value, str) else None


def _canonical(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_headers(header: list[str], expected: list[str]) -> tuple[list[str], list[Normalisation]]:
    """Spell each delivered column name as the contract does when only spaces or case differ."""
    spelling = {_canonical(name): name for name in expected}
    result, notes = [], []
    for name in header:
        fixed = name if name in expected else spelling.get(_canonical(name), name.strip())
        if fixed != name:
            notes.append(
                Normalisation(
                    HEADER,
                    "a column name differing from the contract's only in spaces or case is spelled as the contract does",
                    column=fixed,
                    count=1,
                    examples=[{"row": 1, "column": fixed, "value": name, "normalised": fixed}],
                )
            )
        result.append(fixed)
    return result, notes


def match_categories(frame: pd.DataFrame, categories: dict[str, list[str]]) -> tuple[pd.DataFrame, list[Normalisation]]:
    """Spell categories as the contract does when only case or inner spacing differ (`Yes` -> `yes`).

    Anything else that is not an allowed category is left alone for the contract to refuse.
    """
    notes = []
    result = frame.copy()
    for column, allowed in categories.items():
        if column not in frame.columns:
            continue
        spelling = {}
        for value in allowed:
            spelling.setdefault(_canonical(str(value)), str(value))
        values = frame[column]
        candidates = values[values.notna() & ~values.isin(allowed)]
        fixed = candidates.map(lambda value: spelling.get(_canonical(str(value))))
        fixed = fixed[fixed.notna()]
        if fixed.empty:
            continue
        result.loc[fixed.index, column] = fixed
        notes.append(
            Normalisation(
                CATEGORY_CASE,
                "a category differing from the contract's only in case or spacing is spelled as the contract does",
                column=column,
                count=len(fixed),
                examples=_examples(candidates[fixed.index], fixed, column),
            )
        )
    return result, notes


def formula_like(frame: pd.DataFrame, columns: list[str]) -> list[Normalisation]:
    """Record text a spreadsheet would run as a formula.

    The value itself is kept as delivered (a quote beginning "- we loved it" prints as written);
    `extracts.write_table` gives it a leading ' in every CSV we write, so that evaluators and
    providers opening our files in Excel never run `=HYPERLINK(...)` (OWASP's advice).
    """
    notes = []
    for column in columns:
        values = frame[column]
        risky = pd.Series(starting_with(values, FORMULA_STARTS), index=values.index)
        if not risky.any():
            continue
        notes.append(
            Normalisation(
                FORMULA,
                "text starting with =, +, -, @ (a spreadsheet formula) is written with a leading ' in CSV outputs so it is never run",
                column=column,
                count=int(risky.sum()),
                examples=_examples(values[risky], values[risky].map(spreadsheet_safe), column),
            )
        )
    return notes
