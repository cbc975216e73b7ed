"""A change rebuilds exactly the jobs that compute something from it, and nothing else.

Each case changes one thing in a built copy of the repository and asks the real Snakemake,
with a dry run, which jobs it would run; then puts the file back as it was (content and time).
Content decides, not file times: a change written with an older time than the results (as
`unzip`, `cp -p` and `rsync -t` leave it) rebuilds the same, and unchanged content (a file
touched, copied again or checked out) rebuilds nothing.
"""

from __future__ import annotations

import os
import re

import pytest
from workflow_runner import ONLY_BUNDLED, clone, run_copy, scheduled_jobs

pytestmark = pytest.mark.workflow

ONLY = ONLY_BUNDLED
P = "little_minds_matter_"
# Per edition (interim, final) from the editions down; the gate and acceptance once per delivery
# (the interim is built from the 2023 delivery, the final from the latest, of 2024), the
# comparison of the latest delivery with the one before and the data dictionary once.
EDITIONS = 2
LATEST_DELIVERY = "raw/little-minds-matter/2024-06-14"


def per_edition(*rules: str) -> dict[str, int]:
    return {P + rule: EDITIONS for rule in rules}


# After the charts, every change records the edition's audit manifest again (it holds every
# output's checksum and the configuration); after rendering, the report's manifest.
RENDER_STEP = per_edition("render", "report_manifest")
RENDER_ONLY = {**per_edition("report_design"), **RENDER_STEP}  # the design is copied beside the document, then rendered
FROM_DOCUMENT = {**per_edition("document"), **RENDER_STEP}
FROM_MANIFEST = {**per_edition("manifest"), **FROM_DOCUMENT}
FROM_FIGURES = {**per_edition("figures"), **FROM_MANIFEST}
FROM_METRICS = {
    **per_edition("metrics", "cross_checks", "published", "published_spreadsheet", "changes"),
    **FROM_FIGURES,
}
FROM_QUOTES = {**per_edition("published_quotes"), **FROM_MANIFEST}  # the quotes' screening, then what reads it
FROM_GATE = {
    P + "gate": 2,
    P + "accept_delivery": 2,
    P + "compare_deliveries": 1,
    **per_edition("quality_report", "editions"),
    **FROM_METRICS,
    **FROM_QUOTES,
}
# A change in the latest delivery: that delivery's gate, then what the final edition builds from it.
FROM_LATEST_DELIVERY = dict.fromkeys(FROM_GATE, 1)
DICTIONARY = {P + "data_dictionary": 1}
CONFIG = "config/programmes/little-minds-matter.yaml"
# Narrative chapters the fixture adds (docs/writing-the-report.md): one every edition shares, one
# of the interim only, whose sentence must rebuild the interim's document alone.
NARRATIVE = "config/programmes/little-minds-matter/narrative"
SHARED_CHAPTER = f"{NARRATIVE}/91-rebuild-check.md"
INTERIM_CHAPTER = f"{NARRATIVE}/interim/90-rebuild-check.md"
CHAPTERS = {
    SHARED_CHAPTER: "# Shared check {#sec-rebuild-check}\n\nOne sentence every edition shares.\n",
    INTERIM_CHAPTER: "# Interim check {#sec-rebuild-check-interim}\n\nOne sentence of the interim only.\n",
}


def replace(old: str, new: str, count: int = 1):
    """A change: the first `count` occurrences of `old` become `new`."""

    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return change


CASES = {
    # what changes: (file, change, the jobs that must run and no others)
    "one extract's content": (
        f"{LATEST_DELIVERY}/referrals.csv",
        lambda text: re.sub(r",BSB,", ",RIC,", text, count=1),
        FROM_LATEST_DELIVERY,
    ),
    "one expectation suite": (
        "expectations/little-minds-matter/quotes.yaml",
        replace("quote_id is required", "quote_id is always required"),
        {**FROM_GATE, **DICTIONARY},
    ),
    "a message in the gate's code": (
        "src/programme_evaluation/gate/wording.py",
        replace("Rows are counted as in a spreadsheet", "Rows are counted as a spreadsheet counts them"),
        FROM_GATE,
    ),
    "one metric definition": (
        CONFIG,
        replace("Practitioners who attended the day-long", "Practitioners who came to the day-long"),
        {**FROM_METRICS, **DICTIONARY},
    ),
    "one target": (CONFIG, replace("target: {Y1: 168,", "target: {Y1: 170,"), FROM_METRICS),
    "a rule of the quotes' screening": (
        "src/programme_evaluation/published/person_names.py",
        replace('"lad", "lass",', '"lad", "lass", "godmother",'),
        FROM_QUOTES,
    ),
    "a function of the figures code": (
        "src/programme_evaluation/figures/drawing.py",
        replace("def draw_figures(", "def _unused():\n    return None\n\n\ndef draw_figures("),
        FROM_FIGURES,
    ),
    "a document template partial": (
        "templates/document/partials/quotes.qmd.j2",
        lambda text: text + "\n",
        FROM_DOCUMENT,
    ),
    "the Typst template": (
        "templates/render/_extensions/evaluation/typst-template.typ",
        lambda text: text + "\n// a comment\n",
        RENDER_ONLY,
    ),
    "the CSS": (
        "templates/render/_extensions/evaluation/report.css",
        lambda text: text + "\n/* a comment */\n",
        RENDER_ONLY,
    ),
    "the render step's script": ("scripts/render.py", lambda text: text + "\n# a comment\n", RENDER_STEP),
    "the change report's page": (
        "templates/changes/changes.html.j2",
        lambda text: text + "\n",
        {P + "changes": EDITIONS},
    ),
}
# A change written with a file time older than the results: the same jobs must run.
OLDER = (
    "one extract's content",
    "one expectation suite",
    "a document template partial",
    "a function of the figures code",
    "the render step's script",
    "one target",
)
LONG_AGO = 946_684_800 * 10**9  # 2000-01-01, older than any result


def chart_title(text: str) -> str:
    """The title of the first declared chart (under report.figures)."""
    at = text.index("title: ", text.index("\n  figures:")) + len("title: ")
    return text[:at] + "Changed " + text[at:]


def timeline_event(text: str) -> str:
    """The first event of the programme's timeline (under report.timeline)."""
    at = text.index("event: ", text.index("\n  timeline:")) + len("event: ")
    return text[:at] + "Reworded " + text[at:].lstrip('"')


CASES["one chart's title"] = (CONFIG, chart_title, FROM_FIGURES)
CASES["one timeline event"] = (CONFIG, timeline_event, FROM_MANIFEST)  # the manifest holds the configuration
CASES["one sentence of a shared narrative chapter"] = (
    SHARED_CHAPTER,
    replace("One sentence", "One reworded sentence"),
    FROM_DOCUMENT,
)
CASES["one sentence of an interim-only narrative chapter"] = (
    INTERIM_CHAPTER,
    replace("One sentence", "One reworded sentence"),
    {P + "document": 1, P + "render": 1, P + "report_manifest": 1},
)
OLDER += ("one sentence of an interim-only narrative chapter",)


@pytest.fixture(scope="module")
def built(every_programme_built, tmp_path_factory):
    copy = clone(every_programme_built, tmp_path_factory.mktemp("exact") / "repository")
    assert scheduled_jobs(copy, *ONLY) == {}
    for relative, text in CHAPTERS.items():
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
    run_copy(copy, *ONLY)  # the documents with the chapters added, then nothing left to do
    assert scheduled_jobs(copy, *ONLY) == {}
    return copy


@pytest.mark.parametrize(
    "case,older",
    [(case, False) for case in CASES] + [(case, True) for case in OLDER],
    ids=[*CASES, *(f"{case}, with an older file time" for case in OLDER)],
)
def test_a_change_rebuilds_exactly_what_depends_on_it(built, case, older):
    relative, change, expected = CASES[case]
    path = built / relative
    before, times = path.read_bytes(), os.stat(path)
    try:
        path.write_text(change(before.decode("utf-8")), encoding="utf-8")
        assert path.read_bytes() != before
        if older:
            os.utime(path, ns=(LONG_AGO, LONG_AGO))
        assert scheduled_jobs(built, *ONLY) == expected
    finally:
        path.write_bytes(before)
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    if not older:  # the same check as the case's own with the newer time
        assert scheduled_jobs(built, *ONLY) == {}


@pytest.mark.parametrize(
    "relative",
    [
        f"{LATEST_DELIVERY}/referrals.csv",
        CONFIG,
        "expectations/little-minds-matter/referrals.yaml",
        "src/programme_evaluation/metrics/compute.py",
        "templates/render/_extensions/evaluation/report.css",
        "scripts/metrics.py",
        "templates/document/report.qmd.j2",
        INTERIM_CHAPTER,
    ],
)
def test_unchanged_content_touched_or_copied_again_rebuilds_nothing(built, relative):
    path = built / relative
    content = path.read_bytes()
    path.unlink()
    path.write_bytes(content)  # a fresh copy: same bytes, a new modification time
    os.utime(path)
    assert scheduled_jobs(built, *ONLY) == {}
