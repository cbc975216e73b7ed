"""An edition's view of the cumulative delivery: what was known on its cut-off day.

Extracts are cumulative, so one delivery serves every edition. An interim report must not see
events after its cut-off, including later milestones of rows it does keep: a referral made in
March and assessed in May was, on 31 March, a referral not yet assessed.
"""

from __future__ import annotations

import pandas as pd


def as_at_cut_off(table: pd.DataFrame, rules: dict, cut_off: str) -> pd.DataFrame:
    """Rows dated on or before the cut-off, with later milestones blanked as configured."""
    day = pd.Timestamp(cut_off)
    event_date = rules.get("event_date")
    kept = table if event_date is None else table[table[event_date].notna() & (table[event_date] <= day)]
    kept = kept.copy()
    for milestone in rules.get("as_at_cut_off", []):
        column = milestone["date"]
        later = kept[column].notna() & (kept[column] > day)
        if "when" in milestone:
            later &= kept.eval(milestone["when"], engine="python").astype(bool)
        for target, value in (milestone.get("set") or {}).items():
            kept.loc[later, target] = value
        kept.loc[later, column] = pd.NaT
    return kept.reset_index(drop=True)


def write_edition(settings: dict, validated: dict, out_paths: dict, contract_folder) -> None:
    """Write each validated extract as this edition sees it on its cut-off day."""
    from programme_evaluation.common.tables import write_table
    from programme_evaluation.contract import read_extracts

    for name, table in read_extracts(validated, contract_folder).items():
        write_table(as_at_cut_off(table, settings["extracts"][name], settings["cut_off"]), out_paths[name])
