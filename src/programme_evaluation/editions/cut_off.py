"""An edition's view of the cumulative delivery: what was known on its cut-off day.

Extracts are cumulative, so one delivery serves every edition. An interim report must not see
events after its cut-off, including later milestones of rows it does keep: a referral made in
March and assessed in May was, on 31 March, a referral not yet assessed.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd


def as_at_cut_off(table: pd.DataFrame, rules: dict, cut_off: str) -> pd.DataFrame:
    """Rows dated on or before the cut-off, with later milestones blanked as configured."""
    return edition_view(table, rules, cut_off)[0]


def edition_view(table: pd.DataFrame, rules: dict, cut_off: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The view (as_at_cut_off), the positions in `table` of the rows it keeps, and which of
    them it changed (a milestone blanked or a status set)."""
    day = pd.Timestamp(cut_off)
    event_date = rules.get("event_date")
    keep = (
        np.ones(len(table), dtype=bool)
        if event_date is None
        else (table[event_date].notna() & (table[event_date] <= day)).to_numpy()
    )
    kept = table[keep].copy()
    changed = np.zeros(len(kept), dtype=bool)
    for milestone in rules.get("as_at_cut_off", []):
        column = milestone["date"]
        later = kept[column].notna() & (kept[column] > day)
        if "when" in milestone:
            later &= kept.eval(milestone["when"], engine="python").astype(bool)
        for target, value in (milestone.get("set") or {}).items():
            kept.loc[later, target] = value
        kept.loc[later, column] = pd.NaT
        changed |= later.to_numpy()
    return kept.reset_index(drop=True), np.flatnonzero(keep), changed


def write_edition(settings: dict, validated: dict, out_paths: dict, contract_folder) -> None:
    """Write each validated extract as this edition sees it on its cut-off day."""
    from programme_evaluation.common.tables import read_validated, write_table
    from programme_evaluation.contract import load_contract

    for name, path in validated.items():
        columns = load_contract(contract_folder, name).columns
        rules = settings["extracts"][name]
        if not write_by_lines(path, out_paths[name], columns, rules, settings["cut_off"]):
            write_table(as_at_cut_off(read_validated(path, columns), rules, settings["cut_off"]), out_paths[name])


def write_by_lines(source, target, columns: dict[str, str], rules: dict, cut_off: str) -> bool:
    """Write the view of a validated file mostly by copying its lines; False (nothing written)
    when that cannot be exact.

    Only the columns that decide the view are read (dates, the columns of a milestone's
    condition, the statuses it sets). A record the view keeps unchanged is copied as its line of
    the validated file, which is what write_table writes for it, byte for byte; a record whose
    milestone the cut-off blanked is read whole, changed and written anew. Reading and writing
    every column of every record with pandas was most of this stage at 10^6 rows
    (benchmarks/bench_scale.py).
    """
    from programme_evaluation.common.files import write_bytes
    from programme_evaluation.common.tables import read_validated, record_lines, table_lines

    deciding = {rules.get("event_date")}
    for milestone in rules.get("as_at_cut_off", []):
        deciding |= {milestone["date"], *(milestone.get("set") or {})}
        deciding |= {column for column in columns if column in milestone.get("when", "")}
    deciding = [column for column in columns if column in deciding] or [next(iter(columns))]
    decided = read_validated(source, columns, only=deciding)
    view, rows, changed = edition_view(decided, rules, cut_off)
    lines = record_lines(source, len(decided))
    if lines is None or not view.dtypes.equals(
        decided.dtypes
    ):  # a value with a line break; a set status of another type
        return False
    records = [lines[1 + row] for row in rows]
    positions = np.flatnonzero(changed)
    if len(positions):
        whole = read_validated(
            io.BytesIO(b"\n".join([lines[0], *(records[position] for position in positions), b""])), columns
        )
        for column in view.columns:
            whole[column] = view[column].iloc[positions].reset_index(drop=True)
        rewritten = table_lines(whole)
        if len(whole) != len(positions) or len(rewritten) != len(positions):  # a set status holding a line break
            return False
        for position, line in zip(positions, rewritten):
            records[position] = line
    write_bytes(target, b"\n".join([lines[0], *records, b""]))
    return True
