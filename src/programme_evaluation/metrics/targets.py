"""Targets of the progression criteria and their RED/AMBER/GREEN rating."""

from __future__ import annotations

from programme_evaluation.common.missing import is_missing
from programme_evaluation.common.periods import OVERALL

GREEN, AMBER, RED = "GREEN", "AMBER", "RED"
RATINGS = (RED, AMBER, GREEN)


def target_for(metric: dict, period: str, edition_periods: list[str]):
    """A count's target for a period (overall: the sum over the edition), or a share's target."""
    target = metric.get("target")
    if target is None:
        return None
    if not isinstance(target, dict):
        return float(target)
    if period == OVERALL:
        known = [target[name] for name in edition_periods if name in target]
        return float(sum(known)) if known else None
    return float(target[period]) if period in target else None


def rag(pct_of_target: float | None, thresholds: dict) -> str | None:
    """GREEN at or above thresholds['green'], AMBER at or above thresholds['amber'], RED below."""
    if is_missing(pct_of_target):
        return None
    if pct_of_target >= thresholds["green"]:
        return GREEN
    if pct_of_target >= thresholds["amber"]:
        return AMBER
    return RED


def pct_of(value: float | None, target: float | None) -> float | None:
    if is_missing(value) or target is None or target == 0:
        return None
    return value / target
