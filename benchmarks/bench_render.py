"""Benchmark section `render`: the embedded renderer (pandoc + Typst) on the example report.

HTML and PDF are timed separately, each as the median of a few renders after one warm-up.
`--rows N` repeats the example's training table to N rows (default 4, as in the example) to
show how a long table scales. Each format is measured in a fresh worker process, so its
peak memory is that worker's resident peak (Typst compiles in-process, in Rust, invisible
to tracemalloc) or pandoc's, whichever is larger.
"""

from __future__ import annotations

import multiprocessing
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from programme_evaluation.common.quarto_extension import install_extension  # noqa: E402
from programme_evaluation.render.engine import embedded_renderer_name, render_html, render_pdf  # noqa: E402

RENDER = Path(__file__).resolve().parents[1] / "templates" / "render"

REPEATS = 5


def _example(folder: Path, rows: int) -> Path:
    """The example report and its two figures, its table grown to `rows` rows."""
    qmd = folder / "example.qmd"
    text = (RENDER / "example.qmd").read_text(encoding="utf-8")
    if rows > 4:
        extra = "\n".join(
            f"| Provider {n} | {n % 300} | 300 | {n % 100}% | [GREEN]{{.rag .rag-green}} |" for n in range(rows - 4)
        )
        text = text.replace("| All        |", extra + "\n| All        |", 1)
    qmd.write_text(text, encoding="utf-8")
    install_extension(RENDER / "_extensions", folder)  # the design, beside the document
    (folder / "figures").mkdir()
    for name in ("referrals-by-month.png", "practitioners-trained.png"):
        figure, axes = plt.subplots(figsize=(6, 3), dpi=100)
        axes.plot([1, 2, 3], [118, 139, 164])
        figure.savefig(folder / "figures" / name, metadata={"Software": None})
        plt.close(figure)
    return qmd


def _measure(render_name: str, qmd: Path, output: Path) -> tuple[float, float]:
    """Median seconds and peak MB of one format, in a worker of its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_measure_here, (render_name, qmd, output))


def _measure_here(render_name: str, qmd: Path, output: Path) -> tuple[float, float]:
    render = {"html": render_html, "pdf": render_pdf}[render_name]
    render(qmd, output)  # warm-up: first pandoc start and Typst font loading
    seconds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        render(qmd, output)
        seconds.append(time.perf_counter() - start)
    peaks = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return statistics.median(seconds), max(peaks)


def run(args) -> list[dict]:
    rows = getattr(args, "rows", None) or 4
    folder = Path(tempfile.mkdtemp(prefix="bench-render-"))
    try:
        qmd = _example(folder, rows)
        engines = embedded_renderer_name()
        html_seconds, html_mb = _measure("html", qmd, folder / "example.html")
        pdf_seconds, pdf_mb = _measure("pdf", qmd, folder / "example.pdf")
        pdf_kb = (folder / "example.pdf").stat().st_size / 1024
        html_kb = (folder / "example.html").stat().st_size / 1024
        return [
            {
                "benchmark": "render example -> HTML",
                "size": f"{rows} rows",
                "seconds": html_seconds,
                "peak_mb": html_mb,
                "note": f"{engines}; median of {REPEATS}, peak over 1+{REPEATS} renders in one process; {html_kb:.0f} KB",
            },
            {
                "benchmark": "render example -> PDF",
                "size": f"{rows} rows",
                "seconds": pdf_seconds,
                "peak_mb": pdf_mb,
                "note": f"{engines}; median of {REPEATS}, peak over 1+{REPEATS} renders in one process; {pdf_kb:.0f} KB",
            },
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
