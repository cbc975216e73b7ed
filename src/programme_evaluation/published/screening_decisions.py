"""The evaluators' decisions on texts the screening held back: redact (print this instead) or
clear (a false alarm: print it as it is).

They live in a committed YAML file beside the programme's configuration
(`config/programmes/<programme>/screening.yaml` unless `screening.decisions` says otherwise), one
entry per record and field, each made against the SHA-256 of the text as it then was: when the
provider sends the text changed, the decision no longer applies and the text is screened again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from programme_evaluation.common.errors import ConfigError

DECISIONS = ("clear", "redact")
FIELDS = ("text", "theme", "source_group", "strand")
KEYS = {"record", "field", "sha256", "decision", "replacement", "by", "on", "note"}


def text_digest(text: str) -> str:
    """The SHA-256 of a text as delivered (UTF-8), which a decision names."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_path(programme: str) -> str:
    return f"config/programmes/{programme}/screening.yaml"


@dataclass(frozen=True)
class Decision:
    """One evaluator's decision on one field of one record, for the text whose digest it names."""

    record: str
    field: str
    sha256: str
    decision: str
    by: str
    on: str
    replacement: str = ""
    note: str = ""


def read_decisions(path: str | Path | None) -> dict[tuple[str, str], Decision]:
    """The decisions of the file by (record, field); none when there is no file. A mistake is
    raised naming the file, the entry and the key, before anything is published."""
    if path is None or not Path(path).exists():
        return {}
    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read the screening decisions: {error}") from None
    if content is None:
        return {}
    if not isinstance(content, dict) or not isinstance(content.get("decisions", []), list):
        raise ConfigError(f"{path}: expected a mapping with a list under 'decisions:' (see docs/screening.md)")
    decisions: dict[tuple[str, str], Decision] = {}
    for number, entry in enumerate(content.get("decisions") or [], start=1):
        decision = checked_entry(path, number, entry)
        key = (decision.record, decision.field)
        if key in decisions:
            raise ConfigError(
                f"{path}: decision {number} is a second decision on record {decision.record}, field "
                f"{decision.field}: keep one (the one made against the current text)"
            )
        decisions[key] = decision
    return decisions


def checked_entry(path, number: int, entry) -> Decision:
    where = f"{path}: decision {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a mapping with record, field, sha256, decision, by and on")
    unknown = sorted(set(map(str, entry)) - KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (expected {', '.join(sorted(KEYS))})")
    for key in ("record", "sha256", "decision", "by", "on"):
        if entry.get(key) in (None, ""):
            raise ConfigError(f"{where}: '{key}' is missing")
    values = {key: str(value).strip() for key, value in entry.items() if key != "on"}
    day = entry["on"]
    if isinstance(day, (dt.date, dt.datetime)):
        day = day.isoformat()[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(day)):
        raise ConfigError(f"{where}: 'on' is {day!r}; expected the day of the decision as YYYY-MM-DD")
    field = values.get("field", "text")
    if field not in FIELDS:
        raise ConfigError(f"{where}: 'field' is {field!r}; expected one of {', '.join(FIELDS)}")
    if not re.fullmatch(r"[0-9a-f]{64}", values["sha256"].lower()):
        raise ConfigError(f"{where}: 'sha256' is not a SHA-256 digest (64 hexadecimal characters)")
    if values["decision"] not in DECISIONS:
        raise ConfigError(f"{where}: 'decision' is {values['decision']!r}; expected clear or redact")
    replacement = str(entry.get("replacement") or "")
    if values["decision"] == "redact" and not replacement.strip():
        raise ConfigError(f"{where}: a redaction needs its 'replacement' text")
    if values["decision"] == "clear" and replacement:
        raise ConfigError(f"{where}: a cleared text is printed as it is: remove 'replacement' or redact")
    return Decision(
        record=values["record"],
        field=field,
        sha256=values["sha256"].lower(),
        decision=values["decision"],
        by=values["by"],
        on=str(day),
        replacement=replacement,
        note=values.get("note", ""),
    )
