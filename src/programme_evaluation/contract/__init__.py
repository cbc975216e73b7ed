"""The data contract of a programme's extracts: one readable expectation suite per extract.

A suite (`expectations/<contract>/<extract>.yaml`) declares the extract's columns with their
types and a list of Great Expectations 1.x expectations (`type`, `kwargs`, `meta.id`,
`meta.rule`, optional `meta.severity`). Reading a suite needs no Great Expectations: the edition
and metrics stages read columns and categories from here, and only the gate runs the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from programme_evaluation.common.errors import PipelineError

COLUMN_TYPES = ("string", "date", "integer")
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Contract:
    """What one extract must look like."""

    extract: str
    description: str
    columns: dict[str, str]
    expectations: list[dict]

    @property
    def categories(self) -> dict[str, list[str]]:
        """Column -> the categories it allows, from the suite's value sets written out in full."""
        found = {}
        for expectation in self.expectations:
            kwargs = expectation.get("kwargs", {})
            if expectation["type"] == "expect_column_values_to_be_in_set" and isinstance(kwargs.get("value_set"), list):
                found.setdefault(kwargs["column"], [str(value) for value in kwargs["value_set"]])
        return found


class ContractError(PipelineError, ValueError):
    """The extracts break their contract; the message lists every broken rule."""


def load_contract(folder: str | Path, extract: str) -> Contract:
    """Read a suite file; every expectation gets the global id `<extract>.<meta.id>`."""
    path = Path(folder) / f"{extract}.yaml"
    if not path.exists():
        raise ContractError(f"{path}: no contract for extract {extract!r} (expected this expectation suite file)")
    with open(path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    columns = spec.get("columns") or {}
    for column, kind in columns.items():
        if kind not in COLUMN_TYPES:
            raise ContractError(
                f"{path}: column {column!r} has type {kind!r}; expected one of {', '.join(COLUMN_TYPES)}"
            )
    expectations, seen = [], set()
    for position, item in enumerate(spec.get("expectations") or [], start=1):
        meta = dict(item.get("meta") or {})
        local = meta.get("id")
        if not local or not meta.get("rule"):
            raise ContractError(f"{path}: expectation {position} ({item.get('type')}) needs meta.id and meta.rule")
        if local in seen:
            raise ContractError(f"{path}: meta.id {local!r} is used twice; ids must be unique in a suite")
        if meta.get("severity", "error") not in SEVERITIES:
            raise ContractError(
                f"{path}: expectation {local!r} has severity {meta['severity']!r}; expected error or warning"
            )
        seen.add(local)
        meta["id"] = f"{extract}.{local}"
        expectations.append({**item, "meta": meta})
    return Contract(extract, spec.get("description", ""), dict(columns), expectations)


def allowed_categories(contract_folder: str | Path, extracts: list[str]) -> dict[tuple[str, str], list[str]]:
    """(extract, column) -> the categories a contract allows, in the contract's order.

    Breakdowns in the metrics table use them so that every category has a row in every period.
    """
    return {
        (name, column): values
        for name in extracts
        for column, values in load_contract(contract_folder, name).categories.items()
    }


def read_extracts(paths: dict[str, str | Path], contract_folder: str | Path) -> dict:
    """Each validated extract read back and typed by its contract's columns (name -> frame)."""
    from programme_evaluation.common.tables import read_validated

    return {name: read_validated(path, load_contract(contract_folder, name).columns) for name, path in paths.items()}
