"""What a programme's configuration says about data quality: severities and warning thresholds.

The `quality:` section of the configuration (see `configuration/config.schema.yaml`) can
turn any rule into an error or a warning by its id, and sets the thresholds that the warning
rules of the expectation suites read as suite parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Thresholds passed to the suites, flattened: unknown_share_max.training_attendance.workforce_group
# becomes the suite parameter unknown_share_max__training_attendance__workforce_group.
THRESHOLDS = ("unknown_share_max", "response_rate_min")
# Without these nothing can be checked or built, so they are errors whatever the configuration says.
ALWAYS_ERRORS = ("file.present", "file.readable", "columns")
DEFAULT_MAX_FILE_MB = 500
DEFAULT_DELIVERY_DAYS_MAX = 60


@dataclass(frozen=True)
class QualitySettings:
    severity: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, float] = field(default_factory=dict)
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    delivery_days_max: int = DEFAULT_DELIVERY_DAYS_MAX

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    def severity_of(self, rule_id: str, default: str = "error") -> str:
        return self.severity.get(rule_id, default)


def quality_settings(section: dict | None) -> QualitySettings:
    """The configuration's `quality:` section (possibly absent) as settings."""
    section = section or {}
    parameters = {}
    for key in THRESHOLDS:
        parameters.update(flattened(section.get(key) or {}, key))
    return QualitySettings(
        severity=dict(section.get("severity") or {}),
        parameters=parameters,
        max_file_mb=section.get("max_file_mb", DEFAULT_MAX_FILE_MB),
        delivery_days_max=section.get("delivery_days_max", DEFAULT_DELIVERY_DAYS_MAX),
    )


def flattened(mapping: dict, prefix: str) -> dict[str, float]:
    found = {}
    for key, value in mapping.items():
        name = f"{prefix}__{key}"
        if isinstance(value, dict):
            found.update(flattened(value, name))
        else:
            found[name] = value
    return found


def late_delivery(delivery_date: str, cut_offs: list[str], days_max: int) -> str | None:
    """Why the delivery is late for the last edition, or None when it is on time."""
    if not cut_offs:
        return None
    last = max(dt.date.fromisoformat(str(day)[:10]) for day in cut_offs)
    lag = (dt.date.fromisoformat(str(delivery_date)[:10]) - last).days
    if lag <= days_max:
        return None
    return (
        f"the delivery date {delivery_date} is {lag} days after the last edition's cut-off {last} "
        f"(quality.delivery_days_max allows {days_max}): later corrections may be missing from earlier cut-offs"
    )
