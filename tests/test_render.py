"""The report renderer, driven through the real pandoc and Typst (no mocks).

Quarto itself cannot be installed here; the Quarto path is covered by its clear error and by
a stand-in `quarto` script that checks the command line and where outputs are moved to.
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
import matplotlib.pyplot as plt  # noqa: E402

from programme_evaluation.render import engine as render  # noqa: E402
from programme_evaluation.document.markdown_text import escape_front_matter, escape_markdown  # noqa: E402
from programme_evaluation.render.engine import (  # noqa: E402
    ASSETS,
    RenderError,
    read_front_matter,
    render_options,
    render_report,
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
    "Smith's \"quoted\" -- name... -? soft ~ tilde",
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


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("example")
    qmd = folder / "report" / "example.qmd"
    qmd.parent.mkdir()
    shutil.copy(ASSETS / "example.qmd", qmd)
    write_example_figures(qmd.parent)
    html, pdf = folder / "out" / "example.html", folder / "out" / "example.pdf"
    name = render_report(qmd, html, pdf, renderer="embedded")
    return {"qmd": qmd, "html": html, "pdf": pdf, "name": name, "text": html.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """A report whose title, paragraph and table cells are all hostile data, escaped."""
    folder = tmp_path_factory.mktemp("hostile")
    rows = "\n".join(f"| {number} | {escape_markdown(text)} |" for number, text in enumerate(HOSTILE))
    qmd = folder / "hostile.qmd"
    qmd.write_text(
        f"---\ntitle: {escape_front_matter('Provider <b>&</b> @fig-x')}\nlang: en-GB\n---\n\n"
        "# Data\n\n"
        + "\n\n".join(escape_markdown(text) for text in HOSTILE)
        + f"\n\n| n | Provider note |\n|---|---|\n{rows}\n\n: Notes from providers {{#tbl-notes}}\n",
        encoding="utf-8",
    )
    name = render_report(qmd, folder / "hostile.html", folder / "hostile.pdf", renderer="embedded")
    return {"name": name, "html": (folder / "hostile.html").read_text(encoding="utf-8"), "pdf": folder / "hostile.pdf"}


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def words(text: str) -> str:
    """Whitespace-normalised text (no-break spaces included), for content checks."""
    return " ".join(text.split())


def visible_text(html: str) -> str:
    body = html[html.index("<body") :]
    return words(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def pdf_text(pdf: Path) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(pdf).pages))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------- HTML


def test_embedded_renderer_names_its_engines(example):
    assert re.fullmatch(r"embedded \(pandoc 3[\d.]* \+ typst [\d.]+\)", example["name"])


def test_html_is_one_self_contained_file(example):
    text = example["text"]
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB"' in text
    assert "<title>Evaluation of the Example Programme</title>" in text
    assert 'src="figures/' not in text and text.count('src="data:image/png;base64,') == 2
    assert "<script" not in text  # nothing executable in a report


def test_html_figures_are_numbered_with_alt_text(example):
    text = visible_text(example["text"])
    assert "Figure 1: Referrals received each month" in text
    assert "Figure 2: Practitioners trained as a share of target" in text
    assert "Table 1: Practitioners trained against target" in text
    parser = _Images()
    parser.feed(example["text"])
    assert [image["alt"][:10] for image in parser.images] == ["Line chart", "Bar chart:"]


def test_html_cross_references_are_resolved_links(example):
    text = example["text"]
    assert "@fig-" not in text and "@tbl-" not in text and "@sec-" not in text
    assert re.search(r'<a href="#fig-referrals" class="quarto-xref">Figure\s1</a>', text)
    assert re.search(r'<a href="#tbl-training" class="quarto-xref">Table\s1</a>', text)
    assert re.search(r'<a href="#sec-method" class="quarto-xref">Section\s3</a>', text)
    assert 'id="fig-referrals"' in text and 'id="tbl-training"' in text and 'id="sec-method"' in text


def test_html_has_callouts_badges_big_number_and_contents(example):
    text = example["text"]
    assert '<div class="callout callout-important" role="note">' in text
    assert re.search(r'class="callout-title">\s*What needs attention', text)  # "## Title" form
    assert re.search(r'class="callout-title">\s*Reading the status badges', text)  # title= form
    assert re.search(r'class="callout-title">\s*Warning', text)  # default title
    for status in ("green", "amber", "red"):
        assert f'<span class="rag rag-{status}">{status.upper()}</span>' in text
    assert '<span class="figure">702</span>' in text
    assert '<nav id="TOC" role="doc-toc">' in text
    assert "What needs attention" not in text[text.index('<nav id="TOC"') : text.index("</nav>")]
    assert 'page-break-after: always' in text  # {{< pagebreak >}}, invisible on screen


# ---------------------------------------------------------------------------- PDF


def test_pdf_has_title_contents_numbers_and_key_strings(example):
    reader = PdfReader(example["pdf"])
    assert 3 <= len(reader.pages) <= 6
    assert reader.metadata.title == "Evaluation of the Example Programme"
    text = pdf_text(example["pdf"])
    for expected in [
        "Evaluation of the Example Programme", "Quarterly evaluation report", "31 March 2025",
        "Programme Evaluation Team", "Contents", "1 Summary", "2.1 Referrals",
        "Figure 1: Referrals received", "Table 1: Practitioners trained", "shown in Figure 1",
        "described in Section 3", "What needs attention", "702", "GREEN", "AMBER", "RED",
        "Page 2 of", "Example Programme · 2025-Q1",
    ]:
        assert expected in text, expected
    assert "@fig-" not in text and "{{<" not in text


def test_pdf_is_tagged_with_language_and_alt_text(example):
    raw = example["pdf"].read_bytes()
    assert b"/Lang(en-GB)" in raw
    assert b"/Alt(Line chart of monthly referrals" in raw
    assert b"/Alt(Bar chart: Provider A 97%" in raw


def test_pagebreak_starts_the_method_on_a_new_page(example):
    pages = [words(page.extract_text()) for page in PdfReader(example["pdf"]).pages]
    method = next(page for page in pages[1:] if "3 Method" in page)  # page 1 holds the contents
    assert "Figures come from the providers" in method and "Reading the status badges" not in method


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


# ---------------------------------------------------------------------------- front matter


def test_front_matter_contract(tmp_path):
    qmd = tmp_path / "r.qmd"
    qmd.write_text(
        "---\ntitle: T\nnumber-sections: true\ntoc: true\nformat:\n  html:\n    toc: false\n"
        "    css: extra.css\n  typst:\n    papersize: us-letter\n    section-numbering: '1.a'\n---\n\nBody\n",
        encoding="utf-8",
    )
    options = render_options(read_front_matter(qmd), tmp_path)
    assert (options.html_toc, options.typst_toc) == (False, True)
    assert options.number_sections and options.section_numbering == "1.a"
    assert options.papersize == "us-letter" and options.extra_css == [tmp_path / "extra.css"]
    assert render_options({}, tmp_path).html_toc is False  # as Quarto: no contents unless asked


def test_unresolved_reference_is_visible_not_fatal(tmp_path, caplog):
    qmd = tmp_path / "r.qmd"
    qmd.write_text("---\ntitle: T\n---\n\nSee @fig-missing and @someone.\n", encoding="utf-8")
    render_report(qmd, tmp_path / "r.html", tmp_path / "r.pdf", renderer="embedded")
    assert "<strong>?@fig-missing</strong> and @someone" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "?@fig-missing and @someone" in pdf_text(tmp_path / "r.pdf")
    assert "unresolved cross-reference @fig-missing" in caplog.text


def test_front_matter_is_read_once_for_both_outputs(tmp_path, monkeypatch):
    qmd = tmp_path / "r.qmd"
    qmd.write_text("---\ntitle: T\ntoc: true\n---\n\n# Part\n\nBody\n", encoding="utf-8")
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


def test_auto_uses_quarto_when_on_path_and_moves_its_outputs(tmp_path, monkeypatch):
    """A stand-in `quarto` (the real one cannot be installed here) records its arguments and
    writes where Quarto writes: beside the .qmd."""
    bin_dir, work = tmp_path / "bin", tmp_path / "work"
    bin_dir.mkdir()
    work.mkdir()
    fake = bin_dir / "quarto"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "$@" >> calls.log\n'
        'stem="${2%.qmd}"\n'
        'if [ "$4" = html ]; then echo "<html>$stem</html>" > "$stem.html"; else echo "%PDF $stem" > "$stem.pdf"; fi\n',
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    qmd = work / "report.qmd"
    qmd.write_text("Body\n", encoding="utf-8")
    name = render_report(qmd, tmp_path / "out" / "r.html", tmp_path / "out" / "r.pdf")
    assert name == "quarto"
    assert (work / "calls.log").read_text().splitlines() == [
        "render report.qmd --to html", "render report.qmd --to typst"]
    assert (tmp_path / "out" / "r.html").read_text() == "<html>report</html>\n"
    assert (tmp_path / "out" / "r.pdf").read_text() == "%PDF report\n"
    assert not (work / "report.html").exists()


def test_pandoc_is_the_bundled_pandoc_3():
    version = subprocess.run([pypandoc.get_pandoc_path(), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("pandoc 3")
