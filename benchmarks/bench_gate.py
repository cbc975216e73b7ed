"""Benchmark of the data-quality gate: `check_extracts` on one large generated extract.

The bundled training_attendance extract is replicated to the requested size with fresh ids,
so every row is valid; a second run breaks every date (DD/MM/YYYY), the worst case for GX's
COMPLETE result format, which lists every failing row.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from programme_evaluation.gate.gx_adapter import Validator
from programme_evaluation.gate.validation import check_extracts

REPO = Path(__file__).resolve().parents[1]
CONTRACT = REPO / "expectations" / "little-minds-matter"
FACTS = {"programme_start": "2018-04-01", "delivery_date": "2024-06-14"}
QUALITY = {"unknown_share_max": {"training_attendance": {"workforce_group": 0.10}}}
DEFAULT_ROWS = 1_000_000


def large_extract(rows: int, broken_dates: bool) -> pd.DataFrame:
    base = pd.read_csv(
        REPO / "raw" / "little-minds-matter" / "training_attendance.csv", dtype=str, keep_default_na=False
    )
    frame = pd.concat([base] * (rows // len(base) + 1), ignore_index=True).iloc[:rows].copy()
    frame["attendance_id"] = [f"TA{index:08d}" for index in range(rows)]
    if broken_dates:
        day = frame["session_date"]
        frame["session_date"] = day.str[8:10] + "/" + day.str[5:7] + "/" + day.str[0:4]
    return frame


def measure(folder: Path, rows: int, broken_dates: bool, validator: Validator) -> dict:
    large_extract(rows, broken_dates).to_csv(folder / "training_attendance.csv", index=False, lineterminator="\n")
    started = time.perf_counter()
    outcome = check_extracts(folder, CONTRACT, ["training_attendance"], FACTS, QUALITY, validator)[0]
    seconds = time.perf_counter() - started
    # The process's peak resident memory so far (tracemalloc would slow the gate tenfold); the
    # valid case runs first, so the second row's figure is the larger of the two.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    errors = sum(finding.failing for finding in outcome.errors)
    return {
        "benchmark": "gate: training_attendance" + (" (every date DD/MM/YYYY)" if broken_dates else " (valid)"),
        "size": rows,
        "seconds": seconds,
        "peak_mb": peak,
        "note": f"{outcome.checks} checks, {errors} failing rows, file {(folder / 'training_attendance.csv').stat().st_size / 1e6:.0f} MB",
    }


def run(args) -> list[dict]:
    rows = args.rows or DEFAULT_ROWS
    validator = Validator()  # created once, outside the timing, as in a pipeline run
    with tempfile.TemporaryDirectory() as folder:
        return [measure(Path(folder), rows, broken, validator) for broken in (False, True)]
