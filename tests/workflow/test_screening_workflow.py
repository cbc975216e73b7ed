"""Quotes with personal data in a real build: each kind of identifier held back and named on the
console, never printed in HTML, PDF or any published CSV; a cleared or redacted quote published;
a cleared quote whose text changed screened again; the report document fed by published files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pypdf import PdfReader
from workflow_runner import bundled_config, copy_bundled_raw, job_table, run_snakemake, write_config

from programme_evaluation.published.screening_decisions import text_digest

pytestmark = pytest.mark.workflow

NAME = "screened-site"
EDITIONS = ("interim", "final")
# record -> (text, kind named on the console, what must never be printed)
HELD = {
    "QS-EMAIL": (
        "If anyone wants to know more they can email me at tasha.m.b@outlook.com.",
        "an e-mail address",
        "tasha.m.b@outlook.com",
    ),
    "QS-PHONE": ("Just ring me on 07911 123456 if you want to hear more about it.", "a phone number", "07911 123456"),
    "QS-NHS": (
        "On the form it asked for his NHS number, 398 259 7919, and I had to find it.",
        "an NHS number",
        "398 259 7919",
    ),
    "QS-POSTCODE": ("We live on the estate just off BD3 9HT so the centre was easy to reach.", "a postcode", "BD3 9HT"),
    "QS-DOB": ("He was born on 3rd March 2019, right before everything closed.", "a date of birth", "3rd March 2019"),
    "QS-NAME": ("Our keyworker Samina made a plan with us, step by step.", "a person's name", "Samina"),
}
CLEARED = "We sang nursery rhymes with Bilal the puppet at every session."
REDACTED = "Ask for Rukhsana on 07700 900 882 if you want to talk to a parent who has been through it."
REPLACEMENT = "Ask for [a parent volunteer] if you want to talk to a parent who has been through it."
CHANGED_BEFORE = "The puppet Bilal came to every session and the children loved him."
CHANGED_NOW = "The puppet Bilal came to every session, and so did Mrs Ahmed from the nursery."


def quote(record: str, text: str) -> dict:
    return {
        "quote_id": record,
        "source_group": "Family",
        "theme": "Screened words",
        "strand": "clinical",
        "text": text,
        "consent_to_publish": "yes",
    }


def decision(record: str, text: str, kind: str = "clear", **more) -> dict:
    return {
        "record": record,
        "field": "text",
        "sha256": text_digest(text),
        "decision": kind,
        "by": "A. Evaluator",
        "on": "2026-12-05",
        **more,
    }


def write_decisions(workdir: Path, *entries: dict) -> Path:
    path = workdir / "config" / "programmes" / NAME / "screening.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"decisions": list(entries)}, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The bundled service with nine more consented quotes, built by the real workflow."""
    workdir = tmp_path_factory.mktemp(NAME)
    raw = copy_bundled_raw(workdir, f"raw/{NAME}")
    extra = [quote(record, text) for record, (text, _, _) in HELD.items()]
    extra += [quote("QS-CLEARED", CLEARED), quote("QS-REDACTED", REDACTED), quote("QS-CHANGED", CHANGED_NOW)]
    for quotes_csv in sorted(raw.parent.rglob("quotes.csv")):  # every delivery: each edition prints them
        table = pd.read_csv(quotes_csv, dtype=str, keep_default_na=False)
        pd.concat([table, pd.DataFrame(extra)]).to_csv(quotes_csv, index=False)
    write_decisions(
        workdir,
        decision("QS-CLEARED", CLEARED),
        decision("QS-REDACTED", REDACTED, "redact", replacement=REPLACEMENT),
        decision("QS-CHANGED", CHANGED_BEFORE),  # made against the text as it was
    )
    config = bundled_config()
    config["programme"].update(name=NAME, title="Little Minds Matter: screened site", raw=f"raw/{NAME}")
    configfile = write_config(workdir, config)
    result = run_snakemake(workdir, configfile=configfile)
    return workdir, configfile, result


def rendered_text(report: Path) -> tuple[str, str]:
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (report / "report.html").read_text(encoding="utf-8")))
    pdf = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(report / "report.pdf").pages).split())
    return html, pdf


def published_files(results: Path) -> list[Path]:
    """Everything a reader may get: the published sets, the figures' tables, the report folders."""
    return [
        path
        for edition in EDITIONS
        for folder in ("published", "figures", "report")
        for path in (results / edition / folder).rglob("*")
        if path.is_file() and path.suffix in (".csv", ".md", ".qmd", ".json", ".html")
    ]


def test_each_kind_of_identifier_is_held_back_and_named(site):
    workdir, _, result = site
    console = result.stdout + result.stderr
    for record, (text, kind, secret) in HELD.items():
        assert f"Quote {record}, field text: HELD BACK, not published: it looks like it holds {kind}" in console, record
        assert secret not in console, f"{record}: the identifier itself reached the console"
    assert "SCREENING: 7 consented quotes held back from the interim edition's report" in console
    assert "SCREENING: 7 consented quotes held back from the final edition's report" in console
    assert "Quote QS-CHANGED, field text: HELD BACK, not published: it looks like it holds a person's name" in console
    assert "was made against another text: screened again" in console
    record = pd.read_csv(
        workdir / "results" / NAME / "final" / "checks" / "screening.csv", dtype=str, keep_default_na=False
    )
    outcome = dict(zip(record.loc[record.field == "text", "record"], record.loc[record.field == "text", "outcome"]))
    assert {key: outcome[key] for key in [*HELD, "QS-CLEARED", "QS-REDACTED", "QS-CHANGED"]} == {
        **dict.fromkeys(HELD, "held back"),
        "QS-CLEARED": "cleared",
        "QS-REDACTED": "redacted",
        "QS-CHANGED": "held back",
    }


def test_nothing_held_back_is_printed_and_cleared_or_redacted_quotes_are(site):
    workdir, _, _ = site
    results = workdir / "results" / NAME
    never = [text for text, _, _ in HELD.values()] + [secret for _, _, secret in HELD.values()]
    never += [REDACTED, "Rukhsana", "07700 900 882", CHANGED_NOW, "Mrs Ahmed"]
    for path in published_files(results):
        content = path.read_text(encoding="utf-8")
        for text in never:
            assert text not in content, f"{path.relative_to(workdir)} prints {text!r}"
    for edition in EDITIONS:
        html, pdf = rendered_text(results / edition / "report")
        for text in never:
            assert text not in html and text not in pdf.replace("\u00a0", " "), f"{edition}: {text!r} printed"
        for shown in (CLEARED, REPLACEMENT):
            assert shown in html, f"{edition} HTML lacks {shown!r}"
            assert shown.split(" the ")[0] in pdf, f"{edition} PDF lacks {shown!r}"
        published = pd.read_csv(results / edition / "published" / "quotes.csv", dtype=str, keep_default_na=False)
        assert CLEARED in set(published["text"]) and REPLACEMENT in set(published["text"])
        assert "quote_id" not in published.columns


def test_a_cleared_changed_text_is_published_once_cleared_again(site, tmp_path):
    """The evaluator reads the held-back quote, judges it fit and clears the text as it now is:
    only the quotes' screening and what is made from it run again."""
    workdir, configfile, _ = site
    write_decisions(
        workdir,
        decision("QS-CLEARED", CLEARED),
        decision("QS-REDACTED", REDACTED, "redact", replacement=REPLACEMENT),
        decision("QS-CHANGED", CHANGED_NOW),
    )
    result = run_snakemake(workdir, configfile=configfile, targets=(f"results/{NAME}/interim/report/report.html",))
    assert "QS-CHANGED" not in result.stdout + result.stderr
    ran = list(job_table(result.stdout + result.stderr))
    assert any(rule.endswith("_published_quotes") for rule in ran), ran
    assert not [rule for rule in ran if rule.endswith(("_gate", "_editions", "_metrics", "_published", "_figures"))]
    html, _ = rendered_text(workdir / "results" / NAME / "interim" / "report")
    assert CHANGED_NOW in html


def test_the_report_document_is_written_from_published_files_only(tmp_path):
    """Snakemake's own graph: the document's jobs take their inputs from the published stage
    (numbers and quotes), the charts drawn from it, the manifest and the gate's quality summary
    (counts of checks, no values), never from an edition's extracts."""
    copy_bundled_raw(tmp_path)
    dag = run_snakemake(tmp_path, "--dag", configfile=write_config(tmp_path, bundled_config())).stdout
    labels = dict(re.findall(r"^\s*(\d+)\[label = \"([^\"]+)\"", dag, re.M))
    rule = {node: label.split("\\n")[0] for node, label in labels.items()}
    parents = {rule[a] for a, b in re.findall(r"^\s*(\d+) -> (\d+)", dag, re.M) if rule[b].endswith("_document")}
    suffixes = {name.removeprefix("little_minds_matter_") for name in parents}
    assert suffixes == {"published", "published_quotes", "figures", "quality_report", "manifest"}, suffixes
