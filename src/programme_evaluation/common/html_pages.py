"""HTML pages written from Jinja2 templates (the quality report, the change report).

One place says how: every value escaped (extract cells and categories are untrusted text), and a
misspelt key fails the step instead of printing nothing.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def html_page(template_path: str | Path, *, trim_blocks: bool = False, **context) -> str:
    """Render the template at `template_path` with `context`; `trim_blocks` drops the line
    break after a block tag (and the spaces before it) for templates written that way."""
    template_path = Path(template_path)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_path.parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim_blocks,
        lstrip_blocks=trim_blocks,
    )
    return environment.get_template(template_path.name).render(**context)
