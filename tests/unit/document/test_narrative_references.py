"""Unit tests of the narrative's live numbers: the reference parser, the resolver against a small
published table, the Markdown whitelist and the stale-number guard (docs/writing-the-report.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from programme_evaluation.document.markdown_safety import check_raw_text
from programme_evaluation.document.narrative_files import chapter_paths
from programme_evaluation.document.references import NarrativeError, Place, Resolver, parse
from programme_evaluation.document.stale_numbers import hand_typed_numbers
from programme_evaluation.document.traceability import Sources
from programme_evaluation.published.table import PublishedMetrics

HEADER = "metric,period,group,value,numerator,denominator,target,pct_of_target,rag\n"
FINAL = HEADER + (
    "clinical.referrals,Y1,all,100,,,,,\n"
    "clinical.referrals,Y2,all,155,,,,,\n"
    "clinical.referrals,overall,all,255,,,,,\n"
    "clinical.families_assessed,Y1,all,40,,,42,0.952,AMBER\n"
    "clinical.families_assessed,Y2,all,142,,,42,3.381,GREEN\n"
    "clinical.families_assessed,overall,all,182,,,84,2.167,GREEN\n"
    "training.priority_share,overall,all,0.35,246,702,0.75,0.4667,RED\n"
    "training.workforce_group,overall,all,702,,,,,\n"
    "training.workforce_group,overall,Health visitor,120,,,,,\n"
    "training.workforce_group,overall,Midwife,[c],,,,,\n"
    "training.workforce_group,Y1,all,300,,,,,\n"
    "training.workforce_group,Y2,all,402,,,,,\n"
)
INTERIM = HEADER + (
    "clinical.referrals,Y1,all,100,,,,,\n"
    "clinical.referrals,overall,all,100,,,,,\n"
    "clinical.families_assessed,Y1,all,40,,,42,0.952,AMBER\n"
    "clinical.families_assessed,overall,all,40,,,42,0.952,AMBER\n"
    "training.priority_share,overall,all,0.30,90,300,0.75,0.4,RED\n"
    "training.workforce_group,overall,all,300,,,,,\n"
    "training.workforce_group,Y1,all,300,,,,,\n"
)
HERE = Place("config/programmes/p/narrative/01-summary.md", 7)


@pytest.fixture
def resolver(tmp_path: Path) -> Resolver:
    (tmp_path / "final.csv").write_text(FINAL, encoding="utf-8")
    (tmp_path / "interim.csv").write_text(INTERIM, encoding="utf-8")
    final = PublishedMetrics.read(tmp_path / "final.csv")
    earlier = {"interim": PublishedMetrics.read(tmp_path / "interim.csv")}
    return Resolver("final", final, earlier, Sources(final, "final", earlier))


def printed(resolver: Resolver, text: str) -> str:
    return resolver.resolve(parse(text, HERE)).text


def test_parser_reads_name_words_and_quoted_options():
    reference = parse("table metrics=a,b group=\"Health visitor\" caption='Two words'", HERE)
    assert reference.name == "table" and reference.is_block
    assert reference.options == {"metrics": "a,b", "group": "Health visitor", "caption": "Two words"}
    figure = parse("figure fig-flow", HERE)
    assert figure.words == ("fig-flow",)
    with pytest.raises(NarrativeError, match=r"01-summary.md, line 7: cannot read"):
        parse('clinical.referrals group="Health', HERE)
    with pytest.raises(NarrativeError, match="gives period= twice"):
        parse("clinical.referrals period=Y1 period=Y2", HERE)


def test_values_fields_and_groups_print_as_the_report_prints_numbers(resolver):
    assert printed(resolver, "clinical.referrals") == "255"
    assert printed(resolver, "clinical.referrals period=Y2") == "155"
    assert printed(resolver, "training.priority_share") == "35%"
    assert printed(resolver, "training.priority_share field=numerator") == "246"
    assert printed(resolver, "training.priority_share field=denominator") == "702"
    assert printed(resolver, "training.priority_share field=target") == "75%"
    assert printed(resolver, "clinical.families_assessed field=pct_of_target") == "217%"
    assert printed(resolver, "clinical.families_assessed period=Y1 field=rating") == "Amber"
    assert printed(resolver, 'training.workforce_group group="Health visitor"') == "120"


def test_withheld_cell_prints_c_and_is_reported_with_its_place(resolver):
    assert printed(resolver, "training.workforce_group group=Midwife") == "[c]"
    assert resolver.withheld == [
        "config/programmes/p/narrative/01-summary.md, line 7: [[training.workforce_group group=Midwife]] "
        "prints [c] (withheld to protect confidentiality)"
    ]


def test_earlier_edition_change_and_data_dependent_wording(resolver):
    assert printed(resolver, "clinical.referrals edition=interim") == "100"
    assert printed(resolver, "clinical.referrals change=interim") == "+155"
    assert printed(resolver, "training.priority_share change=interim") == "+5 percentage points"
    assert printed(resolver, 'clinical.referrals trend="rose|fell|held steady" since=interim') == "rose"
    assert printed(resolver, 'clinical.families_assessed met="reached|fell short of"') == "reached"
    assert printed(resolver, 'clinical.families_assessed period=Y1 met="reached|fell short of"') == "fell short of"
    assert printed(resolver, 'training.priority_share met="reached|fell short of"') == "fell short of"


def test_every_number_is_traced_to_its_row_and_edition(resolver):
    number = resolver.resolve(parse("clinical.referrals period=Y2", HERE))
    assert number.source["id"] == "src-1"
    assert "clinical.referrals, period Y2, group all" in number.source["title"]
    earlier = resolver.resolve(parse("clinical.referrals edition=interim", HERE))
    assert earlier.source["title"].startswith("interim edition, clinical.referrals")
    rows = resolver.sources.rows()
    assert [(row["edition"], row["metric"], row["period"], row["value"]) for row in rows] == [
        ("final", "clinical.referrals", "Y2", "155"),
        ("interim", "clinical.referrals", "overall", "100"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("clinical.referals", r"no published metric 'clinical.referals'; did you mean clinical.referrals\?"),
        ("clinical.referrals period=Y7", r"has no period 'Y7' in this edition; the periods are: Y1, Y2, overall"),
        (
            'training.workforce_group group="Health visiter"',
            r"no group 'Health visiter'; did you mean Health visitor\?",
        ),
        ("clinical.referrals field=ratio", r"unknown field 'ratio'; did you mean"),
        ("clinical.referrals field=numerator", r"is not a share: it has no numerator"),
        ("clinical.referrals field=pct_of_target", r"has no target"),
        ("clinical.referrals edition=pilot", r"'pilot' is not an edition before final"),
        ("clinical.referrals colour=red", r"unknown option colour="),
        ('clinical.referrals met="yes"', r"met= takes 2 wordings"),
        ('clinical.referrals trend="up|down|same"', r"trend= needs since="),
    ],
)
def test_a_reference_to_nothing_stops_with_file_line_and_nearest_names(resolver, text, message):
    with pytest.raises(NarrativeError, match=r"^config/programmes/p/narrative/01-summary.md, line 7: .*" + message):
        resolver.resolve(parse(text, HERE))


def test_code_cells_and_shortcodes_stop_with_their_line():
    with pytest.raises(NarrativeError, match=r"ch.md, line 3: code cells"):
        check_raw_text("# T\n\n```{python}\nprint(1)\n```\n", "ch.md")
    with pytest.raises(NarrativeError, match=r"ch.md, line 2: inline code cells"):
        check_raw_text("# T\nRun `{r} 1 + 1` now.\n", "ch.md")
    with pytest.raises(NarrativeError, match=r"ch.md, line 4: Quarto shortcodes"):
        check_raw_text("# T\n\ntext\n{{< pagebreak >}}\n", "ch.md")
    check_raw_text("# T\n\n```python\nprint(1)\n```\n", "ch.md")  # shown as code: fine


def test_stale_number_guard_reports_result_like_numbers_only():
    text = (
        "# Chapter 2 {#sec-two}\n"
        "Of 255 referrals, [[clinical.referrals]] were made since April 2018.\n"
        "The target of 168 a year; 35% came from the priority workforce.\n"
        "On 14 June 2024 the 2 strands met `702` in [a link](https://example.org/702).\n"
        "1. A numbered point\n"
    )
    found = hand_typed_numbers(text, "ch.md", {"168"})
    assert found == [
        "ch.md, line 2: '255' is typed by hand and will not change with the data; if it is a result, "
        "write it as a reference ([[metric ...]])",
        "ch.md, line 3: '35%' is typed by hand and will not change with the data; if it is a result, "
        "write it as a reference ([[metric ...]])",
    ]


def test_edition_files_replace_add_and_order_the_shared_chapters(tmp_path: Path):
    folder = tmp_path / "narrative"
    (folder / "final").mkdir(parents=True)
    for name in ("01-summary.md", "02-context.md", "10-conclusion.md", "notes.txt", "README.md"):
        (folder / name).write_text("# x\n", encoding="utf-8")
    (folder / "final" / "02-context.md").write_text("# final context\n", encoding="utf-8")
    (folder / "final" / "05-since-interim.md").write_text("# since\n", encoding="utf-8")
    interim = [path.relative_to(folder).as_posix() for path in chapter_paths(folder, "interim")]
    final = [path.relative_to(folder).as_posix() for path in chapter_paths(folder, "final")]
    assert interim == ["01-summary.md", "02-context.md", "10-conclusion.md"]
    assert final == ["01-summary.md", "final/02-context.md", "final/05-since-interim.md", "10-conclusion.md"]
    assert chapter_paths(tmp_path / "none", "final") == []
