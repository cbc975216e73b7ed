"""The formats a report is published in, read back: Word (docx), the published set as an
Analysis Function spreadsheet (xlsx), and the PDF's structure tree (tagged, PDF/UA-1).

Fast tests use templates/render/example.qmd and a published table made here; the workflow
tests read every edition of every programme of the session build (conftest.py)."""

from __future__ import annotations

import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from test_render import example_folder, needs_quarto, parsed

from programme_evaluation.published.spreadsheet import write_spreadsheet
from programme_evaluation.render.engine import render_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---------------------------------------------------------------------------- readers


def word_report(path: Path) -> dict:
    """Headings, captions, image descriptions, link anchors and bookmarks of a .docx, from every
    paragraph, those in tables included (Quarto lays a float out in a table)."""
    document = Document(str(path))
    body = document.element.body
    paragraphs = []
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        pieces = paragraph.iter(f"{W}t", f"{W}tab")
        text = "".join("\t" if node.tag == f"{W}tab" else node.text or "" for node in pieces).replace("\xa0", " ")
        paragraphs.append((style.get(f"{W}val") if style is not None else "", text))
    return {
        "headings": [text for style, text in paragraphs if style.startswith("Heading")],
        "captions": [text for style, text in paragraphs if style in ("ImageCaption", "TableCaption", "Caption")],
        "alts": [shape._inline.docPr.get("descr") for shape in document.inline_shapes],
        "anchors": [link.get(f"{W}anchor") for link in body.iter(f"{W}hyperlink") if link.get(f"{W}anchor")],
        "bookmarks": {mark.get(f"{W}name") for mark in body.iter(f"{W}bookmarkStart")},
        "text": "\n".join(text for _, text in paragraphs),
        "xml": body.xml,
    }


def heading_titles(headings: list[str]) -> list[str]:
    """Headings without their numbers ("1.2\tAims" from pandoc, "1.2 Aims" from Quarto)."""
    return [re.sub(r"^[\d.]+\s+", "", heading).strip() for heading in headings]


def structure(pdf: Path) -> dict:
    """The tags of a PDF's structure tree, the alt text of its figures and its catalogue."""
    reader = PdfReader(str(pdf))
    root = reader.trailer["/Root"]
    tags, alts = [], []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, list) or hasattr(node, "__iter__") and not hasattr(node, "get"):
            for child in node:
                walk(child, depth + 1)
            return
        if not hasattr(node, "get"):
            return
        tag = node.get("/S")
        if tag is not None:
            tags.append(str(tag))
            if str(tag) == "/Figure":
                alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        if kids is not None and depth < 200:
            walk(kids, depth + 1)

    tree = root.get("/StructTreeRoot")
    if tree is not None:
        walk(tree.get_object().get("/K"))
    return {
        "root": root,
        "tags": tags,
        "alts": alts,
        "title": (reader.metadata or {}).get("/Title"),
        "ua": "pdfuaid"
        in (root.get("/Metadata").get_object().get_data().decode("utf-8", "replace") if root.get("/Metadata") else ""),
    }


# ---------------------------------------------------------------------------- Word


@pytest.fixture(scope="module")
def example_word(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("word")
    qmd = example_folder(folder / "report")
    out = folder / "out"
    render_report(qmd, out / "e.html", out / "e.pdf", renderer="embedded", docx=out / "e.docx")
    return {"qmd": qmd, "out": out, "docx": out / "e.docx", "pdf": out / "e.pdf", "word": word_report(out / "e.docx")}


def test_word_report_has_numbered_headings_captions_and_working_references(example_word):
    word = example_word["word"]
    assert heading_titles(word["headings"])[:4] == ["Summary", "Delivery", "Referrals", "Training"]
    assert word["headings"][0].startswith("1\t")
    assert any(c.startswith("Figure 1: Referrals received") for c in word["captions"])
    assert any(c.startswith("Table 1: Practitioners trained") for c in word["captions"])
    # Every cross-reference is an internal link to a bookmark that exists.
    assert word["anchors"] and set(word["anchors"]) <= word["bookmarks"], set(word["anchors"]) - word["bookmarks"]
    # No Markdown or Quarto markup survives as text.
    assert "](#" not in word["text"] and "?@" not in word["text"] and "{{<" not in word["text"]


def test_word_report_reads_without_colour_and_describes_every_image(example_word):
    word = example_word["word"]
    qmd_text = example_word["qmd"].read_text(encoding="utf-8")
    expected_alts = re.findall(r'fig-alt="([^"]+)"', qmd_text)
    assert expected_alts and word["alts"] == expected_alts
    # RAG ratings and the key findings' numbers are words, in bold, not colour.
    for rating in ("GREEN", "AMBER", "RED"):
        assert re.search(rf"<w:b/>.*?<w:t[^>]*>{rating}</w:t>", word["xml"], re.S), rating
    assert "702 practitioners trained" in word["text"]


def test_word_report_is_byte_identical_when_rendered_again(example_word, tmp_path):
    time.sleep(1.1)  # a zip entry's time has a resolution of 2 s: cross a boundary if it leaks
    again = tmp_path / "again.docx"
    render_report(example_word["qmd"], tmp_path / "a.html", tmp_path / "a.pdf", renderer="embedded", docx=again)
    assert again.read_bytes() == example_word["docx"].read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "1980-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


def word_header(path: Path) -> list[str]:
    """The text of the header of each section of a .docx ('' where a section has none)."""
    return [
        "" if section.header.is_linked_to_previous else "\n".join(p.text for p in section.header.paragraphs)
        for section in Document(str(path)).sections
    ]


def test_word_report_carries_its_draft_or_release_mark_in_every_page_header(example_word, tmp_path):
    assert word_header(example_word["docx"]) == [""]  # a document without a mark has no header
    qmd = example_word["qmd"]
    front, body = qmd.read_text(encoding="utf-8").split("\n---\n", 1)
    for mark, said in (
        ('draft-mark: "DRAFT: not released"', "DRAFT: not released"),
        # release.py escapes the mark as Markdown, as every front-matter string is
        ('release-mark: "Revision 1\\\\, released 1 July 2024 \\\\<&\\\\>"', "Revision 1, released 1 July 2024 <&>"),
    ):
        marked = qmd.with_name(f"marked-{len(said)}.qmd")
        marked.write_text(f"{front}\n{mark}\n---\n{body}", encoding="utf-8")
        docx = tmp_path / f"{marked.stem}.docx"
        render_report(marked, tmp_path / "m.html", tmp_path / "m.pdf", renderer="embedded", docx=docx)
        assert word_header(docx) == [said], mark
        header = zipfile.ZipFile(docx).read("word/report-mark.xml").decode()
        assert ("<w:b/>" in header) == said.startswith("DRAFT"), "a draft's mark is bold, a release's plain"
        # The header changes nothing else: the body is the unmarked document's.
        assert word_report(docx)["text"] == example_word["word"]["text"]


# ---------------------------------------------------------------------------- tagged PDF


def test_embedded_pdf_is_tagged_pdf_ua_with_alt_text_on_every_figure(example_word):
    found = structure(example_word["pdf"])
    root = found["root"]
    assert str(root["/Lang"]) == "en-GB"
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    assert "/StructTreeRoot" in root
    assert found["title"] == "Evaluation of the Example Programme"
    assert found["ua"], "the XMP metadata declares PDF/UA (pdfuaid)"
    tags = set(found["tags"])
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure", "/P"} <= tags, tags
    expected = re.findall(r'fig-alt="([^"]+)"', example_word["qmd"].read_text(encoding="utf-8"))
    assert found["alts"] == expected


# ---------------------------------------------------------------------------- spreadsheet

PUBLISHED = pd.DataFrame(
    [
        ["training.trained", "Y1", "all", "205", "205", "", "168", "1.220238", "GREEN"],
        ["training.trained", "Y2", "all", "[c]", "[c]", "", "168", "[c]", "[c]"],
        ["training.share", "overall", "all", "0.75", "30", "40", "0.8", "0.9375", "AMBER"],
        ["clinical.referrals", "overall", "=SUM(A1)", "-3", "", "", "", "", ""],
    ],
    columns=["metric", "period", "group", "value", "numerator", "denominator", "target", "pct_of_target", "rag"],
)
METRICS = [
    {"name": "training.trained", "description": "Practitioners\n trained"},
    {"name": "training.share", "description": "Share from the priority workforce"},
    {"name": "clinical.referrals", "description": "Referrals received"},
]


@pytest.fixture
def spreadsheet(tmp_path) -> dict:
    published = tmp_path / "metrics.csv"
    PUBLISHED.to_csv(published, index=False)
    out = tmp_path / "metrics.xlsx"
    write_spreadsheet(published, out, title="Example Programme", edition="interim", metrics=METRICS)
    return {"published": published, "out": out, "book": load_workbook(out)}


def test_spreadsheet_has_cover_contents_notes_and_one_table_per_sheet(spreadsheet):
    book = spreadsheet["book"]
    assert book.sheetnames == ["Cover", "Contents", "Notes", "Table_1", "Table_2"]
    assert book["Cover"]["A1"].value == "Example Programme: published metrics, interim edition"
    assert book["Table_1"]["A1"].value == "Table 1: Training metrics, interim edition"
    assert book["Table_2"]["A1"].value == "Table 2: Clinical metrics, interim edition"
    assert book["Table_1"]["A3"].value.startswith("Source: published/metrics.csv")
    contents = [row for row in book["Contents"].iter_rows(min_row=4, values_only=True)]
    assert [row[0] for row in contents] == ["Notes", "Table_1", "Table_2"]
    notes = " ".join(str(row[1]) for row in book["Notes"].iter_rows(min_row=4, values_only=True))
    assert "[c]: withheld to protect confidentiality" in notes and "[z]: not applicable" in notes
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, sheet.title
        # No blank rows: every row down to the last has something in column A.
        assert all(sheet.cell(row, 1).value not in (None, "") for row in range(1, sheet.max_row + 1)), sheet.title
    assert set(book["Table_1"].tables) == {"table_1"}


def test_spreadsheet_stores_numbers_as_numbers_and_shorthand_as_written(spreadsheet):
    sheet = spreadsheet["book"]["Table_1"]
    header = [cell.value for cell in sheet[4]]
    assert header[:4] == ["Metric", "Description", "Period", "Group"] and header[4].startswith("Value [note 1]")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert rows[0][:5] == ["training.trained", "Practitioners trained", "Y1", "all", 205]
    assert rows[0][8] == pytest.approx(1.220238) and sheet.cell(5, 9).number_format == "0.0%"
    assert rows[1][4] == "[c]" and rows[1][8] == "[c]" and rows[1][6] == "[z]"
    assert rows[2][4] == pytest.approx(0.75) and isinstance(rows[2][5], int)
    clinical = [[cell.value for cell in row] for row in spreadsheet["book"]["Table_2"].iter_rows(min_row=5)]
    # Text from configuration or data is text, never a formula; a negative number stays a number.
    assert clinical[0][3] == "=SUM(A1)" and spreadsheet["book"]["Table_2"].cell(5, 4).data_type == "s"
    assert clinical[0][4] == -3


def test_spreadsheet_is_byte_identical_when_written_again(spreadsheet, tmp_path):
    time.sleep(2.1)
    again = tmp_path / "again.xlsx"
    write_spreadsheet(spreadsheet["published"], again, title="Example Programme", edition="interim", metrics=METRICS)
    assert again.read_bytes() == spreadsheet["out"].read_bytes()


# ---------------------------------------------------------------------------- every edition


def editions_of(copy: Path) -> list[Path]:
    return sorted(path.parent for path in (copy / "results").glob("*/*/manifest-report.json"))


@pytest.mark.workflow
def test_every_edition_has_word_and_spreadsheet_listed_in_its_manifests(every_programme_built):
    editions = editions_of(every_programme_built)
    assert len(editions) >= 5
    for edition in editions:
        docx, xlsx = edition / "report" / "report.docx", edition / "published" / "metrics.xlsx"
        report_manifest = json.loads((edition / "manifest-report.json").read_text(encoding="utf-8"))
        manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
        listed = json.dumps(report_manifest["outputs"]) + json.dumps(manifest["outputs"])
        assert "report/report.docx" in listed and "published/metrics.xlsx" in listed, edition

        word = word_report(docx)
        html_headings = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", (edition / "report" / "report.html").read_text())
        assert len(word["headings"]) >= 10, edition
        assert word["alts"] and all(alt and len(alt) > 20 for alt in word["alts"]), edition
        assert any(c.startswith("Figure 1:") for c in word["captions"]), edition
        assert set(word["anchors"]) <= word["bookmarks"], (edition, set(word["anchors"]) - word["bookmarks"])
        # Traced numbers are plain text in Word: no link to a source row, no link markup.
        assert not [anchor for anchor in word["anchors"] if anchor.startswith("src-")], edition
        assert "](#" not in word["text"] and "{.trace" not in word["text"], edition
        assert html_headings, edition

        published = pd.read_csv(edition / "published" / "metrics.csv", dtype=str, keep_default_na=False)
        book = load_workbook(xlsx)
        values = [
            cell
            for sheet in book.worksheets[3:]
            for row in sheet.iter_rows(min_row=5, min_col=5, max_col=5, values_only=True)
            for cell in row
        ]
        assert len(values) == len(published), edition
        assert sum(v == "[c]" for v in values) == (published["value"] == "[c]").sum(), edition
        assert all(isinstance(v, (int, float)) or v in ("[c]", "[z]") for v in values), edition
        if (published["value"] == "[c]").any():
            assert "[c]" in word["text"], edition


@pytest.mark.workflow
def test_every_edition_pdf_is_tagged_with_alt_text_on_every_chart(every_programme_built):
    """Every PDF the embedded renderer made (real Quarto 1.7's Typst 0.13 writes no tags: where
    Quarto is on PATH the build uses it, docs/formats.md)."""
    checked = 0
    for edition in editions_of(every_programme_built):
        renderer = json.loads((edition / "manifest-report.json").read_text(encoding="utf-8"))["renderer"]
        if not renderer.startswith("embedded"):
            continue
        found = structure(edition / "report" / "report.pdf")
        assert found["ua"] and str(found["root"]["/Lang"]) == "en-GB", edition
        assert {"/H1", "/H2", "/Table", "/Figure"} <= set(found["tags"]), edition
        # every chart the report draws (a chart whose every bar is withheld is not drawn)
        drawn = re.findall(
            r"^!\[[^\n]*\]\(figures/[^)]+\)\{#fig-[^ ]+ fig-alt=",
            (edition / "report" / "report.qmd").read_text(encoding="utf-8"),
            re.M,
        )
        assert drawn and len(found["alts"]) == len(drawn), edition
        assert all(len(alt) > 20 for alt in found["alts"]), edition
        checked += 1
    if not checked:
        pytest.skip("every edition was rendered by real Quarto, whose Typst writes no PDF tags")


# ---------------------------------------------------------------------------- both renderers


def render_both(report: Path, target: Path) -> dict:
    """A copy of a report folder (it renders on its own) rendered by each renderer to every format."""
    outputs = {}
    for renderer in ("embedded", "quarto"):
        folder = target / renderer
        shutil.copytree(report, folder, ignore=shutil.ignore_patterns("report.html", "report.pdf", "report.docx"))
        out = {"html": folder / "out.html", "pdf": folder / "out.pdf", "docx": folder / "out.docx"}
        name = render_report(folder / "report.qmd", out["html"], out["pdf"], renderer=renderer, docx=out["docx"])
        assert name.startswith(renderer), name
        outputs[renderer] = {
            "headings": parsed(out["html"].read_text(encoding="utf-8")).headings,
            "pages": len(PdfReader(str(out["pdf"])).pages),
            "pdf": structure(out["pdf"]),
            "word": word_report(out["docx"]),
        }
    return outputs


@needs_quarto
@pytest.mark.workflow
def test_real_quarto_renders_every_edition_in_every_format_like_the_embedded_renderer(every_programme_built, tmp_path):
    """Every edition of every programme, with real Quarto and the embedded renderer, to HTML,
    Typst PDF and Word: the same headings and numbering, figures and captions, alt text and page
    count or near."""
    editions = editions_of(every_programme_built)
    assert len(editions) >= 5
    for edition in editions:
        name = f"{edition.parent.name}/{edition.name}"
        both = render_both(edition / "report", tmp_path / edition.parent.name / edition.name)
        quarto, embedded = both["quarto"], both["embedded"]
        assert quarto["headings"] == embedded["headings"], name
        assert abs(quarto["pages"] - embedded["pages"]) <= max(2, embedded["pages"] // 10), (
            name,
            quarto["pages"],
            embedded["pages"],
        )
        assert quarto["pdf"]["title"] == embedded["pdf"]["title"], name
        assert heading_titles(quarto["word"]["headings"]) == heading_titles(embedded["word"]["headings"]), name
        # Numbering: "1.2" from pandoc's tab-separated number, "1.2." or "1.2" from Quarto.
        numbers = [
            [re.match(r"^([\d.]*\d)", h).group(1) for h in found["word"]["headings"] if re.match(r"^\d", h)]
            for found in (quarto, embedded)
        ]
        assert numbers[0] == numbers[1], name
        assert quarto["word"]["captions"] == embedded["word"]["captions"], name
        assert quarto["word"]["alts"] == embedded["word"]["alts"] and all(embedded["word"]["alts"]), name
        assert set(quarto["word"]["anchors"]) <= quarto["word"]["bookmarks"], name
