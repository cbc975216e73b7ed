"""Find people's names in a free text, offline, from a names gazetteer and a few rules of context.

The gazetteer is the ~61,000 given names of `gender-guesser` (Jörg Michael's list, from many
countries, Pakistani, Indian and Arabic names among them, as Bradford's families have them).
A word is taken for a name when:
- it follows a title (Mr, Mrs, Dr ...), a word that names someone ("called", "named", "I'm")
  or a relation ("my son", "health visitor", "worker"), capitalised or in the gazetteer; or
- it is a capitalised given name of the gazetteer that is not also an English word (the
  lower-case words of Webster's dictionary in `english-words`: "hope", "may", "will", "grace"),
  a month, or a word the programme allows (places, services); or
- it is such a given name that is also an English word, but stands capitalised inside a
  sentence and is not the first word of a place or service ("Hope Centre", "May").
Surnames alone ("Khan said") are not found unless a title or a given name comes first: the
measured recall (docs/screening.md) says what this misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "christmas", "easter", "eid", "diwali", "ramadan",
}  # fmt: skip
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame", "nurse", "auntie", "aunty", "uncle"}  # fmt: skip
NAMING = {"called", "named", "call", "calls", "i'm", "im", "i’m"}
RELATIONS = {
    "son", "daughter", "baby", "husband", "wife", "partner", "mum", "mam", "mom", "dad", "sister", "brother",
    "boy", "girl", "worker", "keyworker", "visitor", "midwife", "therapist", "practitioner", "nan", "nana",
    "grandma", "grandad", "granny", "friend", "niece", "nephew", "grandson", "granddaughter", "child",
    "toddler", "twin", "twins", "manager", "colleague", "lad", "lass", "fiancé", "fiance", "neighbour",
}  # fmt: skip
# A capitalised word after one of these names a place ("in Bradford", "at Shipley").
PLACED = {"in", "at", "near", "around", "across", "outside", "towards", "through", "throughout", "st", "saint"}
# A given name before one of these is the first word of a place or a service ("Hope Centre").
PLACE_WORDS = {
    "road", "street", "lane", "park", "centre", "center", "hospital", "house", "court", "primary", "school",
    "nursery", "surgery", "medical", "practice", "academy", "trust", "ward", "library", "hall", "way",
    "avenue", "close", "crescent", "drive", "green", "hill", "moor", "church", "mosque", "college",
    "community", "hub", "foundation", "project", "group", "children's", "children’s", "estate", "unit",
    "clinic", "team", "service", "services", "partnership", "programme", "café", "cafe", "place",
}  # fmt: skip
# Places and words of UK services that are also given names in the gazetteer (so never taken
# for a person on their own); a programme adds its own with `screening.allow`.
PLACES = {
    "bradford", "keighley", "shipley", "bingley", "ilkley", "leeds", "halifax", "huddersfield", "wakefield",
    "york", "sheffield", "manchester", "liverpool", "london", "birmingham", "bristol", "chester", "lincoln",
    "preston", "kendal", "darlington", "durham", "stafford", "warwick", "bedford", "hereford", "milton",
    "clifton", "chelsea", "kingston", "richmond", "hamilton", "douglas", "carlisle", "barnsley", "burnley",
    "england", "scotland", "wales", "ireland", "britain", "yorkshire", "pennine", "airedale", "calderdale",
    "kirklees", "craven", "wharfedale", "allerton", "heaton", "girlington", "manningham", "bowling", "tong",
    "holme", "eccleshill", "idle", "thornton", "wyke", "queensbury", "denholme", "haworth", "silsden",
    "whitley", "horton", "bierley", "wibsey", "tyersal", "lister", "dudley", "shirley", "beverley", "ashley",
    "stanley", "wesley", "bradley", "kirby", "sutton", "burley", "morley", "otley", "pudsey", "guiseley",
    "nhs", "ofsted", "whatsapp", "zoom", "facebook", "google", "teams", "covid", "imha", "gp", "sure", "start",
}  # fmt: skip
WORD = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’-]*")
SENTENCE_END = re.compile(r"(?:^|[.!?:;…\n]|--|—|–)[\s\"“”'‘’()\[\]*_-]*$")


@dataclass(frozen=True)
class Vocabulary:
    """Words a programme's free text uses that are not people (its places, services), lower case."""

    allowed: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, words) -> Vocabulary:
        parts = {part.lower() for word in words for part in WORD.findall(str(word))}
        return cls(frozenset(parts))


@cache
def given_names() -> frozenset[str]:
    """The gazetteer: every given name gender-guesser knows, lower case."""
    import gender_guesser.detector

    return frozenset(name.lower() for name in gender_guesser.detector.Detector(case_sensitive=False).names)


@cache
def english_words() -> frozenset[str]:
    """Lower-case words of Webster's dictionary (its proper nouns are capitalised, so left out)."""
    from english_words import get_english_words_set

    return frozenset(word for word in get_english_words_set(["web2"], lower=False) if word.islower())


def base(word: str) -> str:
    """The word without a possessive 's, lower case."""
    return re.sub(r"['’]s$", "", word).lower()


def capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def is_given_name(word: str) -> bool:
    key = base(word)
    names = given_names()
    return key in names or ("-" in key and all(part in names for part in key.split("-") if part))


def starts_sentence(text: str, match: re.Match) -> bool:
    return bool(SENTENCE_END.search(text[: match.start()]))


def person_names(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` taken for a person's name."""
    words = list(WORD.finditer(text))
    allowed = PLACES | vocabulary.allowed
    english = english_words()
    found = []
    for index, match in enumerate(words):
        word, key = match.group(), base(match.group())
        if len(key) < 2 or key in allowed or word.isupper():
            continue
        before = [base(item.group()) for item in words[max(0, index - 2) : index]]
        follows = words[index + 1].group() if index + 1 < len(words) else ""
        adjacent = index > 0 and re.fullmatch(r"[\s,]*", text[words[index - 1].end() : match.start()])
        first = starts_sentence(text, match)
        common = key in english or key in CALENDAR
        cued = adjacent and before and (before[-1] in TITLES or before[-1] in NAMING or before[-1] in RELATIONS)
        cued = cued or (len(before) == 2 and " ".join(before) in ("name is", "am called"))
        if cued and (capitalised(word) or (is_given_name(word) and not common)):
            found.append((match.start(), match.end()))
            continue
        if not capitalised(word) or not is_given_name(word):
            continue
        if base(follows) in PLACE_WORDS or (before and before[-1] in PLACED and adjacent):
            continue
        if not common:
            found.append((match.start(), match.end()))
        elif (
            not first
            and key not in CALENDAR
            and not (before and before[-1] in ("the", "a", "an"))
            and not (adjacent and capitalised(words[index - 1].group()) and not starts_sentence(text, words[index - 1]))
        ):
            # a capitalised English word inside a sentence: a name unless it is part of a run of
            # capitalised words, a title or a place ("Will Power Project", "Lister Lane")
            if not (capitalised(follows) and base(follows) in english):
                found.append((match.start(), match.end()))
    return found
