"""Render a Quarto report (`.qmd`) to a self-contained HTML file, an A4 PDF and a Word file.

Why two paths: Quarto cannot be installed on every machine we run on (its PyPI package
downloads a binary at build time). When `quarto` is on PATH it renders the report; otherwise
the *embedded* path drives the engines Quarto itself drives: pandoc (from pypandoc-binary)
for HTML, pandoc's Typst writer plus the `typst` wheel for PDF, and pandoc's docx writer for
Word (styled by the extension's reference.docx, as Quarto's `docx` format is).

One design for both: the report's look is a Quarto extension beside the document
(`_extensions/evaluation/`, installed there by `quarto_extension.install_extension`), asked
for with `format: {evaluation-html: default, evaluation-typst: default}`. Quarto reads it
itself. The embedded path reads the same extension: its options (`_extension.yml`), its Lua
filters, stylesheet, HTML partials and Typst template, plus `embedded/` in it, which stands
in for what Quarto itself does (numbered figures and tables, `@fig-`/`@tbl-`/`@sec-`
cross-references, `{{< pagebreak >}}`, the page templates that include the partials). The
renderer therefore needs nothing from the source tree, and its output is byte-identical for
the same input (checked in the tests).

Front matter the embedded path reads (the extension supplies the defaults; real Quarto
accepts all of it)::

    ---
    title: "Evaluation of the Example Programme"
    subtitle: "Edition 2025-Q1"
    author: "Evaluation team"          # a string or a list of strings
    date: 2025-03-31                   # an ISO date, printed with date-format
    date-format: "D MMMM YYYY"         # dayjs tokens (quarto_dates); extension: "MMMM YYYY"
    lang: en-GB
    programme: "Example Programme"     # PDF running header
    edition: "2025-Q1"                 # PDF running header
    draft-mark: "DRAFT: not released"  # on every page: HTML band, PDF foot, Word header
    release-mark: "Revision 1, released 1 July 2025"  # instead of draft-mark, in a release
    format:
      evaluation-html: default         # or options: toc, toc-depth, toc-title, css, ...
      evaluation-typst: default        # or options: toc, papersize, section-numbering, ...
    ---

Figures are PNG files referenced by a path relative to the .qmd.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pypandoc
import typst
import yaml

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import replacing, write_bytes
from programme_evaluation.common.quarto_dates import format_date
from programme_evaluation.common.quarto_extension import FILTER_STAGES, DocumentFormat, document_format
from programme_evaluation.render.docx_marks import PageMark, page_mark, with_page_mark
from programme_evaluation.render.docx_output import deterministic_docx

log = logging.getLogger(__name__)

# Typst sees only the fonts shipped in the typst wheel and matplotlib's DejaVu family, never
# system fonts, so the PDF is the same on every machine.
FONT_PATHS = [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]

RENDERERS = ("auto", "quarto", "embedded")
EMBEDDED = "embedded"
"""The folder of an extension holding what plain pandoc needs to stand in for Quarto."""
TEMPLATES = {"html": "template.html", "typst": "template.typ"}
"""The page templates in EMBEDDED, which include the extension's own partials as Quarto's do."""
PDF_STANDARDS = ["ua-1"]
"""The embedded PDF is PDF/UA-1 (Typst >= 0.14): tagged, titled, in its language, alt text on
every image; Typst refuses to write it otherwise, so an inaccessible PDF cannot be published."""
SOURCE_DATE_EPOCH = "0"
"""Pandoc (and Quarto's pandoc) date a .docx by this instead of the clock: same input, same bytes."""


class RenderError(PipelineError, RuntimeError):
    """A report could not be rendered; the message says which step and why."""


@dataclass(frozen=True)
class RenderOptions:
    """One output of a document as the embedded path renders it (see the module docstring)."""

    base: str = "html"
    lang: str = "en-GB"
    toc: bool = False
    toc_depth: int = 2
    toc_title: str = "Contents"
    number_sections: bool = False
    section_numbering: str = "1.1"
    papersize: str = "a4"
    date: str | None = None  # as printed: date-format already applied
    css: tuple[Path, ...] = ()
    filters: tuple[Path, ...] = ()  # Lua filters in Quarto's order, embedded/quarto.lua included
    template: Path | None = None
    reference_doc: Path | None = None  # docx: the extension's Word styles
    data_dir: Path | None = None  # pandoc's data dir: the extension's embedded/ folder
    page_mark: PageMark | None = None  # docx: the draft or release mark of every page's header


def read_front_matter(qmd: Path) -> dict:
    """Return the YAML front matter of `qmd` as a dict (empty when there is none)."""
    text = Path(qmd).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    lines = text.splitlines()
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            try:
                loaded = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError as error:
                raise RenderError(f"{qmd}: front matter is not valid YAML: {error}") from error
            return loaded if isinstance(loaded, dict) else {}
    raise RenderError(f"{qmd}: front matter opened with '---' is never closed")


def render_options(front_matter: dict, folder: Path, base: str) -> RenderOptions:
    """Interpret the front matter and its format's extension the way Quarto would, for the
    keys we support, for output `base` ("html", "typst" or "docx")."""
    if base == "docx":
        front_matter = with_word_format(front_matter)
    output = document_format(front_matter, Path(folder).resolve(), base)
    if output.extension is None:
        raise RenderError(
            f"the embedded renderer renders documents whose format comes from a Quarto extension "
            f"beside them (format: evaluation-{base}); the document in {folder} asks for plain {base}"
        )
    embedded = output.extension / EMBEDDED
    options = output.options
    needed = [embedded / "quarto.lua"]
    needed.append(
        embedded / TEMPLATES[base] if base in TEMPLATES else output.extension / str(options.get("reference-doc"))
    )
    missing = [path for path in needed if not path.is_file()]
    if missing:
        raise RenderError(
            f"the '{output.extension.name}' extension lacks what the embedded renderer needs: "
            + ", ".join(str(path) for path in missing)
        )
    number_sections = bool(options.get("number-sections", False))
    numbering = options.get("section-numbering")
    date = options.get("date")
    if date not in (None, ""):
        date = format_date(str(date), str(options.get("date-format") or "iso"))
    return RenderOptions(
        base=base,
        lang=str(options.get("lang") or "en-GB"),
        toc=bool(options.get("toc", False)),  # Quarto: no contents unless asked
        toc_depth=int(options.get("toc-depth", 3)),
        toc_title=str(options.get("toc-title") or "Contents"),
        number_sections=number_sections,
        section_numbering=str(numbering or "1.1.a"),
        papersize=str(options.get("papersize", "a4")),
        date=date or None,
        css=tuple(Path(item) for item in options["css"]),
        filters=_filter_chain(output),
        template=output.extension / EMBEDDED / TEMPLATES[base] if base in TEMPLATES else None,
        reference_doc=output.extension / str(options["reference-doc"]) if base == "docx" else None,
        data_dir=embedded,
        page_mark=page_mark(front_matter) if base == "docx" else None,
    )


def with_word_format(front_matter: dict) -> dict:
    """The front matter with `<extension>-docx` added beside `<extension>-html` when the document
    does not list a Word format itself: every report gets a .docx from the design it already asks
    for, and its template need not change."""
    formats = front_matter.get("format") or {}
    if isinstance(formats, str):
        formats = {formats: "default"}
    elif isinstance(formats, list):
        formats = {name: "default" for name in formats}
    names = [name for name in formats if isinstance(name, str)]
    if any(name.endswith("-docx") or name == "docx" for name in names):
        return front_matter
    html = [name for name in names if name.endswith("-html")]
    word = f"{html[0][: -len('-html')]}-docx" if html else "docx"
    return {**front_matter, "format": {**formats, word: "default"}}


def _filter_chain(output: DocumentFormat) -> tuple[Path, ...]:
    """The extension's filters in the order Quarto runs them, with embedded/quarto.lua where
    Quarto's own filters would run."""
    stand_in = ("quarto", output.extension / EMBEDDED / "quarto.lua")
    chain = sorted([*output.filters, stand_in], key=lambda entry: FILTER_STAGES.index(entry[0]))
    return tuple(path for _, path in chain)


def embedded_renderer_name() -> str:
    """Name and versions of the embedded engines, for logs and the report's provenance."""
    return f"embedded (pandoc {pypandoc.get_pandoc_version()} + typst {typst.__version__})"


def render_report(qmd: Path, html: Path, pdf: Path, *, renderer: str = "auto", docx: Path | None = None) -> str:
    """Render `qmd` to `html` and `pdf` (and to Word, `docx`, when given); return (and log) the
    name of the renderer used.

    `renderer`: "auto" uses Quarto when `quarto` is on PATH and the embedded engines
    otherwise; "quarto" insists on Quarto; "embedded" never uses it.
    """
    qmd, html, pdf = Path(qmd), Path(html), Path(pdf)
    docx = Path(docx) if docx is not None else None
    if renderer not in RENDERERS:
        raise ValueError(f"renderer must be one of {', '.join(RENDERERS)}, not {renderer!r}")
    if not qmd.is_file():
        raise RenderError(f"report source {qmd} does not exist")
    quarto = shutil.which("quarto")
    if renderer == "quarto" and quarto is None:
        raise RenderError(
            "renderer='quarto' was asked for but no `quarto` executable is on PATH; "
            "install Quarto (https://quarto.org) or use renderer='auto' or 'embedded'"
        )
    html.parent.mkdir(parents=True, exist_ok=True)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    front_matter = read_front_matter(qmd)  # read once for both outputs
    if docx is not None:
        docx.parent.mkdir(parents=True, exist_ok=True)
    if renderer != "embedded" and quarto is not None:
        _render_with_quarto(Path(quarto), qmd, front_matter, html, pdf, docx)
        name = "quarto"
    else:
        folder = qmd.resolve().parent
        render_html(qmd, html, render_options(front_matter, folder, "html"))
        render_pdf(qmd, pdf, render_options(front_matter, folder, "typst"))
        if docx is not None:
            render_docx(qmd, docx, render_options(front_matter, folder, "docx"))
        name = embedded_renderer_name()
    log.info("rendered %s to %s with %s", qmd, ", ".join(str(p) for p in (html, pdf, docx) if p), name)
    return name


def _render_with_quarto(
    quarto: Path, qmd: Path, front_matter: dict, html: Path, pdf: Path, docx: Path | None = None
) -> None:
    """Quarto writes beside the .qmd, here under a partial name; each output is then moved into
    place whole (a run killed halfway never leaves half a report where a finished one belongs)."""
    folder = qmd.resolve().parent
    outputs = [("html", html, front_matter), ("typst", pdf, front_matter)]
    if docx is not None:
        outputs.append(("docx", docx, with_word_format(front_matter)))
    for base, target, matter in outputs:
        to = document_format(matter, folder, base).name
        with replacing(target) as partial:
            produced = qmd.parent / f".{qmd.stem}.quarto{target.suffix}"
            _run(
                [str(quarto), "render", qmd.name, "--to", to, "--quiet", "--output", produced.name],
                cwd=qmd.parent,
                step=f"quarto render --to {to}",
                env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
            )
            if base == "docx":
                partial.write_bytes(word_file(produced.read_bytes(), page_mark(front_matter)))
                produced.unlink()
            elif base == "html":
                partial.write_text(notes_inside_main(produced.read_text(encoding="utf-8")), encoding="utf-8")
                produced.unlink()
            else:
                shutil.move(produced, partial)


def _pandoc_command(qmd: Path, to: str, options: RenderOptions) -> list[str]:
    """Arguments shared by both embedded outputs."""
    command = [
        pypandoc.get_pandoc_path(),
        str(qmd.resolve()),
        "--from",
        "markdown",
        "--to",
        to,
        # A data dir of our own: a user's ~/.local/share/pandoc cannot change our output.
        "--data-dir",
        str(options.data_dir),
        "--resource-path",
        str(qmd.resolve().parent),
        "--metadata",
        f"lang={options.lang}",
        "--metadata",
        f"toc-title={options.toc_title}",
        "--toc-depth",
        str(options.toc_depth),
    ]
    if options.template is not None:
        command += ["--template", str(options.template)]
    for lua in options.filters:
        command += ["--lua-filter", str(lua)]
    if options.date is not None:
        command += ["--metadata", f"date={options.date}"]
    if options.number_sections:
        command += ["--metadata", "number-sections=true"]
    if options.toc:
        command.append("--toc")
    return command


def front_matter_options(qmd: Path, options: RenderOptions | None, base: str) -> RenderOptions:
    """`options` when the caller has already read them, else those of `qmd`'s front matter."""
    if options is not None:
        return options
    return render_options(read_front_matter(qmd), Path(qmd).resolve().parent, base)


def render_html(qmd: Path, html: Path, options: RenderOptions | None = None) -> None:
    """One self-contained HTML file (images and CSS embedded), with a table of contents.

    `options`: the front matter as `render_options` reads it, when the caller has it already.
    """
    qmd, html = Path(qmd), Path(html)
    options = front_matter_options(qmd, options, "html")
    command = _pandoc_command(qmd, "html5", options) + ["--standalone", "--embed-resources"]
    for css in options.css:
        command += ["--css", str(css)]
    if options.number_sections:
        command.append("--number-sections")
    with replacing(html) as partial:
        _run(command + ["--output", str(partial)], step="pandoc --to html5")
        partial.write_text(notes_inside_main(partial.read_text(encoding="utf-8")), encoding="utf-8")


FOOTNOTES = re.compile(r'</main>\n(<section id="footnotes"[^>]*>.*?</section>\n)', re.DOTALL)


def notes_inside_main(page: str) -> str:
    """The footnotes pandoc (and Quarto) write after the document's blocks, moved inside its
    <main> landmark (the design's filter closes <main> after the last block): all content in a
    landmark. A bare `quarto render` of a report folder leaves them after it."""
    return FOOTNOTES.sub(lambda match: match.group(1) + "</main>\n", page, count=1)


def render_pdf(qmd: Path, pdf: Path, options: RenderOptions | None = None) -> None:
    """A4 PDF via pandoc's Typst writer, the extension's Typst template and the typst compiler.

    `options`: the front matter as `render_options` reads it, when the caller has it already.
    """
    qmd, pdf = Path(qmd), Path(pdf)
    options = front_matter_options(qmd, options, "typst")
    command = _pandoc_command(qmd, "typst", options) + ["--variable", f"papersize={options.papersize}"]
    if options.number_sections:
        command += ["--variable", f"section-numbering={options.section_numbering}"]
    source = _run(command, step="pandoc --to typst")
    try:
        # Image paths are relative to the document's folder, Typst's root, as under Quarto.
        document = typst.compile(
            source.encode("utf-8"),
            root=str(qmd.resolve().parent),
            font_paths=FONT_PATHS,
            ignore_system_fonts=True,
            pdf_standards=PDF_STANDARDS,
        )
    except typst.TypstError as error:
        raise RenderError(f"typst could not compile the PDF of {qmd}: {error}") from error
    write_bytes(pdf, document)


def render_docx(qmd: Path, docx: Path, options: RenderOptions | None = None) -> None:
    """A Word file via pandoc's docx writer, styled by the extension's reference document, with
    numbered sections, figures and tables and working cross-references (embedded/quarto.lua).

    `options`: the front matter as `render_options` reads it, when the caller has it already.
    """
    qmd, docx = Path(qmd), Path(docx)
    options = front_matter_options(qmd, options, "docx")
    command = _pandoc_command(qmd, "docx", options) + ["--reference-doc", str(options.reference_doc)]
    if options.number_sections:
        command.append("--number-sections")
    with replacing(docx) as partial:
        _run(
            command + ["--output", str(partial)], step="pandoc --to docx", env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        )
        partial.write_bytes(word_file(partial.read_bytes(), options.page_mark))


def word_file(data: bytes, mark: PageMark | None) -> bytes:
    """A .docx as written by pandoc or Quarto, with the page mark in its header, and the same
    bytes for the same content."""
    return deterministic_docx(with_page_mark(data, mark) if mark is not None else data)


def _run(command: list[str], *, step: str, cwd: Path | None = None, env: dict | None = None) -> str:
    """Run an engine; its warnings go to the log, a failure raises with its message."""
    environment = {**os.environ, **env} if env else None
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=environment)
    if result.returncode != 0:
        raise RenderError(f"{step} failed (exit {result.returncode}): {result.stderr.strip()}")
    for line in result.stderr.splitlines():
        if line.strip():
            log.warning("%s: %s", step, line)
    return result.stdout
