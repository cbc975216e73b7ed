"""Say plainly, in the results folder and in the command's output, whether the current delivery
was accepted, and which delivery the results in the folder come from.

A rejected delivery leaves the last good results in place; without this, a reader of the
folder (or a CI job that only looks at files) would take them for the current delivery's. The
gate records the identity of every delivery it accepts in `gate/quality.json`: its folder,
delivery date and content hash. When a delivery is not accepted the status names the previous
one from there.

The content hash is the SHA-256 of the delivered files' `sha256sum` listing, sorted by file
name, so anyone can check it: `cd raw/<programme>/<YYYY-MM-DD> && sha256sum <files> | sha256sum`.

Each delivery folder has its own status (`deliveries/<YYYY-MM-DD>/DELIVERY-STATUS.txt`); the
newest delivery's is repeated at the top of the results folder, where a reader looks first.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import sha256_of, write_text
from programme_evaluation.contract import ContractError
from programme_evaluation.gate.reading import SUFFIXES


class DeliveryNotAccepted(PipelineError):
    """The gate did not accept the delivery; the message says why and where the results come from."""


def delivery_identity(raw_folder: str | Path, extracts: list[str], delivery_date: str) -> dict:
    """The delivered files of the configured extracts with their SHA-256, and the delivery's hash."""
    folder = Path(raw_folder)
    files = sorted(
        path.name for name in extracts for suffix in SUFFIXES if (path := folder / f"{name}{suffix}").is_file()
    )
    listed = [{"file": name, "sha256": sha256_of(folder / name)} for name in files]
    listing = "".join(f"{item['sha256']}  {item['file']}\n" for item in listed)
    return {
        "folder": str(raw_folder),
        "delivery_date": delivery_date,
        "sha256": hashlib.sha256(listing.encode("utf-8")).hexdigest(),
        "files": listed,
    }


def accepted_identity(accepted_quality: str | Path | list) -> dict | None:
    """The identity of the last accepted delivery, from its `gate/<date>/quality.json` (None if
    there is none); given several places, the first that holds one."""
    if isinstance(accepted_quality, (list, tuple)):
        for path in accepted_quality:
            if Path(path).is_file():
                return accepted_identity(path)
        return None
    try:
        summary = json.loads(Path(accepted_quality).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    delivery = summary.get("delivery") if isinstance(summary, dict) else None
    return delivery if isinstance(delivery, dict) and delivery.get("sha256") else {}


def describe(identity: dict) -> str:
    return f"{identity['folder']}, delivery date {identity['delivery_date']}, content sha256 {identity['sha256']}"


def previous_results(results: str, previous: dict | None) -> str:
    """Which delivery the results in the folder come from, when the current one was not accepted."""
    if previous is None:
        return f"There are no results from an earlier delivery in {results}/."
    if not previous:
        return f"The results in {results}/ are from an earlier accepted delivery (its date and hash were not recorded)."
    return (
        f"The results in {results}/ are from the previous accepted delivery ({describe(previous)}), "
        f"not from the current one."
    )


@dataclass
class DeliveryStatus:
    """Where the status goes (the gate's log files, kept by Snakemake when the gate fails)."""

    programme: str
    results: str
    text_path: str | Path
    json_path: str | Path
    accepted_quality: str | Path | list
    # Further places for the same status (text, JSON): the top of the results folder for the newest delivery.
    copies: list = field(default_factory=list)

    def accepted(self, current: dict) -> None:
        text = (
            f"ACCEPTED: the current delivery of {self.programme} passed the gate.\n\n"
            f"Current delivery: {describe(current)}.\n"
            f"The results in {self.results}/ are built from it: this run rebuilds what it changes, "
            f"and a run that stops with an error leaves the rest to the next run.\n"
        )
        self.write("accepted", text, current, current, None)

    def not_accepted(self, error: PipelineError, current: dict) -> DeliveryNotAccepted:
        """Write the status of a delivery that was rejected (or could not be checked); return the
        error to raise, its message ending with the same plain statement."""
        previous = accepted_identity(self.accepted_quality)
        if isinstance(error, ContractError):
            outcome = "rejected"
            headline = (
                f"REJECTED: the current delivery of {self.programme} breaks its contract; nothing was built from it."
            )
            action = (
                "Ask the provider for a corrected delivery (or correct the files), then run the same command "
                "again. Until the delivery changes every run fails with this message."
            )
        else:
            outcome = "not accepted"
            headline = f"NOT ACCEPTED: the current delivery of {self.programme} could not be checked or stored."
            action = "Fix the problem named here, then run the same command again."
        statement = f"{headline}\nCurrent delivery: {describe(current)}.\n{previous_results(self.results, previous)}"
        status_path = f"See {self.text_path}."
        self.write(outcome, f"{statement}\n\n{action}\n\nWhat is wrong:\n{error}\n", current, previous, str(error))
        return DeliveryNotAccepted(f"{error}\n\n{statement}\n{action} {status_path}")

    def write(self, outcome: str, text: str, current: dict, results_from: dict | None, problem: str | None) -> None:
        for path in [self.text_path, *list(self.copies)[:1]]:
            write_text(path, text)
        status = {
            "programme": self.programme,
            "outcome": outcome,
            "current_delivery": current,
            "results_from": results_from,
            "problem": problem,
        }
        for path in [self.json_path, *list(self.copies)[1:2]]:
            write_text(path, json.dumps(status, indent=2, ensure_ascii=False) + "\n")
