"""Make untrusted text (provider names, free-text fields) safe to place in a Quarto `.qmd`.

Why: pandoc passes raw HTML through, reads `@x` as a citation or cross-reference, `$..$` as
maths, `[..](..)` as a link and `{{< .. >}}` as a Quarto shortcode. Text from data must come
out of the report exactly as it went in, never as markup, in both HTML and PDF.

The escape relies on pandoc Markdown's `all_symbols_escapable` rule (on in pandoc and in
Quarto, which reads Markdown with pandoc): a backslash before any ASCII punctuation makes it
a literal character. Escaping every ASCII punctuation mark, rather than a hand-kept list of
"special" ones, means a markup rule we did not think of cannot slip through.
"""

from __future__ import annotations

import json
import re
import string

# Every ASCII punctuation mark is escapable in pandoc Markdown; escaping all of them also
# splits `{{<` (Quarto shortcodes are found in the raw text before pandoc parses it).
_PUNCTUATION = frozenset(string.punctuation)

# Whitespace of any kind (newline, tab, Unicode line/paragraph separators) would end a table
# row or start a new block, so it becomes one space.
_WHITESPACE = re.compile(r"\s+")

# Control characters have no place in a report and some break Typst or HTML parsers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_markdown(text: object) -> str:
    """Return `text` as Markdown that pandoc and Quarto render as the same literal characters.

    Safe inside a paragraph, a list item, a heading or a pipe-table cell: whitespace runs
    (newlines included) become single spaces and every ASCII punctuation mark is
    backslash-escaped, so no list marker, heading, link, raw HTML, citation, maths, pipe or
    shortcode can start. Non-ASCII text is kept as it is. `None` becomes an empty string.
    """
    if text is None:
        return ""
    flat = _WHITESPACE.sub(" ", _CONTROL.sub("", str(text))).strip()
    return "".join("\\" + char if char in _PUNCTUATION else char for char in flat)


def escape_front_matter(text: object) -> str:
    """Return `text` as a YAML scalar for the .qmd front matter (e.g. `title: <this>`).

    Front-matter strings are Markdown too (pandoc and Quarto parse them), so the text is
    escaped as for the body, then written as a JSON string: JSON is valid double-quoted YAML,
    and it doubles each backslash, so the Markdown escapes reach pandoc instead of being read
    as YAML escapes (`"\\<"` written by hand is a YAML error).
    """
    return json.dumps(escape_markdown(text), ensure_ascii=False)


def attribute(text) -> str:
    """Text for a double-quoted Markdown attribute (fig-alt): no quotes, backslashes or newlines."""
    return " ".join(str(text).replace("\\", "/").replace('"', "'").split())
