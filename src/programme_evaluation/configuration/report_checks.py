"""Rules of a programme's `report:` configuration that its JSON schema cannot say.

Checked with the rest of the configuration, before anything runs, so a chart naming a metric
that does not exist fails in the first second with the key to fix, not after the metrics are
computed.
"""

from __future__ import annotations

from programme_evaluation.common.errors import ConfigError

SINGLE = ("per_period_against_target", "stacked_per_period", "tile_map")
SEVERAL = ("funnel", "overall_against_target")


def check_report(config: dict) -> None:
    """Figures and printed names must refer to configured things (the narrative's references
    are checked when the document is written, against the published tables)."""
    report = config.get("report") or {}
    metrics = {metric["name"]: metric for metric in config["metrics"]}
    duplicated([figure["id"] for figure in report.get("figures", [])], "report.figures", "id")
    for name in report.get("measures", {}):
        known(name, metrics, f"report.measures.{name}")
    for index, figure in enumerate(report.get("figures", [])):
        check_figure(figure, f"report.figures[{index}] ({figure['id']})", metrics)


def check_figure(figure: dict, where: str, metrics: dict) -> None:
    kind = figure["kind"]
    has_one, has_several = "metric" in figure, "metrics" in figure
    if has_one == has_several:
        raise ConfigError(
            f"configuration key {where}: give either metric or metrics, not {'both' if has_one else 'neither'}"
        )
    if kind in SINGLE and not has_one:
        raise ConfigError(f"configuration key {where}.metric: a {kind} chart draws one metric")
    if kind in SEVERAL and not has_several:
        raise ConfigError(f"configuration key {where}.metrics: a {kind} chart draws a list of metrics")
    if kind == "funnel" and len(figure["metrics"]) < 2:
        raise ConfigError(f"configuration key {where}.metrics: a funnel needs at least two steps")
    names = figure.get("metrics") or [figure["metric"]]
    for position, name in enumerate(names):
        key = f"{where}.metric" if has_one else f"{where}.metrics[{position}]"
        metric = known(name, metrics, key)
        if kind == "per_period_against_target" and metric.get("target") is None:
            raise ConfigError(
                f"configuration key {key}: {name} has no target; draw it as stacked_per_period or bars_by_group"
            )
        if kind == "tile_map" and not figure.get("tiles"):
            raise ConfigError(
                f"configuration key {where}.tiles: a tile_map needs each category's tile as [column, row]"
            )
        if kind in ("stacked_per_period", "bars_by_group", "tile_map") and not metric.get("by"):
            raise ConfigError(f"configuration key {key}: {name} has no 'by' breakdown to draw by category")


def known(name: str, metrics: dict, key: str) -> dict:
    if name not in metrics:
        raise ConfigError(f"configuration key {key}: {name!r} is not a configured metric")
    return metrics[name]


def duplicated(ids: list[str], key: str, field: str) -> None:
    seen = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ConfigError(f"configuration key {key}[{index}].{field}: {value!r} is used twice")
        seen.add(value)
