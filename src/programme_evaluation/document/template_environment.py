"""The Jinja2 set-up of the report templates: strict about misspelt keys, Quarto's braces kept
apart from Jinja's, and the filters that escape and format what the templates print."""

from __future__ import annotations

from pathlib import Path

import jinja2

from programme_evaluation.common.number_text import lower_first
from programme_evaluation.common.quarto_dates import publication_date
from programme_evaluation.document.markdown_text import attribute, escape_front_matter, escape_markdown
from programme_evaluation.document.narrative import traced as live
from programme_evaluation.published.table import RATINGS


def breakable(markdown: str) -> str:
    """Escaped Markdown with a zero-width space after each dot and underscore, so a long dotted
    metric name can wrap inside a narrow table column instead of running into the next one."""
    return markdown.replace("\\.", "\\.\u200b").replace("\\_", "\\_\u200b")


def rag_badge(rag: str) -> str:
    """A RAG rating as a badge that says its word (never colour alone)."""
    if rag not in RATINGS:
        return escape_markdown(rag)
    return f"[{rag}]{{.rag .rag-{rag.lower()}}}"


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,  # a misspelt key fails the build instead of printing nothing
        autoescape=False,  # the output is Markdown, escaped by the md filter, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Quarto writes ids as {#fig-x}, which Jinja would read as the start of a comment.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = escape_markdown
    env.filters["yaml_md"] = escape_front_matter
    env.filters["attr"] = attribute
    env.filters["rag"] = rag_badge
    env.filters["lower_first"] = lower_first
    env.filters["breakable"] = breakable
    env.globals["live"] = live  # a narrative's number (references.Printed) as traced Markdown
    env.filters["publication_date"] = publication_date  # Quarto's date + date-format, printing it as written
    # Quarto shortcodes use Jinja's own braces; the template writes {{ pagebreak }} instead.
    env.globals["pagebreak"] = "{{< pagebreak >}}"
    return env
