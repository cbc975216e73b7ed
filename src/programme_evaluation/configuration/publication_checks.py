"""Rules of a programme's `disclosure:` and `cross_checks:` configuration that its schema cannot say.

A pattern that matches no metric is almost always a typo, and a typo here would publish a small
count or skip a cross-check without a word; so each must name configured metrics.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from programme_evaluation.common.errors import ConfigError


def matching(patterns: list[str], names: list[str]) -> list[str]:
    """The metric names matched by any of the patterns (names or shell patterns), in configuration order."""
    return [name for name in names if any(fnmatchcase(name, pattern) for pattern in patterns)]


def check_publication(config: dict) -> None:
    """Every disclosure and cross-check entry names configured metrics of a kind it can use."""
    metrics = {metric["name"]: metric for metric in config["metrics"]}
    names = list(metrics)
    disclosure = config.get("disclosure") or {}
    checks = config.get("cross_checks") or {}
    for key, patterns in (
        ("disclosure.people", disclosure.get("people", [])),
        ("cross_checks.never_decrease", checks.get("never_decrease", [])),
        ("cross_checks.not_additive", checks.get("not_additive", [])),
    ):
        for index, pattern in enumerate(patterns):
            if not matching([pattern], names):
                raise ConfigError(f"configuration key {key}[{index}]: {pattern!r} matches no configured metric")
    for index, item in enumerate(checks.get("sums", [])):
        where = f"configuration key cross_checks.sums[{index}]"
        for position, name in enumerate([item["total"], *item["parts"]]):
            key = f"{where}.total" if position == 0 else f"{where}.parts[{position - 1}]"
            counted(name, metrics, key)
    for index, steps in enumerate(checks.get("funnels", [])):
        for position, name in enumerate(steps):
            counted(name, metrics, f"configuration key cross_checks.funnels[{index}][{position}]")


def counted(name: str, metrics: dict, key: str) -> None:
    """A sum or funnel adds up counts that have an `all` row."""
    metric = metrics.get(name)
    if metric is None:
        raise ConfigError(f"{key}: {name!r} is not a configured metric")
    if metric["kind"] != "count":
        raise ConfigError(f"{key}: {name} is a {metric['kind']}; only counts add up or form a funnel")
