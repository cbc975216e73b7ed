"""Turn an edition's narrative chapters into the Markdown of the report's body.

Each chapter file is (1) checked for what Quarto would execute before parsing (code cells,
shortcodes), (2) stripped of its `[[...]]` references, each replaced by a placeholder word
and resolved against the published tables (references.py, blocks.py), (3) parsed by pandoc
and made safe against a whitelist (markdown_safety.py), its key-finding divs made into cards,
then (4) all chapters are written back to Markdown by pandoc in one go (so footnotes are
numbered across the report) and the placeholders replaced by the traced numbers and blocks.
Hand-typed numbers that look like results are reported (stale_numbers.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pypandoc

from programme_evaluation.common.number_text import first_upper
from programme_evaluation.document.blocks import Blocks
from programme_evaluation.document.markdown_safety import Sanitiser, check_raw_text, line_of, without_comments
from programme_evaluation.document.markdown_text import attribute, escape_markdown
from programme_evaluation.document.narrative_files import Chapter
from programme_evaluation.document.references import (
    BLOCKS,
    REFERENCE,
    NarrativeError,
    Place,
    Printed,
    Reference,
    Resolver,
    nearest,
    parse,
)
from programme_evaluation.document.stale_numbers import hand_typed_numbers
from programme_evaluation.published.table import RATINGS

PLACEHOLDER = re.compile(r"NARRATIVE(REF|BLOCK|CHAPTER)(\d+)X")
# Pandoc's Markdown as Quarto reads it (every extension on, so the writer escapes whatever its
# reader would take as markup: $, \, <, @ ...), its tables written as pipe tables.
# Read without raw HTML, so a tag typed in a sentence (<b>, <script>) stays in it as text.
READER = "markdown-raw_html"
WRITER = "markdown-simple_tables-multiline_tables-grid_tables"
FINDING_OPTIONS = ("metric", "period", "group", "field", "edition")


def traced(printed: Printed) -> str:
    """A printed number as Markdown: a link to its source row, titled with the source in words."""
    source = printed.source
    if not source or not source.get("id") or not printed.text:
        return escape_markdown(printed.text)
    kind = "withheld" if source["withheld"] else "trace"
    return f'[{escape_markdown(printed.text)}](#{source["id"]}){{.{kind} title="{attribute(source["title"])}"}}'


def rag_badge(word: str) -> str:
    upper = word.upper()
    return f"[{upper}]{{.rag .rag-{upper.lower()}}}" if upper in RATINGS else escape_markdown(word)


@dataclass
class Slot:
    """A placeholder: an inline reference, a block, or a generated Markdown fragment."""

    reference: Reference | None = None
    printed: Printed | None = None
    markdown: str | None = None
    mode: str = "text"  # text (traced), link or heading (plain text), code (as typed)


@dataclass
class Narrative:
    """The body of an edition's report, as Markdown, and what the build log must say."""

    chapters: list[str] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    placed_figures: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    not_drawn: list[str] = field(default_factory=list)  # where the text cites a chart not drawn
    hand_typed: list[str] = field(default_factory=list)


class NarrativeWriter:
    """Writes one edition's chapters (see the module's docstring)."""

    def __init__(
        self, resolver: Resolver, blocks: Blocks, naming, known_numbers: set[str], label=str, generated_ids=()
    ):
        self.resolver = resolver
        self.blocks = blocks
        self.naming = naming
        self.known_numbers = known_numbers
        self.label = label  # a chapter's path as the user knows it
        self.generated_ids = set(generated_ids)  # what the generated parts of the report hold (@tbl-sources ...)
        self.slots: list[Slot] = []

    def slot(self, slot: Slot) -> str:
        self.slots.append(slot)
        return f"NARRATIVEREF{len(self.slots) - 1}X"

    # -- 1, 2: raw text -------------------------------------------------------------------
    def take_references(self, text: str, file: str) -> str:
        """The chapter with each [[...]] replaced by a placeholder; inline ones resolved now."""
        lines = []
        for number, line in enumerate(text.splitlines(), start=1):
            place = Place(file, number)

            def replace(match: re.Match, line=line, place=place) -> str:
                reference = parse(match.group(1), place)
                if reference.is_block:
                    if line.strip() != match.group(0):
                        raise NarrativeError(f"{place}: {reference.text} is a block: put it on a line of its own")
                    if reference.name == "key-findings":
                        self.slots.append(Slot(reference=reference, markdown=""))
                        return f"NARRATIVEBLOCK{len(self.slots) - 1}X"
                    self.slots.append(Slot(reference=reference, markdown=self.blocks.render(reference)))
                    return f"NARRATIVEBLOCK{len(self.slots) - 1}X"
                self.slots.append(Slot(reference=reference, printed=self.resolver.resolve(reference)))
                return f"NARRATIVEREF{len(self.slots) - 1}X"

            lines.append(REFERENCE.sub(replace, line))
        return "\n".join(lines) + "\n"

    # -- 3: the tree ------------------------------------------------------------------------
    def on_text(self, string: str, context: str) -> str:
        def mark(match: re.Match) -> str:
            slot = self.slots[int(match.group(2))]
            if context == "code":
                return slot.reference.text if slot.reference else match.group(0)
            if match.group(1) == "BLOCK" and context != "text":
                raise NarrativeError(
                    f"{slot.reference.place}: {slot.reference.text} is a block: put it on a line of its own"
                )
            if context in ("link", "heading"):
                slot.mode = "link"
            return match.group(0)

        return PLACEHOLDER.sub(mark, string)

    def finding_card(self, div: dict, file: str, text: str, occurrence: int) -> dict:
        """A key-finding div -> the card the report's design draws (a .big-number div)."""
        (_, _, attributes), blocks = div["c"]
        options = dict(attributes)
        line = _nth_line(text, ".key-finding", occurrence)
        place = Place(file, line)
        if "metric" not in options:
            raise NarrativeError(f"{place}: a key-finding names its number: ::: {{.key-finding metric=...}}")
        for key in options:
            if key not in FINDING_OPTIONS:
                raise NarrativeError(
                    f"{place}: unknown key-finding attribute {key}= (use {', '.join(FINDING_OPTIONS)})"
                )
        metric = options.pop("metric")
        shown = f"[[{metric}{''.join(f' {key}={value!r}' for key, value in options.items())}]] (key finding)"
        reference = Reference(metric, (), options, place, shown)
        printed = self.resolver.resolve(reference)
        measure = self.resolver.cell(reference)
        number = {"t": "Str", "c": self.slot(Slot(reference=reference, printed=printed))}
        first = blocks[0]["c"] if blocks and blocks[0]["t"] in ("Para", "Plain") else []
        statement = [{"t": "Span", "c": [["", ["figure"], []], [number]]}, {"t": "Space"}, *first]
        column = options.get("field", "value")
        if column == "value" and "change" not in options and "met" not in options and "trend" not in options:
            parts = self.parts(reference, measure)
            statement += parts
        body = blocks[1:] if first else blocks
        return {"t": "Div", "c": [["", ["big-number"], []], [{"t": "Para", "c": statement}, *body]]}

    def parts(self, reference: Reference, measure) -> list:
        """A share's 'n of d' and, with a target, '% of target' and its rating, as on the cards."""
        out = []

        def cell(column: str) -> dict:
            options = {**reference.options, "field": column}
            sub = Reference(reference.name, (), options, reference.place, reference.text)
            return {"t": "Str", "c": self.slot(Slot(reference=sub, printed=self.resolver.resolve(sub)))}

        if measure.is_share and not measure.suppressed:
            out += [{"t": "Space"}, {"t": "Str", "c": "("}, cell("numerator"), {"t": "Space"}, {"t": "Str", "c": "of"}]
            out += [{"t": "Space"}, cell("denominator"), {"t": "Str", "c": ")"}]
        if measure.target is not None and not measure.suppressed:
            target = {
                "t": "Span",
                "c": [
                    ["", ["of-target"], []],
                    [
                        cell("pct_of_target"),
                        {"t": "Space"},
                        {"t": "Str", "c": "of"},
                        {"t": "Space"},
                        {"t": "Str", "c": "target"},
                    ],
                ],
            }
            rating = self.slot(Slot(markdown=rag_badge(measure.rag or "")))
            out += [{"t": "Space"}, target, {"t": "Space"}, {"t": "Str", "c": rating}]
        return out

    def cards(self, blocks: list, file: str, text: str, counter: list[int]) -> tuple[list, list]:
        """Replace key-finding divs by cards; return (blocks, the cards found)."""
        out, cards = [], []
        for block in blocks:
            if block["t"] == "Div" and "key-finding" in block["c"][0][1]:
                card = self.finding_card(block, file, text, counter[0])
                counter[0] += 1
                cards.append(card)
                out.append(card)
            elif block["t"] in ("Div", "BlockQuote"):
                inner = block["c"][1] if block["t"] == "Div" else block["c"]
                new, found = self.cards(inner, file, text, counter)
                cards += found
                out.append(
                    {"t": "Div", "c": [block["c"][0], new]} if block["t"] == "Div" else {"t": "BlockQuote", "c": new}
                )
            else:
                out.append(block)
        return out, cards

    def chapter_blocks(self, chapter: Chapter) -> tuple[list, bool]:
        file = self.label(chapter.path)
        check_raw_text(chapter.text, file)
        text = self.take_references(chapter.text, file)
        tree = json.loads(pypandoc.convert_text(without_comments(text), "json", format=READER))
        self.api = tree["pandoc-api-version"]
        blocks = Sanitiser(chapter.text, file, self.on_text).document(tree)
        if not blocks or blocks[0]["t"] != "Header" or blocks[0]["c"][0] != 1:
            raise NarrativeError(f"{file}, line 1: a chapter starts with its heading: # Title {{#sec-name}}")
        appendix = "appendix" in blocks[0]["c"][1][1]
        blocks[0]["c"][1][1] = [name for name in blocks[0]["c"][1][1] if name != "appendix"]
        blocks, cards = self.cards(blocks, file, chapter.text, [0])
        grid = [index for index, block in enumerate(blocks) if _is_slot(block, self.slots, "key-findings")]
        if grid:
            if not cards:
                slot = self.slots[_slot_index(blocks[grid[0]])]
                raise NarrativeError(
                    f"{slot.reference.place}: [[key-findings]] finds no ::: {{.key-finding metric=...}} div in {file}"
                )
            ids = {id(card) for card in cards}
            blocks = [block for block in blocks if id(block) not in ids]
            grid = [index for index, block in enumerate(blocks) if _is_slot(block, self.slots, "key-findings")]
            blocks[grid[0]] = {"t": "Div", "c": [["", ["key-findings"], []], cards]}
            for index in grid[1:]:
                blocks[index] = {"t": "Plain", "c": []}
        return blocks, appendix

    # -- 4: the body ------------------------------------------------------------------------
    def write(self, chapters: list[Chapter]) -> Narrative:
        narrative = Narrative()
        merged, kinds = [], []
        self.api = [1, 23, 1]
        for number, chapter in enumerate(chapters):
            blocks, appendix = self.chapter_blocks(chapter)
            narrative.hand_typed += hand_typed_numbers(chapter.text, self.label(chapter.path), self.known_numbers)
            merged += [{"t": "Para", "c": [{"t": "Str", "c": f"NARRATIVECHAPTER{number}X"}]}, *blocks]
            kinds.append(appendix)
        if not chapters:
            return narrative
        narrative.not_drawn = self.cite_not_drawn(merged, chapters)
        self.check_cross_references(merged, chapters)
        document = {"pandoc-api-version": self.api, "meta": {}, "blocks": merged}
        markdown = pypandoc.convert_text(json.dumps(document), WRITER, format="json", extra_args=["--wrap=none"])
        parts = re.split(r"^NARRATIVECHAPTER\d+X\n", markdown, flags=re.MULTILINE)[1:]
        for part, appendix in zip(parts, kinds):
            text = self.fill(part).strip("\n") + "\n"
            (narrative.appendices if appendix else narrative.chapters).append(text)
        narrative.placed_figures = list(self.blocks.placed)
        narrative.withheld = list(self.resolver.withheld)
        return narrative

    def cite_not_drawn(self, blocks: list, chapters: list[Chapter]) -> list[str]:
        """A sentence citing a chart that is not drawn (every bar withheld) cites its title in
        italics instead of a figure number, and the build log names the file and line, so the
        evaluators can reword it."""
        not_drawn = {name: self.blocks.figures[name]["title"] for name in self.blocks.not_drawn}
        found = []

        def walk(node) -> None:
            items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
            if isinstance(node, list):
                for index, value in enumerate(node):
                    if isinstance(value, dict) and value.get("t") == "Cite":
                        names = [citation["citationId"] for citation in value["c"][0]]
                        if len(names) == 1 and names[0] in not_drawn:
                            node[index] = {"t": "Emph", "c": [{"t": "Str", "c": not_drawn[names[0]]}]}
                            chapter = next((item for item in chapters if f"@{names[0]}" in item.text), chapters[0])
                            place = Place(self.label(chapter.path), line_of(chapter.text, f"@{names[0]}"))
                            found.append(
                                f"{place}: @{names[0]} cites a chart that is not drawn (every bar withheld to "
                                "protect confidentiality): the sentence now names it; reword it if need be"
                            )
            for value in items:
                walk(value)

        walk(blocks)
        return found

    def check_cross_references(self, blocks: list, chapters: list[Chapter]) -> None:
        """@fig-, @sec-, @tbl- must name something this edition's report holds: a reference to
        nothing would print '?@fig-x' in one renderer and differently in the other."""
        known = set(self.generated_ids) | set(self.blocks.placed)
        cites = []

        def walk(node) -> None:
            if isinstance(node, dict):
                if node.get("t") == "Header":
                    known.add(node["c"][1][0])
                elif node.get("t") == "Table":
                    known.add(node["c"][0][0])
                elif node.get("t") == "Div" and node["c"][0][0]:
                    known.add(node["c"][0][0])
                elif node.get("t") == "Cite":
                    cites.extend(citation["citationId"] for citation in node["c"][0])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(blocks)
        for name in dict.fromkeys(cites):
            if name in known:
                continue
            chapter = next((chapter for chapter in chapters if f"@{name}" in chapter.text), chapters[0])
            place = Place(self.label(chapter.path), line_of(chapter.text, f"@{name}"))
            raise NarrativeError(
                f"{place}: @{name} names nothing in the {self.resolver.edition} edition's report"
                + nearest(name, sorted(item for item in known if item and item[:4] == name[:4]), "ids of that kind")
            )

    def fill(self, markdown: str) -> str:
        """Put the traced numbers and the blocks where their placeholders are."""

        def block(match: re.Match) -> str:
            indent, index = match.group(1), int(match.group(2))
            slot = self.slots[index]
            return "\n".join(indent + line if line else line for line in (slot.markdown or "").splitlines())

        markdown = re.sub(r"^([ \t>]*)NARRATIVEBLOCK(\d+)X[ \t]*$", block, markdown, flags=re.MULTILINE)

        def inline(match: re.Match) -> str:
            slot = self.slots[int(match.group(2))]
            if slot.printed is None:
                return slot.markdown or ""
            if slot.mode == "link":
                return escape_markdown(slot.printed.text)
            return traced(slot.printed)

        filled = PLACEHOLDER.sub(inline, markdown)
        if re.search(r"NARRATIVE(REF|BLOCK|CHAPTER)\d+X", filled):  # a reference where none can stand
            raise NarrativeError("a narrative reference stands where it cannot be printed (in a link target?)")
        return filled


def _is_slot(block: dict, slots: list[Slot], name: str) -> bool:
    index = _slot_index(block)
    return index is not None and slots[index].reference is not None and slots[index].reference.name == name


def _slot_index(block: dict) -> int | None:
    if block["t"] != "Para" or len(block["c"]) != 1 or block["c"][0]["t"] != "Str":
        return None
    match = re.fullmatch(r"NARRATIVEBLOCK(\d+)X", block["c"][0]["c"])
    return int(match.group(1)) if match else None


def _nth_line(text: str, needle: str, occurrence: int) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            return line_of(text, needle)
    return text.count("\n", 0, position) + 1


def measure_name(naming, metric: str) -> str:
    return first_upper(naming.measure(metric))


__all__ = ["BLOCKS", "Narrative", "NarrativeWriter", "traced"]
