"""Keep the evaluators' Markdown to what both renderers show the same way, and execute nothing.

The narrative is parsed by pandoc (the parser Quarto itself uses) into its syntax tree and
checked against a whitelist: paragraphs, emphasis, lists, links, footnotes, tables, block
quotes, cross-references, headings, callouts. What could run or inject markup prints as the
text that was typed instead (raw HTML, LaTeX or Typst, raw `{=html}` blocks, maths); what
Quarto would execute before pandoc even sees it (code cells, inline code cells, shortcodes),
links to anything but a web or mail address, images and front matter stop the build with the
file and line. The tree is then written back to Markdown by pandoc, which escapes every
character of plain text that could start markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from programme_evaluation.document.references import NarrativeError, Place

# Quarto reads these in the raw text, before pandoc parses it: stop on them.
CODE_CELL = re.compile(r"^\s*(`{3,}|~{3,})\s*\{\s*[A-Za-z]")
INLINE_CELL = re.compile(r"`\{\s*[A-Za-z][\w-]*\s*\}")
SHORTCODE = re.compile(r"\{\{[<%]")
LINK_SCHEMES = ("http://", "https://", "mailto:", "#")
CROSS_REFERENCE = re.compile(r"^(fig|sec|tbl)-[A-Za-z0-9_-]+$")
HEADING_CLASSES = {"unnumbered", "appendix"}
SPAN_CLASSES = {"smallcaps", "underline", "mark"}
CALLOUT = re.compile(r"^callout(-(note|tip|important|warning|caution))?$")
COMMENT = re.compile(r"^<!--(.(?!-->))*.?-->\s*$", re.DOTALL)


def check_raw_text(text: str, file: str) -> None:
    """Stop on what Quarto executes or expands in the raw text: code cells and shortcodes."""
    for number, line in enumerate(text.splitlines(), start=1):
        place = Place(file, number)
        if CODE_CELL.match(line):
            raise NarrativeError(
                f"{place}: code cells (```{{python}} ...) are not run in a narrative; write a fenced block "
                "without braces (```python) to show code as text"
            )
        if INLINE_CELL.search(line):
            raise NarrativeError(f"{place}: inline code cells (`{{python}} ...`) are not run in a narrative")
        if SHORTCODE.search(line):
            raise NarrativeError(
                f"{place}: Quarto shortcodes ({{{{< ... >}}}}) are not expanded in a narrative; "
                "use the report's own blocks ([[figure ...]], [[table ...]] ...)"
            )


def line_of(text: str, needle: str, fallback: int = 1) -> int:
    """The line of `text` where `needle` first appears (the parser does not report lines)."""
    position = text.find(needle) if needle else -1
    return text.count("\n", 0, position) + 1 if position >= 0 else fallback


def stringify(inlines: list) -> str:
    """The plain text of inlines (for messages and raw-text search)."""
    out = []
    for item in inlines:
        kind, content = item["t"], item.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[1])
        elif isinstance(content, list) and content and isinstance(content[-1], list):
            out.append(stringify([child for child in content[-1] if isinstance(child, dict)]))
    return "".join(out)


class Sanitiser:
    """Walks a chapter's pandoc tree (JSON), making it safe in place.

    `on_text(string, context)` lets the caller see each text and code string with the context it
    is in ("text", "link", "heading", "code"), for the live-number placeholders.
    """

    def __init__(self, text: str, file: str, on_text: Callable[[str, str], str] | None = None):
        self.text = text
        self.file = file
        self.on_text = on_text or (lambda string, context: string)

    def place(self, needle: str) -> Place:
        return Place(self.file, line_of(self.text, needle))

    def document(self, document: dict) -> list:
        if document.get("meta"):
            raise NarrativeError(
                f"{self.file}, line 1: a narrative file has no front matter (--- ... ---); the report's title "
                "and dates come from the configuration"
            )
        return self.blocks(document["blocks"], "text")

    def blocks(self, blocks: list, context: str) -> list:
        out = []
        for block in blocks:
            out.extend(self.block(block, context))
        return out

    def block(self, block: dict, context: str) -> list:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return [{"t": kind, "c": self.inlines(content, context)}]
        if kind == "Header":
            level, (identifier, classes, _), inlines = content
            kept = [name for name in classes if name in HEADING_CLASSES]
            return [{"t": "Header", "c": [level, [identifier, kept, []], self.inlines(inlines, "heading")]}]
        if kind == "CodeBlock":
            return [{"t": "CodeBlock", "c": [["", [], []], self.on_text(content[1], "code")]}]
        if kind == "RawBlock":
            raw = content[1]
            if COMMENT.match(raw):
                return []  # an HTML comment: the writer's note to self, shown by neither renderer
            return [{"t": "CodeBlock", "c": [["", [], []], self.on_text(raw, "code")]}]
        if kind == "BlockQuote":
            return [{"t": "BlockQuote", "c": self.blocks(content, context)}]
        if kind == "OrderedList":
            return [{"t": kind, "c": [content[0], [self.blocks(item, context) for item in content[1]]]}]
        if kind == "BulletList":
            return [{"t": kind, "c": [self.blocks(item, context) for item in content]}]
        if kind == "DefinitionList":
            return [
                {
                    "t": kind,
                    "c": [
                        [self.inlines(term, context), [self.blocks(item, context) for item in items]]
                        for term, items in content
                    ],
                }
            ]
        if kind == "LineBlock":
            return [{"t": kind, "c": [self.inlines(line, context) for line in content]}]
        if kind == "HorizontalRule":
            return [block]
        if kind == "Table":
            return [self.table(content, context)]
        if kind == "Div":
            return self.div(content, context)
        if kind == "Figure":
            raise NarrativeError(
                f"{self.place(stringify_blocks(content[2]) or '![')}: images are not placed by hand: "
                "place a configured chart with [[figure fig-id]] on a line of its own"
            )
        raise NarrativeError(f"{self.file}: this kind of Markdown block ({kind}) is not supported in a narrative")

    def div(self, content: list, context: str) -> list:
        (identifier, classes, attributes), blocks = content
        if "key-finding" in classes:
            return [
                {"t": "Div", "c": [["", ["key-finding"], attributes], self.blocks(blocks, context)]}
            ]  # resolved by the narrative's assembly
        callout = [name for name in classes if CALLOUT.match(name)]
        if callout:
            return [{"t": "Div", "c": [[identifier, callout[:1], []], self.blocks(blocks, context)]}]
        return self.blocks(blocks, context)  # any other div (or <div>): its contents only

    def table(self, content: list, context: str) -> dict:
        attr, caption, specs, head, bodies, foot = content
        short, long = caption

        def cells(rows: list) -> list:
            return [
                [
                    row_attr,
                    [
                        [cell_attr, align, rows_, cols, self.blocks(blocks, context)]
                        for (cell_attr, align, rows_, cols, blocks) in row_cells
                    ],
                ]
                for row_attr, row_cells in rows
            ]

        return {
            "t": "Table",
            "c": [
                [attr[0], [], []],
                [short, self.blocks(long, context)],
                specs,
                [head[0], cells(head[1])],
                [[body[0], body[1], cells(body[2]), cells(body[3])] for body in bodies],
                [foot[0], cells(foot[1])],
            ],
        }

    def inlines(self, inlines: list, context: str) -> list:
        out = []
        for item in inlines:
            out.extend(self.inline(item, context))
        return out

    def inline(self, item: dict, context: str) -> list:
        kind, content = item["t"], item.get("c")
        if kind == "Str":
            return [{"t": "Str", "c": self.on_text(content, context)}]
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return [item]
        if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            return [{"t": kind, "c": self.inlines(content, context)}]
        if kind == "Quoted":
            return [{"t": kind, "c": [content[0], self.inlines(content[1], context)]}]
        if kind == "Code":
            return [{"t": "Code", "c": [["", [], []], self.on_text(content[1], "code")]}]
        if kind == "Math":
            delimiter = "$$" if content[0]["t"] == "DisplayMath" else "$"
            return [{"t": "Str", "c": self.on_text(f"{delimiter}{content[1]}{delimiter}", context)}]
        if kind == "RawInline":
            if COMMENT.match(content[1]):
                return []
            return [{"t": "Str", "c": self.on_text(content[1], context)}]
        if kind == "Link":
            _, inlines, (url, title) = content
            if not url.startswith(LINK_SCHEMES):
                raise NarrativeError(
                    f"{self.place(url)}: link to {url!r}: a narrative links only to web (https://...) or mail "
                    "(mailto:...) addresses, or to a part of the report (#sec-...)"
                )
            return [{"t": "Link", "c": [["", [], []], self.inlines(inlines, "link"), [url, title]]}]
        if kind == "Image":
            raise NarrativeError(
                f"{self.place(content[2][0])}: images are not placed by hand: place a configured chart with "
                "[[figure fig-id]] on a line of its own"
            )
        if kind == "Note":
            return [{"t": "Note", "c": self.blocks(content, context)}]
        if kind == "Cite":
            citations, inlines = content
            if all(CROSS_REFERENCE.match(citation["citationId"]) for citation in citations):
                return [item]
            return [{"t": "Str", "c": self.on_text(stringify(inlines), context)}]  # no bibliography: as typed
        if kind == "Span":
            (_, classes, _), inlines = content
            kept = [name for name in classes if name in SPAN_CLASSES]
            if kept:
                return [{"t": "Span", "c": [["", kept, []], self.inlines(inlines, context)]}]
            return self.inlines(inlines, context)
        raise NarrativeError(f"{self.file}: this kind of Markdown ({kind}) is not supported in a narrative")


def stringify_blocks(blocks: list) -> str:
    return " ".join(stringify(block["c"]) for block in blocks if block["t"] in ("Para", "Plain"))
