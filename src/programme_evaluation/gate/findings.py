"""What the gate found in a delivery: one finding per broken rule or normalisation, per extract."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Finding:
    """One broken rule (or one normalisation) in one file, with the first rows as a spreadsheet user counts them."""

    file: str
    rule: str
    check: str
    severity: str = "error"
    column: str | None = None
    failing: int = 0
    examples: list[dict] = field(default_factory=list)
    id: str | None = None

    def lines(self, limit: int | None = None) -> list[str]:
        """Human-readable lines: one per example row, or one for a whole-file problem."""
        label = f" [{self.id}]" if self.id else ""
        if not self.examples:
            where = f", column {self.column}" if self.column else ""
            return [f"{self.file}{where}: {self.rule}{label}"]
        shown = self.examples[:limit] if limit else self.examples
        lines = [self.example_line(example, label) for example in shown]
        if self.failing > len(shown):
            what = "periods" if "period" in shown[0] else "rows"
            lines.append(f"{self.file}: ... and {self.failing - len(shown)} more {what}: {self.rule}{label}")
        return lines

    def example_line(self, example: dict, label: str) -> str:
        """One example: a cell (row, column, value), a copied record, or a period's total."""
        if "copy_of" in example:  # an exact duplicate record
            return f"{self.file}, row {example['row']}: the same record as row {example['copy_of']}, in every column: {self.rule}{label}"
        if "period" in example:  # a total over the rows of one period
            rows = ", ".join(map(str, example["rows"][:10])) + (", ..." if len(example["rows"]) > 10 else "")
            return (
                f"{self.file}, {example['period']} (rows {rows}): {example['column']} adds up to {example['value']}, "
                f"expected {example['expected']}: {self.rule}{label}"
            )
        where = f"{self.file}, row {example['row']}, column {example['column']}: value {example['value']!r} "
        if "normalised" in example:
            return where + f"read as {example['normalised']!r}: {self.rule}{label}"
        return where + f"breaks the rule: {self.rule}{label}"

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "file": self.file,
            "check": self.check,
            "rule": self.rule,
            "severity": self.severity,
            "column": self.column,
            "failing_rows": self.failing,
            "examples": self.examples,
        }


@dataclass
class ExtractCheck:
    """The outcome of checking one extract."""

    extract: str
    file: str | None
    rows: int = 0
    checks: int = 0
    findings: list[Finding] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    raw: pd.DataFrame | None = None
    table: pd.DataFrame | None = None
    # Each row repeating an earlier one in every column -> that row (record_checks.exact_copies).
    copies: dict[int, int] = field(default_factory=dict)
    # The file could not be read as records (missing, unreadable, wrong columns, no rows): other
    # extracts' references to it are not checked, so its one cause is reported once.
    unusable: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    def record(
        self, rule_id: str, check: str, rule: str, severity: str, column: str | None, status: str, failing: int = 0
    ) -> None:
        """Keep every check, passed or not, for the quality report."""
        self.results.append(
            {
                "id": rule_id,
                "check": check,
                "rule": rule,
                "column": column,
                "severity": severity,
                "status": status,
                "failing_rows": failing,
            }
        )
