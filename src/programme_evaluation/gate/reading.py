"""Find and read provider extracts (CSV or the first sheet of an XLSX) exactly as delivered.

Everything is read as text so that the contract, not the reader, decides what a value means:
pandas' own guessing would turn `0012` into 12 or `NA` into a missing value behind our back.
A file that is not what its name claims (a workbook or a PDF renamed `.csv`), a header below a
title row, a sheet that is not the data or a row longer than the header is refused with a
message saying what the file looks like, never with the reader's own words.

One module, a little over 400 lines, because the CSV and workbook paths share the header search
(`header_elsewhere`), the sniffing of what a file is and the wording of every refusal.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from itertools import islice
from pathlib import Path

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.tables import empty_as_missing
from programme_evaluation.gate.normalisation import (
    BLANK_COLUMNS,
    BOM,
    DELIMITER,
    ENCODING,
    Normalisation,
    drop_blank_rows,
)

SUFFIXES = (".csv", ".xlsx")
# Rows searched for a header that is not on row 1 (a title, notes, or an empty row above it).
HEADER_SEARCH_ROWS = 30
# The start of a file, enough to tell what it is and to find its header.
HEAD_BYTES = 64 * 1024
NAMELESS = re.compile(r"^Unnamed: (\d+)$")  # pandas' name for a column whose header cell is empty
SAVE_AS_CSV = 'save the sheet from Excel as "CSV UTF-8 (Comma delimited)"'


class ExtractError(PipelineError, ValueError):
    """An extract that cannot be found or read; the message names the file."""


def find_extract(folder: str | Path, name: str) -> Path:
    """The one file delivering extract `name` in `folder`, whichever of CSV or XLSX it is."""
    folder = Path(folder)
    found = [folder / f"{name}{suffix}" for suffix in SUFFIXES if (folder / f"{name}{suffix}").exists()]
    if not found:
        raise ExtractError(
            f"{folder / (name + '.csv')}: extract {name!r} is missing (expected {name}.csv or {name}.xlsx in {folder})"
        )
    if len(found) > 1:
        raise ExtractError(
            f"{folder}: extract {name!r} is delivered twice ({', '.join(p.name for p in found)}); keep one"
        )
    return found[0]


def read_delivered(
    path: str | Path, max_bytes: int | None = None, expected: list[str] | None = None
) -> tuple[pd.DataFrame, list[Normalisation]]:
    """Read an extract as delivered, with what had to be tolerated to read it.

    The frame's index is the record's position in the file, so that `index + 2` stays the
    spreadsheet row even after blank rows are dropped. `expected`, the contract's columns, lets
    the reader say where the header is when it is not on row 1 (or which sheet holds it).
    """
    path = Path(path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ExtractError(
            f"{path.name}: the file is {size / 1e6:.2f} MB, above the configured limit of "
            f"{max_bytes / 1e6:g} MB (quality.max_file_mb); check it is the right extract or raise the limit"
        )
    if size == 0:
        raise ExtractError(f"{path.name}: the file is empty (0 bytes); expected a header row and one row per record")
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if path.suffix.lower() == ".xlsx":
        looks = what_it_looks_like(head)
        if looks != "an Excel workbook (.xlsx)":
            raise ExtractError(
                f"{path.name}: the file is not an Excel workbook: it looks like {looks}; "
                + ("rename it .csv" if looks.startswith("CSV text") else f"open it and save it as {path.name}")
            )
        frame, notes = read_workbook(path, expected)
    else:
        looks = what_it_looks_like(head)
        if not looks.startswith(("CSV text", "UTF-16 text")):
            advice = f"deliver it as {path.stem}.xlsx" if "(.xlsx)" in looks else SAVE_AS_CSV
            raise ExtractError(f"{path.name}: the file is not CSV text: it looks like {looks} renamed .csv; {advice}")
        frame, notes = read_csv_text(path, expected)
    frame, blank_columns = drop_blank_columns(frame)
    frame, blank = drop_blank_rows(empty_as_missing(frame))
    return frame, notes + blank_columns + blank


def what_it_looks_like(head: bytes) -> str:
    """What kind of file these first bytes start (magic numbers and byte-order marks), in a user's words."""
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(head)).namelist() if len(head) < HEAD_BYTES else []
        except zipfile.BadZipFile:
            names = []
        listed = " ".join(names) + head[:HEAD_BYTES].decode("latin-1")
        if "xl/" in listed:
            return "an Excel workbook (.xlsx)"
        if "word/" in listed:
            return "a Word document (.docx)"
        return "a ZIP archive"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an Excel 97-2003 workbook (.xls) or a password-protected workbook"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"{\\rtf"):
        return "a Rich Text (RTF) document"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head):
        return 'UTF-16 text (Excel\'s "Unicode Text")'
    start = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if start.startswith(b"<?xml"):
        return 'an XML file (such as Excel\'s "XML Spreadsheet")'
    if b"\x00" in head:
        return "a binary file, not text"
    return "CSV text"


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte of the start is zero (plain-ASCII UTF-16)."""
    sample = head[:200]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    if not any(sample[0::2]) or not any(sample[1::2]):
        return None
    if sample[1::2].count(0) == len(sample) // 2:
        return "utf-16-le"
    if sample[0::2].count(0) == len(sample) // 2:
        return "utf-16-be"
    return None


def read_csv_text(path: Path, expected: list[str] | None) -> tuple[pd.DataFrame, list[Normalisation]]:
    """A CSV extract as text columns; the header must be on row 1, each row at most as long as the header."""
    try:
        content, notes = utf8_content(path.read_bytes())
    except ExtractError as error:
        raise ExtractError(f"{path.name}: {error}") from None
    header_end = content.find(b"\n")
    delimiter = csv_delimiter(content[: header_end if header_end >= 0 else len(content)].decode("utf-8"))
    if delimiter != ",":
        name = {";": "semicolons", "\t": "tabs"}[delimiter]
        notes.append(Normalisation(DELIMITER, f"values are separated by {name}, not commas (read as such)"))
    head = content[:HEAD_BYTES].decode("utf-8", errors="ignore")
    records = list(islice(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), HEADER_SEARCH_ROWS))
    if not records or (len(records) == 1 and not any(cell.strip() for cell in records[0])):
        raise ExtractError(f"{path.name}: the file holds no header row; expected a header row and one row per record")
    if expected:
        header_elsewhere(path.name, [("", records)], expected)
    named_twice(path.name, records[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        try:
            # From the UTF-8 bytes: a text copy of a large file (StringIO holds 4 bytes a character)
            # was most of the gate's peak memory. index_col=False: never take a column as the index.
            frame = pd.read_csv(
                io.BytesIO(content),
                dtype=str,
                keep_default_na=False,
                sep=delimiter,
                skip_blank_lines=False,
                encoding="utf-8",
                index_col=False,
            )
        except pd.errors.EmptyDataError:
            raise ExtractError(
                f"{path.name}: the file holds no header row; expected a header row and one row per record"
            ) from None
        except pd.errors.ParserError as error:
            unclosed = re.search(r"EOF inside string starting at row (\d+)", str(error))
            if unclosed:
                raise ExtractError(
                    f'{path.name}: row {int(unclosed.group(1)) + 1} opens a double quote (") that is never closed, '
                    "so the rest of the file would be read as one value: close the quote or remove it"
                ) from None
            caught.append(None)  # a row longer than the header: sorted out below
            frame = None
    if caught:  # pandas dropped (or refused) values beyond the header's columns
        frame, note = rows_beyond_header(path.name, content.decode("utf-8"), delimiter)
        notes.append(note)
    return frame, notes


def named_twice(file: str, header: list[str]) -> None:
    """Refuse a header naming a column twice: which of the two is the data? (pandas would rename one `x.1`)."""
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name.strip():
            continue
        if canonical(name) in seen:
            raise ExtractError(
                f"{file}: the header names column {name.strip()!r} twice (columns {seen[canonical(name)]} and "
                f"{position}); each column must be named once"
            )
        seen[canonical(name)] = position


def rows_beyond_header(file: str, text: str, delimiter: str) -> tuple[pd.DataFrame, Normalisation]:
    """Read a file some of whose rows are longer than its header (a slow path, for such files only).

    Empty values past the header's last column (a trailing comma) are ignored with a warning;
    a value there is refused, naming the row: it belongs to no column.
    """
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, width = records[0], len(records[0])
    long_rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > width:
            extra = record[width:]
            spread = next((cell for cell in record if "\n" in cell), None)
            if spread is not None:
                raise ExtractError(
                    f"{file}: row {number} holds a value running over {spread.count(chr(10)) + 1} lines "
                    f'({spread[:40]!r}...): a double quote (") opened in it closes only on a later line; '
                    "close it where the value ends, or remove it"
                )
            if any(cell.strip() for cell in extra):
                raise ExtractError(
                    f"{file}: row {number} has {len(record)} values but the header names {width} columns "
                    f"(the extra value {next(cell for cell in extra if cell.strip())!r} belongs to no column): "
                    "is there a comma inside a value that is not in double quotes, or a column without a name?"
                )
            long_rows.append(number)
    cells = [(record + [""] * width)[:width] for record in records[1:]]
    frame = pd.DataFrame(cells, columns=header, dtype=object)
    note = Normalisation(
        BLANK_COLUMNS,
        "empty values after the last named column (a trailing comma) are ignored",
        count=len(long_rows),
        examples=[{"row": row, "column": "", "value": "", "normalised": "(ignored)"} for row in long_rows[:20]],
    )
    return frame, note


def read_workbook(path: Path, expected: list[str] | None) -> tuple[pd.DataFrame, list[Normalisation]]:
    """The first sheet of a workbook as text columns; its header must be on row 1."""
    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=object, header=0, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ExtractError(
            f"{path.name}: the workbook cannot be opened ({error}); open it in Excel and save it again as .xlsx"
        ) from None
    frame = frame.map(excel_cell_text)
    if expected and not set(map(canonical, expected)) <= set(map(canonical, map(str, frame.columns))):
        header_elsewhere(path.name, workbook_rows(path), expected)
    return frame, []


def workbook_rows(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, its first rows as text) for every sheet, in the workbook's order."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [
            (
                sheet.title,
                [
                    ["" if is_missing(cell) else excel_cell_text(cell) for cell in row]
                    for row in islice(sheet.iter_rows(values_only=True), HEADER_SEARCH_ROWS)
                ],
            )
            for sheet in book.worksheets
        ]
    finally:
        book.close()


def header_elsewhere(file: str, sheets: list[tuple[str, list[list[str]]]], expected: list[str]) -> None:
    """Refuse a file whose header is below row 1 or on another sheet, saying where it seems to be.

    The header is the first row naming at least half of the contract's columns and more of them
    than row 1 of the first sheet does; if there is none the column check says what is missing.
    """
    wanted = set(map(canonical, expected))

    def named(row: list[str]) -> int:
        return len(wanted & {canonical(str(cell)) for cell in row})

    first = sheets[0][1]
    on_first_row = named(first[0]) if first else 0
    if on_first_row == len(wanted):
        return
    for position, (sheet, rows) in enumerate(sheets):
        for number, row in enumerate(rows, start=1):
            if named(row) * 2 < len(wanted) or named(row) <= on_first_row:
                continue
            if position == 0:
                above = " ".join(str(cell) for cell in rows[0] if str(cell).strip())
                holds = f"row 1 holds {above[:60]!r}" if above else "row 1 is empty"
                raise ExtractError(
                    f"{file}: the header seems to be on row {number}, not row 1 ({holds}); "
                    f"delete the {number - 1} row(s) above the column names"
                )
            raise ExtractError(
                f"{file}: the first sheet {sheets[0][0]!r} is not the data (the extract is read from the first sheet); "
                f"sheet {sheet!r} holds the contract's columns on row {number}: move it first or delete the other sheets"
            )


def drop_blank_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Normalisation]]:
    """Ignore columns with neither a name nor a value (a trailing comma, an empty spreadsheet column).

    A nameless column holding values is renamed for what it is, so that the column check says
    "column 16 has no name" rather than pandas' `Unnamed: 15`.
    """
    blank, renamed = [], {}
    for column in frame.columns:
        match = NAMELESS.match(str(column))
        if match is None and str(column).strip():
            continue
        values = frame[column]
        if (values.isna() | values.astype(str).str.strip().eq("")).all():
            blank.append(column)
        else:
            position = int(match.group(1)) + 1 if match else list(frame.columns).index(column) + 1
            renamed[column] = f"(column {position} has no name)"
    if not blank and not renamed:
        return frame, []
    frame = frame.drop(columns=blank).rename(columns=renamed)
    notes = []
    if blank:
        notes.append(
            Normalisation(
                BLANK_COLUMNS,
                "columns with neither a name nor any value (a trailing comma, an empty spreadsheet column) are ignored",
                count=len(blank),
            )
        )
    return frame, notes


def canonical(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def utf8_content(content: bytes) -> tuple[bytes, list[Normalisation]]:
    """The file's content as UTF-8 bytes without a byte-order mark, decoded as `decoded_text` decodes it."""
    text, notes = decoded_text(content)
    if any(note.id == ENCODING for note in notes):
        return text.encode("utf-8"), notes
    return (content[len(codecs.BOM_UTF8) :] if notes else content), notes


def decoded_text(content: bytes) -> tuple[str, list[Normalisation]]:
    """UTF-8 as the contract asks; Windows-1252 (Excel's "CSV" on Windows) and UTF-16 (Excel's
    "Unicode Text") are read with a warning.

    Windows-1252 is the only 8-bit encoding we accept because Excel writes it and its bytes
    can be told apart from UTF-8: text that is valid UTF-8 is read as UTF-8. UTF-16 is told by
    its byte-order mark (or the zero bytes of plain letters).
    """
    notes = []
    utf16 = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}.get(content[:2]) or utf16_without_bom(
        content
    )
    if utf16:
        try:
            text = content.decode(utf16)
        except UnicodeDecodeError as error:
            raise ExtractError(
                f"the file looks like UTF-16 text but is damaged near character {error.start // 2}; {SAVE_AS_CSV}"
            ) from None
        notes.append(
            Normalisation(
                ENCODING,
                f'the file is UTF-16 text (Excel\'s "Unicode Text"); it was read as such: next time {SAVE_AS_CSV}',
            )
        )
        return text.lstrip("\ufeff"), notes
    if content.startswith(codecs.BOM_UTF8):
        notes.append(Normalisation(BOM, "the UTF-8 byte-order mark at the start of the file is removed"))
        content = content[len(codecs.BOM_UTF8) :]
    try:
        return content.decode("utf-8"), notes
    except UnicodeDecodeError as error:
        start = error.start
    try:
        text = content.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = content.decode("latin-1")  # every byte is a character: never fails
        encoding = "Latin-1"
    row = content[:start].count(b"\n") + 1
    character = content[start : start + 1].decode("cp1252" if encoding == "Windows-1252" else "latin-1")
    notes.append(
        Normalisation(
            ENCODING,
            f"the file is not UTF-8 (the first character that is not, {character!r}, is on row {row}); "
            f"it was read as {encoding}: check accented letters and save as UTF-8",
        )
    )
    return text, notes


def csv_delimiter(text: str) -> str:
    """Comma, or the semicolon (European Excel) or tab a header row is plainly split by."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: len(next(csv.reader([header], delimiter=delimiter))) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))
    return best if counts[best] > counts[","] else ","


def excel_cell_text(value) -> str:
    """Excel cells carry types; write them as a CSV export would (dates as ISO, 3.0 as 3)."""
    if is_missing(value):
        return ""
    if isinstance(value, dt.datetime):  # pandas' Timestamp is a datetime too
        return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
