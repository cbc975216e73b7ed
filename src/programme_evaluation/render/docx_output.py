"""Word output: make a .docx (a zip) byte-identical for the same content.

Why: a .docx is a zip whose entries carry the time they were written, and whose
docProps/core.xml records when the document was created and modified. Pandoc takes both from
SOURCE_DATE_EPOCH when it is set (the renderer sets it), Quarto and python-docx do not always,
so every .docx the pipeline writes passes through `deterministic_docx`: the entries in the same
order, each stamped 1980-01-01 00:00 (the zip format's first day), the document's dates fixed,
and the same compression.
"""

from __future__ import annotations

import io
import re
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DATE = "1980-01-01T00:00:00Z"
CORE = "docProps/core.xml"
_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def deterministic_docx(data: bytes) -> bytes:
    """The same .docx with fixed entry times and document dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == CORE:
                content = _DATES.sub(rb"\g<1>" + FIXED_DATE.encode() + rb"\g<3>", content)
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
