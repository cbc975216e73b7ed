"""Word output: the report's draft or release mark in the page header of every page.

Why: the HTML and PDF print the mark of the front matter (`draft-mark: "DRAFT: not released"`,
or a release's `release-mark: "Revision 1, released 1 July 2024"`) through the design's
templates. Pandoc's docx writer has no template for page headers (it copies the reference
document's, which cannot know the mark), and neither has Quarto's. So the renderer adds one
header part to the .docx it wrote, holding the mark as plain text, and makes it the header of
every section: a draft says DRAFT on every page in Word too, and a release names its revision.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

HEADER_PART = "word/report-mark.xml"
RELATIONSHIP_ID = "rIdReportMark"
DOCUMENT = "word/document.xml"
RELATIONSHIPS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
DRAFT_COLOUR = "B8420F"
"""The draft mark's colour in the PDF (typst-template.typ, report-draft): 4.5:1 on white."""
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_HEADER_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
# Markdown's backslash escapes (front-matter strings are Markdown): only ASCII punctuation.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SECTION = re.compile(r"<w:sectPr\b([^>]*?)(/?)>")
_HEADER_REFERENCE = re.compile(r"<w:headerReference\b[^>]*/>")


@dataclass(frozen=True)
class PageMark:
    """What every page's header says, and whether it is a draft's mark (bold, in colour)."""

    text: str
    draft: bool


def page_mark(front_matter: dict) -> PageMark | None:
    """The mark the front matter asks for (a draft's first), as plain text; None without one."""
    for key, draft in (("draft-mark", True), ("release-mark", False)):
        value = front_matter.get(key)
        if value not in (None, ""):
            return PageMark(_ESCAPE.sub(r"\1", " ".join(str(value).split())), draft)
    return None


def header_xml(mark: PageMark) -> bytes:
    """One right-aligned paragraph holding the mark, in the headings' sans-serif font."""
    colour = f'<w:b/><w:color w:val="{DRAFT_COLOUR}"/>' if mark.draft else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:hdr xmlns:w="{_W}"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr>'
        f'<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>{colour}<w:sz w:val="18"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(mark.text)}</w:t></w:r></w:p></w:hdr>'
    ).encode("utf-8")


def with_header_references(document: bytes) -> bytes:
    """Every section's header (default, first page, even pages) replaced by the mark's."""
    references = "".join(
        f'<w:headerReference xmlns:r="{_R}" w:type="{kind}" r:id="{RELATIONSHIP_ID}"/>'
        for kind in ("default", "first", "even")
    )
    text = _HEADER_REFERENCE.sub("", document.decode("utf-8"))

    def section(match: re.Match) -> str:
        opening = f"<w:sectPr{match.group(1)}>{references}"
        return opening + "</w:sectPr>" if match.group(2) else opening

    marked, count = _SECTION.subn(section, text)
    if count == 0:  # pandoc always ends the body with one; a document without is given it
        marked = marked.replace("</w:body>", f"<w:sectPr>{references}</w:sectPr></w:body>")
    return marked.encode("utf-8")


def with_page_mark(data: bytes, mark: PageMark) -> bytes:
    """The .docx `data` with `mark` in the header of every page (the other parts unchanged)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == DOCUMENT:
                content = with_header_references(content)
            elif entry.filename == RELATIONSHIPS and RELATIONSHIP_ID.encode() not in content:
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="{RELATIONSHIP_ID}" Type="{_HEADER_RELATIONSHIP}" '
                    f'Target="{HEADER_PART.removeprefix("word/")}"/></Relationships>'.encode(),
                )
            elif entry.filename == CONTENT_TYPES and HEADER_PART.encode() not in content:
                content = content.replace(
                    b"</Types>", f'<Override PartName="/{HEADER_PART}" ContentType="{_HEADER_TYPE}"/></Types>'.encode()
                )
            if entry.filename != HEADER_PART:
                target.writestr(entry, content)
        target.writestr(HEADER_PART, header_xml(mark))
    return out.getvalue()
