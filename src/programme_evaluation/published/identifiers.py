"""Find what could identify a person in a free text before it is published.

Each kind has one small finder; `identifiers` runs them all and returns what each found, with
its place in the text. Structured kinds are found by their form: e-mail addresses by pattern,
UK phone numbers by Google's libphonenumber (`phonenumbers`), NHS numbers by the mod-11
checksum (`nhs-number`) whatever their spacing, full UK postcodes by pattern, and dates of
birth as a date next to words that say birth. People's names are found by `person_names`
(an offline gazetteer). Everything runs offline from pinned registry packages, so the same
text is screened the same way on every machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nhs_number
import phonenumbers

from programme_evaluation.published.person_names import Vocabulary, person_names

KINDS = {
    "email": "an e-mail address",
    "phone": "a phone number",
    "nhs_number": "an NHS number",
    "postcode": "a postcode",
    "date_of_birth": "a date of birth",
    "name": "a person's name",
}
"""Each kind of identifier and how a message names it (never the identifier itself)."""


@dataclass(frozen=True)
class Found:
    """One identifier found in a text: its kind and where it is (start, end)."""

    kind: str
    start: int
    end: int


EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+\s?(?:@|\(at\)|\[at\])\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Any ten digits, single spaces or hyphens between them allowed, not part of a longer number.
TEN_DIGITS = re.compile(r"(?<![\d-])\d(?:[ -]?\d){9}(?![\d-]|[ -]\d)")
# A full UK postcode (outward and inward code), any case, with or without its space.
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"
DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"  # 03/04/2019, 3.4.19
    rf"|(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}\.?(?:,?\s+\d{{4}})?"  # 3rd of March 2019, 3 March
    rf"|{MONTH}\.?\s+{DAY}(?:,?\s+\d{{4}})?"  # March 3rd, 2019
    rf"|{MONTH}\s+\d{{4}}"  # March 2019 (month and year of a birth)
    rf"|(?:on\s+)?the\s+{DAY})"  # born on the 3rd
)
BIRTH = r"(?:born|birthday|birth\s*date|date\s+of\s+birth|d\.?\s?o\.?\s?b\.?)"
DATE_OF_BIRTH = re.compile(
    rf"\b{BIRTH}(?!\w)[^!?\d]{{0,25}}?{DATE}(?![\d])|(?<![\d]){DATE}[^.!?]{{0,20}}?\b(?:born|birthday|birth)\b",
    re.I,
)


def emails(text: str) -> list[Found]:
    return [Found("email", match.start(), match.end()) for match in EMAIL.finditer(text)]


def phones(text: str) -> list[Found]:
    """UK numbers libphonenumber holds valid, and any that is written like one (a leading 0 or
    +44 and ten or more digits) though not allocated: a mistyped number is still someone's."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = re.sub(r"\D", "", match.raw_string)
        written_as_phone = match.raw_string.lstrip("(").startswith(("0", "+")) and len(digits) >= 10
        if written_as_phone or phonenumbers.is_valid_number(match.number):
            found.append(Found("phone", match.start, match.end))
    return found


def nhs_numbers(text: str) -> list[Found]:
    """Ten digits that pass the NHS number's mod-11 check, however they are spaced."""
    return [
        Found("nhs_number", match.start(), match.end())
        for match in TEN_DIGITS.finditer(text)
        if nhs_number.is_valid(re.sub(r"\D", "", match.group()))
    ]


def postcodes(text: str) -> list[Found]:
    return [Found("postcode", match.start(), match.end()) for match in POSTCODE.finditer(text)]


def dates_of_birth(text: str) -> list[Found]:
    """A date within a few words of 'born', 'birthday', 'date of birth' or 'DOB'. A date alone
    (a session's, a year) is not one: programmes quote dates of their own events."""
    return [Found("date_of_birth", match.start(), match.end()) for match in DATE_OF_BIRTH.finditer(text)]


def overlaps(one: Found, other: Found) -> bool:
    return one.start < other.end and other.start < one.end


def identifiers(text: str, vocabulary: Vocabulary | None = None) -> list[Found]:
    """Every identifier found in `text`, in order of place. A phone match that is a valid NHS
    number is reported once, as the NHS number it is."""
    found_nhs = nhs_numbers(text)
    found = emails(text) + found_nhs + postcodes(text) + dates_of_birth(text)
    found += [phone for phone in phones(text) if not any(overlaps(phone, nhs) for nhs in found_nhs)]
    found += [Found("name", start, end) for start, end in person_names(text, vocabulary or Vocabulary())]
    return sorted(found, key=lambda item: (item.start, item.kind))


def kinds_in(text: str, vocabulary: Vocabulary | None = None) -> list[str]:
    """The kinds of identifier in `text`, in KINDS order (what a message may say of it)."""
    present = {item.kind for item in identifiers(text, vocabulary)}
    return [kind for kind in KINDS if kind in present]


def described(kinds: list[str]) -> str:
    """['phone', 'name'] -> "a phone number and a person's name"."""
    words = [KINDS[kind] for kind in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
