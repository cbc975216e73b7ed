"""Which cells of an edition's metrics table its report uses, and how much each one matters.

The published set holds what the report prints (live references, key findings, callouts,
tables, the progression criteria), draws (the configured charts) or tabulates (their data, the
comparison of editions), plus what `disclosure.release` lists; nothing else. Fewer published
cells leave a reader fewer ways to subtract, so fewer cells are withheld to protect small counts.
The weight of a use tells secondary suppression what a withheld cell costs: a key finding, a
chart's total or a number a sentence cites costs most; per-period detail least.

Read at workflow time from the narrative's text and the report configuration (a small reader of
the `[[metric option=value]]` and `::: {.key-finding ...}` syntax of docs/writing-the-report.md;
the document stage checks the same text fully), so the published step reruns only when what the
report uses changes, not when a sentence is reworded.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ANY = "*"
OVERALL = "overall"
ALL = "all"
# Weights, highest first: what withholding the cell costs the report.
HEADLINE = 3  # a key finding, a chart's total, a number a sentence cites
PRINTED = 2  # a bar, a table's cell, a progression criterion
DETAIL = 1  # per-period detail
RELEASE = 0  # printed nowhere, listed for release by the configuration
WEIGHTS = {HEADLINE: "headline", PRINTED: "printed", DETAIL: "detail", RELEASE: "release"}

REFERENCE = re.compile(r"\[\[([^\[\]\n]+)\]\]")
FINDING = re.compile(r"^\s*:{3,}\s*\{([^}]*\.key-finding[^}]*)\}")
BLOCKS = ("figure", "key-findings", "criteria", "timeline", "callout", "table", "quotes")
# Chart kinds that draw one bar per period (their overall row is the total).
PER_PERIOD = ("per_period_against_target",)
# Chart kinds that draw one bar per group of the overall row.
BY_GROUP = ("bars_by_group", "shares_by_group", "tile_map")
OVERALL_ONLY = ("funnel", "overall_against_target")


def use(metric: str, period: str = OVERALL, group: str = ALL, weight: int = PRINTED, why: str = "") -> dict:
    return {"metric": metric, "period": period, "group": group, "weight": weight, "why": why}


def _tokens(inner: str) -> tuple[list[str], dict[str, str]]:
    try:
        tokens = shlex.split(inner, posix=True)
    except ValueError:
        return [], {}  # the document step reports a malformed reference with its file and line
    words = [token for token in tokens if "=" not in token]
    options = dict(token.split("=", 1) for token in tokens if "=" in token)
    return words, options


def cites(options: dict, edition: str | None) -> bool:
    """Does a reference print a cell of `edition` (None: of its own edition)? A later edition's
    report cites an earlier one's cells with edition=, change= and since=."""
    if edition is None:
        return not options.get("edition")
    return edition in (options.get("edition"), options.get("change"), options.get("since"))


def reference_uses(inner: str, where: str, edition: str | None = None) -> list[dict]:
    """The cells of an edition one `[[...]]` prints: its own edition's (`edition` None) or, in a
    later edition's chapter, the named earlier edition's."""
    words, options = _tokens(inner)
    if not words or not cites(options, edition):
        return []
    name = words[0]
    if name == "callout" and len(words) > 1:
        return [use(words[1], ANY, options.get("group", ALL), DETAIL, f"callout, {where}")]
    if name == "table":
        metrics = [item for item in options.get("metrics", "").split(",") if item]
        periods = [item for item in options.get("periods", OVERALL).split(",") if item]
        groups = [item for item in options.get("groups", ALL).split(",") if item]
        return [
            use(metric, period, group, DETAIL if period != OVERALL else PRINTED, f"table, {where}")
            for metric in metrics
            for period in periods
            for group in groups
        ]
    if name in BLOCKS:
        return []  # figures and criteria are read from the configuration
    return [use(name, options.get("period", OVERALL), options.get("group", ALL), HEADLINE, f"cited, {where}")]


def finding_uses(attributes: str, where: str, edition: str | None = None) -> list[dict]:
    _, options = _tokens(attributes)
    if not options.get("metric") or not cites(options, edition):
        return []
    return [
        use(
            options["metric"],
            options.get("period", OVERALL),
            options.get("group", ALL),
            HEADLINE,
            f"key finding, {where}",
        )
    ]


def narrative_uses(chapters: list[tuple[str, str]], edition: str | None = None) -> list[dict]:
    """Every cell the narrative's chapters print, (file as the user knows it, its text): of their
    own edition, or (`edition`) of the earlier edition they cite."""
    found = []
    for file, text in chapters:
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"{file}, line {number}"
            if match := FINDING.match(line):
                found += finding_uses(match.group(1), where, edition)
            for match in REFERENCE.finditer(line):
                found += reference_uses(match.group(1), where, edition)
    return found


def figure_uses(figures: list[dict]) -> list[dict]:
    """The cells each configured chart draws, and its data table: totals weigh most."""
    found = []
    for spec in figures:
        names = list(spec.get("metrics") or [spec["metric"]])
        why = f"chart {spec.get('id', '')}"
        kind = spec.get("kind", "")
        for metric in names:
            if kind in PER_PERIOD:
                found += [use(metric, ANY, ALL, DETAIL, why), use(metric, OVERALL, ALL, HEADLINE, f"{why} (total)")]
            elif kind in BY_GROUP:
                found += [
                    use(metric, OVERALL, ANY, PRINTED, why),
                    use(metric, OVERALL, ALL, HEADLINE, f"{why} (total)"),
                ]
            elif kind in OVERALL_ONLY:
                found.append(use(metric, OVERALL, ALL, HEADLINE, why))
            else:  # per period and group (stacked), or a kind this reader does not know: all of it
                found += [use(metric, ANY, ANY, DETAIL, why), use(metric, OVERALL, ALL, HEADLINE, f"{why} (total)")]
    return found


def target_uses(metrics: list[dict]) -> list[dict]:
    """The progression criteria and the comparison of editions: every overall row with a target."""
    return [
        use(metric["name"], OVERALL, ALL, PRINTED, "progression criteria") for metric in metrics if "target" in metric
    ]


def release_uses(release: list) -> list[dict]:
    """`disclosure.release`: cells published though the report prints none of them."""
    found = []
    for item in release:
        item = {"metric": item} if isinstance(item, str) else item
        found.append(
            use(item["metric"], item.get("period", ANY), item.get("group", ANY), RELEASE, "disclosure.release")
        )
    return found


def read_chapters(paths: list[str | Path]) -> list[tuple[str, str]]:
    return [(Path(path).as_posix(), Path(path).read_text(encoding="utf-8")) for path in paths]


def report_uses(
    config: dict, chapter_paths: list[str | Path], later: dict[str, list[str | Path]] | None = None, edition: str = ""
) -> list[dict]:
    """Every use of a cell of the edition by its report, and by later editions' reports that cite
    it (`later`: their chapter files), sorted so that it is a stable parameter."""
    report = config.get("report") or {}
    cited_later = [item for paths in (later or {}).values() for item in narrative_uses(read_chapters(paths), edition)]
    found = (
        narrative_uses(read_chapters(chapter_paths))
        + cited_later
        + figure_uses(report.get("figures") or [])
        + target_uses(config["metrics"])
        + release_uses((config.get("disclosure") or {}).get("release") or [])
    )
    unique = {tuple(sorted(item.items())): item for item in found}
    return [unique[key] for key in sorted(unique)]


def weights_of(uses: list[dict], rows) -> dict[tuple[str, str, str], tuple[int, str]]:
    """The rows (metric, period, group) the uses name, each with its highest weight and why."""
    found: dict[tuple[str, str, str], tuple[int, str]] = {}
    patterns: dict[str, list[dict]] = {}
    for item in uses:
        patterns.setdefault(item["metric"], []).append(item)
    for key in rows:
        metric, period, group = key
        for item in patterns.get(metric, ()):
            if item["period"] in (ANY, period) and item["group"] in (ANY, group):
                weight = item["weight"]
                if item["period"] == ANY and period != OVERALL:
                    weight = min(weight, DETAIL)  # per-period detail costs least
                elif period == OVERALL and weight == DETAIL:
                    weight = PRINTED
                if key not in found or weight > found[key][0]:
                    found[key] = (weight, item["why"])
    return found
