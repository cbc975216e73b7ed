"""Write the Word design of the reports: templates/render/_extensions/evaluation/reference.docx.

Why a script: the reference document is a binary file; it is made from pandoc's own default
(`pandoc --print-default-data-file reference.docx`), so every style pandoc's docx writer uses is
present, then restyled with python-docx to the house look (the fonts and the accent colour of
the HTML and PDF). Its zip is written with fixed entry times, so running this again gives the
same bytes.

A maintainer's tool, not part of the build: the reference document it writes is committed, and
the renderer only reads it. It needs python-docx, which only the `test` extra installs; after
changing the look, run `.venv/bin/pip install -e ".[test]"`, then `python tools/reference_docx.py`,
and commit the new reference.docx.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypandoc

try:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor
except ModuleNotFoundError as error:  # the plain install builds reports without it
    raise SystemExit(
        'tools/reference_docx.py needs python-docx, which the test extra installs: .venv/bin/pip install -e ".[test]"'
    ) from error

from programme_evaluation.render.docx_output import deterministic_docx

REFERENCE = Path(__file__).resolve().parents[1] / "templates/render/_extensions/evaluation/reference.docx"
ACCENT = RGBColor(0x1D, 0x4E, 0x89)  # report-accent in typst-template.typ and report.css
INK = RGBColor(0x1B, 0x1B, 0x1F)
MUTED = RGBColor(0x55, 0x57, 0x5D)
# Fonts every Word and LibreOffice has or substitutes metrically.
BODY_FONT = "Calibri"
HEADING_FONT = "Arial"
HEADINGS = {1: 18, 2: 14, 3: 12, 4: 11}


def pandoc_default() -> bytes:
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    )
    return result.stdout


def styled(default: bytes) -> bytes:
    document = Document(io.BytesIO(default))
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        if name in [style.name for style in styles]:
            font = styles[name].font
            font.name, font.size, font.color.rgb = BODY_FONT, Pt(11), INK
    for level, size in HEADINGS.items():
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = HEADING_FONT, Pt(size), True
        style.font.color.rgb = ACCENT
    for name, size in (("Title", 24), ("Subtitle", 14)):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = HEADING_FONT, Pt(size), ACCENT
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name in ("Author", "Date"):
        style = styles[name]
        style.font.name, style.font.color.rgb = BODY_FONT, MUTED
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name in ("Caption", "Table Caption", "Image Caption"):
        style = styles[name]
        style.font.name, style.font.size, style.font.italic = BODY_FONT, Pt(10), False
        style.font.bold, style.font.color.rgb = True, INK
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_docx(buffer.getvalue())


def main() -> int:
    REFERENCE.write_bytes(styled(pandoc_default()))
    print(f"wrote {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
