"""Measure speed and memory of the pipeline's stages (never asserted in tests).

Each benchmark section lives in its own module beside this file (`bench_*.py`) and exposes
`run(args) -> list[dict]` rows of {benchmark, size, seconds, peak_mb, note}. Run all sections:

    python benchmarks/benchmark.py            # all sections, default sizes
    python benchmarks/benchmark.py gate --rows 1000000
    python benchmarks/benchmark.py programmes --count 10 50
    python benchmarks/benchmark.py scale --rows 1000000   # the pipeline against a bare pandas script
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def sections() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", help=f"which to run (default all: {', '.join(sections())})")
    parser.add_argument("--rows", type=int, default=None, help="extract size for sections that take one")
    parser.add_argument(
        "--count",
        type=int,
        nargs="+",
        default=None,
        help="how many programmes, for sections that take counts (programmes: 10 50)",
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="build in this folder and keep it, for sections that build (programmes)"
    )
    parser.add_argument("--no-snakemake", action="store_true", help="scale: skip the real workflow run (stages only)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    rows = []
    for name in args.sections or sections():
        module = importlib.import_module(f"bench_{name}")
        for row in module.run(args):
            rows.append(row)
            print(
                f"{row['benchmark']:<40} {row.get('size', ''):>12} {row['seconds']:>9.2f} s {row.get('peak_mb', float('nan')):>9.0f} MB  {row.get('note', '')}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
