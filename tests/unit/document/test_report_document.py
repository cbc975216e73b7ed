"""The report document on tiny inputs: the evaluators' narrative with live numbers from the published
table, consented quotes only, text escaped, no ids; the minimal generated report without a narrative."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from repository import REPO
from tiny_figures import PERIODS, TRAINED, TRAINED_TARGET, tiny_metrics

from programme_evaluation.common.quarto_extension import install_extension
from programme_evaluation.common.tables import write_table
from programme_evaluation.configuration import ConfigError, validate
from programme_evaluation.document.context import Inputs, environment, write_report_document
from programme_evaluation.document.markdown_text import escape_front_matter
from programme_evaluation.document.references import NarrativeError
from programme_evaluation.figures.drawing import draw_figures
from programme_evaluation.published.person_names import Vocabulary
from programme_evaluation.published.quote_screening import select_quotes
from programme_evaluation.render.engine import render_report

TEMPLATES = REPO / "templates" / "document"
HOSTILE = "<script>alert(1)</script> **bold** [link](http://x.test) @fig-trained $x$ {{< pagebreak >}} | pipe"
# What people really type, once bundled as example quotes: an emoticon, money, a hashtag, a mention, a
# `javascript:` link in Markdown and HTML bold. A report prints it all as typed.
PLAYFUL = (
    "Honestly <3 the sessions, 10/10 #mustdo. The $ value? <b>Priceless</b> & tell @everyone: "
    "[our page](javascript:alert('listed'))"
)
QUOTES = [
    {
        "quote_id": "QID-PUBLISHED-1",
        "source_group": "Family",
        "theme": "Being heard",
        "strand": "clinical",
        "text": "They listened to me.",
        "consent_to_publish": "yes",
    },
    {
        "quote_id": "QID-PRIVATE-2",
        "source_group": "Family",
        "theme": "Being heard",
        "strand": "clinical",
        "text": "Words that were never cleared for print.",
        "consent_to_publish": "no",
    },
    {
        "quote_id": "QID-HOSTILE-3",
        "source_group": "Staff",
        "theme": "Odd <themes> & *stars*",
        "strand": "system",
        "text": HOSTILE,
        "consent_to_publish": "yes",
    },
    {
        "quote_id": "QID-HOSTILE-4",
        "source_group": "Staff",
        "theme": "Being heard",
        "strand": "system",
        "text": PLAYFUL,
        "consent_to_publish": "yes",
    },
]


def tiny_config() -> dict:
    config = {
        "programme": {
            "name": "tiny",
            "title": "Tiny *Programme*",
            "contract": "tiny",
            "raw": "raw/tiny",
            "start": "2020-01-01",
            "evaluator": "Test evaluators",
        },
        "periods": [
            {"name": "P1", "from": "2020-01-01", "to": "2020-03-31"},
            {"name": "P2", "from": "2020-04-01", "to": "2020-06-30"},
            {"name": "P3", "from": "2020-07-01", "to": "2020-09-30"},
        ],
        "editions": [
            {"name": "interim", "cut_off": "2020-06-30", "periods": ["P1", "P2"]},
            {"name": "final", "cut_off": "2020-09-30", "periods": PERIODS, "published": "October 2020"},
        ],
        "extracts": {"training": {"event_date": "day"}, "quotes": {}},
        "metrics": [
            {
                "name": "train.trained",
                "kind": "count",
                "extract": "training",
                "date": "day",
                "distinct": "person_id",
                "target": dict(TRAINED_TARGET),
            },
            {"name": "consult.sessions", "kind": "count", "extract": "training", "date": "day", "by": "type"},
        ],
        "report": {
            "measures": {"train.trained": "people trained"},
            "timeline": [{"date": "January 2020", "event": "The <tiny> programme starts"}],
            "figures": [
                {
                    "id": "fig-trained",
                    "kind": "per_period_against_target",
                    "metric": "train.trained",
                    "section": "work",
                    "title": "People trained per period against target",
                },
                {
                    "id": "fig-types",
                    "kind": "stacked_per_period",
                    "metric": "consult.sessions",
                    "section": "work",
                    "title": "Sessions per period by type",
                },
            ],
        },
    }
    validate(config)  # fills the schema's defaults, as the workflow does
    return config


# The evaluators' narrative of the tiny programme (docs/writing-the-report.md).
NARRATIVE = {
    "01-summary.md": """\
# Executive summary {#sec-summary}

Why the tiny programme exists. We trained [[train.trained]] people.

::: {.key-finding metric=train.trained}
people trained

Keep going.
:::

[[key-findings]]

## Progression criteria {#sec-progression}

[[criteria]]

## Recommendations {#sec-recommendations}

1. Keep going.
2. Measure <more>.
""",
    "02-work.md": """\
# The work {#sec-work}

What the work is. @fig-trained shows the people trained per period.

[[figure fig-trained]]

[[figure fig-types]]

[[timeline]]
""",
    "03-voices.md": """\
# What people said {#sec-voices}

[[quotes theme="Being heard"]]

[[quotes theme="Odd <themes> & *stars*"]]
""",
    "04-thanks.md": """\
# Acknowledgements {#sec-thanks .appendix}

Thank you.
""",
}


def write_narrative(folder: Path, files: dict[str, str] = NARRATIVE) -> tuple[Path, ...]:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return tuple(sorted(folder / name for name in files))


@pytest.fixture()
def edition(tmp_path):
    """One edition's inputs, written the way the pipeline writes them."""
    config = tiny_config()
    metrics = tmp_path / "final" / "metrics.csv"
    metrics.parent.mkdir(parents=True)
    tiny_metrics().to_csv(metrics, index=False)
    earlier = tmp_path / "interim" / "metrics.csv"
    earlier.parent.mkdir(parents=True)
    interim = tiny_metrics()
    interim.loc[interim.metric == "train.trained", "value"] -= 3
    interim.to_csv(earlier, index=False)
    draw_figures(config["report"], metrics, tmp_path / "final" / "figures")
    quality = tmp_path / "quality.json"
    quality.write_text(
        json.dumps(
            {
                "passed": True,
                "extracts": [
                    {
                        "extract": "training",
                        "file": "training.csv",
                        "rows": 1234,
                        "checks": 7,
                        "errors": 0,
                        "warnings": 1,
                        "findings": [
                            {
                                "file": "training.csv",
                                "check": "training.type.allowed",
                                "rule": "type is one of phone, visit",
                                "severity": "warning",
                                "column": "type",
                                "failing_rows": 2,
                                "examples": ["PERSON-SECRET-9"],
                            }
                        ],
                    }
                ],
            }
        )
    )
    quotes = tmp_path / "quotes.csv"  # as the published stage writes them: consented, screened, no ids
    write_table(select_quotes(pd.DataFrame(QUOTES), {}, Vocabulary())[0], quotes)
    narrative = write_narrative(tmp_path / "narrative")
    inputs = Inputs(
        metrics,
        tmp_path / "final" / "figures" / "figures.json",
        quality,
        quotes,
        (("interim", earlier),),
        narrative=narrative,
    )
    return config, inputs, tmp_path


def document_settings(config: dict) -> dict:
    """The configuration as the document's settings carry it: each edition with the date of the
    delivery it is built from (configuration.stage_settings.document_settings)."""
    return {**config, "editions": [{**edition, "delivered": "2020-12-31"} for edition in config["editions"]]}


def write(edition) -> str:
    config, inputs, folder = edition
    # each edition with the date of its delivery, as configuration.stage_settings adds it
    config = {**config, "editions": [{**item, "delivered": "2020-12-31"} for item in config["editions"]]}
    out = folder / "final" / "report" / "report.qmd"
    write_report_document(document_settings(config), "final", inputs, TEMPLATES, out)
    return out.read_text(encoding="utf-8")


def test_numbers_come_from_the_metrics_table(edition):
    text = write(edition)
    total, target = sum(TRAINED.values()), sum(TRAINED_TARGET.values())
    pct = round(100 * total / target)
    # each number links to its row in the appendix, and its title says where it comes from
    source = "train.trained, period overall, group all"
    value = f'[{total}](#src-1){{.trace title="{source}: value"}}'
    share = f'[{pct}\\%](#src-1){{.trace title="{source}: percentage of target"}}'
    assert f"[{value}]{{.figure}} people trained [{share} of target]{{.of-target}}" in text
    assert f'| People trained | {value} | [{target}](#src-1){{.trace title="{source}: target"}} | {share} |' in text
    assert "| [train\\.\u200btrained]{#src-1} | overall | all | 63 |  |  | 65 | 97\\% |" in text

    config, inputs, folder = edition
    changed = tiny_metrics()
    changed.loc[(changed.metric == "train.trained") & (changed.period == "overall"), "value"] = total + 40
    changed.to_csv(inputs.metrics, index=False)
    assert f"[{total + 40}](#src-1)" in write(edition)


def test_title_block_and_sections(edition):
    text = write(edition)
    front = text.split("---")[1]
    assert 'title: "Tiny \\\\*Programme\\\\*"' in front  # Markdown-escaped, then YAML-quoted
    assert 'subtitle: "Final evaluation report"' in front
    headings = [
        "# Executive summary",
        "## Progression criteria",
        "## Recommendations",
        "# The work",
        "# What people said",
        "# Appendix: this edition beside earlier ones",
        "# Appendix: data quality",
        "# Appendix: methods",
        "# Appendix: the numbers behind the charts",
        "# Appendix: provenance",
        "# Acknowledgements",  # an appendix chapter of the narrative: after the generated ones
        "# Appendix: where the numbers come from",
    ]
    found = [re.search(rf"^{re.escape(heading)}( \{{#[a-z-]+\}})?$", text, re.M) for heading in headings]
    assert all(found), [heading for heading, match in zip(headings, found) if not match]
    assert [match.start() for match in found] == sorted(match.start() for match in found)  # the chapters' order
    assert "30 September 2020" in text and "31 December 2020" in text  # cut-off, delivery date
    assert "1.  Keep going.\n2.  Measure \\<more\\>." in text  # the narrative's own list, its < escaped


def test_figures_are_placed_where_the_text_says_with_alt_text_and_data_tables(edition):
    text = write(edition)
    assert "@fig-trained shows the people trained per period." in text  # the evaluators' sentence
    assert "@fig-types shows" not in text  # no generated sentence beside a placed figure
    work = text.split("# The work")[1].split("\n# ")[0]
    assert work.index("@fig-trained shows") < work.index("{#fig-trained") < work.index("{#fig-types")
    for figure_id, table_id in (("fig-trained", "tbl-trained"), ("fig-types", "tbl-types")):
        image = re.search(rf"!\[[^\]]+\]\(figures/{figure_id}\.png\)\{{#{figure_id} fig-alt=\"([^\"]+)\"\}}", text)
        assert image, figure_id
        assert (edition[2] / "final" / "report" / "figures" / f"{figure_id}.png").exists()  # beside the document
        assert f"{{#{table_id}}}" in text
    alt = re.search(r"\{#fig-trained fig-alt=\"([^\"]+)\"", text).group(1)
    assert all(f"{period} {TRAINED[period]} against {TRAINED_TARGET[period]}" in alt for period in PERIODS)


def test_only_consented_quotes_appear_and_no_identifier(edition):
    text = write(edition)
    assert "They listened to me\\." in text
    assert "never cleared for print" not in text
    assert "QID-" not in text
    assert "PERSON-SECRET" not in text  # quality examples may hold ids: never printed


def test_untrusted_text_is_escaped(edition):
    text = write(edition)
    assert "<script>" not in text
    assert "\\<script\\>alert\\(1\\)\\<\\/script\\>" in text
    assert "\\{\\{\\< pagebreak \\>\\}\\}" in text  # a shortcode in data stays text
    assert "\\@fig\\-trained" in text
    assert "The \\<tiny\\> programme starts" in text  # configured text (the timeline)
    assert "Measure \\<more\\>." in text  # the narrative's own text


def test_the_final_edition_sets_its_numbers_beside_the_interim_ones(edition):
    text = write(edition)
    total = sum(TRAINED.values())
    appendix = text.split("# Appendix: this edition beside earlier ones")[1].split("\n# ")[0]
    assert "| Measure | Interim | Interim: % of target | Final | Final: % of target |" in appendix
    row = next(line for line in appendix.splitlines() if line.startswith("| People trained |"))
    assert row.startswith(f"| People trained | {total - 3} | ") and f"| {total} |" in row


def test_hostile_text_renders_literally_in_html(edition, tmp_path):
    config, inputs, folder = edition
    write(edition)
    qmd = folder / "final" / "report" / "report.qmd"
    html, pdf = folder / "report.html", folder / "report.pdf"
    install_extension(TEMPLATES.parent / "render" / "_extensions", qmd.parent)  # as the report_design step does
    render_report(qmd, html, pdf, renderer="embedded")
    page = html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "**bold**" in page and 'href="http://x.test"' not in page
    flowing = " ".join(page.split())  # pandoc wraps long paragraphs
    assert (
        "Honestly &lt;3 the sessions, 10/10 #mustdo. The $ value? &lt;b&gt;Priceless&lt;/b&gt; &amp; tell @everyone"
        in flowing
    )
    assert "[our page](javascript:alert(&#39;listed&#39;))" in flowing
    assert 'href="javascript' not in page and "<b>Priceless" not in page
    assert "never cleared for print" not in page and "QID-" not in page
    for tag in re.findall(r"<img\b[^>]*>", page):
        assert re.search(r'alt="[^"]{20,}"', tag), tag[:200]


def test_a_figure_naming_an_unknown_metric_fails_at_configuration(edition):
    config = tiny_config()
    config["report"]["figures"][0]["metric"] = "train.nonexistent"
    with pytest.raises(ConfigError, match=r"report.figures\[0\] \(fig-trained\).metric: 'train.nonexistent'"):
        validate(config)
    config = tiny_config()
    config["report"]["sections"] = [{"id": "work", "title": "The work"}]  # superseded by the narrative
    with pytest.raises(ConfigError, match="sections"):
        validate(config)


def test_a_figures_own_category_names_reach_its_data_table_and_alt_text(edition):
    config, inputs, folder = edition
    config["report"]["figures"].append(
        {
            "id": "fig-mix",
            "kind": "bars_by_group",
            "metric": "consult.sessions",
            "section": "work",
            "title": "Sessions by type",
            "group_label": "Type",
            "labels": {"visit": "Home visit"},
        }
    )
    validate(config)
    draw_figures(config["report"], inputs.metrics, Path(inputs.figures).parent)
    config, inputs, folder = edition
    (folder / "narrative" / "05-mix.md").write_text("# Mix {#sec-mix}\n\n[[figure fig-mix]]\n", encoding="utf-8")
    edition = (config, replace(inputs, narrative=(*inputs.narrative, folder / "narrative" / "05-mix.md")), folder)
    text = write(edition)
    appendix = text.split("# Appendix: the numbers behind the charts")[1]
    table = appendix.split("| Type |")[1].split("{#tbl-mix}")[0]
    assert "| Home visit |" in table and "| By phone |" not in table and "| visit |" not in table
    alt = re.search(r"\{#fig-mix fig-alt=\"([^\"]+)\"", text).group(1)
    assert "Home visit" in alt


def test_a_target_of_zero_prints_no_missing_rating(edition):
    config, inputs, folder = edition
    zero = tiny_metrics()
    trained = zero.metric == "train.trained"
    zero.loc[trained, "target"] = 0
    zero.loc[trained, ["pct_of_target", "rag"]] = None
    zero.to_csv(inputs.metrics, index=False)
    draw_figures(config["report"], inputs.metrics, Path(inputs.figures).parent)
    text = write(minimal(edition))
    assert "None" not in text
    assert f"Overall {sum(TRAINED.values())} against 0." in text  # the chart's summary, without a rating


def test_an_unknown_edition_is_a_configuration_error(edition):
    config, inputs, folder = edition
    with pytest.raises(ConfigError, match="edition 'midway' is not configured"):
        write_report_document(config, "midway", inputs, TEMPLATES, folder / "midway" / "report.qmd")


def test_front_matter_is_escaped_by_the_one_front_matter_escaper():
    assert environment(TEMPLATES).filters["yaml_md"] is escape_front_matter


def minimal(edition):
    """The same edition without a narrative: the minimal generated report."""
    config, inputs, folder = edition
    return config, replace(inputs, narrative=()), folder


def test_without_a_narrative_the_report_is_generated_with_every_chart(edition):
    text = write(minimal(edition))
    for heading in ("# Summary", "## Progression criteria", "# Findings", "## Work", "# What people said"):
        assert re.search(rf"^{re.escape(heading)}( \{{#[a-z-]+\}})?$", text, re.M), heading
    assert "@fig-trained shows" in text and "@fig-types shows" in text  # the generated sentences
    assert "They listened to me\\." in text and "never cleared for print" not in text


def with_chapter(edition, name: str, text: str):
    """The edition with one more narrative chapter."""
    config, inputs, folder = edition
    path = folder / "narrative" / name
    path.write_text(text, encoding="utf-8")
    return config, replace(inputs, narrative=(*inputs.narrative, path)), folder


HOSTILE_CHAPTER = """\
# Odd text {#sec-odd}

Raw <b>bold</b>, <script>alert('x')</script>, <img src=x onerror=alert(1)>, $x^2$, $$y$$, \\textbf{tex}.

#set page(fill: red)

```{=html}
<iframe src="https://evil.test"></iframe>
```

`{{ and }}` in code, and [a span]{style="color:red" onclick="alert(1)"} lose their attributes.

::: {.unknown-div data-x="1"}
Inside an unknown div.
:::

<!-- a note to ourselves -->
"""


def test_hostile_narrative_markup_prints_as_the_text_typed(edition):
    text = write(with_chapter(edition, "06-odd.md", HOSTILE_CHAPTER))
    chapter = text.split("# Odd text")[1].split("\n# ")[0]
    # A raw HTML block ({=html}) becomes a code block, which both renderers print as typed.
    code = re.findall(r"^    (.*)$", chapter, re.M)
    assert code == ['<iframe src="https://evil.test"></iframe>']
    prose = re.sub(r"^    .*$", "", chapter, flags=re.M)
    for raw in ("<b>", "<script", "<img", "<iframe", "$x", "onclick", "style=", "{=html}", "unknown-div"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), prose), raw  # only escaped, if at all
    assert "\\<b\\>bold\\</b\\>, \\<script\\>alert('x')\\</script\\>, \\<img src=x onerror=alert(1)\\>" in prose
    assert "\\$x\\^2\\$" in prose and "\\\\textbf{tex}" in prose and "#set page(fill: red)" in prose
    assert "Inside an unknown div." in chapter and "a note to ourselves" not in chapter
    config, inputs, folder = edition
    qmd = folder / "final" / "report" / "report.qmd"
    install_extension(TEMPLATES.parent / "render" / "_extensions", qmd.parent)
    render_report(qmd, folder / "report.html", folder / "report.pdf", renderer="embedded")
    page = " ".join((folder / "report.html").read_text(encoding="utf-8").split())  # pandoc wraps lines
    assert "<script>alert(" not in page and "<iframe" not in page and not re.search(r"<[^>]*\sonerror=", page)
    # the quotes around x typeset as curly ones, like every quote in prose
    sentence = "Raw &lt;b&gt;bold&lt;/b&gt;, &lt;script&gt;alert(\u2018x\u2019)&lt;/script&gt;, &lt;img src=x onerror=alert(1)&gt;"
    assert sentence + ", $x^2$, $$y$$, \\textbf{tex}." in page


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("```{python}", r"code cells \(```\{python\} ...\) are not run"),
        ("Now `{r} Sys.time()`.", r"inline code cells"),
        ("{{< include other.qmd >}}", r"Quarto shortcodes"),
        ("[click](javascript:alert(1))", r"link to 'javascript:alert\(1\)'"),
        ("![a picture](https://evil.test/x.png)", r"images are not placed by hand"),
        ("See @fig-nothing.", r"@fig-nothing names nothing in the final edition's report; the ids of that kind are"),
        ("[[figure fig-trained]] inline", r"is a block: put it on a line of its own"),
        ("[[figure fig-trainee]]", r"no configured figure 'fig-trainee'; did you mean fig-trained\?"),
        ('[[quotes theme="Being herd"]]', r"no consented quotes of theme 'Being herd'; did you mean Being heard\?"),
        ("[[train.trained period=P9]]", r"has no period 'P9' in this edition"),
    ],
)
def test_what_could_run_or_name_nothing_stops_with_file_and_line(edition, line, message):
    chapter = f"# Odd {{#sec-odd}}\n\nA sentence.\n\n{line}\n"
    with pytest.raises(NarrativeError, match=rf"narrative/06-odd\.md, line 5: .*{message}"):
        write(with_chapter(edition, "06-odd.md", chapter))


def test_a_chapter_starts_with_its_heading(edition):
    with pytest.raises(NarrativeError, match=r"06-odd\.md, line 1: a chapter starts with its heading"):
        write(with_chapter(edition, "06-odd.md", "No heading here.\n"))
