"""A third programme by configuration alone: a small invented programme (its extracts,
configuration and expectation suites, no Python) is written into a copy of the repository and
built, with every bundled programme, by the plain command; a mistake in its configuration stops
the run naming the file and the key."""

from __future__ import annotations

import textwrap

import pytest
from metrics_lookup import MetricsTable
from pypdf import PdfReader
from workflow_runner import run_copy

pytestmark = pytest.mark.workflow

NAME = "book-buddies"

CONFIG = """\
programme:
  name: book-buddies
  title: Book Buddies
  contract: book-buddies
  raw: raw/book-buddies
  start: 2022-01-01
  delivery_date: 2022-12-20
  evaluator: Reading Together evaluation team
periods:
  - {name: Spring, from: 2022-01-01, to: 2022-04-30}
  - {name: Summer, from: 2022-05-01, to: 2022-08-31}
  - {name: Autumn, from: 2022-09-01, to: 2022-12-15}
editions:
  - {name: interim, cut_off: 2022-08-31, periods: [Spring, Summer], published: September 2022}
  - {name: final, cut_off: 2022-12-15, periods: [Spring, Summer, Autumn], published: December 2022}
extracts:
  sessions: {event_date: session_date}
  feedback: {event_date: response_date}
rag: {green: 1.0, amber: 0.75}
metrics:
  - name: reading.sessions
    description: Reading sessions held in libraries.
    kind: count
    extract: sessions
    date: session_date
    by: library
    target: {Spring: 4, Summer: 4, Autumn: 4}
  - name: reading.children
    description: Children attending, summed over sessions.
    kind: count
    extract: sessions
    date: session_date
    sum: children
  - name: reading.enjoyed_share
    description: Feedback forms saying the child enjoyed the session.
    kind: share
    extract: feedback
    date: response_date
    numerator: enjoyed == 'yes'
    target: 0.8
report:
  figures:
    - {id: fig-sessions, kind: per_period_against_target, metric: reading.sessions, section: reading, title: Reading sessions per term against target}
    - {id: fig-libraries, kind: bars_by_group, metric: reading.sessions, section: reading, title: Reading sessions by library, group_label: Library}
"""

SUITES = {
    "sessions.yaml": """\
        description: One row per reading session.
        columns: {session_id: string, session_date: date, library: string, children: integer}
        expectations:
          - type: expect_column_values_to_be_unique
            kwargs: {column: session_id}
            meta: {id: session_id.unique, rule: session_id must be unique}
          - type: expect_column_values_to_not_be_null
            kwargs: {column: session_date}
            meta: {id: session_date.required, rule: session_date is required}
          - type: expect_column_values_to_be_in_set
            kwargs: {column: library, value_set: [Central, Riverside]}
            meta: {id: library.allowed, rule: "library must be one of Central, Riverside"}
          - type: expect_column_values_to_be_between
            kwargs: {column: children, min_value: 0}
            meta: {id: children.range, rule: children must be 0 or more}
        """,
    "feedback.yaml": """\
        description: One feedback form per child and session.
        columns: {response_id: string, response_date: date, enjoyed: string}
        expectations:
          - type: expect_column_values_to_be_unique
            kwargs: {column: response_id}
            meta: {id: response_id.unique, rule: response_id must be unique}
          - type: expect_column_values_to_be_in_set
            kwargs: {column: enjoyed, value_set: ["yes", "no"]}
            meta: {id: enjoyed.allowed, rule: "enjoyed must be yes or no"}
        """,
}

SESSIONS = [
    ("S1", "2022-02-01", "Central", 6),
    ("S2", "2022-03-01", "Riverside", 4),
    ("S3", "2022-04-12", "Central", 5),
    ("S4", "2022-06-07", "Central", 7),
    ("S5", "2022-07-05", "Riverside", 3),
    ("S6", "2022-10-04", "Central", 8),
]
FEEDBACK = [
    ("F1", "2022-02-01", "yes"),
    ("F2", "2022-03-01", "yes"),
    ("F3", "2022-06-07", "no"),
    ("F4", "2022-07-05", "yes"),
    ("F5", "2022-10-04", "yes"),
]


def write_programme(copy):
    (copy / "config" / "programmes" / f"{NAME}.yaml").write_text(CONFIG, encoding="utf-8")
    suites = copy / "expectations" / NAME
    suites.mkdir()
    for name, text in SUITES.items():
        (suites / name).write_text(textwrap.dedent(text), encoding="utf-8")
    raw = copy / "raw" / NAME
    raw.mkdir()
    (raw / "sessions.csv").write_text(
        "session_id,session_date,library,children\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in SESSIONS),
        encoding="utf-8",
    )
    (raw / "feedback.csv").write_text(
        "response_id,response_date,enjoyed\n" + "".join(f"{a},{b},{c}\n" for a, b, c in FEEDBACK), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def copy(every_programme_built):
    return every_programme_built


def test_the_plain_command_builds_every_programme_with_its_reports(copy):
    editions = {
        "little-minds-matter": ("interim", "final"),
        "hearts-and-minds": ("interim",),
        NAME: ("interim", "final"),
    }
    for programme, names in editions.items():
        for edition in names:
            for suffix in ("html", "pdf"):
                assert (copy / "results" / programme / edition / "report" / f"report.{suffix}").stat().st_size > 0


def test_the_third_programme_counts_what_its_configuration_declares(copy):
    interim = MetricsTable(copy / "results" / NAME / "interim" / "metrics.csv")
    final = MetricsTable(copy / "results" / NAME / "final" / "metrics.csv")
    assert interim.count("reading.sessions") == 5 and final.count("reading.sessions") == 6
    assert interim.count("reading.sessions", "Spring", "Central") == 2
    assert interim.count("reading.children") == 25 and final.count("reading.children") == 33
    assert (
        interim.row("reading.enjoyed_share")["numerator"] == "3"
        and interim.row("reading.enjoyed_share")["denominator"] == "4"
    )
    sessions = interim.row("reading.sessions")  # 5 against 4 + 4: 62.5% of target, below amber's 75%
    assert (sessions["target"], sessions["pct_of_target"], sessions["rag"]) == ("8", "0.625", "RED")
    text = " ".join(
        sheet.extract_text() for sheet in PdfReader(copy / "results" / NAME / "final" / "report" / "report.pdf").pages
    )
    # No narrative folder: the minimal generated report, its key numbers and every chart
    assert "Progression criteria" in text and "Reading sessions by library" in text


def test_a_mistake_in_one_programme_file_stops_the_run_naming_the_file_and_key(copy):
    path = copy / "config" / "programmes" / f"{NAME}.yaml"
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(good.replace("kind: share", "kind: proportion"), encoding="utf-8")
        result = run_copy(copy, "--dry-run", check=False)
    finally:
        path.write_text(good, encoding="utf-8")
    assert result.returncode != 0
    assert f"config/programmes/{NAME}.yaml: configuration key metrics[2].kind" in result.stdout + result.stderr
