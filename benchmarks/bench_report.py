"""Benchmark section `report`: charts, document and rendering of both editions of the bundled programme.

The bundled example is built by the real workflow (not timed); then, per edition, the three
report stages are timed again as the rules run them, from the same inputs and with the same
settings (`stage_settings`): `draw_figures` from the published set, `write_report_document` and
`render_report` with the embedded renderer (pandoc + Typst).
peak_mb is the resident-set high-water mark (ru_maxrss) of this process for figures and
document, and of the largest child process (pandoc, Typst) for rendering: tracemalloc would
slow matplotlib down several times and distort the timings.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from workflow_runner import BUNDLED_CONFIG, copy_bundled_raw, run_snakemake  # noqa: E402

from programme_evaluation import configuration  # noqa: E402
from programme_evaluation.common.quarto_extension import install_extension  # noqa: E402
from programme_evaluation.configuration import stage_settings  # noqa: E402
from programme_evaluation.document.context import Inputs, write_report_document  # noqa: E402
from programme_evaluation.figures.drawing import draw_figures  # noqa: E402
from programme_evaluation.render.engine import render_report  # noqa: E402

TEMPLATES = REPO / "templates"


def timed(step, *args, **kwargs):
    started = time.perf_counter()
    result = step(*args, **kwargs)
    seconds = time.perf_counter() - started
    return result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def run(args) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        copy_bundled_raw(workdir)
        run_snakemake(workdir, configfile=BUNDLED_CONFIG)
        config = configuration.load(BUNDLED_CONFIG)
        results = workdir / "results" / config["programme"]["name"]
        editions = [edition["name"] for edition in config["editions"]]
        total = 0.0
        for index, edition in enumerate(editions):
            out = results / edition
            published = out / "published" / "metrics.csv"
            manifest, seconds, peak = timed(
                draw_figures, stage_settings.figure_settings(config), published, out / "figures"
            )
            rows.append(
                {
                    "benchmark": f"report: figures ({edition})",
                    "size": len(manifest),
                    "seconds": seconds,
                    "peak_mb": peak,
                    "note": f"{len(manifest)} seaborn charts + data tables",
                }
            )
            total += seconds
            quotes = out / "published" / "quotes.csv"  # the published stage's, screened
            inputs = Inputs(
                published,
                out / "figures" / "figures.json",
                out / "quality" / "quality.json",
                quotes if quotes.exists() else None,
                tuple((name, results / name / "published" / "metrics.csv") for name in editions[:index]),
                out / "manifest.json",
            )
            _, seconds, peak = timed(
                write_report_document,
                stage_settings.document_settings(config),
                edition,
                inputs,
                TEMPLATES / "document",
                out / "report" / "report.qmd",
            )
            qmd_kb = (out / "report" / "report.qmd").stat().st_size / 1e3
            rows.append(
                {
                    "benchmark": f"report: document ({edition})",
                    "size": round(qmd_kb),
                    "seconds": seconds,
                    "peak_mb": peak,
                    "note": f"report.qmd of {qmd_kb:.0f} kB (size in kB)",
                }
            )
            total += seconds
            install_extension(TEMPLATES / "render" / "_extensions", out / "report")  # as the document rule does
            started = time.perf_counter()
            renderer = render_report(
                out / "report" / "report.qmd",
                out / "report" / "report.html",
                out / "report" / "report.pdf",
                renderer="embedded",
            )
            seconds = time.perf_counter() - started
            child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
            pdf_kb = (out / "report" / "report.pdf").stat().st_size / 1e3
            rows.append(
                {
                    "benchmark": f"report: render ({edition})",
                    "size": round(pdf_kb),
                    "seconds": seconds,
                    "peak_mb": child_mb,
                    "note": f"{renderer}; PDF {pdf_kb:.0f} kB (size in kB)",
                }
            )
            total += seconds
        rows.append(
            {
                "benchmark": "report: both editions, all stages",
                "size": len(editions),
                "seconds": total,
                "peak_mb": float("nan"),
                "note": "figures + document + embedded render, summed",
            }
        )
    return rows
