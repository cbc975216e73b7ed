"""Hostile text everywhere, and the build is never broken by it.

Both bundled programmes are built by the real workflow from a copy of the repository whose
folder, and whose raw-data folders, have spaces and non-ASCII letters in their names. Every
free-text field of every extract (every text column without a fixed set of categories: ids,
themes, quotes) and every text of the configurations (walked generically, so texts added later
are covered) holds hostile strings: HTML, Markdown, Jinja2, Quarto shortcodes, Typst, LaTeX,
spreadsheet formulas, right-to-left and zero-width characters, a 10,000-character cell.

Everything printed shows them literally, in the HTML (read with an HTML parser) and the PDF (its
text); no CSV cell would run as a formula in a spreadsheet; no identifier is published.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from workflow_runner import copy_repository, run_copy

from programme_evaluation.common.number_text import first_upper, lower_first
from programme_evaluation.common.spreadsheet_safety import FORMULA_STARTS
from programme_evaluation.contract import load_contract

pytestmark = pytest.mark.workflow

HOSTILE = [
    '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b> &amp; </p><!--',
    "**not bold** _x_ [a link](http://evil.example) ![an image](x.png) # no heading | no | table | @fig-x",
    "{{ 7*7 }} {% if true %}jinja{% endif %} {# a comment #} {{ config }}",
    "{{< pagebreak >}} {{< include /etc/passwd >}} {{< meta title >}}",
    '#set page(fill: red) #import "x.typ": * #eval("1+1") ]',
    r"\input{/etc/passwd} $x^2$ \newpage \\ $$ \begin{document}",
    '=HYPERLINK("http://evil.example","click")',
    "+1+1 plus",
    "-2+3 minus",
    "@SUM(A1:A2)",
    "\u202eevil override\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 "
    "zero\u200bwidth\u200djoiner\u2066isolate\u2069",
    "line one\nline two\r\n# line three",
]
LONG = ("ten thousand characters " * 420)[:9_999] + "!"
# Spaces and non-ASCII letters in every folder name the pipeline meets.
PROJECT = "Évaluation ünïcode/projet à tester"
RAW = "raw/Données reçues ü"
# Configuration keys whose string values name things the pipeline looks up, not prose.
STRUCTURAL = {
    "id",
    "name",
    "metric",
    "metrics",
    "kind",
    "section",
    "group",
    "sort",
    "renderer",
    "include",
    "quotes_extract",
    "extract",
    "by",
    "date",
    "column",
    "where",
    "numerator",
    "sum",
    "distinct",
}


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def texts(node, path: tuple = ()):
    """(path, text) of every prose string below `node`; mapping keys are names, never prose."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in STRUCTURAL:
                yield from texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, (*path, index))
    elif isinstance(node, str) and path:
        yield path, node


def prose(config: dict):
    """The texts a programme's configuration prints: titles, evaluator, metric descriptions, and
    everything under report (whatever keys it has). Not an edition's `published`: a date."""
    for key in ("title", "evaluator"):
        if key in config["programme"]:
            yield ("programme", key), config["programme"][key]
    for index, metric in enumerate(config["metrics"]):
        yield from texts({"description": metric.get("description")}, ("metrics", index))
    yield from texts(config.get("report", {}), ("report",))


def set_at(config: dict, path: tuple, value: str) -> None:
    node = config
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def free_text_columns(contract_folder: Path, extract: str) -> list[str]:
    contract = load_contract(contract_folder, extract)
    return [
        column for column, kind in contract.columns.items() if kind == "string" and column not in contract.categories
    ]


def make_hostile(copy: Path, config_path: Path) -> dict:
    """Move the programme's raw folder under a hostile name, rewrite its free text and its
    configuration's prose; return what was written where (for the checks)."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    programme = config["programme"]
    raw = copy / RAW / f"{programme['name']} ñ"
    raw.parent.mkdir(parents=True, exist_ok=True)
    (copy / programme["raw"]).rename(raw)
    programme["raw"] = str(raw.relative_to(copy))
    # One mapping per programme, the same in every extract: ids keep every equality (references,
    # duplicates, distinct counts) and gain a hostile prefix; free text gains one too.
    mapped: dict[str, str] = {}
    published: set[str] = set()  # free text a report may print (consented quotes)
    ids: set[str] = set()
    for extract, path in [(e, folder / f"{e}.csv") for folder in sorted(raw.iterdir()) for e in config["extracts"]]:
        with open(path, encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
        header = records[0]
        for column in free_text_columns(copy / "expectations" / programme["contract"], extract):
            if extract == config["report"].get("quotes_extract", "quotes") and column == "theme":
                continue  # the narrative places quotes by their theme's name ([[quotes theme=...]])
            at = header.index(column)
            for record in records[1:]:
                if record[at] == "":
                    continue
                if record[at] not in mapped:
                    mapped[record[at]] = f"{hostile(len(mapped))} {record[at]}"
                    if len(mapped) == 7:
                        mapped[record[at]] = f"{LONG} {record[at]}"
                record[at] = mapped[record[at]]
                (published if column in ("text", "theme") else ids).add(record[at])
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(records)
    assert len(set(mapped.values())) == len(mapped), "the mapping must keep every distinct value distinct"
    written = {}
    for index, (path, _) in enumerate(list(prose(config))):
        text = f"{hostile(index)} mark{len(written)}x"
        if index == 3:
            text = f"{LONG} mark{len(written)}x"
        set_at(config, path, text)
        written[path] = text
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {"name": programme["name"], "config": written, "published": published, "ids": ids}


class Page(HTMLParser):
    """Every element and the visible text of an HTML page (style and script contents left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._hidden += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible(text: str) -> str:
    """Text as a reader compares it: whitespace runs as one space."""
    return " ".join(text.split())


def read_html(path: Path) -> tuple[Page, str]:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page, visible("".join(page.parts))


def bare(text: str) -> str:
    """Printable ASCII without spaces and hyphens: what a PDF's text layer keeps in order,
    whatever its line breaks (and the hyphens Typst adds at them), right-to-left runs and
    invisible characters. That a hyphen prints as one is checked apart (no minus signs)."""
    return "".join(char for char in text if " " < char < "\x7f" and char != "-")


def in_pdf_order(text: str) -> str:
    """`bare` text as a PDF holds it: a right-to-left override run is laid out (and so stored)
    in reverse."""
    return bare(re.sub("\u202e([^\u202c]*)\u202c", lambda run: run.group(1)[::-1], text))


def pdf_orders(text: str) -> tuple[str, str]:
    """The orders a PDF may hold a text in: its right-to-left override run reversed whole, or,
    when a narrow table cell breaks the run over lines, each line (here: word) reversed apart."""
    by_word = re.sub(
        "\u202e([^\u202c]*)\u202c", lambda run: " ".join(word[::-1] for word in run.group(1).split()), text
    )
    return in_pdf_order(text), bare(by_word)


def pdf_text(path: Path) -> str:
    """The text of a PDF's pages without the running header (programme · edition, on every page
    after the first) and footer (Page N of M), which would split a text running over a page."""
    pages = []
    for page in PdfReader(path).pages:
        text = page.extract_text() or ""
        if " · " in text:
            text = text.split(" · ", 1)[1].split("\n", 1)[-1]
        pages.append(re.sub(r"\s*Page \d+ of \d+\s*$", "", text))
    return "\n".join(pages)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    copy = copy_repository(tmp_path_factory.mktemp("hostile") / PROJECT)
    planted = [make_hostile(copy, path) for path in sorted((copy / "config" / "programmes").glob("*.yaml"))]
    result = run_copy(copy, check=False)
    assert result.returncode == 0, f"the build broke:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    return copy, planted


def test_every_configured_and_delivered_text_is_printed_literally_in_html_and_pdf(hostile_build):
    copy, planted = hostile_build
    for programme in planted:
        reports = sorted((copy / "results" / programme["name"]).glob("*/report/report.html"))
        assert reports, programme["name"]
        html = {path: read_html(path) for path in reports}
        texts_of_pdfs = {path: pdf_text(path.with_suffix(".pdf")) for path in reports}
        # the planted "-2+3" stays a hyphen (a change the narrative prints, "−5", is a true minus)
        assert not [path for path, text in texts_of_pdfs.items() if "\u22122+3" in text], (
            "a hyphen printed as a minus sign"
        )
        pdfs = {path: bare(text) for path, text in texts_of_pdfs.items()}
        for page, _ in html.values():
            assert not [
                tag
                for tag, attrs in page.tags
                if tag in ("script", "iframe", "object", "b") or any(name.startswith("on") for name in attrs)
            ], "markup from text became markup"
        printed = 0
        for path, text in programme["config"].items():
            marker = re.search(r"mark\d+x", text).group(0)
            shown = [report for report, (_, words) in html.items() if marker in words]
            for report in shown:
                # A name starting a sentence or a table cell takes a capital letter, in a sentence a small one.
                forms = (text, first_upper(text), lower_first(text))
                assert any(visible(form) in html[report][1] for form in forms), (path, report)
                assert any(order in pdfs[report] for form in forms for order in pdf_orders(form)), (path, report)
            printed += bool(shown)
        core = [
            path
            for path in programme["config"]
            if path[:2]
            in (
                ("programme", "title"),
                ("report", "figures"),  # every chart's title is printed (the chart-data appendix at least)
            )
        ]
        missing = [
            path
            for path in core
            if not any(
                re.search(r"mark\d+x", programme["config"][path]).group(0) in words for _, words in html.values()
            )
        ]
        assert not missing, f"configured texts not printed: {missing}"
        assert printed >= len(core)
        quotes = [text for text in programme["published"] if any(visible(text) in words for _, words in html.values())]
        for text in quotes:
            assert any(in_pdf_order(text) in pdf for pdf in pdfs.values()), text[:80]
        assert quotes, "no quote printed"
        for text in programme["ids"]:
            for report, (_, words) in html.items():
                assert visible(text) not in words, f"an identifier reached {report}"


def test_the_quality_pages_show_delivered_values_as_text(hostile_build):
    copy, planted = hostile_build
    for programme in planted:
        for path in sorted((copy / "results" / programme["name"]).glob("*/quality/quality.html")):
            page, words = read_html(path)
            assert not [
                tag
                for tag, attrs in page.tags
                if tag in ("script", "img", "b") or any(name.startswith("on") for name in attrs)
            ], path
            assert '<script>alert("x")</script>' in words or "=HYPERLINK(" in words, path


def test_no_csv_cell_would_run_as_a_formula(hostile_build):
    copy, _ = hostile_build
    number = re.compile(r"^-?\d+(\.\d+)?$")
    checked = 0
    for path in sorted((copy / "results").rglob("*.csv")):
        for record in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            for cell in record:
                checked += 1
                assert not (cell.startswith(FORMULA_STARTS) and not number.match(cell)), (path, cell[:60])
    assert checked > 10_000


def test_the_long_cell_and_the_invisible_characters_come_through_whole(hostile_build):
    copy, planted = hostile_build
    words = " ".join(read_html(path)[1] for path in sorted((copy / "results").rglob("report.html")))
    assert visible(LONG) in words
    rtl = visible(HOSTILE[10])
    assert rtl in words and unicodedata.normalize("NFC", rtl) == rtl
    assert any(LONG in text for programme in planted for text in programme["config"].values())
