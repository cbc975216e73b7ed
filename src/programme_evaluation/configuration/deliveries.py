"""Which deliveries a programme has, and which one each edition is built from.

A provider's deliveries are kept side by side, each in a folder of the programme's `raw` folder
named by its delivery date: `raw/<programme>/<YYYY-MM-DD>/<extract>.csv`. The folder name is the
delivery date (the gate's delivery hash identifies its content). An edition is built from the
delivery its configuration pins (`editions[].delivery`), otherwise from the latest one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from programme_evaluation.common.errors import ConfigError

DATE_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
EXTRACT_SUFFIXES = (".csv", ".xlsx")


def is_date(name: str) -> bool:
    if not DATE_NAME.match(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def available_deliveries(raw: str | Path) -> list[str]:
    """The delivery dates found in the programme's raw folder, oldest first.

    Raises ConfigError, saying where the files belong, when there is none or when extract files
    lie in the programme folder itself (the layout before deliveries were kept apart)."""
    folder = Path(raw)
    expected = f"each delivery in its own folder named by its date, {raw}/<YYYY-MM-DD>/<extract>.csv"
    if not folder.is_dir():
        raise ConfigError(f"{raw}: the programme's raw folder does not exist (expected {expected})")
    loose = sorted(path.name for path in folder.iterdir() if path.is_file() and path.suffix in EXTRACT_SUFFIXES)
    if loose:
        raise ConfigError(
            f"{raw}: extract files lie directly in the programme's raw folder ({', '.join(loose)}); "
            f"move them into the folder of their delivery, {raw}/<YYYY-MM-DD>/ (the date the provider sent them)"
        )
    found = sorted(path.name for path in folder.iterdir() if path.is_dir() and is_date(path.name))
    if not found:
        raise ConfigError(f"{raw}: no delivery folder found (expected {expected})")
    return found


def edition_deliveries(config: dict, available: list[str]) -> dict[str, str]:
    """Edition name -> the delivery date it is built from: the pinned one, else the latest."""
    raw = config["programme"]["raw"]
    chosen = {}
    for index, edition in enumerate(config["editions"]):
        pinned = edition.get("delivery")
        pinned = None if pinned is None else str(pinned)[:10]
        if pinned is None:
            chosen[edition["name"]] = available[-1]
        elif pinned in available:
            chosen[edition["name"]] = pinned
        else:
            raise ConfigError(
                f"configuration key editions[{index}].delivery: no delivery folder {raw}/{pinned}/ "
                f"(deliveries: {', '.join(available)})"
            )
    return chosen


def deliveries_to_gate(used: list[str], available: list[str]) -> list[str]:
    """Every delivery an edition uses, and the one before each (which it is compared with)."""
    wanted = set(used)
    for date in used:
        position = available.index(date)
        if position:
            wanted.add(available[position - 1])
    return [date for date in available if date in wanted]


def previous_delivery(date: str, available: list[str]) -> str | None:
    """The delivery before `date`, the last accepted one it is compared with (None for the first)."""
    position = available.index(date)
    return available[position - 1] if position else None
