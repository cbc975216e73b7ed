"""Find and read provider extracts (CSV or the first sheet of an XLSX) exactly as delivered.

Everything is read as text so that the contract, not the reader, decides what a value means:
pandas' own guessing would turn `0012` into 12 or `NA` into a missing value behind our back.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.tables import empty_as_missing
from programme_evaluation.gate.normalisation import BOM, DELIMITER, ENCODING, Normalisation, drop_blank_rows

SUFFIXES = (".csv", ".xlsx")


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


def read_delivered(path: str | Path, max_bytes: int | None = None) -> tuple[pd.DataFrame, list[Normalisation]]:
    """Read an extract as delivered, with what had to be tolerated to read it.

    The frame's index is the record's position in the file, so that `index + 2` stays the
    spreadsheet row even after blank rows are dropped.
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
    notes: list[Normalisation] = []
    if path.suffix.lower() == ".xlsx":
        frame = pd.read_excel(path, sheet_name=0, dtype=object, header=0, engine="openpyxl")
        frame = frame.map(excel_cell_text)
    else:
        content, notes = utf8_content(path.read_bytes())
        header_end = content.find(b"\n")
        delimiter = csv_delimiter(content[: header_end if header_end >= 0 else len(content)].decode("utf-8"))
        if delimiter != ",":
            name = {";": "semicolons", "\t": "tabs"}[delimiter]
            notes.append(Normalisation(DELIMITER, f"values are separated by {name}, not commas (read as such)"))
        try:
            # From the UTF-8 bytes: a text copy of a large file (StringIO holds 4 bytes a character)
            # was most of the gate's peak memory.
            frame = pd.read_csv(
                io.BytesIO(content),
                dtype=str,
                keep_default_na=False,
                sep=delimiter,
                skip_blank_lines=False,
                encoding="utf-8",
            )
        except pd.errors.EmptyDataError:
            raise ExtractError(
                f"{path.name}: the file holds no header row; expected a header row and one row per record"
            ) from None
    frame.columns = [str(column) for column in frame.columns]
    frame, blank = drop_blank_rows(empty_as_missing(frame))
    return frame, notes + blank


def utf8_content(content: bytes) -> tuple[bytes, list[Normalisation]]:
    """The file's content as UTF-8 bytes without a byte-order mark, decoded as `decoded_text` decodes it."""
    text, notes = decoded_text(content)
    if any(note.id == ENCODING for note in notes):
        return text.encode("utf-8"), notes
    return (content[len(codecs.BOM_UTF8) :] if notes else content), notes


def decoded_text(content: bytes) -> tuple[str, list[Normalisation]]:
    """UTF-8 as the contract asks; Windows-1252 (Excel's "CSV" on Windows) is read with a warning.

    Windows-1252 is the only other encoding we accept because Excel writes it and its bytes
    can be told apart from UTF-8: text that is valid UTF-8 is read as UTF-8.
    """
    notes = []
    if content.startswith(codecs.BOM_UTF8):
        notes.append(Normalisation(BOM, "the UTF-8 byte-order mark at the start of the file is removed"))
        content = content[len(codecs.BOM_UTF8) :]
    try:
        return content.decode("utf-8"), notes
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    try:
        text = content.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = content.decode("latin-1")  # every byte is a character: never fails
        encoding = "Latin-1"
    notes.append(
        Normalisation(
            ENCODING,
            f"the file is not UTF-8 (first invalid {where}); it was read as {encoding}: check accented letters and save as UTF-8",
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
