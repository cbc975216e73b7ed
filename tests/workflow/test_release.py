"""Sign-off and release on real builds: a signed edition releases; a changed byte voids the
sign-off and the release refuses, naming the file; a release is never overwritten; a revised
draft lists what changed since its release and needs its own sign-off; drafts say DRAFT on every
page (HTML, PDF and Word), and the released report carries its sign-off in every format. One shared build, cloned per test that
changes anything (tests/conftest.py, tests/workflow_runner.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from docx import Document
from pypdf import PdfReader
from workflow_runner import clone, run_copy

from programme_evaluation.published.released import with_released_numbers

pytestmark = pytest.mark.workflow

PROGRAMME = "little-minds-matter"
INTERIM = f"results/{PROGRAMME}/interim"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SIGNERS = {
    "analyst": ("Asha Analyst", "I built this edition from the delivery it names and checked its numbers."),
    "assurer": ("Ben Assurer", "I checked the manifest, the cross-checks and the disclosure audit."),
    "approver": ("Cara Approver", "I approve this report for release."),
}


def command(copy: Path, tool: str, *args: str) -> subprocess.CompletedProcess:
    """`sign-off` or `release` run in a repository copy, importing the copy's own package."""
    module = {"sign-off": "signoff", "release": "release"}[tool]
    return subprocess.run(
        [sys.executable, "-m", f"programme_evaluation.release.{module}", *args],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy / "src")},
        capture_output=True,
        text=True,
    )


def sign(copy: Path, role: str, name: str | None = None, folder: str = INTERIM) -> subprocess.CompletedProcess:
    signer, statement = SIGNERS[role]
    return command(
        copy,
        "sign-off",
        folder,
        "--role",
        role,
        "--name",
        name or signer,
        "--statement",
        statement,
        "--date",
        "2024-06-20",
    )


def sign_all(copy: Path, folder: str = INTERIM) -> None:
    for role in SIGNERS:
        result = sign(copy, role, folder=folder)
        assert result.returncode == 0, result.stderr


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def word_text(path: Path) -> tuple[list[str], str]:
    """The page header of each section of a .docx, and its body's text."""
    document = Document(str(path))
    headers = ["\n".join(p.text for p in section.header.paragraphs) for section in document.sections]
    return headers, "".join(node.text or "" for node in document.element.body.iter(f"{{{W}}}t"))


def sha_of_results(copy: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in sorted((copy / INTERIM).rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def signed(every_programme_built, tmp_path_factory):
    """The built example with its interim edition signed by all three roles."""
    copy = clone(every_programme_built, tmp_path_factory.mktemp("signed") / "repository")
    before = sha_of_results(copy)
    sign_all(copy)
    assert sha_of_results(copy) == before, "signing changed a file it signs"
    return copy


@pytest.fixture(scope="module")
def released(signed, tmp_path_factory):
    """A clone of the signed example whose interim edition is released as revision 1."""
    copy = clone(signed, tmp_path_factory.mktemp("released") / "repository")
    result = command(copy, "release", INTERIM, "--date", "2024-07-01")
    assert result.returncode == 0, result.stderr
    return copy


def test_drafts_say_draft_on_every_page(every_programme_built):
    for edition in ("interim", "final"):
        report = every_programme_built / f"results/{PROGRAMME}/{edition}/report"
        pages = pdf_pages(report / "report.pdf")
        assert len(pages) > 3
        for number, text in enumerate(pages, start=1):
            assert "DRAFT: not released" in text, f"{edition} PDF page {number} does not say DRAFT"
        html = " ".join((report / "report.html").read_text(encoding="utf-8").split())  # pandoc wraps lines
        assert '<p class="report-draft-mark" role="note"><strong>DRAFT: not released</strong></p>' in html
        assert "Sign-off" not in html
        headers, text = word_text(report / "report.docx")  # one section: its header is on every page
        assert headers == ["DRAFT: not released"], f"{edition} Word header: {headers}"
        assert "Sign-off" not in text


def test_sign_off_records_names_dates_and_the_manifests_digests(signed):
    record = yaml.safe_load((signed / f"signoff/{PROGRAMME}/interim.yaml").read_text(encoding="utf-8"))
    assert [item["role"] for item in record["signatures"]] == ["analyst", "assurer", "approver"]
    for item in record["signatures"]:
        assert (item["name"], item["statement"]) == SIGNERS[item["role"]]
        assert item["date"] == "2024-06-20"
        assert set(item["digests"]) == {f"{INTERIM}/manifest.json", f"{INTERIM}/manifest-report.json"}
    (files,) = record["files"].values()  # one set of files: all three signed the same digests
    assert f"{INTERIM}/report/report.pdf" in files
    status = command(signed, "sign-off", INTERIM)
    assert status.returncode == 0
    assert "assurer: signed by Ben Assurer on 2024-06-20" in status.stdout


def test_a_role_missing_or_signed_twice_by_one_person_is_refused(every_programme_built, tmp_path):
    copy = clone(every_programme_built, tmp_path / "repository")
    assert sign(copy, "analyst").returncode == 0
    twice = sign(copy, "assurer", name="Asha  Analyst")
    assert twice.returncode == 1
    assert "Asha Analyst has already signed this edition as analyst" in twice.stderr
    unknown = command(copy, "sign-off", INTERIM, "--role", "reviewer", "--name", "X", "--statement", "Y")
    assert unknown.returncode == 1 and "signoff.roles are analyst, assurer, approver" in unknown.stderr
    refused = command(copy, "release", INTERIM)
    assert refused.returncode == 1
    assert "assurer: not signed" in refused.stderr and "approver: not signed" in refused.stderr
    assert not (copy / "releases").exists()


def test_a_signed_edition_releases_with_its_sign_off(released):
    folder = released / f"releases/{PROGRAMME}/interim/r1"
    record = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    assert {"programme", "edition", "revision", "released", "delivery", "digests"} <= set(record)
    assert (record["programme"], record["edition"], record["revision"], record["released"]) == (
        PROGRAMME,
        "interim",
        1,
        "2024-07-01",
    )
    interim_delivery = released / f"results/{PROGRAMME}/gate/2023-06-14/quality.json"  # the interim is built from it
    gate = json.loads(interim_delivery.read_text(encoding="utf-8"))["delivery"]
    assert record["delivery"] == {"date": gate["delivery_date"], "hash": gate["sha256"], "folder": gate["folder"]}
    signed = yaml.safe_load((released / f"signoff/{PROGRAMME}/interim.yaml").read_text(encoding="utf-8"))
    assert record["digests"] == signed["signatures"][0]["digests"]
    for name in (
        "report/report.html",
        "report/report.pdf",
        "report/report.docx",
        "report/report.qmd",
        "published/metrics.csv",
        "published/notes.md",
        "published/metrics.xlsx",
        "manifest.json",
        "manifest-report.json",
        "signoff.yaml",
    ):
        assert (folder / name).is_file(), name
        # the mode, not os.access: root may write a read-only file
        assert not (folder / name).stat().st_mode & 0o222, f"{name} is writable in a release"
    for name in ("published/metrics.csv", "published/metrics.xlsx"):
        assert (folder / name).read_bytes() == (released / INTERIM / name).read_bytes(), name
        assert name in record["files"]
    # The released report: no draft mark, its revision on every page, the sign-off printed.
    pages = pdf_pages(folder / "report/report.pdf")
    assert all("DRAFT" not in text and "Revision 1, released 1 July 2024" in text for text in pages)
    text = " ".join(" ".join(pages).split())
    for role, (name, statement) in SIGNERS.items():
        assert name in text and statement in text and role.capitalize() in text
    assert "20 June 2024" in text
    assert "Counts of people from 1 to 9 are withheld ([c])" in text
    assert "the assurer has checked them against the audit manifest" in text
    html = " ".join((folder / "report/report.html").read_text(encoding="utf-8").split())
    assert (
        'report-draft-mark" role' not in html
        and "DRAFT:" not in html
        and "Ben Assurer" in html
        and "Revision 1, released 1 July 2024" in html
    )
    # The Word report is rendered again too: the revision in every page's header, the sign-off.
    headers, word = word_text(folder / "report/report.docx")
    assert headers == ["Revision 1, released 1 July 2024"] and "DRAFT" not in word
    assert "Sign-off" in word and all(name in word for name, _ in SIGNERS.values())
    assert "report/report.docx" in record["files"]
    # Releasing changed nothing it released: the results still verify and the sign-off holds.
    status = command(released, "sign-off", INTERIM)
    assert "void" not in status.stdout and "approver: signed by Cara Approver" in status.stdout


def test_a_second_release_of_the_same_revision_is_refused(released):
    before = {path: path.read_bytes() for path in (released / "releases").rglob("*") if path.is_file()}
    again = command(released, "release", INTERIM)
    assert again.returncode == 1
    assert "released already as revision 1" in again.stderr and "never overwritten" in again.stderr
    after = {path: path.read_bytes() for path in (released / "releases").rglob("*") if path.is_file()}
    assert after == before
    assert sorted(path.name for path in (released / f"releases/{PROGRAMME}/interim").iterdir()) == ["r1"]


def test_a_changed_byte_voids_the_sign_off_and_the_release_names_it(signed, tmp_path):
    copy = clone(signed, tmp_path / "repository")
    pdf = copy / INTERIM / "report/report.pdf"
    original = pdf.read_bytes()
    pdf.write_bytes(original[:-20] + bytes([original[-20] ^ 1]) + original[-19:])
    refused = command(copy, "release", INTERIM)
    assert refused.returncode == 1
    assert f"{INTERIM}/report/report.pdf: changed since manifest-report.json was written" in refused.stderr
    pdf.write_bytes(original)
    # A signed digest changed (one byte of the report manifest): every signature is void.
    manifest = copy / INTERIM / "manifest-report.json"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    refused = command(copy, "release", INTERIM)
    assert refused.returncode == 1
    assert "assurer: the sign-off by Ben Assurer on 2024-06-20 is void" in refused.stderr
    assert (
        f"changed since the analyst, assurer and approver signed:\n    - {INTERIM}/manifest-report.json changed\n"
        in refused.stderr
    )
    assert not (copy / "releases").exists()


def test_a_revised_draft_lists_its_changes_since_the_release(released, tmp_path):
    """The interim edition is corrected after its release (an earlier cut-off): its rebuilt
    report is a draft of revision 2 listing what changed, the old sign-off is void and names the
    changed files, and once signed again it releases as revision 2 beside the untouched revision 1.
    The final edition's disclosure control reads the released interim table, not the rebuild."""
    copy = clone(released, tmp_path / "repository")
    # Rebuilt after its release, the unchanged edition is still the one signed: the release
    # (now an input of its disclosure control and document) changes none of the signed files.
    run_copy(copy, "--config", f"programmes={PROGRAMME}")
    status = command(copy, "sign-off", INTERIM)
    assert "void" not in status.stdout and status.stdout.count("signed by") == 3, status.stdout
    assert not (copy / INTERIM / "changes/since-release.csv").read_text(encoding="utf-8").strip().count("\n")

    config_path = copy / f"config/programmes/{PROGRAMME}.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["editions"][0]["cut_off"] = "2023-02-28"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    run_copy(copy, "--config", f"programmes={PROGRAMME}")

    changes = pd.read_csv(copy / INTERIM / "changes/since-release.csv", dtype=str, keep_default_na=False)
    assert len(changes) > 0 and set(changes["change"]) <= {"changed", "added", "removed"}
    # What the release withheld stays withheld in the revision.
    assert not ((changes["change"] == "changed") & (changes["old_value"] == "[c]")).any()
    qmd = (copy / INTERIM / "report/report.qmd").read_text(encoding="utf-8")
    assert 'draft-mark: "DRAFT: revision 2, not released"' in qmd
    assert "## Changes since revision 1" in qmd
    pages = pdf_pages(copy / INTERIM / "report/report.pdf")
    assert all("DRAFT: revision 2, not released" in text for text in pages)
    assert word_text(copy / INTERIM / "report/report.docx")[0] == ["DRAFT: revision 2, not released"]
    text = " ".join(" ".join(pages).split())
    assert "Revision 1 of this edition was released on 1 July 2024" in text
    assert "Appendix: changes since revision 1" in text
    first = changes.iloc[0]
    assert f"{first['old_value']} {first['new_value']} {first['change']}" in text

    refused = command(copy, "release", INTERIM)
    assert refused.returncode == 1
    assert "analyst: the sign-off by Asha Analyst on 2024-06-20 is void" in refused.stderr
    assert f"    - {INTERIM}/report/report.qmd changed\n" in refused.stderr
    assert "    - configuration changed\n" in refused.stderr

    # Disclosure control of the final edition reads the released interim set.
    # (Snakemake's detailed summary lists each output's input files)
    summary = run_copy(copy, "--detailed-summary", "--config", f"programmes={PROGRAMME}").stdout
    final = next(
        line for line in summary.splitlines() if line.startswith(f"results/{PROGRAMME}/final/published/metrics.csv\t")
    )
    assert f"releases/{PROGRAMME}/interim/r1/published/metrics.csv" in final
    assert f"results/{PROGRAMME}/interim/published/metrics.csv" not in final

    sign_all(copy)
    result = command(copy, "release", INTERIM, "--date", "2024-09-01")
    assert result.returncode == 0, result.stderr
    second = json.loads((copy / f"releases/{PROGRAMME}/interim/r2/release.json").read_text(encoding="utf-8"))
    assert second["revision"] == 2
    first_release = copy / f"releases/{PROGRAMME}/interim/r1"
    recorded = json.loads((first_release / "release.json").read_text(encoding="utf-8"))["files"]
    from programme_evaluation.common.files import sha256_of

    assert {name: sha256_of(first_release / name) for name in recorded} == recorded


def test_released_numbers_replace_the_recomputed_ones_but_not_withheld_cells(tmp_path):
    frame = pd.DataFrame(
        {
            "metric": ["clinical.referrals", "clinical.referrals", "training.sessions"],
            "period": ["Y1", "Y2", "overall"],
            "group": ["all", "all", "all"],
            "value": [12.0, 4.0, 30.0],
            "numerator": [float("nan")] * 3,
        }
    )
    table = tmp_path / "metrics.csv"
    table.write_text(
        "metric,period,group,value,numerator\n"
        "clinical.referrals,Y1,all,11,\n"
        "clinical.referrals,Y2,all,[c],[c]\n"
        "training.sessions,overall,all,30,\n",
        encoding="utf-8",
    )
    fixed = with_released_numbers(frame, table)
    assert fixed["value"].tolist() == [11.0, 4.0, 30.0]
    assert frame["value"].tolist() == [12.0, 4.0, 30.0]
