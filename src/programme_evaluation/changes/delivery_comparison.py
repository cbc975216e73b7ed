"""A delivery compared with the last accepted one: what disappeared, what history was rewritten,
which periods lost rows, and which numbers of a released edition that would change.

Providers' extracts are cumulative, so a new delivery should only add: new records, and the
later milestones of old ones (a blank assessment date filled in, "Not yet discharged" becoming
"Goals met"). Anything else rewrites the past: a record deleted at source, a referral's date
moved by years, four months of website data lost. Each such change is a finding, named by the
extract's record key (the columns its contract declares unique) or, for rows without one, by
period and day. Then every released edition (configuration.releases) is computed from both
deliveries as at its cut-off; a released number that would change is the finding that stops
the build by default, naming the edition, the metric and the records behind it.

Record ids appear here, in the CSV and in the internal data-quality page, never in anything
published (the report's data-quality section prints counts only).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import write_text
from programme_evaluation.common.periods import periods_from
from programme_evaluation.common.spreadsheet_safety import spreadsheet_safe
from programme_evaluation.common.tables import csv_number
from programme_evaluation.contract import load_contract
from programme_evaluation.editions.cut_off import as_at_cut_off
from programme_evaluation.metrics.compute import metrics_table

KINDS = ("removed", "changed", "lost_rows", "released_numbers")
DEFAULT_SEVERITIES = {"removed": "warning", "changed": "warning", "lost_rows": "warning", "released_numbers": "error"}
COLUMNS = (
    "kind",
    "severity",
    "extract",
    "record",
    "column",
    "period",
    "before",
    "after",
    "released_editions",
    "metric",
    "group",
)
VALUES = ("value", "numerator", "denominator")
# Findings named in an error message before "and N more".
NAMED_MAX = 10


class DeliveryRewritesReleasedNumbers(PipelineError):
    """The new delivery would change the numbers of an edition that is already released."""


@dataclass
class Finding:
    kind: str
    extract: str = ""
    record: str = ""
    column: str = ""
    period: str = ""
    before: str = ""
    after: str = ""
    metric: str = ""
    group: str = ""
    # The dates that place the finding (the record's event dates, the day or the period's end).
    dates: list = field(default_factory=list)
    released_editions: list = field(default_factory=list)
    severity: str = "warning"

    def row(self) -> dict:
        values = {name: getattr(self, name) for name in COLUMNS if name != "released_editions"}
        return {**values, "released_editions": " ".join(self.released_editions)}

    def words(self) -> str:
        """The finding as a person reads it in an error message."""
        where = f"{self.extract}, record {self.record}" if self.record else f"{self.extract}"
        if self.kind == "removed":
            return f"{where}: the record is no longer delivered (it was dated {self.before or 'undated'})"
        if self.kind == "changed":
            return f"{where}, column {self.column}: {self.before!r} is now {self.after!r}"
        if self.kind == "lost_rows":
            return f"{self.extract}, {self.period}: {self.before} rows in the last accepted delivery, {self.after} now"
        group = "" if self.group in ("", "all") else f" ({self.group})"
        return f"{self.metric}{group}, {self.period}: was {self.before or 'blank'}, now {self.after or 'blank'}"


def text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return csv_number(value)
    return str(value)


def record_key(contract) -> list[str]:
    """The columns the extract's contract declares unique together (one id column, or a compound key)."""
    for expectation in contract.expectations:
        kwargs = expectation.get("kwargs", {})
        if expectation["type"] == "expect_column_values_to_be_unique" and "row_condition" not in kwargs:
            return [kwargs["column"]]
        if expectation["type"] in (
            "expect_compound_columns_to_be_unique",
            "expect_select_column_values_to_be_unique_within_record",
        ):
            if isinstance(kwargs.get("column_list"), list) and "row_condition" not in kwargs:
                return list(kwargs["column_list"])
    return []


def placeholders(rules: dict) -> dict[str, set[str]]:
    """Column -> statuses that stand for a milestone not reached yet ("Not yet assessed"): their
    replacement by the real outcome is progress, not a rewritten past."""
    found: dict[str, set[str]] = {}
    for milestone in rules.get("as_at_cut_off", []) or []:
        for column, value in (milestone.get("set") or {}).items():
            found.setdefault(column, set()).add(str(value))
    return found


def keyed(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    table = frame.astype(object).map(text) if len(frame) else frame.astype(object)
    table.index = table[key].agg(" / ".join, axis=1) if len(key) > 1 else table[key[0]]
    return table


def record_findings(extract: str, before: pd.DataFrame, after: pd.DataFrame, key: list[str], rules: dict) -> list:
    """Records that disappeared, and past values that changed (a value replaced or blanked; a
    blank filled in, or a placeholder status replaced, is progress)."""
    event = rules.get("event_date")
    old, new = keyed(before, key), keyed(after, key)
    findings = []
    for record in old.index.difference(new.index, sort=False):
        dated = old.at[record, event] if event else ""
        findings.append(Finding("removed", extract, record, before=dated, dates=[dated] if dated else []))
    common = old.index.intersection(new.index, sort=False)
    waiting = placeholders(rules)
    shared = [column for column in old.columns if column in new.columns and column not in key]
    old_common, new_common = old.loc[common, shared], new.loc[common, shared]
    differs = (old_common != new_common) & (old_common != "")
    for column in shared:
        for record in common[differs[column].to_numpy()]:
            was, now = old_common.at[record, column], new_common.at[record, column]
            if was in waiting.get(column, set()):
                continue
            dates = [old.at[record, event], new.at[record, event]] if event else []
            findings.append(
                Finding("changed", extract, record, column, before=was, after=now, dates=[d for d in dates if d])
            )
    return findings


def lost_rows(extract: str, before: pd.DataFrame, after: pd.DataFrame, rules: dict, periods, by_day: bool) -> list:
    """Periods (and, for an extract without a record key, days) with fewer rows than before."""
    event = rules.get("event_date")
    if not event:
        if len(after) < len(before):
            return [Finding("lost_rows", extract, period="all rows", before=str(len(before)), after=str(len(after)))]
        return []
    old_days = before[event].dropna().map(lambda day: day.date().isoformat()).value_counts()
    new_days = after[event].dropna().map(lambda day: day.date().isoformat()).value_counts()
    findings = []
    for period in periods:
        first, last = period.start.isoformat(), period.end.isoformat()
        was = int(old_days[(old_days.index >= first) & (old_days.index <= last)].sum())
        now = int(new_days[(new_days.index >= first) & (new_days.index <= last)].sum())
        if now < was:
            findings.append(
                Finding("lost_rows", extract, period=period.name, before=str(was), after=str(now), dates=[last])
            )
    if by_day:
        for day in sorted(old_days.index):
            was, now = int(old_days[day]), int(new_days.get(day, 0))
            if now < was:
                findings.append(Finding("lost_rows", extract, period=day, before=str(was), after=str(now), dates=[day]))
    return findings


def touches(finding: Finding, cut_off: str, dated: bool) -> bool:
    """Whether a finding lies within an edition's data (on or before its cut-off)."""
    if not dated:
        return True
    return any(str(day)[:10] <= cut_off for day in finding.dates)


def edition_metrics(settings: dict, edition: dict, tables: dict, allowed: dict) -> pd.DataFrame:
    """The audited metrics of an edition computed from these extracts as at its cut-off."""
    views = {
        name: as_at_cut_off(table, settings["extracts"][name] or {}, edition["cut_off"])
        for name, table in tables.items()
    }
    periods = [period for period in periods_from(settings["periods"]) if period.name in edition["periods"]]
    return metrics_table(settings, views, periods, allowed)


def changed_numbers(edition: str, before: pd.DataFrame, after: pd.DataFrame) -> list:
    """The numbers of the edition's metrics table that differ, one finding per cell."""
    index = ["metric", "period", "group"]
    old, new = before.set_index(index), after.set_index(index)
    findings = []
    for cell in old.index.union(new.index, sort=False):
        was = [text(old.at[cell, column]) if cell in old.index else "" for column in VALUES]
        now = [text(new.at[cell, column]) if cell in new.index else "" for column in VALUES]
        if was != now:
            metric, period, group = cell
            findings.append(
                Finding(
                    "released_numbers",
                    period=period,
                    before=was[0],
                    after=now[0],
                    metric=metric,
                    group=group,
                    released_editions=[edition],
                )
            )
    return findings


def compare_deliveries(
    settings: dict, before_paths: dict, after_paths: dict, contract_folder, released: dict[str, dict]
) -> dict:
    """Every finding of the new delivery against the last accepted one, with its severity.

    `settings`: stage_settings.delivery_comparison_settings; `released`: edition -> release
    (configuration.releases.released_editions), of which those built from an earlier delivery
    than this one are checked."""
    from programme_evaluation.common.tables import read_validated
    from programme_evaluation.contract import allowed_categories

    severities = {**DEFAULT_SEVERITIES, **(settings.get("severities") or {})}
    periods = periods_from(settings["periods"])
    editions = {edition["name"]: edition for edition in settings["editions"]}
    checked = sorted(
        (name for name, release in released.items() if release["delivery"] < settings["delivery"] and name in editions),
        key=list(editions).index,
    )
    before_tables, after_tables, findings = {}, {}, []
    for extract in settings["extracts"]:
        contract = load_contract(contract_folder, extract)
        rules = settings["extracts"][extract] or {}
        before = before_tables[extract] = read_validated(before_paths[extract], contract.columns)
        after = after_tables[extract] = read_validated(after_paths[extract], contract.columns)
        key = record_key(contract)
        found = record_findings(extract, before, after, key, rules) if key else []
        found += lost_rows(extract, before, after, rules, periods, by_day=not key)
        for finding in found:
            finding.released_editions = [
                name for name in checked if touches(finding, editions[name]["cut_off"], bool(rules.get("event_date")))
            ]
        findings += found
    allowed = allowed_categories(contract_folder, list(settings["extracts"]))
    for name in checked:
        findings += changed_numbers(
            name,
            edition_metrics(settings, editions[name], before_tables, allowed),
            edition_metrics(settings, editions[name], after_tables, allowed),
        )
    for finding in findings:
        finding.severity = severities[finding.kind]
    return {
        "programme": settings["programme"],
        "delivery": settings["delivery"],
        "previous": settings["previous"],
        "released": {name: released[name] for name in checked},
        "severities": severities,
        "errors": sum(finding.severity == "error" for finding in findings),
        "warnings": sum(finding.severity == "warning" for finding in findings),
        "counts": {kind: sum(finding.kind == kind for finding in findings) for kind in KINDS},
        "findings": [finding.row() for finding in findings],
        "messages": stop_messages(findings, settings),
    }


def stop_messages(findings: list, settings: dict) -> list[str]:
    """For each released edition whose numbers would change (as an error): what changes and the
    records of its data behind it."""
    messages = []
    editions = sorted(
        {
            name
            for f in findings
            if f.kind == "released_numbers" and f.severity == "error"
            for name in f.released_editions
        }
    )
    for edition in editions:
        numbers = [f for f in findings if f.kind == "released_numbers" and edition in f.released_editions]
        # periods that lost rows first (one line may stand for hundreds of records), then rewritten values
        causes = sorted(
            (f for f in findings if f.kind != "released_numbers" and edition in f.released_editions),
            key=lambda f: ("lost_rows", "changed", "removed").index(f.kind),
        )
        lines = [
            f"The {settings['programme']} delivery {settings['delivery']} would change the released {edition} "
            f"edition's numbers (compared with the last accepted delivery {settings['previous']}):"
        ]
        lines += [f"  - {f.words()}" for f in numbers[:NAMED_MAX]]
        if len(numbers) > NAMED_MAX:
            lines.append(f"  - and {len(numbers) - NAMED_MAX} more numbers")
        if causes:
            lines.append(f"What changed in the data of the {edition} edition:")
            lines += [f"  - {f.words()}" for f in causes[:NAMED_MAX]]
            if len(causes) > NAMED_MAX:
                lines.append(f"  - and {len(causes) - NAMED_MAX} more changes")
        messages.append("\n".join(lines))
    return messages


def comparison_csv(comparison: dict) -> str:
    """The findings as CSV, every cell safe to open in a spreadsheet (a delivered value is untrusted)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: spreadsheet_safe(value) for name, value in row.items()} for row in comparison["findings"])
    return out.getvalue()


def write_comparison(comparison: dict, csv_path, json_path=None) -> None:
    """The CSV (always, so it can be read when the build stops) and, when nothing stops, the JSON."""
    write_text(csv_path, comparison_csv(comparison))
    if json_path is not None:
        write_text(json_path, json.dumps(comparison, indent=2, ensure_ascii=False) + "\n")


def check_comparison(comparison: dict, csv_path: str | Path) -> None:
    """Stop the build when a finding is an error: name what would change and where the list is."""
    if not comparison["errors"]:
        return
    messages = comparison["messages"] or [
        f"The {comparison['programme']} delivery {comparison['delivery']}: {comparison['errors']} finding(s) "
        f"configured as errors in quality.delivery_comparison (compared with the delivery {comparison['previous']})."
    ]
    raise DeliveryRewritesReleasedNumbers(
        "\n\n".join(messages)
        + f"\n\nEvery finding is listed in {csv_path}. Ask the provider whether the change is a correction; "
        "a released edition keeps the numbers it was released with. To build a new revision from this delivery "
        "anyway, set quality.delivery_comparison.released_numbers: warning in the programme's configuration."
    )
