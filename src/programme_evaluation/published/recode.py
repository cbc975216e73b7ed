"""Recoding before suppression: small categories of a breakdown merged into one.

`disclosure.recode` names, per metric, explicit merges (`merge: {new category: [categories]}`)
and a threshold (`below: n`, `into: Other`): every category whose overall count (a share's or a
mean's denominator) is below n in the edition is merged into `into`. A merged category's
numerator, denominator and count are the sums of its parts (a share or mean recomputed from
them), period by period, so the breakdown still adds up to its total; the published set and the
disclosure control then see the merged category only, and fewer small counts need protecting.

What one edition merged, every later edition merges too, and a category an earlier edition
published on its own is not merged later: a reader holding both editions could otherwise
subtract the one from the other. The audited metrics table keeps every category.
"""

from __future__ import annotations

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.periods import OVERALL
from programme_evaluation.metrics.audited import ALL

OTHER = "Other"


class RecodeError(PipelineError, ValueError):
    """A recode names a metric or category the configuration does not have."""


def recode_statement(metrics: list[dict], recode: dict) -> list[tuple[str, list[str]]]:
    """(metric, sentences) for the methods appendix: what each recode merges."""
    names = [metric["name"] for metric in metrics]
    found = []
    for name in names:
        if name not in recode:
            continue
        item = recode[name]
        said = [f"{', '.join(parts)} are shown together as {into}" for into, parts in (item.get("merge") or {}).items()]
        if "below" in item:
            said.append(f"categories with fewer than {item['below']} are shown together as {item.get('into', OTHER)}")
        found.append((name, said))
    return found


def check_recode(metrics: list[dict], recode: dict) -> None:
    by_name = {metric["name"]: metric for metric in metrics}
    for name in recode:
        if name not in by_name or not by_name[name].get("by"):
            raise RecodeError(
                f"disclosure.recode names {name}, which is not a metric with a breakdown (`by`) in the configuration"
            )


def merges_of(frame: pd.DataFrame, metric: dict, item: dict, earlier: dict[str, str], published: set[str]) -> dict:
    """{category: merged category} for one metric of one edition."""
    name = metric["name"]
    rows = frame[(frame["metric"] == name) & (frame["group"] != ALL)]
    groups = list(dict.fromkeys(rows["group"]))
    mapping = dict(earlier)
    for into, parts in (item.get("merge") or {}).items():
        for part in parts:
            if part in groups:
                mapping[part] = into
    if "below" in item:
        size = "value" if metric["kind"] == "count" else "denominator"
        overall = rows[rows["period"] == OVERALL].set_index("group")[size]
        into = item.get("into", OTHER)
        for group in groups:
            number = overall.get(group)
            if group != into and group not in published and number is not None and float(number) < item["below"]:
                mapping.setdefault(group, into)
    return {group: into for group, into in mapping.items() if group in groups and group != into}


def merged(frame: pd.DataFrame, metric: dict, mapping: dict[str, str]) -> pd.DataFrame:
    """The frame with the metric's categories merged as `mapping` says, in the place of the first."""
    if not mapping:
        return frame
    name, out, done = metric["name"], [], set()
    for row in frame.to_dict("records"):
        if row["metric"] != name or row["group"] == ALL:
            out.append(row)
            continue
        into = mapping.get(row["group"], row["group"])
        key = (row["period"], into)
        if key in done:
            continue
        done.add(key)
        same = frame[
            (frame["metric"] == name)
            & (frame["period"] == row["period"])
            & frame["group"].map(lambda group: mapping.get(group, group) == into)
        ]
        if len(same) == 1:
            out.append({**row, "group": into})
            continue
        numerator, denominator = same["numerator"].sum(min_count=1), same["denominator"].sum(min_count=1)
        value = (
            same["value"].sum(min_count=1)
            if metric["kind"] == "count"
            else (numerator / denominator if denominator else None)
        )
        out.append(
            {
                **row,
                "group": into,
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "target": None,
                "pct_of_target": None,
                "rag": "",
            }
        )
    result = pd.DataFrame(out, columns=frame.columns)
    for column in ("value", "numerator", "denominator", "target", "pct_of_target"):
        result[column] = pd.to_numeric(result[column]).astype(float)
    return result


def recode_frames(frames: list[pd.DataFrame], settings: dict) -> tuple[list[pd.DataFrame], list[dict]]:
    """Each edition's table (earliest first) recoded, and what each merged: {metric: {category:
    merged category}}."""
    recode = (settings.get("disclosure") or {}).get("recode") or {}
    if not recode:
        return frames, [{} for _ in frames]
    check_recode(settings["metrics"], recode)
    metrics = {metric["name"]: metric for metric in settings["metrics"]}
    earlier: dict[str, dict[str, str]] = {}
    published: dict[str, set[str]] = {}
    out, applied = [], []
    for frame in frames:
        done = {}
        for name, item in recode.items():
            mapping = merges_of(frame, metrics[name], item, earlier.get(name, {}), published.get(name, set()))
            frame = merged(frame, metrics[name], mapping)
            earlier[name] = {**earlier.get(name, {}), **mapping}
            published.setdefault(name, set()).update(set(frame["group"][frame["metric"] == name]) - set(mapping))
            if mapping:
                done[name] = mapping
        out.append(frame)
        applied.append(done)
    return out, applied
