"""Release a fully signed edition: a copy that never changes, with its sign-off printed.

    release results/<programme>/<edition> [--date YYYY-MM-DD]

Refuses (exit status 1, saying why) unless the edition's files match its manifests (what
`verify-results` checks) and every configured role has signed the current digests of its
manifests. Then writes `releases/<programme>/<edition>/r<N>/`, N one more than the last release:

- `report/`: the report rendered again from the signed document, with the draft mark replaced by
  the revision and its date and a sign-off section added (roles, names, dates, statements, the
  assurance statement and limitations), beside the document, its images and its design;
- `published/`: the published set and its notes; `manifest.json`, `manifest-report.json`;
- `signoff.yaml`: the sign-off record as signed;
- `release.json`: programme, edition, revision, released (date), delivery (date, hash, folder:
  from the gate's record of the delivery the edition was built from), digests (the manifests'
  SHA-256, as signed) and files (the SHA-256 of every file of the release).

The signed files are never changed: what the released report says about its sign-off is only
in the release copy. The folder is written under a partial name and moved into place whole; an
edition whose current digests were released already, or a revision that exists, is refused: a
release is never overwritten. Released files are made read-only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import stat
import sys
from pathlib import Path

from programme_evaluation.common.files import sha256_of, write_text
from programme_evaluation.document.context import long_date
from programme_evaluation.document.markdown_text import escape_front_matter, escape_markdown
from programme_evaluation.published.manifest import MANIFEST, REPORT_MANIFEST
from programme_evaluation.published.released import (
    RELEASE_RECORD,
    read_release,
    releases_of,
    revisions,
)
from programme_evaluation.release.signoff import (
    Edition,
    SignOffError,
    read_record,
    role_status,
    unsigned,
    verified,
)
from programme_evaluation.render.engine import render_report

DRAFT_MARK = "draft-mark:"
PUBLISHED_FILES = ("metrics.csv", "notes.md")
# The gate's record of an accepted delivery: results/P/gate/<delivery date>/quality.json.
GATE_RECORD = re.compile(r"/gate/(?:[0-9]{4}-[0-9]{2}-[0-9]{2}/)?quality\.json$")


def delivery_of(edition: Edition) -> dict:
    """The delivery the edition was built from: date, content hash and folder, as the gate
    recorded it when it accepted the delivery (its quality record, listed in the manifest)."""
    manifest = json.loads((edition.folder / MANIFEST).read_text(encoding="utf-8"))
    records = [
        entry["path"]
        for entry in manifest.get("outputs", [])
        if GATE_RECORD.search(entry["path"]) and entry.get("rule", "").endswith("accept_delivery")
    ]
    path = edition.root / (records[0] if records else f"results/{edition.programme}/gate/quality.json (not listed in the manifest)")
    try:
        delivery = json.loads(path.read_text(encoding="utf-8")).get("delivery") or {}
    except (OSError, ValueError) as error:
        raise SignOffError(f"{path}: the gate's record of the delivery cannot be read ({error}); rebuild") from error
    if not delivery.get("sha256"):
        raise SignOffError(f"{path}: the gate recorded no delivery hash; rebuild the edition with the current pipeline")
    return {"date": delivery.get("delivery_date"), "hash": delivery["sha256"], "folder": delivery.get("folder")}


def renderer_of(edition: Edition) -> str:
    """Render the release as the signed draft was rendered: Quarto if it was, else embedded."""
    record = json.loads((edition.folder / REPORT_MANIFEST).read_text(encoding="utf-8"))
    return "quarto" if str(record.get("renderer") or "").startswith("quarto") else "embedded"


def signoff_section(settings: dict, signatures: list[dict], revision: int, released: str) -> str:
    """The released report's sign-off, as Markdown (every name and statement escaped)."""
    rows = "\n".join(
        f"| {escape_markdown(item['role'].capitalize())} | {escape_markdown(item['name'])} | "
        f"{escape_markdown(long_date(item['date']))} | {escape_markdown(item['statement'])} |"
        for item in signatures
    )
    limitations = "\n".join(f"- {escape_markdown(item)}" for item in settings["limitations"])
    return (
        "\n\n{{< pagebreak >}}\n\n"
        "# Sign-off {#sec-signoff}\n\n"
        f"Revision {revision} of this report, released on {escape_markdown(long_date(released))}. "
        "Each person below signed the exact files of this edition, as recorded in its audit manifests.\n\n"
        f"{escape_markdown(settings['statement'])}\n\n"
        "| Role | Name | Date | Statement |\n|:--|:--|:--|:--|\n"
        f"{rows}\n\n: Sign-off {{#tbl-signoff}}\n\n"
        "## Limitations\n\n" + (limitations or "None were recorded.") + "\n"
    )


def released_document(draft: str, settings: dict, signatures: list[dict], revision: int, released: str) -> str:
    """The signed document with its draft mark replaced by the revision, and its sign-off added."""
    lines = draft.splitlines(keepends=True)
    marks = [index for index, line in enumerate(lines) if line.startswith(DRAFT_MARK)]
    if len(marks) != 1:
        raise SignOffError("the report document has no draft mark (draft-mark:) in its front matter; rebuild it")
    mark = f"Revision {revision}, released {long_date(released)}"
    lines[marks[0]] = f"release-mark: {escape_front_matter(mark)}\n"
    return "".join(lines).rstrip("\n") + signoff_section(settings, signatures, revision, released)


def read_only(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def files_of(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): sha256_of(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != RELEASE_RECORD
    }


def release(folder: str | Path, *, date: str | None = None) -> Path:
    """Release the edition in `folder`; return the release folder written."""
    edition = Edition.of(folder)
    verified(edition)
    missing = unsigned(role_status(edition))
    if missing:
        raise SignOffError(
            f"{edition.programme} {edition.edition} is not signed off for its current files:\n  "
            + "\n  ".join(missing)
            + f"\nEach role signs with: sign-off {edition.folder} --role ROLE --name NAME --statement TEXT"
        )
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError as error:
        raise SignOffError(f"--date {date!r}: expected a date as YYYY-MM-DD") from error
    digests = edition.digests()
    earlier = revisions(edition.root, edition.programme, edition.edition)
    for number, path in earlier:
        if read_release(path).get("digests") == digests:
            raise SignOffError(
                f"{edition.programme} {edition.edition}: these files were released already as revision {number} "
                f"({path}); a release is never overwritten. A new revision needs a rebuild that changes the edition, "
                "and its own sign-off."
            )
    revision = earlier[-1][0] + 1 if earlier else 1
    target = releases_of(edition.root, edition.programme, edition.edition) / f"r{revision}"
    if target.exists():
        raise SignOffError(
            f"{target} exists but holds no {RELEASE_RECORD} (a release that did not finish?); "
            "it is never overwritten: look at it, and move it away by hand if it is not a release"
        )
    partial = target.with_name(f".{target.name}.partial")
    if partial.exists():
        shutil.rmtree(partial)  # our own unfinished work from a run that was stopped
    try:
        write_release(edition, partial, revision, day.isoformat(), digests)
        read_only(partial)
        os.rename(partial, target)
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    return target


def write_release(edition: Edition, out: Path, revision: int, released: str, digests: dict) -> None:
    record = read_record(edition)
    settings = edition.settings
    signatures = [entry["signature"] for entry in role_status(edition, record)]
    delivery = delivery_of(edition)
    report = out / "report"
    shutil.copytree(
        edition.folder / "report",
        report,
        ignore=shutil.ignore_patterns("report.html", "report.pdf", ".*"),
    )
    qmd = report / "report.qmd"
    qmd.write_text(
        released_document(qmd.read_text(encoding="utf-8"), settings, signatures, revision, released),
        encoding="utf-8",
    )
    render_report(qmd, report / "report.html", report / "report.pdf", renderer=renderer_of(edition))
    (out / "published").mkdir()
    for name in PUBLISHED_FILES:
        shutil.copy2(edition.folder / "published" / name, out / "published" / name)
    for path in edition.manifests:
        shutil.copy2(path, out / path.name)
    shutil.copy2(edition.record_path, out / "signoff.yaml")
    content = {
        "programme": edition.programme,
        "edition": edition.edition,
        "revision": revision,
        "released": released,
        "delivery": delivery,
        "digests": digests,
        "signed_by": [{key: item[key] for key in ("role", "name", "date")} for item in signatures],
        "files": files_of(out),
    }
    write_text(out / RELEASE_RECORD, json.dumps(content, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="release", description="Release a fully signed edition into releases/<programme>/<edition>/r<N>/."
    )
    parser.add_argument("folder", type=Path, help="the edition's results folder, results/<programme>/<edition>")
    parser.add_argument("--date", help="the release date, YYYY-MM-DD (default: today)")
    arguments = parser.parse_args(argv)
    try:
        target = release(arguments.folder, date=arguments.date)
    except SignOffError as error:
        print(f"release refused: {error}", file=sys.stderr)
        return 1
    content = read_release(target)
    print(
        f"Released {content['programme']} {content['edition']} revision {content['revision']} "
        f"on {content['released']} into {target} ({len(content['files'])} files)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
