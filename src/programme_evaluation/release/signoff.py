"""Sign an edition off: who checked it, when, saying what, against which exact files.

    sign-off results/<programme>/<edition> --role assurer --name "J. Smith" --statement "..."
    sign-off results/<programme>/<edition>            # who has signed, and whether it still holds

The roles, the assurance statement and the limitations come from the configuration that built
the edition (its `signoff:` key, as recorded in the edition's manifest). A signature is recorded
in `signoff/<programme>/<edition>.yaml`, beside `results/` and meant to be committed, against the
SHA-256 of the edition's two manifests (`manifest.json`, `manifest-report.json`), which in turn
hold the SHA-256 of every input and output. Any change to a digest voids the signature, and the
record of every file the manifests listed when it was signed says which files changed.

Signing changes nothing it signs: the record lives outside the results, and the report in
results/ always says DRAFT; only `release` prints the sign-off, in the released copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import sha256_of, write_text
from programme_evaluation.published.manifest import MANIFEST, REPORT_MANIFEST
from programme_evaluation.published.verify import problems, run_folder

SIGNOFF = "signoff"
DEFAULT_ROLES = ("analyst", "assurer", "approver")
DEFAULT_STATEMENT = "The analysis has been assured as fit for its purpose, within the limitations listed."


class SignOffError(PipelineError):
    """An edition cannot be signed (or released): the message says why, in the user's words."""


@dataclass(frozen=True)
class Edition:
    """An edition's results folder and what its manifests say about it."""

    folder: Path  # results/<programme>/<edition>
    root: Path  # the folder the pipeline ran in (holding results/, signoff/, releases/)
    programme: str
    edition: str
    configuration: dict

    @classmethod
    def of(cls, folder: str | Path) -> Edition:
        folder = Path(folder)
        manifest_path = folder / MANIFEST
        if not manifest_path.is_file():
            raise SignOffError(
                f"{folder}: no {MANIFEST} here; give an edition's results folder, results/<programme>/<edition>, "
                "after a complete build"
            )
        if not (folder / REPORT_MANIFEST).is_file():
            raise SignOffError(f"{folder}: no {REPORT_MANIFEST} here: the report was not rendered; build it first")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return cls(
            folder=folder,
            root=run_folder(folder),
            programme=manifest["programme"],
            edition=manifest["edition"],
            configuration=manifest["configuration"]["content"],
        )

    @property
    def settings(self) -> dict:
        """Roles, statement and limitations, as configured when the edition was built."""
        configured = self.configuration.get("signoff") or {}
        return {
            "roles": list(configured.get("roles") or DEFAULT_ROLES),
            "statement": configured.get("statement") or DEFAULT_STATEMENT,
            "limitations": list(configured.get("limitations") or []),
        }

    @property
    def manifests(self) -> list[Path]:
        return [self.folder / MANIFEST, self.folder / REPORT_MANIFEST]

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def digests(self) -> dict[str, str]:
        """What a signature signs: the SHA-256 of each manifest, by path from the run folder."""
        return {self.relative(path): sha256_of(path) for path in self.manifests}

    def listed_files(self) -> dict[str, str]:
        """Every file the manifests list, with the SHA-256 they record (to say what changed)."""
        files: dict[str, str] = {}
        for path in self.manifests:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            entries = [*manifest.get("inputs", []), *manifest.get("outputs", [])]
            if "manifest" in manifest:
                entries.append(manifest["manifest"])
            files.update({entry["path"]: entry["sha256"] for entry in entries})
        files["configuration"] = json.loads(self.manifests[0].read_text(encoding="utf-8"))["configuration"]["sha256"]
        return dict(sorted(files.items()))

    @property
    def record_path(self) -> Path:
        return self.root / SIGNOFF / self.programme / f"{self.edition}.yaml"


def read_record(edition: Edition) -> dict:
    path = edition.record_path
    if not path.is_file():
        return {"programme": edition.programme, "edition": edition.edition, "signatures": []}
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SignOffError(f"{path}: the sign-off record is not valid YAML ({error}); restore it from git") from error
    if not isinstance(record, dict) or not isinstance(record.get("signatures"), list):
        raise SignOffError(f"{path}: expected a sign-off record with a list of signatures; restore it from git")
    return record


def write_record(edition: Edition, record: dict) -> None:
    header = (
        f"# Sign-off of the {edition.programme} {edition.edition} edition, written by `sign-off`: commit it.\n"
        "# Each signature holds the SHA-256 of the edition's manifests it signed; any change voids it.\n"
    )
    write_text(edition.record_path, header + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100))


def files_key(digests: dict[str, str]) -> str:
    """The name under which the record keeps the files a set of digests stood for: the files are
    written once however many roles signed the same digests."""
    return hashlib.sha256("".join(f"{sha}  {path}\n" for path, sha in sorted(digests.items())).encode()).hexdigest()[
        :16
    ]


def changed_files(signed: dict[str, str], current: dict[str, str]) -> list[str]:
    """What differs between the files a signature saw and the files listed now, in words."""
    lines = [f"{path} changed" for path in signed if path in current and signed[path] != current[path]]
    lines += [f"{path} is new" for path in current if path not in signed]
    lines += [f"{path} is gone" for path in signed if path not in current]
    return lines


def role_status(edition: Edition, record: dict | None = None) -> list[dict]:
    """For each configured role, in order: its signature (if any), whether it holds for the
    current digests, and when void, the files that changed since it was signed."""
    record = read_record(edition) if record is None else record
    digests, files = edition.digests(), None
    status = []
    for role in edition.settings["roles"]:
        signature = next((item for item in record["signatures"] if item.get("role") == role), None)
        entry = {"role": role, "signature": signature, "valid": False, "changed": []}
        if signature is not None:
            entry["valid"] = signature.get("digests") == digests
            if not entry["valid"]:
                files = edition.listed_files() if files is None else files
                signed_digests = signature.get("digests") or {}
                signed_files = record.get("files", {}).get(files_key(signed_digests), {})
                lines = [f"{path} changed" for path, sha in digests.items() if signed_digests.get(path) != sha]
                lines += changed_files(signed_files, files)
                entry["changed"] = list(dict.fromkeys(lines))
        status.append(entry)
    return status


def unsigned(status: list[dict]) -> list[str]:
    """Why the edition is not fully signed: a line per role that has not signed or whose
    signature is void, then every file changed since each void signature; empty when all hold."""
    lines, changed = [], {}
    for entry in status:
        signature = entry["signature"]
        if signature is None:
            lines.append(f"{entry['role']}: not signed")
        elif not entry["valid"]:
            lines.append(
                f"{entry['role']}: the sign-off by {signature['name']} on {signature['date']} is void: "
                "the edition changed since it was signed"
            )
            changed.setdefault(tuple(entry["changed"]), []).append(entry["role"])
    for files, roles in changed.items():
        named = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " and " + roles[-1]
        lines.append(f"changed since the {named} signed:")
        lines += [f"  - {line}" for line in files]
    return lines


def verified(edition: Edition) -> None:
    """Refuse an edition whose files no longer match its manifests (what `verify-results` checks)."""
    _, found = problems(edition.folder)
    if found:
        raise SignOffError(
            f"{edition.folder}: {len(found)} file(s) do not match the manifest (verify-results):\n  "
            + "\n  ".join(found)
            + "\nRebuild the edition (snakemake) and check it again before signing or releasing."
        )


def sign(folder: str | Path, *, role: str, name: str, statement: str, date: str | None = None) -> dict:
    """Record `name`'s sign-off of the edition in `role`; return the signature written."""
    edition = Edition.of(folder)
    roles = edition.settings["roles"]
    if role not in roles:
        raise SignOffError(
            f"{edition.programme} {edition.edition}: there is no role {role!r} to sign; "
            f"the configuration's signoff.roles are {', '.join(roles)}"
        )
    name, statement = " ".join(name.split()), statement.strip()
    if not name:
        raise SignOffError("--name: give the name of the person signing")
    if not statement:
        raise SignOffError("--statement: say what you checked and what you sign for")
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError as error:
        raise SignOffError(f"--date {date!r}: expected a date as YYYY-MM-DD") from error
    verified(edition)
    record = read_record(edition)
    digests = edition.digests()
    for other in role_status(edition, record):
        signature = other["signature"]
        if other["role"] != role and other["valid"] and signature["name"].casefold() == name.casefold():
            raise SignOffError(
                f"{name} has already signed this edition as {other['role']}; each role is signed by a "
                f"different person (the {role} checks independently)"
            )
    signature = {
        "role": role,
        "name": name,
        "date": day.isoformat(),
        "statement": statement,
        "digests": digests,
    }
    others = [item for item in record["signatures"] if item.get("role") != role]
    order = {name: index for index, name in enumerate(roles)}
    record["signatures"] = sorted([*others, signature], key=lambda item: order.get(item.get("role"), len(order)))
    # Every file the manifests listed when each signature was made, once per set of digests.
    kept = record.get("files", {})
    kept[files_key(digests)] = edition.listed_files()
    used = {files_key(item.get("digests") or {}) for item in record["signatures"]}
    record["files"] = {key: files for key, files in kept.items() if key in used}
    write_record(edition, record)
    return signature


def describe(edition: Edition) -> str:
    """Each role's sign-off as it stands now, one line per role."""
    lines = [f"{edition.programme} {edition.edition}: sign-off ({edition.record_path})"]
    status = role_status(edition)
    for entry in status:
        signature = entry["signature"]
        if entry["valid"]:
            lines.append(f"  {entry['role']}: signed by {signature['name']} on {signature['date']}")
    lines += [f"  {line}" for line in unsigned(status)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sign-off", description="Sign an edition off against the exact digests of its manifests."
    )
    parser.add_argument("folder", type=Path, help="the edition's results folder, results/<programme>/<edition>")
    parser.add_argument("--role", help="the role you sign in (the configuration's signoff.roles)")
    parser.add_argument("--name", help="your name, as the released report prints it")
    parser.add_argument("--statement", help="what you checked and sign for, as the released report prints it")
    parser.add_argument("--date", help="the date of the sign-off, YYYY-MM-DD (default: today)")
    arguments = parser.parse_args(argv)
    try:
        if arguments.role is None:
            print(describe(Edition.of(arguments.folder)))
            return 0
        if arguments.name is None or arguments.statement is None:
            parser.error("--role needs --name and --statement")
        signature = sign(
            arguments.folder,
            role=arguments.role,
            name=arguments.name,
            statement=arguments.statement,
            date=arguments.date,
        )
        edition = Edition.of(arguments.folder)
        print(
            f"Signed as {signature['role']} by {signature['name']} on {signature['date']}, recorded in "
            f"{edition.record_path} (commit it).\n" + describe(edition)
        )
        return 0
    except SignOffError as error:
        print(f"sign-off refused: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
