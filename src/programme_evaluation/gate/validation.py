"""Enforce an extract contract and explain every breach: the gate's checks, in order.

A contract is a readable YAML file per extract in `expectations/<contract>/`: its columns with
their types, and a list of Great Expectations 1.x expectations (`type`, `kwargs`, `meta.rule`).
Checks run in three stages, so that each failure is reported once and in the user's terms:
1. columns: the header must hold exactly the contract's columns (`structure_checks`);
2. formats: dates must be ISO `YYYY-MM-DD`, integers whole numbers, on the text as delivered
   (`structure_checks`);
3. rules: the file's expectations, on typed values (`rule_checks`). A value already reported as
   badly formatted is not reported again here.
Great Expectations runs behind `gx_adapter`; findings are worded by `wording`.

Every check has a stable id (`<extract>.<meta.id>`) by which the configuration can set its
severity: an error stops the build, a warning is recorded.
"""

from __future__ import annotations

import logging
from pathlib import Path

from programme_evaluation.contract import Contract, ContractError, load_contract
from programme_evaluation.gate.findings import ExtractCheck
from programme_evaluation.gate.gx_adapter import Validator, parameter_names
from programme_evaluation.gate.normalisation import NORMALISATIONS, formula_like
from programme_evaluation.gate.record_checks import DUPLICATES
from programme_evaluation.gate.rule_checks import check_rules, reference_values
from programme_evaluation.gate.settings import ALWAYS_ERRORS, QualitySettings, quality_settings
from programme_evaluation.gate.structure_checks import (
    add_normalisations,
    read_and_check_structure,
    structure_expectations,
)
from programme_evaluation.gate.summary import delivery_findings, quality_summary, write_summary
from programme_evaluation.gate.wording import EXAMPLES_IN_MESSAGE, failure_message

logger = logging.getLogger(__name__)


def check_extracts(
    raw_folder: str | Path,
    contract_folder: str | Path,
    extracts: list[str],
    facts: dict,
    quality: dict | QualitySettings | None = None,
    validator: Validator | None = None,
) -> list[ExtractCheck]:
    """Check every extract against its contract; never stop at the first broken rule.

    `facts` are the programme's dates (programme_start, delivery_date); `quality` is the
    configuration's `quality:` section. A `validator` may be shared between calls (its GX
    context takes a second to create).
    """
    settings = quality if isinstance(quality, QualitySettings) else quality_settings(quality)
    contracts = {name: load_contract(contract_folder, name) for name in extracts}
    check_severity_overrides(settings, contracts)
    validator = validator or Validator()
    outcomes = {name: read_and_check_structure(raw_folder, contracts[name], validator, settings) for name in extracts}
    needed = {
        word
        for contract in contracts.values()
        for item in contract.expectations
        for word in parameter_names(item.get("kwargs", {}))
    }
    references = reference_values(outcomes, contracts, needed)
    for name in extracts:
        outcome = outcomes[name]
        if outcome.table is None:
            continue
        unusable = {other: outcomes[other].file or f"{other}.csv" for other in extracts if outcomes[other].unusable}
        check_rules(outcome, contracts[name], validator, facts, references, settings, unusable)
        strings = [column for column, kind in contracts[name].columns.items() if kind == "string"]
        add_normalisations(outcome, formula_like(outcome.table, strings), settings)
    return [outcomes[name] for name in extracts]


def check_severity_overrides(settings: QualitySettings, contracts: dict[str, Contract]) -> None:
    """A severity override must name a real rule, and cannot excuse what nothing can be built without."""
    known = {"delivery.late"}
    for name, contract in contracts.items():
        known |= {expectation["meta"]["id"] for expectation in contract.expectations}
        known |= {item["meta"]["id"] for item in structure_expectations(contract)}
        known |= {f"{name}.{note}" for note in NORMALISATIONS}
        known.add(f"{name}.{DUPLICATES}")
    for rule_id, severity in settings.severity.items():
        if rule_id.split(".", 1)[-1] in ALWAYS_ERRORS and severity != "error":
            raise ContractError(
                f"configuration key quality.severity.{rule_id}: this check is always an error (nothing can be built without it)"
            )
        if rule_id not in known:
            raise ContractError(
                f"configuration key quality.severity.{rule_id}: no check has this id "
                f"(ids are <extract>.<meta.id> of expectations/<contract>/<extract>.yaml, e.g. {sorted(known)[0]})"
            )


def validate_delivery(
    raw_folder: str | Path,
    contract_folder: str | Path,
    extracts: list[str],
    facts: dict,
    table_paths: dict[str, str | Path],
    summary_path: str | Path,
    quality: dict | None = None,
    run_summary_path: str | Path | None = None,
    validator: Validator | None = None,
    identity: dict | None = None,
) -> dict:
    """Check a delivery; on success write each extract typed, and the quality summary.

    On any error no table is written (the last good ones stay as they were) and ContractError
    carries every broken rule. `run_summary_path`, if given, receives this run's summary whether
    it passed or not (the rule's log folder: Snakemake keeps logs of failed jobs). `identity`
    (folder, date, content hash: `delivery_status.delivery_identity`) is recorded in the summary.
    """
    from programme_evaluation.common.tables import write_table

    settings = quality_settings(quality)
    rule_facts = {key: facts[key] for key in ("programme_start", "delivery_date") if key in facts}
    outcomes = check_extracts(raw_folder, contract_folder, extracts, rule_facts, settings, validator)
    delivery = delivery_findings(facts, settings)
    summary = quality_summary(outcomes, delivery)
    summary["delivery"] = {**(identity or {}), **summary["delivery"]}
    warnings = [finding for outcome in outcomes for finding in outcome.findings if finding.severity == "warning"]
    for finding in warnings + [finding for finding in delivery if finding.severity == "warning"]:
        for line in finding.lines(EXAMPLES_IN_MESSAGE):
            logger.warning("warning: %s", line)
    if run_summary_path is not None:
        write_summary(summary, run_summary_path)
    if not summary["passed"]:
        raise ContractError(failure_message(outcomes, raw_folder, delivery))
    for outcome in outcomes:
        write_table(outcome.table, table_paths[outcome.extract])
    write_summary(summary, summary_path)
    return summary
