"""A report's date, printed the same by real Quarto and by the embedded renderer.

Quarto reads a document's `date` as a date and prints it with `date-format` (dayjs tokens),
so a date written as free text ("July 2023") is reformatted, and text it cannot read prints
as "Invalid Date". A document therefore gives Quarto an ISO date and the format that prints
it as configured (`publication_date`), and the embedded renderer formats it the same way
(`format_date`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from programme_evaluation.common.errors import PipelineError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Quarto's named styles, as it prints them for lang en-GB ("long": Intl's dateStyle long).
NAMED_FORMATS = {"iso": "YYYY-MM-DD", "long": "D MMMM YYYY"}
TOKENS = re.compile(r"\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd")


class DateError(PipelineError, ValueError):
    """A date the report cannot print as written; the message says what is accepted."""


@dataclass(frozen=True)
class PublicationDate:
    """A date as Quarto's front matter takes it: an ISO `date` and the `format` printing it."""

    date: str
    format: str


def publication_date(text: str) -> PublicationDate:
    """The ISO date and Quarto date-format that print `text` exactly as written.

    '2024' -> 2024-01-01 with 'YYYY'; 'July 2023' -> 2023-07-01 with 'MMMM YYYY';
    '1 July 2023' -> 'D MMMM YYYY'; '2023-07-01' -> 'YYYY-MM-DD'.
    """
    written = " ".join(str(text).split())
    months = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
    shapes = (
        (r"(\d{4})", lambda y: (int(y), 1, 1), "YYYY"),
        (r"([A-Za-z]+) (\d{4})", lambda m, y: (int(y), months.get(m.lower()), 1), "MMMM YYYY"),
        (r"(\d{1,2}) ([A-Za-z]+) (\d{4})", lambda d, m, y: (int(y), months.get(m.lower()), int(d)), "D MMMM YYYY"),
        (r"(\d{4})-(\d{2})-(\d{2})", lambda y, m, d: (int(y), int(m), int(d)), "YYYY-MM-DD"),
    )
    for pattern, parts, date_format in shapes:
        match = re.fullmatch(pattern, written)
        if not match:
            continue
        year, month, day = parts(*match.groups())
        try:
            date = dt.date(year, month or 0, day)
        except ValueError:
            break
        if format_date(date.isoformat(), date_format) == written:
            return PublicationDate(date.isoformat(), date_format)
    raise DateError(
        f"date {text!r} cannot be printed as written by Quarto; write it as a year ('2024'), "
        "a month and year ('July 2023'), a day ('1 July 2023') or an ISO date ('2023-07-01')"
    )


def format_date(value: str, date_format: str) -> str:
    """`value` (an ISO date) printed with a Quarto date-format, for lang en-GB.

    Supports the dayjs tokens YYYY YY MMMM MMM MM M DD D dddd ddd, [literal] text and the
    named formats iso and long; anything else is refused rather than printed differently
    from Quarto.
    """
    try:
        date = dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise DateError(f"date {value!r} is not an ISO date (YYYY-MM-DD)") from error
    date_format = NAMED_FORMATS.get(date_format, date_format)
    if date_format in ("full", "medium", "short"):
        raise DateError(f"date-format {date_format!r} is not supported here; use iso, long or dayjs tokens")
    values = {
        "YYYY": f"{date.year:04d}",
        "YY": f"{date.year % 100:02d}",
        "MMMM": MONTHS[date.month - 1],
        "MMM": MONTHS[date.month - 1][:3],
        "MM": f"{date.month:02d}",
        "M": str(date.month),
        "DD": f"{date.day:02d}",
        "D": str(date.day),
        "dddd": DAYS[date.weekday()],
        "ddd": DAYS[date.weekday()][:3],
    }
    return TOKENS.sub(
        lambda match: match.group(1) if match.group(1) is not None else values[match.group(0)], date_format
    )
