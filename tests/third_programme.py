"""The invented third programme, Book Buddies: a small programme declared by configuration alone
(its extracts, configuration and expectation suites, no Python), written into a repository copy.
The session's shared build (conftest.py) has it beside the bundled programmes."""

from __future__ import annotations

import textwrap

NAME = "book-buddies"

CONFIG = """\
programme:
  name: book-buddies
  title: Book Buddies
  contract: book-buddies
  raw: raw/book-buddies
  start: 2022-01-01
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
    raw = copy / "raw" / NAME / "2022-12-20"  # its one delivery
    raw.mkdir(parents=True)
    (raw / "sessions.csv").write_text(
        "session_id,session_date,library,children\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in SESSIONS),
        encoding="utf-8",
    )
    (raw / "feedback.csv").write_text(
        "response_id,response_date,enjoyed\n" + "".join(f"{a},{b},{c}\n" for a, b, c in FEEDBACK), encoding="utf-8"
    )
