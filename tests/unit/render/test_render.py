"""The report renderer, driven through the real pandoc and Typst (no mocks), and real Quarto and
a real browser where they are installed.

- Always: the embedded renderer on templates/render/example.qmd with the design extension
  installed beside it; escaping; front matter; the extension and date helpers.
- With `quarto` on PATH (see README, Tests): the same document and the bundled example's interim
  report rendered by real Quarto, checked for the same design as the embedded renderer gives.
- With Chromium and axe-core (`npm ci --prefix tests/accessibility`): no accessibility
  violations in the HTML, at desktop and phone width.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import shutil
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import pypandoc
import pytest
from pypdf import PdfReader

matplotlib.use("Agg")
import axe_check  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from repository import TESTS
from workflow_runner import REPO, bundled_config, copy_bundled_raw, run_snakemake, write_config  # noqa: E402

from programme_evaluation.common.quarto_dates import DateError, format_date, publication_date  # noqa: E402
from programme_evaluation.common.quarto_extension import (  # noqa: E402
    ExtensionError,
    extension_files,
    install_extension,
)
from programme_evaluation.document.markdown_text import escape_front_matter, escape_markdown  # noqa: E402
from programme_evaluation.render import engine as render  # noqa: E402
from programme_evaluation.render.engine import (  # noqa: E402
    RenderError,
    read_front_matter,
    render_options,
    render_report,
)

EXTENSIONS = REPO / "templates" / "render" / "_extensions"
EXAMPLE = REPO / "templates" / "render" / "example.qmd"
DESIGN = "format:\n  evaluation-html: default\n  evaluation-typst: default\n"

needs_quarto = pytest.mark.skipif(
    shutil.which("quarto") is None, reason="real Quarto is not on PATH (README, Tests: how to run these)"
)
needs_browser = pytest.mark.skipif(
    not axe_check.available(), reason="needs chromium on PATH and `npm ci --prefix tests/accessibility`"
)

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "@fig-x",
    "$x$",
    '=HYPERLINK("http://evil.example","click")',
    "{{< include /etc/passwd >}}",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "+ = / 2) markers",
    "= not a heading",
    "/ not: a term",
    "a|b\\c *d* _e_ `f` ~g~ ^h^ {i} [j]",
    "<img src=x onerror=alert(1)>",
    "&amp; &lt;b&gt;",
    "]#[ #let x = 1 <label> \\",
    'Smith\'s "quoted" -- name... -? soft ~ tilde',
]


# ---------------------------------------------------------------------------- fixtures


def write_example_figures(folder: Path) -> None:
    """The two PNGs example.qmd refers to, drawn fresh (fixtures are built by code)."""
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    charts = {
        "referrals-by-month.png": lambda ax: ax.plot(["Jan", "Feb", "Mar"], [118, 139, 164], marker="o"),
        "practitioners-trained.png": lambda ax: ax.barh(["Provider A", "Provider B", "Provider C"], [97, 91, 77]),
    }
    for name, draw in charts.items():
        figure, axes = plt.subplots(figsize=(6, 3), dpi=100)
        draw(axes)
        figure.savefig(folder / "figures" / name, metadata={"Software": None}, bbox_inches="tight")
        plt.close(figure)


def example_folder(folder: Path) -> Path:
    """A folder holding example.qmd, its figures and the design extension: it renders on its own."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE, folder / "example.qmd")
    write_example_figures(folder)
    install_extension(EXTENSIONS, folder)
    return folder / "example.qmd"


def write_document(folder: Path, front: str, body: str) -> Path:
    """A .qmd in the report design: `front` is front matter without the format, `body` Markdown."""
    qmd = folder / "r.qmd"
    qmd.write_text(f"---\n{front}{DESIGN}---\n\n{body}", encoding="utf-8")
    install_extension(EXTENSIONS, folder)
    return qmd


def rendered(qmd: Path, out: Path, renderer: str) -> dict:
    html, pdf = out / f"{qmd.stem}.html", out / f"{qmd.stem}.pdf"
    name = render_report(qmd, html, pdf, renderer=renderer)
    return {"qmd": qmd, "html": html, "pdf": pdf, "name": name, "text": html.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("example")
    return rendered(example_folder(folder / "report"), folder / "out", "embedded")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """A report whose title, paragraph and table cells are all hostile data, escaped."""
    folder = tmp_path_factory.mktemp("hostile")
    rows = "\n".join(f"| {number} | {escape_markdown(text)} |" for number, text in enumerate(HOSTILE))
    qmd = write_document(
        folder,
        f"title: {escape_front_matter('Provider <b>&</b> @fig-x')}\n",
        "# Data\n\n"
        + "\n\n".join(escape_markdown(text) for text in HOSTILE)
        + f"\n\n| n | Provider note |\n|---|---|\n{rows}\n\n: Notes from providers {{#tbl-notes}}\n",
    )
    name = render_report(qmd, folder / "hostile.html", folder / "hostile.pdf", renderer="embedded")
    return {"name": name, "html": (folder / "hostile.html").read_text(encoding="utf-8"), "pdf": folder / "hostile.pdf"}


class _Page(HTMLParser):
    """Images, headings and the classes of the elements of an HTML page."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.headings: list[str] = []
        self.classes: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.images.append(attributes)
        if re.fullmatch(r"h[1-4]", tag) and attributes.get("class") != "title" and attributes.get("id") != "toc-title":
            self._heading = []
        self.classes += (attributes.get("class") or "").split()

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-4]", tag) and self._heading is not None:
            self.headings.append(words("".join(self._heading)))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def parsed(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def words(text: str) -> str:
    """Whitespace-normalised text (no-break spaces included), for content checks."""
    return " ".join(text.split())


def visible_text(html: str) -> str:
    body = html[html.index("<body") :] if "<body" in html else html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return words(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def pdf_pages(pdf: Path) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(pdf).pages]


def pdf_text(pdf: Path) -> str:
    return " ".join(pdf_pages(pdf))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------- HTML (embedded)


def test_embedded_renderer_names_its_engines(example):
    assert re.fullmatch(r"embedded \(pandoc 3[\d.]* \+ typst [\d.]+\)", example["name"])


def test_html_is_one_self_contained_file(example):
    text = example["text"]
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB"' in text
    assert "<title>Evaluation of the Example Programme</title>" in text
    assert 'src="figures/' not in text and text.count('src="data:image/png;base64,') == 2
    assert "<script" not in text  # nothing executable in a report


def check_html_design(text: str) -> None:
    """What the report design gives an HTML page, whichever renderer wrote it."""
    page = parsed(text)
    visible = visible_text(text)
    # Title block: the band, then author and the date in date-format.
    assert re.search(
        r'<header id="title-block-header" class="report-title-block">\s*'
        r'<div class="report-title-band">',
        text,
    )
    assert "Programme Evaluation Team 31 March 2025" in visible
    # Contents: a navigation landmark, collapsible on a phone, in a side column on a wide screen.
    assert re.search(
        r'<nav id="TOC" role="doc-toc" aria-labelledby="toc-title">\s*'
        r'<details class="report-contents">',
        text,
    )
    contents = visible_text(text[text.index('<nav id="TOC"') : text.index("</nav>")])
    assert contents.startswith("Contents 1 Summary 2 Delivery 2.1 Referrals")
    assert "What needs attention" not in contents
    assert text.count('<main id="content">') == 1
    # Figures and tables numbered, cross-references resolved to links.
    assert "Figure 1: Referrals received each month" in visible
    assert "Figure 2: Practitioners trained as a share of target" in visible
    assert "Table 1: Practitioners trained against target" in visible
    assert "@fig-" not in visible and "@tbl-" not in visible and "@sec-" not in visible
    for target, label in (
        ("fig-referrals", "Figure 1"),
        ("tbl-training", "Table 1"),
        ("sec-method", "Section 3"),
        ("sec-referrals", "Section 2.1"),
    ):
        pattern = label.replace(" ", "[ \u00a0]")
        assert re.search(rf'<a href="#{target}" class="quarto-xref">{pattern}</a>', text), target
        assert f'id="{target}"' in text
    assert [image["alt"][:10] for image in page.images] == ["Line chart", "Bar chart:"]
    # Callouts: three ways to title one, each kind its own class.
    for kind in ("important", "note", "tip", "warning"):
        assert f'class="report-callout report-callout-{kind}" role="note"' in text, kind
    for title in ("What needs attention", "Reading the status badges", "Warning", "Note"):
        assert re.search(rf'class="report-callout-title">\s*{title}', text), title
    # RAG badges and the key-findings cards.
    for status in ("green", "amber", "red"):
        assert re.search(rf'<span class="rag rag-{status}">{status.upper()}</span>', text)
    assert re.search(r'<div class="key-findings" role="list">', text)
    assert page.classes.count("big-number") == 3
    assert (
        '<span class="figure">702</span> <span class="statement">practitioners trained</span> '
        '<span class="of-target">90% of target</span>'
    ) in words(text)
    assert (
        '<span class="statement">of trainees satisfied (244 of 246)</span></p> '
        "<p>A takeaway stays inside its card.</p> </div>"
    ) in words(text)
    # Tables scroll sideways in a named, focusable box rather than widening a phone's page.
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region"\s+'
        r'aria-label="Table[ \u00a0]1: Practitioners trained',
        text,
    )
    assert "page-break-after: always" in text  # {{< pagebreak >}}, invisible on screen
    assert page.headings == ["1 Summary", "2 Delivery", "2.1 Referrals", "2.2 Training", "3 Method"]


def test_html_has_the_report_design(example):
    check_html_design(example["text"])


# ---------------------------------------------------------------------------- PDF (embedded)


def check_pdf_design(pdf: Path) -> None:
    """What the report design gives a PDF, whichever renderer wrote it."""
    reader = PdfReader(pdf)
    assert 3 <= len(reader.pages) <= 6
    assert reader.metadata.title == "Evaluation of the Example Programme"
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    for expected in [
        "Evaluation of the Example Programme",
        "Quarterly evaluation report",
        "Programme Evaluation Team 31 March 2025",
        "Contents",
        "1 Summary",
        "2.1 Referrals",
        "Figure 1: Referrals received",
        "Table 1: Practitioners trained",
        "shown in Figure 1",
        "described in Section 3",
        "(see Section 2.1",
        "What needs attention",
        "702 practitioners trained 90% of target GREEN",
        "45% of trainees from the priority workforce (315 of 702) 60% of target RED",
        "99% of trainees satisfied (244 of 246) A takeaway stays inside its card.",
        "AMBER",
    ]:
        assert expected in text, expected
    assert "@fig-" not in text and "{{<" not in text and "2025-03-31" not in text
    # Running header from the second page on: programme · edition, and the date.
    assert not pages[0].startswith("Example Programme · 2025-Q1")
    for number, page in enumerate(pages[1:], start=2):
        assert page.startswith("Example Programme · 2025-Q1 31 March 2025"), page[:80]
        assert page.endswith(f"Page {number} of {len(pages)}")
    method = next(page for page in pages[1:] if "3 Method" in page)  # page 1 holds the contents
    assert "Figures come from the providers" in method and "Reading the status badges" not in method


def test_pdf_has_the_report_design(example):
    check_pdf_design(example["pdf"])


def test_pdf_is_tagged_with_language_and_alt_text(example):
    raw = example["pdf"].read_bytes()
    assert b"/Lang(en-GB)" in raw
    assert b"/Alt(Line chart of monthly referrals" in raw
    assert b"/Alt(Bar chart: Provider A 97%" in raw


# ---------------------------------------------------------------------------- determinism


def test_same_input_gives_byte_identical_outputs(example, tmp_path):
    html, pdf = tmp_path / "again.html", tmp_path / "again.pdf"
    render_report(example["qmd"], html, pdf, renderer="embedded")
    assert sha256(html) == sha256(example["html"])
    assert sha256(pdf) == sha256(example["pdf"])


# ---------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_reads_back_literally_through_pandoc(text):
    html = pypandoc.convert_text(escape_markdown(text), "html", format="markdown")
    assert visible_text("<body>" + html) == words(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_stays_inside_one_table_cell(text):
    table = f"| a | b |\n|---|---|\n| {escape_markdown(text)} | end |\n"
    html = pypandoc.convert_text(table, "html", format="markdown")
    cells = re.findall(r"<td>(.*?)</td>", html, flags=re.S)
    assert [html_lib.unescape(cell) for cell in cells] == [words(text), "end"]


def test_escape_flattens_newlines_and_drops_control_characters():
    assert escape_markdown("line one\n\n- two\r\n# three\tfour\x00") == "line one \\- two \\# three four"
    assert escape_markdown(None) == ""
    assert escape_markdown(702) == "702"
    assert escape_markdown("Zoë’s café") == "Zoë’s café"


def test_escape_splits_quarto_shortcodes():
    assert "{{<" not in escape_markdown("{{< include /etc/passwd >}}")


def test_hostile_text_renders_as_text_in_html(hostile):
    html = hostile["html"]
    assert "<script" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "<title>Provider &lt;b&gt;&amp;&lt;/b&gt; @fig-x</title>" in html
    text = visible_text(html)
    for item in HOSTILE:
        assert text.count(words(item)) >= 2, item  # in the paragraph and the table


def test_hostile_text_renders_as_text_in_pdf(hostile):
    assert PdfReader(hostile["pdf"]).metadata.title == "Provider <b>&</b> @fig-x"
    # PDF text extraction breaks lines where it likes; compare without whitespace.
    squeezed = re.sub(r"\s+", "", pdf_text(hostile["pdf"]))
    for item in HOSTILE:
        assert squeezed.count(re.sub(r"\s+", "", item)) >= 2, item


def test_hostile_text_in_a_big_number_prints_as_written(tmp_path):
    statement = escape_markdown("- one... -? #let x = [y]")
    body = f"::: {{.big-number}}\n[1]{{.figure}} {statement} [50% of target]{{.of-target}}\n:::\n"
    qmd = write_document(tmp_path, "title: T\n", body)
    render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")
    assert "1 - one... -? #let x = [y] 50% of target" in pdf_text(tmp_path / "r.pdf")


# ---------------------------------------------------------------------------- front matter and extension


def test_the_extension_gives_defaults_and_the_document_overrides_them(tmp_path):
    qmd = write_document(tmp_path, "title: T\ndate: '2024-02-05'\ntoc-depth: 1\n", "Body\n")
    html, typst = (render_options(read_front_matter(qmd), tmp_path, base) for base in ("html", "typst"))
    assert (html.toc, html.toc_title, html.toc_depth, html.number_sections) == (True, "Contents", 1, True)
    assert html.date == "February 2024"  # the extension's date-format
    assert [css.name for css in html.css] == ["report.css"]
    assert [lua.name for lua in html.filters] == ["evaluation.lua", "quarto.lua", "output.lua"]
    assert (typst.papersize, typst.section_numbering) == ("a4", "1.1")

    qmd.write_text(
        "---\ntitle: T\ndate: '2024-02-05'\ndate-format: D MMMM YYYY\ntoc: false\nformat:\n"
        "  evaluation-html:\n    toc: true\n    css: extra.css\n"
        "  evaluation-typst:\n    papersize: us-letter\n---\n\nBody\n",
        encoding="utf-8",
    )
    html, typst = (render_options(read_front_matter(qmd), tmp_path, base) for base in ("html", "typst"))
    assert (html.toc, typst.toc) == (True, False)  # the format's own options win over the document's
    assert html.date == typst.date == "5 February 2024"
    assert [css.name for css in html.css] == ["report.css", "extra.css"] and html.css[1].parent == tmp_path
    assert typst.papersize == "us-letter"


def test_the_embedded_renderer_needs_the_design_extension(tmp_path):
    qmd = tmp_path / "r.qmd"
    qmd.write_text("---\ntitle: T\nformat: html\n---\n\nBody\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"format comes from a Quarto extension .*asks for plain html"):
        render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")
    qmd.write_text(f"---\ntitle: T\n{DESIGN}---\n\nBody\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"no _extensions/evaluation/_extension.yml beside it.*install_extension"):
        render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")


def test_install_extension_copies_the_design_and_replaces_an_old_copy(tmp_path):
    stale = tmp_path / "_extensions" / "evaluation" / "old-design.lua"
    stale.parent.mkdir(parents=True)
    stale.write_text("-- from an earlier design", encoding="utf-8")
    written = install_extension(EXTENSIONS, tmp_path)
    names = extension_files(EXTENSIONS)
    assert [path.relative_to(tmp_path / "_extensions").as_posix() for path in written] == names
    assert {
        "evaluation/_extension.yml",
        "evaluation/evaluation.lua",
        "evaluation/output.lua",
        "evaluation/report.css",
        "evaluation/typst-template.typ",
        "evaluation/typst-show.typ",
        "evaluation/title-block.html",
        "evaluation/toc.html",
        "evaluation/embedded/quarto.lua",
        "evaluation/embedded/template.html",
        "evaluation/embedded/template.typ",
    } <= set(names)
    assert not stale.exists()
    for name in names:
        assert (tmp_path / "_extensions" / name).read_bytes() == (EXTENSIONS / name).read_bytes()
    with pytest.raises(ExtensionError, match="is not a folder of Quarto extensions"):
        extension_files(tmp_path / "elsewhere")


def test_unresolved_reference_is_visible_not_fatal(tmp_path, caplog):
    qmd = write_document(tmp_path, "title: T\n", "See @fig-missing and @someone.\n")
    render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")
    assert "<strong>?@fig-missing</strong> and @someone" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "?@fig-missing and @someone" in pdf_text(tmp_path / "r.pdf")
    assert "unresolved cross-reference @fig-missing" in caplog.text


def test_front_matter_is_read_once_for_both_outputs(tmp_path, monkeypatch):
    qmd = write_document(tmp_path, "title: T\n", "# Part\n\nBody\n")
    reads = []

    def counted(path):
        reads.append(path)
        return read_front_matter(path)

    monkeypatch.setattr(render, "read_front_matter", counted)
    render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")
    assert reads == [qmd]
    assert 'id="TOC"' in (tmp_path / "r.html").read_text(encoding="utf-8")  # the options still reach the HTML


def test_broken_front_matter_is_a_clear_error(tmp_path):
    qmd = tmp_path / "r.qmd"
    qmd.write_text('---\ntitle: "a \\< b"\n---\n\nBody\n', encoding="utf-8")
    with pytest.raises(RenderError, match="front matter is not valid YAML"):
        render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "written, date, date_format",
    [
        ("2024", "2024-01-01", "YYYY"),
        ("July 2023", "2023-07-01", "MMMM YYYY"),
        ("1 July 2023", "2023-07-01", "D MMMM YYYY"),
        ("2023-07-01", "2023-07-01", "YYYY-MM-DD"),
    ],
)
def test_a_publication_date_prints_as_written(written, date, date_format):
    published = publication_date(written)
    assert (published.date, published.format) == (date, date_format)
    assert format_date(published.date, published.format) == written


@pytest.mark.parametrize("written", ["Spring 2024", "31/03/2023", "Julyy 2023", "30 February 2024", ""])
def test_a_date_quarto_would_misprint_is_refused(written):
    with pytest.raises(DateError, match="cannot be printed as written by Quarto"):
        publication_date(written)


def test_dates_format_as_quarto_formats_them():
    assert format_date("2023-07-09", "dddd D MMM YY") == "Sunday 9 Jul 23"
    assert format_date("2023-07-09", "[Week of] DD/MM/YYYY") == "Week of 09/07/2023"
    assert format_date("2023-07-09", "long") == "9 July 2023" and format_date("2023-07-09", "iso") == "2023-07-09"
    with pytest.raises(DateError, match="not an ISO date"):
        format_date("July 2023", "YYYY")
    with pytest.raises(DateError, match="'short' is not supported"):
        format_date("2023-07-09", "short")


# ---------------------------------------------------------------------------- colours


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_badge_and_callout_colours_meet_wcag_aa_in_both_outputs():
    css = (EXTENSIONS / "evaluation" / "report.css").read_text(encoding="utf-8")
    typ = (EXTENSIONS / "evaluation" / "typst-template.typ").read_text(encoding="utf-8")
    variables = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    html_badges = {"green": "#ffffff", "amber": variables["ink"], "red": "#ffffff"}
    for status, text in html_badges.items():
        assert contrast(variables[f"rag-{status}"], text) >= 4.5, status
    pdf_badges = re.findall(
        r'(green|amber|red): \(fill: rgb\("(#[0-9a-f]{6})"\), text: (white|rgb\("(#[0-9a-f]{6})"\))', typ
    )
    assert len(pdf_badges) == 3
    for status, fill, text, colour in pdf_badges:
        assert variables[f"rag-{status}"] == fill, status  # the same colours in HTML and PDF
        assert contrast(fill, colour or "#ffffff") >= 4.5, status
    callouts = re.findall(r"\.report-callout-(\w+) \{ --callout-colour: (#\w{6}); --callout-tint: (#\w{6}); \}", css)
    assert len(callouts) == 4
    for kind, colour, tint in callouts:
        assert contrast(colour, tint) >= 4.5, kind


# ---------------------------------------------------------------------------- choosing the renderer


def test_quarto_renderer_without_quarto_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no quarto anywhere
    qmd = tmp_path / "r.qmd"
    qmd.write_text("Body\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"renderer='quarto'.*no `quarto` executable is on PATH"):
        render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="quarto")


def test_unknown_renderer_is_refused(tmp_path):
    with pytest.raises(ValueError, match="renderer must be one of"):
        render_report(tmp_path / "r.qmd", tmp_path / "r.html", tmp_path / "r.pdf", renderer="latex")


def test_auto_asks_quarto_for_the_documents_formats_and_moves_its_outputs(tmp_path, monkeypatch):
    """A stand-in `quarto` records its arguments and writes where Quarto writes: beside the .qmd,
    under the name given by --output (a partial name, moved into place when complete)."""
    bin_dir, work = tmp_path / "bin", tmp_path / "work"
    bin_dir.mkdir()
    work.mkdir()
    fake = bin_dir / "quarto"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "$@" >> calls.log\n'
        'stem="${2%.qmd}"\n'
        'case "$4" in *html) echo "<html>$stem</html>" > "$7";; *) echo "%PDF $stem" > "$7";; esac\n',
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    qmd = work / "report.qmd"
    qmd.write_text("Body\n", encoding="utf-8")
    assert render_report(qmd, tmp_path / "out" / "r.html", tmp_path / "out" / "r.pdf") == "quarto"
    write_document(work, "title: T\n", "Body\n").rename(qmd)
    render_report(qmd, tmp_path / "out" / "r.html", tmp_path / "out" / "r.pdf")
    assert (work / "calls.log").read_text().splitlines() == [
        "render report.qmd --to html --quiet --output .report.quarto.html",
        "render report.qmd --to typst --quiet --output .report.quarto.pdf",
        "render report.qmd --to evaluation-html --quiet --output .report.quarto.html",
        "render report.qmd --to evaluation-typst --quiet --output .report.quarto.pdf",
    ]
    assert (tmp_path / "out" / "r.html").read_text() == "<html>report</html>\n"
    assert (tmp_path / "out" / "r.pdf").read_text() == "%PDF report\n"
    assert sorted(path.name for path in work.iterdir()) == ["_extensions", "calls.log", "report.qmd"]


def test_pandoc_is_the_bundled_pandoc_3():
    version = subprocess.run([pypandoc.get_pandoc_path(), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("pandoc 3")


# ---------------------------------------------------------------------------- real Quarto


@pytest.fixture(scope="module")
def quarto_example(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("quarto-example")
    return rendered(example_folder(folder / "report"), folder / "out", "quarto")


SCENARIO_NARRATIVE = TESTS / "scenarios" / "narrative"


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory) -> Path:
    """The bundled example's interim report folder as the workflow writes it (not rendered), with
    the test narrative of tests/scenarios/narrative/ (every Markdown feature, hostile text)."""
    workdir = tmp_path_factory.mktemp("bundled")
    copy_bundled_raw(workdir)
    config = bundled_config()
    shutil.copytree(SCENARIO_NARRATIVE, workdir / "programme" / "narrative")  # beside programme.yaml
    run_snakemake(
        workdir,
        configfile=write_config(workdir, config),
        targets=(
            f"results/{config['programme']['name']}/interim/report/report.qmd",
            f"results/{config['programme']['name']}/interim/report/_extensions/evaluation/_extension.yml",
        ),
    )
    return workdir / "results" / config["programme"]["name"] / "interim" / "report"


def render_copy(folder: Path, target: Path, renderer: str) -> dict:
    """Render a copy of a report folder (it must render on its own) with `renderer`."""
    shutil.copytree(folder, target)
    return rendered(target / "report.qmd", target, renderer)


@needs_quarto
def test_real_quarto_renders_the_example_in_the_report_design(quarto_example):
    assert quarto_example["name"] == "quarto"
    check_html_design(quarto_example["text"])
    check_pdf_design(quarto_example["pdf"])


@needs_quarto
def test_real_quarto_and_the_embedded_renderer_give_the_same_report(quarto_example, example):
    quarto_page, embedded_page = parsed(quarto_example["text"]), parsed(example["text"])
    assert quarto_page.headings == embedded_page.headings
    for name in ("rag-green", "rag-amber", "rag-red", "big-number", "report-callout", "table-scroll"):
        assert quarto_page.classes.count(name) == embedded_page.classes.count(name), name
    assert len(PdfReader(quarto_example["pdf"]).pages) == len(PdfReader(example["pdf"]).pages)


NARRATIVE_WORDS = (
    "An inline footnote.",
    "A numbered footnote with",
    "A block quote, with",
    "Reading this chapter",
    "Raw <b>markup</b>, <script>alert(1)</script>, $x^2$ and #set page(fill: red) print as typed.",
    "Commissioned by Better Start Bradford",  # the timeline
)


@needs_quarto
def test_real_quarto_renders_the_narrative_like_the_embedded_renderer(bundled_report, tmp_path):
    quarto = render_copy(bundled_report, tmp_path / "quarto", "quarto")
    embedded = render_copy(bundled_report, tmp_path / "embedded", "embedded")
    pages = {}
    for output in (quarto, embedded):
        page, visible = parsed(output["text"]), visible_text(output["text"])
        assert "Better Start Bradford Innovation Hub (synthetic example) July 2023" in visible
        assert page.classes.count("big-number") == 2 and page.classes.count("key-findings") == 1
        assert page.classes.count("report-callout-tip") == 1 and page.classes.count("report-callout-note") == 1
        assert "<script>alert(1)" not in output["text"] and "<b>markup" not in output["text"]
        for words in NARRATIVE_WORDS:
            assert words in visible, (output["name"], words)
        assert re.search(r"See Section[ \u00a0]2|cites Section[ \u00a0]2", visible), output["name"]
        assert re.search(r"Figure[ \u00a0]1", visible) and re.search(r"Table[ \u00a0]\d", visible)
        pages[output["name"]] = pdf_pages(output["pdf"])
        pdf = " ".join(pages[output["name"]])
        for words in ("An inline footnote.", "<script>alert(1)</script>", "#set page(fill: red)"):
            assert words in pdf, (output["name"], words)
        # The running header on every page after the first (after the DRAFT watermark's text),
        # with the draft mark between the programme and the date.
        header = re.compile(r"^(DRAFT )?Little Minds Matter · Interim DRAFT: not released July 2023")
        assert all(header.match(page) for page in pages[output["name"]][1:]), output["name"]
    quarto_page, embedded_page = parsed(quarto["text"]), parsed(embedded["text"])
    assert quarto_page.headings == embedded_page.headings
    for name in ("big-number", "key-findings", "report-callout", "rag-green", "rag-amber", "rag-red", "trace"):
        assert quarto_page.classes.count(name) == embedded_page.classes.count(name), name
    assert abs(len(pages["quarto"]) - len(pages[embedded["name"]])) <= 2


# ---------------------------------------------------------------------------- accessibility


@needs_browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_example_report_has_no_accessibility_violations(example, width):
    assert axe_check.violations(example["html"], width=width) == []


@needs_browser
def test_the_bundled_report_has_no_accessibility_violations(bundled_report, tmp_path):
    embedded = render_copy(bundled_report, tmp_path / "embedded", "embedded")
    assert axe_check.violations(embedded["html"], width=1280) == []
    assert axe_check.violations(embedded["html"], width=390) == []
    if shutil.which("quarto"):
        quarto = render_copy(bundled_report, tmp_path / "quarto", "quarto")
        assert axe_check.violations(quarto["html"], width=1280) == []
