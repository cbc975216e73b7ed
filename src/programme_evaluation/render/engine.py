"""Render a Quarto report (`.qmd`) to a self-contained HTML file and an A4 PDF.

Why two paths: Quarto cannot be installed on every machine we run on (its PyPI package
downloads a binary at build time). When `quarto` is on PATH it renders the report; otherwise
the *embedded* path drives the engines Quarto itself drives: pandoc (from pypandoc-binary)
for HTML, and pandoc's Typst writer plus the `typst` wheel for PDF. A Lua filter
(`templates/render/quarto.lua`) gives plain pandoc the Quarto semantics our reports use:
numbered figures and tables, `@fig-`/`@tbl-`/`@sec-` cross-references, callouts,
`{{< pagebreak >}}`, RAG badges and big numbers. The output of the embedded path is
byte-identical for the same input (checked in the tests).

Front-matter contract (real Quarto accepts all of it; the embedded path reads these keys)::

    ---
    title: "Evaluation of the Example Programme"
    subtitle: "Edition 2025-Q1"
    author: "Evaluation team"          # a string or a list of strings
    date: "31 March 2025"              # printed as written
    lang: en-GB
    programme: "Example Programme"     # PDF running header (embedded path)
    edition: "2025-Q1"                 # PDF running header (embedded path)
    number-sections: true
    toc: true
    toc-depth: 2
    format:
      html:
        toc: true
        embed-resources: true
      typst:
        toc: true
        papersize: a4
        section-numbering: "1.1"
    ---

`format.<html|typst>.toc` overrides `toc` for that output; `format.html.css` (a path or list,
relative to the .qmd) is added after our own stylesheet. Figures are PNG files referenced by
a path relative to the .qmd.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pypandoc
import typst
import yaml

from programme_evaluation.common.errors import PipelineError

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parents[3] / "templates" / "render"
"""The renderer's own files: the Lua filter, the HTML stylesheet, the Typst template."""

LUA_FILTER = ASSETS / "quarto.lua"
HTML_CSS = ASSETS / "report.css"
TYPST_TEMPLATE = ASSETS / "report.typ"

# Typst sees only the fonts shipped in the typst wheel and matplotlib's DejaVu family, never
# system fonts, so the PDF is the same on every machine.
FONT_PATHS = [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]

RENDERERS = ("auto", "quarto", "embedded")


class RenderError(PipelineError, RuntimeError):
    """A report could not be rendered; the message says which step and why."""


@dataclass(frozen=True)
class RenderOptions:
    """What the embedded path reads from the front matter (see the module docstring)."""

    lang: str = "en-GB"
    html_toc: bool = False
    typst_toc: bool = False
    toc_depth: int = 2
    number_sections: bool = False
    section_numbering: str = "1.1"
    papersize: str = "a4"
    extra_css: list[Path] = field(default_factory=list)


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


def render_options(front_matter: dict, folder: Path) -> RenderOptions:
    """Interpret Quarto front matter the way Quarto would, for the keys we support."""
    formats = front_matter.get("format") or {}
    html = formats.get("html") or {} if isinstance(formats, dict) else {}
    typst_format = formats.get("typst") or {} if isinstance(formats, dict) else {}
    toc = bool(front_matter.get("toc", False))  # Quarto: no TOC unless asked
    css = html.get("css") or []
    number_sections = bool(front_matter.get("number-sections", False))
    numbering = typst_format.get("section-numbering")
    return RenderOptions(
        lang=str(front_matter.get("lang") or "en-GB"),
        html_toc=bool(html.get("toc", toc)),
        typst_toc=bool(typst_format.get("toc", toc)),
        toc_depth=int(front_matter.get("toc-depth", 2)),
        number_sections=number_sections or bool(numbering),
        section_numbering=str(numbering or "1.1"),
        papersize=str(typst_format.get("papersize", "a4")),
        extra_css=[folder / item for item in ([css] if isinstance(css, str) else css)],
    )


def embedded_renderer_name() -> str:
    """Name and versions of the embedded engines, for logs and the report's provenance."""
    return f"embedded (pandoc {pypandoc.get_pandoc_version()} + typst {typst.__version__})"


def render_report(qmd: Path, html: Path, pdf: Path, *, renderer: str = "auto") -> str:
    """Render `qmd` to `html` and `pdf`; return (and log) the name of the renderer used.

    `renderer`: "auto" uses Quarto when `quarto` is on PATH and the embedded engines
    otherwise; "quarto" insists on Quarto; "embedded" never uses it.
    """
    qmd, html, pdf = Path(qmd), Path(html), Path(pdf)
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
    if renderer != "embedded" and quarto is not None:
        _render_with_quarto(Path(quarto), qmd, html, pdf)
        name = "quarto"
    else:
        options = render_options(read_front_matter(qmd), qmd.resolve().parent)  # read once for both outputs
        render_html(qmd, html, options)
        render_pdf(qmd, pdf, options)
        name = embedded_renderer_name()
    log.info("rendered %s to %s and %s with %s", qmd, html, pdf, name)
    return name


def _render_with_quarto(quarto: Path, qmd: Path, html: Path, pdf: Path) -> None:
    """Quarto writes beside the .qmd; move each output to where the caller wants it."""
    for to, produced, target in (("html", qmd.with_suffix(".html"), html), ("typst", qmd.with_suffix(".pdf"), pdf)):
        _run([str(quarto), "render", qmd.name, "--to", to], cwd=qmd.parent, step=f"quarto render --to {to}")
        if produced.resolve() != target.resolve():
            shutil.move(produced, target)


def _pandoc_command(qmd: Path, to: str, options: RenderOptions) -> list[str]:
    """Arguments shared by both embedded outputs."""
    command = [
        pypandoc.get_pandoc_path(), str(qmd.resolve()),
        "--from", "markdown", "--to", to,
        # Our own data dir: a user's ~/.local/share/pandoc cannot change our output.
        "--data-dir", str(ASSETS),
        "--lua-filter", str(LUA_FILTER),
        "--resource-path", str(qmd.resolve().parent),
        "--metadata", f"lang={options.lang}",
        "--toc-depth", str(options.toc_depth),
    ]
    if options.number_sections:
        command += ["--metadata", "number-sections=true"]
    return command


def front_matter_options(qmd: Path, options: RenderOptions | None) -> RenderOptions:
    """`options` when the caller has already read them, else those of `qmd`'s front matter."""
    return options if options is not None else render_options(read_front_matter(qmd), qmd.resolve().parent)


def render_html(qmd: Path, html: Path, options: RenderOptions | None = None) -> None:
    """One self-contained HTML file (images and CSS embedded), with a table of contents.

    `options`: the front matter as `render_options` reads it, when the caller has it already.
    """
    qmd, html = Path(qmd), Path(html)
    options = front_matter_options(qmd, options)
    command = _pandoc_command(qmd, "html5", options) + [
        "--standalone", "--embed-resources", "--css", str(HTML_CSS),
        "--variable", "toc-title=Contents",
    ]
    for css in options.extra_css:
        command += ["--css", str(css)]
    if options.html_toc:
        command.append("--toc")
    if options.number_sections:
        command.append("--number-sections")
    with _replacing(html) as partial:
        _run(command + ["--output", str(partial)], step="pandoc --to html5")


def render_pdf(qmd: Path, pdf: Path, options: RenderOptions | None = None) -> None:
    """A4 PDF via pandoc's Typst writer, our Typst template and the typst compiler.

    `options`: the front matter as `render_options` reads it, when the caller has it already.
    """
    qmd, pdf = Path(qmd), Path(pdf)
    options = front_matter_options(qmd, options)
    command = _pandoc_command(qmd, "typst", options) + [
        "--template", str(TYPST_TEMPLATE),
        "--variable", f"papersize={options.papersize}",
    ]
    if options.typst_toc:
        command += ["--toc"]
    if options.number_sections:
        command += ["--variable", f"section-numbering={options.section_numbering}"]
    source = _run(command, step="pandoc --to typst")
    try:
        # The Lua filter makes image paths absolute, so the compiler's root is "/".
        document = typst.compile(
            source.encode("utf-8"), root="/", font_paths=FONT_PATHS, ignore_system_fonts=True
        )
    except typst.TypstError as error:
        raise RenderError(f"typst could not compile the PDF of {qmd}: {error}") from error
    with _replacing(pdf) as partial:
        partial.write_bytes(document)


def _run(command: list[str], *, step: str, cwd: Path | None = None) -> str:
    """Run an engine; its warnings go to the log, a failure raises with its message."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise RenderError(f"{step} failed (exit {result.returncode}): {result.stderr.strip()}")
    for line in result.stderr.splitlines():
        if line.strip():
            log.warning("%s: %s", step, line)
    return result.stdout


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target` and move it into place on success, so a
    failed render never leaves a half-written report where a finished one is expected."""
    # Not mkstemp: its 0600 mode would be kept by the finished report.
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
