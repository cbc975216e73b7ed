"""Run one pipeline stage in its own process, as its Snakemake rule's script does (for bench_scale).

    python benchmarks/pipeline_stage.py gate <results folder> <config>
    python benchmarks/pipeline_stage.py edition <results folder> <config> <edition>
    python benchmarks/pipeline_stage.py metrics <results folder> <config> <edition>

Paths follow the workflow's (`<results>/gate/`, `<results>/<edition>/editions/`,
`<results>/<edition>/metrics.csv`), relative to the working directory, which holds the raw folder.
The gate writes its accepted tables straight to `<results>/gate/` (the workflow checks into
gate/checked/ and accepts in a second rule; the copy is not what is measured here).
"""

from __future__ import annotations

import sys
from pathlib import Path

from programme_evaluation import configuration
from programme_evaluation.configuration import stage_settings
from programme_evaluation.gate.validation import validate_delivery

REPO = Path(__file__).resolve().parents[1]


def main(stage: str, results: str, config_path: str, edition: str | None = None) -> None:
    config = configuration.load(config_path)
    programme = config["programme"]
    contract = REPO / "expectations" / programme["contract"]
    extracts = list(config["extracts"])
    gate = Path(results) / "gate"
    validated = {name: gate / f"{name}.csv" for name in extracts}
    if stage == "gate":
        settings = stage_settings.gate_settings(config)
        validate_delivery(
            programme["raw"],
            contract,
            extracts,
            settings["facts"],
            validated,
            gate / "quality.json",
            quality=settings["quality"],
        )
        return
    view = {name: Path(results) / edition / "editions" / f"{name}.csv" for name in extracts}
    if stage == "edition":
        from programme_evaluation.editions.cut_off import write_edition

        write_edition(stage_settings.edition_settings(config, edition), validated, view, contract)
    elif stage == "metrics":
        from programme_evaluation.metrics.compute import write_metrics

        write_metrics(
            stage_settings.metric_settings(config, edition), view, contract, Path(results) / edition / "metrics.csv"
        )
    else:
        raise SystemExit(f"unknown stage {stage!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
