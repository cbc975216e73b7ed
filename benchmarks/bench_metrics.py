"""Benchmark of the edition view and the audited metrics table on a scaled-up delivery.

The bundled delivery is replicated K times with fresh ids (so distinct counts grow with it and
references stay valid) until training attendance reaches the requested rows; then the interim
edition's view and metrics table are computed as the pipeline's rules do, from validated CSVs.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from programme_evaluation import configuration
from programme_evaluation.configuration import stage_settings
from programme_evaluation.editions.cut_off import write_edition
from programme_evaluation.metrics.compute import write_metrics

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw" / "little-minds-matter"
CONTRACT = REPO / "expectations" / "little-minds-matter"
CONFIG = REPO / "config" / "programmes" / "little-minds-matter.yaml"
DEFAULT_ROWS = 100_000
# Columns holding ids, per extract: suffixed with the copy number so copies stay distinct.
ID_COLUMNS = {
    "training_attendance": ["attendance_id", "practitioner_id", "session_id"],
    "consultations": ["consultation_id", "family_id"],
    "referrals": ["referral_id", "family_id"],
    "interventions": ["family_id"],
    "satisfaction": ["response_id", "subject_id"],
    "quotes": ["quote_id"],
}


def scaled_delivery(folder: Path, copies: int) -> dict[str, Path]:
    paths = {}
    for name, columns in ID_COLUMNS.items():
        base = pd.read_csv(RAW / f"{name}.csv", dtype=str, keep_default_na=False)
        parts = []
        for copy in range(copies):
            part = base.copy()
            for column in columns:
                part[column] = part[column].where(part[column] == "", part[column] + f"-{copy}")
            parts.append(part)
        paths[name] = folder / f"{name}.csv"
        pd.concat(parts, ignore_index=True).to_csv(paths[name], index=False, lineterminator="\n")
    return paths


def run(args) -> list[dict]:
    rows = args.rows or DEFAULT_ROWS
    config = configuration.load(CONFIG)
    copies = max(1, rows // len(pd.read_csv(RAW / "training_attendance.csv")))
    results = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        validated = scaled_delivery(folder, copies)
        size = sum(len(pd.read_csv(path, usecols=[0])) for path in validated.values())
        edition = {name: folder / "interim" / f"{name}.csv" for name in validated}
        started = time.perf_counter()
        write_edition(stage_settings.edition_settings(config, "interim"), validated, edition, CONTRACT)
        results.append(
            {
                "benchmark": "edition view (interim)",
                "size": size,
                "seconds": time.perf_counter() - started,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "note": f"{copies} copies of the delivery",
            }
        )
        started = time.perf_counter()
        settings = stage_settings.metric_settings(config, "interim")
        table = write_metrics(settings, edition, CONTRACT, folder / "metrics.csv")
        results.append(
            {
                "benchmark": "metrics table (interim)",
                "size": size,
                "seconds": time.perf_counter() - started,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "note": f"{len(table)} rows, {len(settings['metrics'])} metrics",
            }
        )
    return results
