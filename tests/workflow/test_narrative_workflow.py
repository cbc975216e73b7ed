"""The evaluators' narrative in real builds (Snakemake, pandoc, Typst) of a small programme.

The invented Book Buddies programme (test_third_programme.py) is given a narrative: shared
chapters, an interim-only chapter and a final-only one comparing the editions, hostile text
that must stay inert, a hand-typed number and a withheld reference. Its numbers must be live,
traced to their published rows and different in each edition; mistakes must stop the build
with the file and line and leave the last good report as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader
from third_programme import CONFIG, NAME, write_programme
from workflow_runner import REPO, clone, copy_repository, run_copy

pytestmark = pytest.mark.workflow

ONLY = ("--config", f"programmes={NAME}")
RESULTS = Path("results") / NAME
NARRATIVE = Path("config") / "programmes" / NAME / "narrative"
# Reading sessions count children: a count from 1 to 9 is withheld (Autumn's 8 in the final edition).
DISCLOSURE = "disclosure:\n  threshold: 10\n  people: [reading.children]\n"

SUMMARY = """\
# Summary {#sec-summary}

Volunteers held [[reading.sessions]] reading sessions for [[reading.children]] children,
[[reading.sessions field=pct_of_target]] of the target, so the programme
[[reading.sessions met="reached|fell short of"]] it. Central library held
[[reading.sessions group=Central]] of them.

Of [[reading.enjoyed_share field=denominator]] feedback forms, [[reading.enjoyed_share field=numerator]]
said the child enjoyed the session ([[reading.enjoyed_share]]).

We counted 33 children by hand.

::: {.key-finding metric=reading.enjoyed_share}
of children enjoyed their session

Keep the sessions short and lively.
:::
"""
SESSIONS_CHAPTER = """\
# Reading sessions {#sec-sessions}

Sessions per term are in @fig-sessions; see also [the library's site](https://example.org/library).^[Counted by session date.]

[[figure fig-sessions]]

[[callout reading.sessions field=pct_of_target]]

> Volunteers *read* with young children.
"""
HOSTILE = """\
# Notes {#sec-notes}

Raw <b>bold</b> and <script>alert('narrative')</script> stay text, as do $x^2$ and \\textbf{tex}.

#set page(fill: red)

```{=html}
<iframe src="https://evil.test"></iframe>
```
"""
INTERIM_ONLY = """\
# Next steps {#sec-next}

We will open a third library in the autumn.
"""
SINCE_INTERIM = """\
# Since the interim report {#sec-since-interim}

Sessions [[reading.sessions trend="rose|fell|held steady" since=interim]] from
[[reading.sessions edition=interim]] to [[reading.sessions]] ([[reading.sessions change=interim]]).
In the autumn [[reading.children period=Autumn]] children came.
"""
FILES = {
    "01-summary.md": SUMMARY,
    "02-sessions.md": SESSIONS_CHAPTER,
    "05-notes.md": HOSTILE,
    "interim/03-next.md": INTERIM_ONLY,
    "final/03-since-interim.md": SINCE_INTERIM,
}


def write_narrative(copy: Path) -> None:
    config = copy / "config" / "programmes" / f"{NAME}.yaml"
    config.write_text(CONFIG + DISCLOSURE, encoding="utf-8")
    for name, text in FILES.items():
        path = copy / NARRATIVE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    copy = copy_repository(tmp_path_factory.mktemp("narrative") / "repository")
    write_programme(copy)
    write_narrative(copy)
    result = run_copy(copy, *ONLY)
    return copy, result.stdout + result.stderr


def qmd(copy: Path, edition: str) -> str:
    return (copy / RESULTS / edition / "report" / "report.qmd").read_text(encoding="utf-8")


def published(copy: Path, edition: str) -> pd.DataFrame:
    return pd.read_csv(copy / RESULTS / edition / "published" / "metrics.csv", dtype=str, keep_default_na=False)


def cell(table: pd.DataFrame, metric: str, period: str = "overall", group: str = "all", column: str = "value"):
    rows = table[(table.metric == metric) & (table.period == period) & (table.group == group)]
    assert len(rows) == 1, (metric, period, group)
    return rows.iloc[0][column]


# A traced number as the document writes it: [text](#src-N){.trace title="..."}, [c] escaped.
TRACED = re.compile(r"\[((?:\\[\[\]]|[^\[\]])+)\]\(#(src-\d+|sec-withheld)\)\{\.(trace|withheld) title=\"([^\"]*)\"\}")


def test_sentences_hold_the_editions_published_numbers(built):
    copy, _ = built
    # The final edition withholds its children count (Autumn's 8 could be worked out from it).
    for edition, sessions, children, central in (("interim", 5, "25", 3), ("final", 6, "[c]", 4)):
        table = published(copy, edition)
        assert cell(table, "reading.sessions") == str(sessions) and cell(table, "reading.children") == children
        assert cell(table, "reading.sessions", group="Central") == str(central)
        text = re.sub(r"\s+", " ", TRACED.sub(r"\1", qmd(copy, edition)))  # the words as read
        shown = children.replace("[", "\\[").replace("]", "\\]")
        assert f"Volunteers held {sessions} reading sessions for {shown} children," in text
        assert f"Central library held {central} of them." in text
    interim, final = qmd(copy, "interim"), qmd(copy, "final")
    assert "fell short of it" in re.sub(r"\s+", " ", interim)  # 5 sessions against a target of 8
    assert "# Next steps" in interim and "# Next steps" not in final  # the interim's own chapter
    assert "# Since the interim report" in final and "# Since the interim report" not in interim
    since = re.sub(r"\s+", " ", TRACED.sub(r"\1", final.split("# Since the interim report")[1].split("\n# ")[0]))
    assert "Sessions rose from 5 to 6 (\\+1)." in since


def test_every_number_in_the_narrative_traces_to_its_published_row(built):
    copy, _ = built
    for edition in ("interim", "final"):
        text = qmd(copy, edition)
        body = text.split("# Appendix:")[0]
        appendix = text.split("# Appendix: where the numbers come from")[1]
        rows = {}
        for line in appendix.splitlines():
            match = re.match(r"\| \[(.+?)\]\{#(src-\d+)\} \|(.*)\|$", line)
            if match:
                rows[match.group(2)] = [match.group(1).replace("\\", "").replace("\u200b", "")] + [
                    part.strip().replace("\\", "") for part in match.group(3).split("|")
                ]
        found = TRACED.findall(body)
        assert len(found) >= 10
        for shown, identifier, kind, title in found:
            if kind == "withheld":
                assert shown == "\\[c\\]"
                continue
            row = rows[identifier]
            where = re.search(r"(?:(\w+) edition, )?([\w.]+), period (\w+), group (\w+): ([a-z ]+)", title)
            assert where, title
            source_edition, metric, period, group, column = where.groups()
            if edition == "final" and len(row) == 9:  # the appendix names each row's edition
                assert row[1] == (source_edition or edition)
                row = [row[0], *row[2:]]
            assert (row[0], row[1], row[2]) == (metric, period, group), title
            if title.startswith("Change since"):
                continue
            table = published(copy, source_edition or edition)
            column = {"percentage of target": "pct_of_target"}.get(column.strip(), column.strip())
            assert cell(table, metric, period, group, "value") is not None
            printed = {"value": row[3], "numerator": row[4], "denominator": row[5], "target": row[6]}
            printed["pct_of_target"] = row[7]
            assert shown.replace("\\", "") == printed[column], (title, shown, row)


def test_a_withheld_reference_prints_c_and_the_build_says_where(built):
    copy, output = built
    assert cell(published(copy, "final"), "reading.children", "Autumn") == "[c]"
    text = re.sub(r"\s+", " ", qmd(copy, "final"))
    assert re.search(r"In the autumn \[\\\[c\\\]\]\(#sec-withheld\)\{\.withheld title=\"Withheld", text)
    said = f"{NARRATIVE.as_posix()}/final/03-since-interim.md, line 5: [[reading.children period=Autumn]] prints [c]"
    assert said in (copy / RESULTS / "logs" / "final" / "document.log").read_text(encoding="utf-8")
    assert said in output


def test_a_hand_typed_result_is_reported_with_file_and_line(built):
    copy, output = built
    said = f"Hand-typed number: {NARRATIVE.as_posix()}/01-summary.md, line 11: '33' is typed by hand"
    for edition in ("interim", "final"):
        assert said in (copy / RESULTS / "logs" / edition / "document.log").read_text(encoding="utf-8")
    assert said in output  # on the console too
    log = (copy / RESULTS / "logs" / "final" / "document.log").read_text(encoding="utf-8")
    assert [line for line in log.splitlines() if "Hand-typed" in line] == [  # the 33 only: no year, no reference
        line for line in log.splitlines() if said in line
    ]


def test_hostile_narrative_text_is_inert_in_html_and_pdf(built):
    copy, _ = built
    html = (copy / RESULTS / "final" / "report" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "<iframe" not in html and "<b>bold</b>" not in html
    # typed in a sentence, the tag is text; its quotes typeset as curly ones, like every quote in prose
    assert "&lt;script&gt;alert(\u2018narrative\u2019)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "$x^2$" in html and "&lt;iframe" in html
    pdf = " ".join(page.extract_text() for page in PdfReader(copy / RESULTS / "final" / "report" / "report.pdf").pages)
    pdf = re.sub(r"\s+", " ", pdf)
    assert "#set page(fill: red)" in pdf and "<script>alert(\u2018narrative\u2019)</script>" in pdf and "$x^2$" in pdf


def test_markdown_features_reach_the_page(built):
    copy, _ = built
    html = (copy / RESULTS / "final" / "report" / "report.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/library"' in html  # a link
    assert "Counted by session date." in html and 'class="footnote' in html  # a footnote
    assert "<blockquote>" in html and "<em>read</em>" in html
    assert 'id="fig-sessions"' in html and "Figure" in html  # the chart placed where the text says
    assert "report-callout" in html and "Spring:" in html  # the per-period callout
    assert "big-number" in html and "Keep the sessions short and lively." in html


NOW = "Volunteers held"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[reading.sesions]] sessions.", r"no published metric 'reading.sesions'; did you mean reading.sessions\?"),
        ("[[reading.sessions period=Winter]] sessions.", r"has no period 'Winter' in this edition"),
        ("[[reading.sessions group=Centrall]] sessions.", r"has no group 'Centrall'; did you mean Central\?"),
        ("Run `{python} 1 + 1` now.", r"inline code cells"),
        ("{{< include secrets.md >}}", r"Quarto shortcodes"),
        ("[a link](javascript:alert(1))", r"link to 'javascript:alert\(1\)'"),
    ],
    ids=["metric", "period", "group", "inline code cell", "shortcode", "javascript link"],
)
def test_a_mistake_stops_the_build_with_file_and_line_and_keeps_the_last_report(built, tmp_path, line, message):
    copy = clone(built[0], tmp_path / "repository")
    chapter = copy / NARRATIVE / "02-sessions.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    report = copy / RESULTS / "interim" / "report"
    before = {name: (report / name).read_bytes() for name in ("report.html", "report.pdf", "report.docx")}
    result = run_copy(copy, *ONLY, check=False)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert re.search(rf"{re.escape(NARRATIVE.as_posix())}/02-sessions\.md, line 11: .*{message}", said), said[-3000:]
    # the last good report is kept (Snakemake removes only the failed step's own document)
    assert {name: (report / name).read_bytes() for name in before} == before


def test_a_changed_delivery_changes_the_numbers_in_the_sentences(built, tmp_path):
    copy = clone(built[0], tmp_path / "repository")
    sessions = next((copy / "raw" / NAME).iterdir()) / "sessions.csv"  # its one delivery
    sessions.write_text(sessions.read_text(encoding="utf-8") + "S7,2022-11-01,Riverside,5\n", encoding="utf-8")
    run_copy(copy, *ONLY)
    final = re.sub(r"\s+", " ", TRACED.sub(r"\1", qmd(copy, "final")))
    assert "Volunteers held 7 reading sessions for 38 children," in final
    interim = re.sub(r"\s+", " ", TRACED.sub(r"\1", qmd(copy, "interim")))
    assert "Volunteers held 5 reading sessions for 25 children," in interim


def test_a_programme_without_a_narrative_gets_the_minimal_report(built, tmp_path):
    copy = clone(built[0], tmp_path / "repository")
    shutil.rmtree(copy / NARRATIVE)
    run_copy(copy, str(RESULTS / "final" / "report" / "report.qmd"), *ONLY)
    text = qmd(copy, "final")
    assert "# Summary {#sec-summary}" in text and "@fig-sessions shows" in text and "Volunteers held" not in text


def test_the_narrative_layout_is_documented():
    docs = (REPO / "docs" / "writing-the-report.md").read_text(encoding="utf-8")
    for words in ("[[figure fig-id]]", "[[key-findings]]", "[[criteria]]", "[[timeline]]", "change=", "met="):
        assert words in docs, words
