"""The catalogue of bad inputs: what providers really send, and exactly what the gate does with it.

Each case starts from a copy of the bundled delivery (which passes), breaks one thing as a
provider would, and asserts the outcome: an error naming file, row (as a spreadsheet counts it),
column, value and rule id, with the last good outputs untouched; or a normalisation with its
warning and the value as it was read. The same in a real build is
tests/workflow/test_gate_workflow.py.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from workflow_runner import BUNDLED_RAW, REPO, bundled_config

from programme_evaluation.common.tables import read_validated
from programme_evaluation.contract import ContractError
from programme_evaluation.gate.gx_adapter import Validator
from programme_evaluation.gate.validation import validate_delivery

CONTRACT = REPO / "expectations" / "little-minds-matter"
CONFIG = bundled_config()
ALL_EXTRACTS = list(CONFIG["extracts"])
FACTS = {
    "programme_start": str(CONFIG["programme"]["start"]),
    "delivery_date": BUNDLED_RAW.name,  # the latest delivery's folder is named by its date
    "cut_offs": [str(edition["cut_off"]) for edition in CONFIG["editions"]],
}
# Extracts a check needs: its own, and those it refers to.
NEEDS = {
    "training_attendance": ["training_attendance"],
    "consultations": ["consultations"],
    "referrals": ["referrals"],
    "interventions": ["referrals", "interventions"],
    "satisfaction": ["training_attendance", "consultations", "referrals", "satisfaction"],
    "quotes": ["quotes"],
}
LAST_GOOD = "last good table of {name}\n"


@pytest.fixture(scope="module")
def validator():
    return Validator()


# Set, every outcome is appended to this JSON-lines file; tools/data_quality_catalogue.py makes
# the table of docs/data-quality-catalogue.md from it (the messages users see, from real runs).
CATALOGUE = os.environ.get("GATE_CATALOGUE")


@dataclass
class Outcome:
    summary: dict | None = None
    message: str = ""
    tables: dict[str, pd.DataFrame] | None = None

    def __post_init__(self):
        if CATALOGUE:
            findings = [
                finding for extract in (self.summary or {}).get("extracts", []) for finding in extract["findings"]
            ]
            entry = {
                "case": os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[-1].rsplit(" ", 1)[0],
                "refused": self.summary is None,
                "errors": [line[4:] for line in self.message.splitlines() if line.startswith("  - ")],
                "warnings": [f"{finding['file']}: {finding['rule']} [{finding['id']}]" for finding in findings],
                "other": self.message if self.summary is None and "  - " not in self.message else "",
            }
            with open(CATALOGUE, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")

    def finding(self, rule_id: str, column: str | None) -> dict:
        findings = [finding for extract in self.summary["extracts"] for finding in extract["findings"]]
        findings += self.summary["delivery"]["findings"]
        found = [finding for finding in findings if finding["id"] == rule_id and finding["column"] == column]
        assert len(found) == 1, (
            f"expected one finding {rule_id}, got {found}\n{json.dumps(self.summary, indent=1)[:3000]}"
        )
        return found[0]

    def warning(self, rule_id: str, column: str | None = None) -> dict:
        assert self.summary is not None, f"the gate refused the delivery:\n{self.message}"
        finding = self.finding(rule_id, column)
        assert finding["severity"] == "warning", finding
        return finding


class Delivery:
    """A copy of the bundled delivery that a test breaks, and the gate run on it."""

    def __init__(self, folder: Path, validator: Validator):
        self.raw = folder / "raw"
        shutil.copytree(BUNDLED_RAW, self.raw)
        self.out = folder / "validated"
        self.validator = validator

    def path(self, name: str) -> Path:
        return self.raw / f"{name}.csv"

    def records(self, name: str) -> list[list[str]]:
        with open(self.path(name), encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    def write_records(self, name: str, records: list[list[str]], **options) -> None:
        with open(self.path(name), "w", encoding=options.pop("encoding", "utf-8"), newline="") as handle:
            csv.writer(handle, lineterminator="\n", **options).writerows(records)

    def edit(self, name: str, row: int, column: str, value: str) -> None:
        """Set one cell; `row` as a spreadsheet counts it (the header is row 1)."""
        records = self.records(name)
        records[row - 1][records[0].index(column)] = value
        self.write_records(name, records)

    def check(self, *names: str, quality: dict | None = None, facts: dict | None = None) -> Outcome:
        """Run the gate on the extracts the named ones need; on error, prove the last good outputs are intact."""
        extracts = sorted({need for name in names for need in NEEDS[name]}, key=ALL_EXTRACTS.index)
        self.out.mkdir(exist_ok=True)
        tables = {name: self.out / f"{name}.csv" for name in extracts}
        for name, path in tables.items():
            path.write_text(LAST_GOOD.format(name=name), encoding="utf-8")
        summary_path = self.out / "quality.json"
        summary_path.write_text("last good summary\n", encoding="utf-8")
        quality = CONFIG["quality"] if quality is None else quality
        try:
            summary = validate_delivery(
                self.raw,
                CONTRACT,
                extracts,
                facts or FACTS,
                tables,
                summary_path,
                quality=quality,
                validator=self.validator,
            )
        except ContractError as error:
            for name, path in tables.items():
                assert path.read_text(encoding="utf-8") == LAST_GOOD.format(name=name), f"{path} was overwritten"
            assert summary_path.read_text(encoding="utf-8") == "last good summary\n"
            return Outcome(message=str(error))
        written = {name: pd.read_csv(path, dtype=str, keep_default_na=False) for name, path in tables.items()}
        assert json.loads(summary_path.read_text(encoding="utf-8")) == json.loads(json.dumps(summary, default=str))
        return Outcome(summary=summary, tables=written)


@pytest.fixture
def delivery(tmp_path, validator) -> Delivery:
    return Delivery(tmp_path, validator)


def assert_refused(
    outcome: Outcome,
    file: str,
    rule_id: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
) -> None:
    """The message has a line naming file, row, column, value and the rule's id."""
    assert outcome.summary is None, "the gate let the delivery through"
    lines = [line for line in outcome.message.splitlines() if f"[{rule_id}]" in line]
    assert lines, f"no error [{rule_id}] in:\n{outcome.message}"
    if row is None:
        assert any(line.startswith(f"  - {file}") for line in lines), outcome.message
        if column is not None:
            assert any(column in line for line in lines), outcome.message
        return
    expected = f"  - {file}, row {row}, column {column}: value {value!r} breaks the rule"
    assert any(line.startswith(expected) for line in lines), f"expected {expected!r} in:\n{outcome.message}"


def original(name: str) -> pd.DataFrame:
    return pd.read_csv(BUNDLED_RAW / f"{name}.csv", dtype=str, keep_default_na=False)


# --- Files: missing, empty, unreadable, too large ------------------------------------------------


def test_missing_file_is_an_error_naming_it(delivery):
    delivery.path("quotes").unlink()
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.present")
    assert "extract 'quotes' is missing (expected quotes.csv or quotes.xlsx" in outcome.message


def test_empty_file_is_an_error(delivery):
    delivery.path("quotes").write_bytes(b"")
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert "the file is empty (0 bytes)" in outcome.message


def test_header_only_is_an_error(delivery):
    delivery.write_records("quotes", delivery.records("quotes")[:1])
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.rows.present")
    assert "at least one record below its header" in outcome.message


def test_unreadable_path_is_an_error_naming_the_file(delivery):
    # A folder where the file should be cannot be opened by anyone (root included).
    delivery.path("quotes").unlink()
    delivery.path("quotes").mkdir()
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert "cannot be opened: Is a directory" in outcome.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_locked_file_is_an_error_naming_the_file(delivery):
    delivery.path("quotes").chmod(0)
    try:
        outcome = delivery.check("quotes")
    finally:
        delivery.path("quotes").chmod(0o644)
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert "cannot be opened: Permission denied" in outcome.message


def test_file_above_the_configured_size_limit_is_refused_before_reading(delivery):
    quality = {**CONFIG["quality"], "max_file_mb": 0.01}  # 10 kB; training_attendance.csv is larger
    outcome = delivery.check("training_attendance", quality=quality)
    assert_refused(outcome, "training_attendance.csv", "training_attendance.file.readable")
    assert "above the configured limit of 0.01 MB (quality.max_file_mb)" in outcome.message


def test_a_very_large_extract_passes(delivery):
    """200,000 rows, all valid: the gate accepts them (its speed is measured in benchmarks/, not here)."""
    frame = original("training_attendance")
    large = pd.concat([frame] * (200_000 // len(frame) + 1), ignore_index=True).iloc[:200_000]
    large["attendance_id"] = [f"TA{index:07d}" for index in range(len(large))]
    large.to_csv(delivery.path("training_attendance"), index=False, lineterminator="\n")
    started = time.perf_counter()
    outcome = delivery.check("training_attendance")
    assert outcome.summary["passed"] and outcome.summary["extracts"][0]["rows"] == 200_000
    assert len(outcome.tables["training_attendance"]) == 200_000
    print(f"200,000 rows checked in {time.perf_counter() - started:.1f} s")


# --- Columns ---------------------------------------------------------------------------------------


def test_missing_column_is_an_error_naming_it(delivery):
    records = [record[:-1] for record in delivery.records("training_attendance")]
    delivery.write_records("training_attendance", records)
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.columns", column="workforce_group")
    assert "missing column(s) workforce_group" in outcome.message


def test_extra_column_is_an_error_naming_it(delivery):
    records = delivery.records("training_attendance")
    delivery.write_records("training_attendance", [records[0] + ["notes"]] + [record + [""] for record in records[1:]])
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.columns", column="notes")
    assert "unexpected column(s) notes" in outcome.message


def test_renamed_column_is_an_error_suggesting_the_rename(delivery):
    delivery.edit("training_attendance", 1, "session_date", "date")
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.columns", column="session_date")
    assert "was session_date renamed date?" in outcome.message


def test_header_with_spaces_and_other_case_is_normalised_with_a_warning(delivery):
    delivery.edit("training_attendance", 1, "session_date", " Session_Date ")
    outcome = delivery.check("training_attendance")
    finding = outcome.warning("training_attendance.normalise.header", "session_date")
    assert finding["examples"] == [
        {"row": 1, "column": "session_date", "value": " Session_Date ", "normalised": "session_date"}
    ]
    assert outcome.tables["training_attendance"].equals(original("training_attendance"))


# --- Encodings and separators from spreadsheets ----------------------------------------------------


def test_semicolon_separated_csv_from_european_excel_is_read_with_a_warning(delivery):
    delivery.write_records("training_attendance", delivery.records("training_attendance"), delimiter=";")
    outcome = delivery.check("training_attendance")
    outcome.warning("training_attendance.normalise.delimiter")
    assert outcome.tables["training_attendance"].equals(original("training_attendance"))


def test_semicolon_csv_with_an_error_still_reports_the_spreadsheet_row(delivery):
    delivery.edit("training_attendance", 7, "session_date", "31/03/2021")
    text = delivery.path("training_attendance").read_text(encoding="utf-8").replace(",", ";")
    delivery.path("training_attendance").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    outcome = delivery.check("training_attendance")
    assert_refused(
        outcome, "training_attendance.csv", "training_attendance.session_date.format", 7, "session_date", "31/03/2021"
    )


def test_windows_1252_text_is_decoded_with_a_warning(delivery):
    delivery.edit("quotes", 3, "text", "Le café était très utile – merci")
    text = delivery.path("quotes").read_text(encoding="utf-8")
    delivery.path("quotes").write_bytes(text.encode("cp1252"))
    outcome = delivery.check("quotes")
    finding = outcome.warning("quotes.normalise.encoding")
    assert "read as Windows-1252" in finding["rule"]
    assert outcome.tables["quotes"].loc[1, "text"] == "Le café était très utile – merci"


def test_byte_order_mark_is_removed_with_a_warning(delivery):
    content = delivery.path("quotes").read_bytes()
    delivery.path("quotes").write_bytes(b"\xef\xbb\xbf" + content)
    outcome = delivery.check("quotes")
    outcome.warning("quotes.normalise.bom")
    assert list(outcome.tables["quotes"].columns)[0] == "quote_id"
    assert outcome.tables["quotes"].equals(original("quotes"))


def test_blank_rows_are_ignored_with_a_warning_and_later_rows_keep_their_numbers(delivery):
    records = delivery.records("training_attendance")
    records.insert(3, [""] * len(records[0]))  # row 4 is blank; the old row 4 becomes row 5
    records[6][records[0].index("course")] = "IMHA2"  # row 7
    delivery.write_records("training_attendance", records)
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.course.allowed", 7, "course", "IMHA2")


# --- Excel workbooks ---------------------------------------------------------------------------------


def write_workbook(path: Path, frame: pd.DataFrame, date_columns: dict[str, str]) -> None:
    """An XLSX as Excel writes it; date_columns: column -> 'date' (real date cells) or 'serial' (plain numbers)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record):
            if column in date_columns and value:
                day = pd.Timestamp(value).to_pydatetime()
                cells.append(
                    day if date_columns[column] == "date" else (day - pd.Timestamp("1899-12-30").to_pydatetime()).days
                )
            else:
                cells.append(value or None)
        sheet.append(cells)
    book.save(path)


def test_xlsx_with_real_date_cells_is_accepted(delivery):
    frame = original("training_attendance")
    delivery.path("training_attendance").unlink()
    write_workbook(delivery.raw / "training_attendance.xlsx", frame, {"session_date": "date"})
    outcome = delivery.check("training_attendance")
    assert outcome.summary["extracts"][0]["file"] == "training_attendance.xlsx"
    assert outcome.summary["warnings"] == 0
    assert outcome.tables["training_attendance"].equals(frame)


def test_excel_date_serial_numbers_are_refused(delivery):
    frame = original("training_attendance")
    delivery.path("training_attendance").unlink()
    write_workbook(delivery.raw / "training_attendance.xlsx", frame, {"session_date": "serial"})
    outcome = delivery.check("training_attendance")
    serial = str((pd.Timestamp(frame.loc[0, "session_date"]) - pd.Timestamp("1899-12-30")).days)
    assert_refused(
        outcome, "training_attendance.xlsx", "training_attendance.session_date.format", 2, "session_date", serial
    )
    assert "not an Excel serial number" in outcome.message


# --- Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["31/03/2021", "2021-02-30", "2021-13-01", "March 2021"])
def test_dates_not_written_as_real_iso_dates_are_refused(delivery, value):
    delivery.edit("training_attendance", 5, "session_date", value)
    outcome = delivery.check("training_attendance")
    assert_refused(
        outcome, "training_attendance.csv", "training_attendance.session_date.format", 5, "session_date", value
    )
    # Reported once, as a format: not also as a missing required date.
    assert "session_date.required" not in outcome.message


def test_date_before_the_programme_start_is_refused(delivery):
    delivery.edit("training_attendance", 4, "session_date", "2018-03-31")
    outcome = delivery.check("training_attendance")
    assert_refused(
        outcome,
        "training_attendance.csv",
        "training_attendance.session_date.in_programme_window",
        4,
        "session_date",
        "2018-03-31",
    )


def test_date_after_the_delivery_date_is_refused(delivery):
    delivery.edit("referrals", 15, "discharge_date", "2024-06-15")
    outcome = delivery.check("referrals")
    assert_refused(
        outcome, "referrals.csv", "referrals.discharge_date.in_programme_window", 15, "discharge_date", "2024-06-15"
    )


@pytest.mark.parametrize(
    "column, value, rule_id, shown",
    [
        (
            "assessment_date",
            "2018-08-01",
            "referrals.assessment_date.not_before_referral_date",
            "2018-08-01 / 2018-08-06",
        ),
        (
            "first_session_date",
            "2018-08-27",
            "referrals.first_session_date.not_before_assessment_date",
            "2018-08-27 / 2018-08-28",
        ),
        (
            "discharge_date",
            "2018-08-05",
            "referrals.discharge_date.not_before_referral_date",
            "2018-08-05 / 2018-08-06",
        ),
    ],
)
def test_broken_date_order_is_refused(delivery, column, value, rule_id, shown):
    delivery.edit("referrals", 15, column, value)
    outcome = delivery.check("referrals")
    other = rule_id.rsplit("not_before_", 1)[1]
    assert_refused(outcome, "referrals.csv", rule_id, 15, f"{column}, {other}", shown)


# --- Categories ---------------------------------------------------------------------------------------


def test_unknown_category_is_refused(delivery):
    delivery.edit("training_attendance", 2, "workforce_group", "Health Visitors")
    outcome = delivery.check("training_attendance")
    assert_refused(
        outcome,
        "training_attendance.csv",
        "training_attendance.workforce_group.allowed",
        2,
        "workforce_group",
        "Health Visitors",
    )


def test_category_in_another_case_is_normalised_with_a_warning(delivery):
    delivery.edit("quotes", 2, "consent_to_publish", "Yes")
    delivery.edit("quotes", 3, "source_group", "service  DESIGN")
    outcome = delivery.check("quotes")
    consent = outcome.warning("quotes.normalise.category_case", "consent_to_publish")
    assert consent["examples"] == [{"row": 2, "column": "consent_to_publish", "value": "Yes", "normalised": "yes"}]
    assert outcome.tables["quotes"].loc[0, "consent_to_publish"] == "yes"
    assert outcome.tables["quotes"].loc[1, "source_group"] == "Service design"


def test_cells_with_surrounding_spaces_are_trimmed_with_a_warning(delivery):
    delivery.edit("training_attendance", 3, "course", " IMHA  ")
    outcome = delivery.check("training_attendance")
    course = outcome.warning("training_attendance.normalise.spaces", "course")
    assert course["examples"] == [{"row": 3, "column": "course", "value": " IMHA  ", "normalised": "IMHA"}]
    assert outcome.tables["training_attendance"].equals(original("training_attendance"))


def test_a_cell_of_spaces_only_is_empty_and_a_required_value_is_then_missing(delivery):
    delivery.edit("training_attendance", 4, "practitioner_id", "   ")
    outcome = delivery.check("training_attendance")
    assert_refused(
        outcome, "training_attendance.csv", "training_attendance.practitioner_id.required", 4, "practitioner_id", ""
    )


def test_duplicate_ids_are_refused_listing_every_copy(delivery):
    delivery.edit("training_attendance", 9, "attendance_id", "TA000001")
    outcome = delivery.check("training_attendance")
    assert_refused(
        outcome, "training_attendance.csv", "training_attendance.attendance_id.unique", 2, "attendance_id", "TA000001"
    )
    assert_refused(
        outcome, "training_attendance.csv", "training_attendance.attendance_id.unique", 9, "attendance_id", "TA000001"
    )


# --- Scores -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, rule_id",
    [
        ("0", "satisfaction.score.range"),
        ("6", "satisfaction.score.range"),
        ("3.5", "satisfaction.score.format"),
        ("3,5", "satisfaction.score.format"),
        ("five", "satisfaction.score.format"),
    ],
)
def test_scores_outside_one_to_five_or_not_whole_are_refused(delivery, value, rule_id):
    delivery.edit("satisfaction", 12, "score", value)
    outcome = delivery.check("satisfaction")
    assert_refused(outcome, "satisfaction.csv", rule_id, 12, "score", value)


# --- References between extracts and required-when rules -------------------------------------------


def test_intervention_of_an_unknown_family_is_refused(delivery):
    delivery.edit("interventions", 3, "family_id", "F9999")
    outcome = delivery.check("interventions")
    assert_refused(outcome, "interventions.csv", "interventions.family_id.reference", 3, "family_id", "F9999")


def test_questionnaire_about_an_unknown_attendance_is_refused(delivery):
    delivery.edit("satisfaction", 12, "subject_id", "TA999999")
    outcome = delivery.check("satisfaction")
    assert_refused(
        outcome, "satisfaction.csv", "satisfaction.subject_id.reference_training", 12, "subject_id", "TA999999"
    )


@pytest.mark.parametrize(
    "row, column, value, rule_id, column_shown",
    [
        (4, "decline_reason", "", "referrals.decline_reason.required_when_declined", "decline_reason"),
        (3, "decline_reason", "Other", "referrals.decline_reason.empty_unless_declined", "decline_reason"),
        (
            2,
            "not_assessed_reason",
            "",
            "referrals.not_assessed_reason.required_when_not_assessed",
            "not_assessed_reason",
        ),
        (
            3,
            "not_assessed_reason",
            "Missing",
            "referrals.not_assessed_reason.empty_unless_not_assessed",
            "not_assessed_reason",
        ),
    ],
)
def test_required_when_rules_are_enforced(delivery, row, column, value, rule_id, column_shown):
    delivery.edit("referrals", row, column, value)
    outcome = delivery.check("referrals")
    assert_refused(outcome, "referrals.csv", rule_id, row, column_shown, value)


def test_every_broken_rule_of_every_file_is_listed_at_once(delivery):
    delivery.edit("referrals", 15, "assessment_date", "2018-08-01")
    delivery.edit("referrals", 6, "area", "Leeds")
    delivery.edit("training_attendance", 2, "session_date", "27/07/2018")
    delivery.edit("satisfaction", 12, "score", "9")
    outcome = delivery.check("satisfaction")
    assert_refused(
        outcome,
        "referrals.csv",
        "referrals.assessment_date.not_before_referral_date",
        15,
        "assessment_date, referral_date",
        "2018-08-01 / 2018-08-06",
    )
    assert_refused(outcome, "referrals.csv", "referrals.area.allowed", 6, "area", "Leeds")
    assert_refused(
        outcome, "training_attendance.csv", "training_attendance.session_date.format", 2, "session_date", "27/07/2018"
    )
    assert_refused(outcome, "satisfaction.csv", "satisfaction.score.range", 12, "score", "9")


# --- Formula injection --------------------------------------------------------------------------------


def test_formula_in_a_text_cell_is_neutralised_with_a_warning(delivery):
    delivery.edit("quotes", 4, "text", '=HYPERLINK("http://evil.example","click")')
    outcome = delivery.check("quotes")
    finding = outcome.warning("quotes.neutralise.formula", "text")
    assert finding["examples"][0]["row"] == 4
    assert finding["examples"][0]["normalised"] == '\'=HYPERLINK("http://evil.example","click")'
    # Neutralised in the CSV written (what a spreadsheet user opens), read back as delivered.
    assert outcome.tables["quotes"].loc[2, "text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert not any(str(cell).startswith("=") for cell in outcome.tables["quotes"].to_numpy().ravel())
    assert read_validated(delivery.out / "quotes.csv").loc[2, "text"] == '=HYPERLINK("http://evil.example","click")'


# --- Dataset-level warnings and severities -------------------------------------------------------------


def test_high_share_of_unknown_workforce_is_a_warning_not_an_error(delivery):
    records = delivery.records("training_attendance")
    column = records[0].index("workforce_group")
    for record in records[1:300]:
        record[column] = "Unknown"
    delivery.write_records("training_attendance", records)
    outcome = delivery.check("training_attendance")
    finding = outcome.warning("training_attendance.workforce_group.unknown_share", "workforce_group")
    assert "allowed: 10.0%" in finding["rule"]
    assert len(outcome.tables["training_attendance"]) == len(records) - 1


def test_low_questionnaire_response_rate_is_a_warning(delivery):
    quality = {**CONFIG["quality"], "response_rate_min": {**CONFIG["quality"]["response_rate_min"], "clinical": 0.5}}
    outcome = delivery.check("satisfaction", quality=quality)
    finding = outcome.warning("satisfaction.response_rate.clinical", "response_id")
    assert "(found: 31; expected at least 160)" in finding["rule"]


def test_late_delivery_is_a_warning(delivery):
    outcome = delivery.check("quotes", facts={**FACTS, "delivery_date": "2024-12-31"})
    finding = outcome.warning("delivery.late")
    assert "214 days after the last edition's cut-off 2024-05-31" in finding["rule"]


def test_configuration_can_make_an_error_a_warning(delivery):
    delivery.edit("referrals", 6, "discharge_reason", "Moved away")
    quality = {**CONFIG["quality"], "severity": {"referrals.discharge_reason.allowed": "warning"}}
    outcome = delivery.check("referrals", quality=quality)
    finding = outcome.warning("referrals.discharge_reason.allowed", "discharge_reason")
    assert finding["examples"] == [{"row": 6, "column": "discharge_reason", "value": "Moved away"}]


def test_configuration_naming_an_unknown_rule_is_refused(delivery):
    quality = {**CONFIG["quality"], "severity": {"referrals.discharge_reason.alowed": "warning"}}
    outcome = delivery.check("referrals", quality=quality)
    assert outcome.message.startswith(
        "configuration key quality.severity.referrals.discharge_reason.alowed: no check has this id"
    )


# --- Files that are not what their name says (issue 18) ----------------------------------------------


def zip_bytes(names: list[str]) -> bytes:
    """A ZIP archive holding the named (tiny) files, as bytes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def workbook_bytes(frame: pd.DataFrame, tmp: Path) -> bytes:
    write_workbook(tmp, frame, {})
    return tmp.read_bytes()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the header of an Excel 97-2003 workbook


@pytest.mark.parametrize(
    "kind, content, looks_like, advice",
    [
        ("xlsx", None, "an Excel workbook (.xlsx) renamed .csv", "deliver it as quotes.xlsx"),
        ("xls", OLE2, "an Excel 97-2003 workbook (.xls) or a password-protected workbook renamed .csv", "CSV UTF-8"),
        (
            "pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "a PDF document renamed .csv",
            "CSV UTF-8",
        ),
        (
            "docx",
            zip_bytes(["[Content_Types].xml", "word/document.xml"]),
            "a Word document (.docx) renamed .csv",
            "CSV UTF-8",
        ),
        ("zip", zip_bytes(["quotes.csv"]), "a ZIP archive renamed .csv", "CSV UTF-8"),
        (
            "html",
            b"<!DOCTYPE html>\n<html><body><table><tr><td>quote_id</td></tr></table></body></html>\n",
            "a web page (HTML) renamed .csv",
            "CSV UTF-8",
        ),
        (
            "xml",
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>\n',
            'an XML file (such as Excel\'s "XML Spreadsheet") renamed .csv',
            "CSV UTF-8",
        ),
        ("rtf", b"{\\rtf1\\ansi quote_id, text}\n", "a Rich Text (RTF) document renamed .csv", "CSV UTF-8"),
        ("binary", bytes(range(256)) * 4, "a binary file, not text renamed .csv", "CSV UTF-8"),
    ],
)
def test_a_file_that_is_not_csv_text_says_what_it_looks_like(delivery, tmp_path, kind, content, looks_like, advice):
    if content is None:
        content = workbook_bytes(original("quotes"), tmp_path / "book.xlsx")
    delivery.path("quotes").write_bytes(content)
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert f"quotes.csv: the file is not CSV text: it looks like {looks_like}" in outcome.message
    assert advice in outcome.message
    for library_words in ("universal-newline", "C error", "Expected 1 fields", "codec", "Traceback"):
        assert library_words not in outcome.message


@pytest.mark.parametrize(
    "content, looks_like, advice",
    [
        (None, "CSV text", "rename it .csv"),
        (b"%PDF-1.4\n1 0 obj\n", "a PDF document", "save it as quotes.xlsx"),
        (OLE2, "an Excel 97-2003 workbook (.xls) or a password-protected workbook", "save it as quotes.xlsx"),
        (b"\xff\xfeq\x00u\x00o\x00t\x00e\x00", "UTF-16 text", "save it as quotes.xlsx"),
    ],
)
def test_a_workbook_that_is_not_one_says_what_it_looks_like(delivery, content, looks_like, advice):
    csv_text = delivery.path("quotes").read_bytes()
    delivery.path("quotes").unlink()
    (delivery.raw / "quotes.xlsx").write_bytes(csv_text if content is None else content)
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.xlsx", "quotes.file.readable")
    assert f"quotes.xlsx: the file is not an Excel workbook: it looks like {looks_like}" in outcome.message
    assert advice in outcome.message


def test_a_damaged_workbook_is_refused_in_plain_words(delivery):
    delivery.path("quotes").unlink()
    (delivery.raw / "quotes.xlsx").write_bytes(zip_bytes(["[Content_Types].xml", "xl/workbook.xml"]))
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.xlsx", "quotes.file.readable")
    assert "the workbook cannot be opened" in outcome.message and "save it again as .xlsx" in outcome.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_from_excel_is_read_with_a_warning(delivery, encoding):
    """Excel's "Unicode Text": UTF-16 (with a byte-order mark, or none), separated by tabs."""
    text = delivery.path("quotes").read_text(encoding="utf-8")
    records = list(csv.reader(text.splitlines()))
    with open(delivery.path("quotes"), "w", encoding=encoding, newline="") as handle:
        if encoding == "utf-16-be":
            handle.write("\ufeff")
        csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows(records)
    outcome = delivery.check("quotes")
    assert 'UTF-16 text (Excel\'s "Unicode Text")' in outcome.warning("quotes.normalise.encoding")["rule"]
    outcome.warning("quotes.normalise.delimiter")
    assert outcome.tables["quotes"].equals(original("quotes"))


def test_a_file_of_blank_lines_holds_no_header(delivery):
    delivery.path("quotes").write_bytes(b"\n\n\r\n")
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert "the file holds no header row" in outcome.message


def test_encoding_warning_names_the_row_not_the_byte(delivery):
    delivery.edit("quotes", 5, "text", "Très utile, merci")
    text = delivery.path("quotes").read_text(encoding="utf-8")
    delivery.path("quotes").write_bytes(text.encode("cp1252"))
    outcome = delivery.check("quotes")
    rule = outcome.warning("quotes.normalise.encoding")["rule"]
    assert "the first character that is not, 'è', is on row 5" in rule
    assert "byte" not in rule


# --- Headers not on row 1, sheets that are not the data -----------------------------------------------


def test_a_title_row_above_the_header_is_refused_naming_the_header_row(delivery):
    records = delivery.records("referrals")
    delivery.write_records("referrals", [["Little Minds Matter referrals, exported 14/06/2024"]] + records)
    outcome = delivery.check("referrals")
    assert_refused(outcome, "referrals.csv", "referrals.file.readable")
    assert (
        "the header seems to be on row 2, not row 1 (row 1 holds 'Little Minds Matter referrals, exported 14/06/2024'); "
        "delete the 1 row(s) above the column names"
    ) in outcome.message
    assert "Unnamed" not in outcome.message and "missing column" not in outcome.message


def test_an_empty_first_row_is_named_as_such(delivery):
    records = delivery.records("quotes")
    delivery.write_records("quotes", [[""] * len(records[0])] + records)
    outcome = delivery.check("quotes")
    assert "the header seems to be on row 2, not row 1 (row 1 is empty)" in outcome.message


def test_excels_sep_line_above_the_header_is_refused_naming_it(delivery):
    content = delivery.path("quotes").read_bytes()
    delivery.path("quotes").write_bytes(b"sep=,\n" + content)
    outcome = delivery.check("quotes")
    assert "the header seems to be on row 2, not row 1 (row 1 holds 'sep=')" in outcome.message


def test_a_workbook_with_notes_above_the_header_names_the_header_row(delivery):
    frame = original("quotes")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Quotes for the evaluation"])
    sheet.append(["Prepared by the provider"])
    sheet.append([])
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        sheet.append(list(record))
    delivery.path("quotes").unlink()
    book.save(delivery.raw / "quotes.xlsx")
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.xlsx", "quotes.file.readable")
    assert "quotes.xlsx: the header seems to be on row 4, not row 1 (row 1 holds 'Quotes for the evaluation')" in (
        outcome.message
    )


@pytest.mark.parametrize("first_sheet", ["notes", "empty"])
def test_a_workbook_whose_first_sheet_is_not_the_data_names_the_sheet_that_is(delivery, first_sheet):
    frame = original("quotes")
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Read me"
    if first_sheet == "notes":
        notes.append(["These quotes were collected in 2023."])
        notes.append(["Contact: the provider's data team"])
    data = book.create_sheet("Quotes")
    data.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        data.append(list(record))
    delivery.path("quotes").unlink()
    book.save(delivery.raw / "quotes.xlsx")
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.xlsx", "quotes.file.readable")
    assert (
        "the first sheet 'Read me' is not the data (the extract is read from the first sheet); "
        "sheet 'Quotes' holds the contract's columns on row 1: move it first or delete the other sheets"
    ) in outcome.message


def test_a_column_named_twice_is_refused_naming_both_positions(delivery):
    records = delivery.records("quotes")
    records[0][records[0].index("theme")] = "text"
    delivery.write_records("quotes", records)
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert "the header names column 'text' twice (columns 3 and 5); each column must be named once" in outcome.message


# --- Trailing commas, long rows and open quotes ------------------------------------------------------


def test_a_trailing_comma_on_every_line_is_ignored_with_a_warning(delivery):
    lines = delivery.path("training_attendance").read_text(encoding="utf-8").splitlines()
    delivery.path("training_attendance").write_text("".join(line + ",\n" for line in lines), encoding="utf-8")
    outcome = delivery.check("training_attendance")
    outcome.warning("training_attendance.normalise.blank_columns")
    assert outcome.tables["training_attendance"].equals(original("training_attendance"))


@pytest.mark.parametrize("rows", ["every", "one"])
def test_a_trailing_comma_on_data_rows_only_is_ignored_with_a_warning(delivery, rows):
    """Without index_col=False pandas took the first column as the index and shifted every value."""
    lines = delivery.path("training_attendance").read_text(encoding="utf-8").splitlines()
    ended = [
        line + ("," if number > 1 and (rows == "every" or number == 7) else "")
        for number, line in enumerate(lines, start=1)
    ]
    delivery.path("training_attendance").write_text("\n".join(ended) + "\n", encoding="utf-8")
    outcome = delivery.check("training_attendance")
    finding = outcome.warning("training_attendance.normalise.blank_columns")
    assert finding["examples"][0]["row"] == (2 if rows == "every" else 7)
    assert outcome.tables["training_attendance"].equals(original("training_attendance"))


def test_a_value_beyond_the_last_column_is_refused_naming_the_row(delivery):
    records = delivery.records("training_attendance")
    records[11] = records[11] + ["see notes"]  # row 12
    delivery.write_records("training_attendance", records)
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.file.readable")
    assert (
        "training_attendance.csv: row 12 has 7 values but the header names 6 columns "
        "(the extra value 'see notes' belongs to no column)"
    ) in outcome.message
    assert "C error" not in outcome.message


def test_a_comma_inside_an_unquoted_value_is_refused_naming_the_row(delivery):
    lines = delivery.path("quotes").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = "Q003,Service design,Theme,system,We were helped, and we were heard,yes\n"  # row 4
    delivery.path("quotes").write_text("".join(lines), encoding="utf-8")
    outcome = delivery.check("quotes")
    assert "quotes.csv: row 4 has 7 values but the header names 6 columns (the extra value 'yes'" in outcome.message
    assert "is there a comma inside a value that is not in double quotes" in outcome.message


def test_a_quote_that_is_never_closed_is_refused_naming_its_row(delivery):
    lines = delivery.path("quotes").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[-1] = 'Q099,Service design,Theme,system,"It was great,yes\n'  # the last row
    delivery.path("quotes").write_text("".join(lines), encoding="utf-8")
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert f'quotes.csv: row {len(lines)} opens a double quote (") that is never closed' in outcome.message


def test_a_quote_closed_only_lines_later_is_refused_naming_its_row(delivery):
    lines = delivery.path("quotes").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = 'Q005,Service design,Theme,system,"It was great,yes\n'  # row 6; the next quote closes it
    delivery.path("quotes").write_text("".join(lines), encoding="utf-8")
    outcome = delivery.check("quotes")
    assert_refused(outcome, "quotes.csv", "quotes.file.readable")
    assert "quotes.csv: row 6 holds a value running over" in outcome.message
    assert 'a double quote (") opened in it closes only on a later line' in outcome.message


def test_a_column_without_a_name_holding_values_is_named_by_its_position(delivery):
    records = delivery.records("training_attendance")
    delivery.write_records(
        "training_attendance",
        [records[0] + [""]] + [record + ["x" if n == 3 else ""] for n, record in enumerate(records[1:])],
    )
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.columns")
    assert "unexpected column(s) (column 7 has no name)" in outcome.message
    assert "Unnamed" not in outcome.message


def test_a_short_row_leaves_its_missing_values_to_the_required_rules(delivery):
    lines = delivery.path("training_attendance").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[7] = ",".join(lines[7].split(",")[:4]) + "\n"  # row 8 stops after session_date
    delivery.path("training_attendance").write_text("".join(lines), encoding="utf-8")
    outcome = delivery.check("training_attendance")
    assert_refused(outcome, "training_attendance.csv", "training_attendance.course.required", 8, "course", "")


# --- One cause reported once ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "breakage, rule_id",
    [
        ("empty", "referrals.file.readable"),
        ("header only", "referrals.rows.present"),
        ("wrong header", "referrals.columns"),
    ],
)
def test_a_broken_extract_is_reported_once_not_through_every_extract_referring_to_it(delivery, breakage, rule_id):
    records = delivery.records("referrals")
    if breakage == "empty":
        delivery.path("referrals").write_bytes(b"")
    elif breakage == "header only":
        delivery.write_records("referrals", records[:1])
    else:
        delivery.write_records("referrals", [["family"] + records[0][2:]] + [record[1:] for record in records[1:]])
    outcome = delivery.check("satisfaction", "interventions")
    errors = [line for line in outcome.message.splitlines() if line.startswith("  - ")]
    assert len(errors) == 1 and f"[{rule_id}]" in errors[0], outcome.message


def test_references_to_a_broken_extract_are_marked_not_checked_naming_it(delivery):
    delivery.path("referrals").write_bytes(b"")
    extracts = ["referrals", "interventions"]
    summary_path = delivery.out / "quality.json"
    delivery.out.mkdir(exist_ok=True)
    with pytest.raises(ContractError):
        validate_delivery(
            delivery.raw,
            CONTRACT,
            extracts,
            FACTS,
            {name: delivery.out / f"{name}.csv" for name in extracts},
            summary_path,
            quality=CONFIG["quality"],
            validator=delivery.validator,
            run_summary_path=delivery.out / "run.json",
        )
    run = json.loads((delivery.out / "run.json").read_text(encoding="utf-8"))
    interventions = next(extract for extract in run["extracts"] if extract["extract"] == "interventions")
    (finding,) = [f for f in interventions["findings"] if f["id"] == "interventions.family_id.reference"]
    assert finding["severity"] == "warning"
    assert "(not checked: referrals.csv could not be checked: see its own error)" in finding["rule"]


# --- Exact duplicate records -------------------------------------------------------------------------


def test_an_exact_duplicate_in_an_extract_without_ids_is_refused_naming_both_rows(delivery):
    """Issue 18: a copied interventions row was counted twice (404 families -> 407)."""
    records = delivery.records("interventions")
    delivery.write_records("interventions", records + [records[2], records[40]])
    outcome = delivery.check("interventions")
    assert outcome.summary is None
    assert (
        f"  - interventions.csv, row {len(records) + 1}: the same record as row 3, in every column: each record "
        "appears once"
    ) in outcome.message
    assert f"row {len(records) + 2}: the same record as row 41" in outcome.message
    assert "[interventions.rows.distinct]" in outcome.message


def test_an_exact_duplicate_with_an_id_is_reported_once_as_a_copy(delivery):
    records = delivery.records("training_attendance")
    records.insert(9, records[1])  # row 10 repeats row 2, its attendance_id included
    delivery.write_records("training_attendance", records)
    outcome = delivery.check("training_attendance")
    assert "training_attendance.csv, row 10: the same record as row 2, in every column" in outcome.message
    assert "attendance_id.unique" not in outcome.message


def test_an_id_shared_by_two_different_records_is_still_a_duplicate_id(delivery):
    records = delivery.records("training_attendance")
    records.insert(9, records[1])  # row 10: an exact copy of row 2
    records[20][0] = records[1][0]  # row 21: another record with row 2's id
    delivery.write_records("training_attendance", records)
    outcome = delivery.check("training_attendance")
    assert "row 10: the same record as row 2" in outcome.message
    for row in (2, 21):
        assert_refused(
            outcome,
            "training_attendance.csv",
            "training_attendance.attendance_id.unique",
            row,
            "attendance_id",
            "TA000001",
        )
    assert "row 10, column attendance_id" not in outcome.message


def test_a_copy_differing_only_in_spaces_or_case_is_a_duplicate(delivery):
    records = delivery.records("interventions")
    copy = list(records[5])
    copy[1] = " " + copy[1].upper() + " "
    delivery.write_records("interventions", records + [copy])
    outcome = delivery.check("interventions")
    assert f"interventions.csv, row {len(records) + 1}: the same record as row 6" in outcome.message


def test_duplicates_in_a_workbook_are_found(delivery):
    frame = original("interventions")
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    delivery.path("interventions").unlink()
    write_workbook(delivery.raw / "interventions.xlsx", frame, {"start_date": "date"})
    outcome = delivery.check("interventions")
    assert f"interventions.xlsx, row {len(frame) + 1}: the same record as row 2" in outcome.message


def test_duplicates_configured_as_a_warning_pass_and_are_recorded(delivery):
    records = delivery.records("interventions")
    delivery.write_records("interventions", records + [records[2]])
    quality = {**CONFIG["quality"], "severity": {"interventions.rows.distinct": "warning"}}
    outcome = delivery.check("interventions", quality=quality)
    finding = outcome.warning("interventions.rows.distinct")
    assert finding["failing_rows"] == 1 and finding["examples"][0] == {
        "row": len(records) + 1,
        "column": "(every column)",
        "value": "the same record as row 3",
        "copy_of": 3,
    }


# --- Plausible values, per row and per day (Hearts and Minds' website engagement) ----------------------

HEARTS_AND_MINDS = yaml.safe_load((REPO / "config/programmes/hearts-and-minds.yaml").read_text(encoding="utf-8"))


def engagement_gate(tmp_path: Path, validator: Validator, edit, quality: dict | None = None) -> Outcome:
    """The gate on Hearts and Minds' website engagement after `edit(frame)` changed a copy of it."""
    source = sorted((REPO / "raw/hearts-and-minds").rglob("website_engagement.csv"))[-1]
    raw = tmp_path / "raw"
    raw.mkdir()
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(raw / "website_engagement.csv", index=False, lineterminator="\n")
    programme = HEARTS_AND_MINDS["programme"]
    facts = {"programme_start": str(programme["start"]), "delivery_date": source.parent.name}  # its folder's date
    try:
        summary = validate_delivery(
            raw,
            REPO / "expectations/hearts-and-minds",
            ["website_engagement"],
            facts,
            {"website_engagement": tmp_path / "out.csv"},
            tmp_path / "quality.json",
            quality=quality if quality is not None else HEARTS_AND_MINDS.get("quality"),
            validator=validator,
        )
    except ContractError as error:
        return Outcome(message=str(error))
    return Outcome(summary=summary)


def test_an_impossible_value_on_one_row_is_refused_once(tmp_path, validator):
    """Issue 18: about 10^11 engaged seconds on one day went into a key finding as "100%"."""

    def edit(frame):
        frame.loc[100, "engaged_seconds"] = "123456789012"

    outcome = engagement_gate(tmp_path, validator, edit)
    assert_refused(
        outcome,
        "website_engagement.csv",
        "website_engagement.engaged_seconds.plausible",
        102,
        "engaged_seconds",
        "123456789012",
    )
    assert "plausible_per_day" not in outcome.message  # the same value, reported once


def test_a_day_adding_up_to_an_impossible_total_is_refused_naming_its_rows(tmp_path, validator):
    day = {}

    def edit(frame):
        rows = frame.index[frame["date"] == frame.loc[600, "date"]]
        day["date"], day["rows"] = frame.loc[600, "date"], [index + 2 for index in rows]
        frame.loc[rows, "engaged_seconds"] = "8000000"  # each below the 8,640,000 a section may hold

    outcome = engagement_gate(tmp_path, validator, edit)
    lines = [
        line
        for line in outcome.message.splitlines()
        if "[website_engagement.engaged_seconds.plausible_per_day]" in line
    ]
    assert len(lines) == 1, outcome.message
    total = 8_000_000 * len(day["rows"])
    assert lines[0].startswith(
        f"  - website_engagement.csv, date {day['date']} (rows {', '.join(map(str, day['rows']))}): "
        f"engaged_seconds adds up to {total:,}, expected at most 17,280,000"
    )
    assert "engaged_seconds.plausible]" not in outcome.message


def test_a_negative_time_is_refused(tmp_path, validator):
    def edit(frame):
        frame.loc[10, "engaged_seconds"] = "-5"

    outcome = engagement_gate(tmp_path, validator, edit)
    assert_refused(
        outcome, "website_engagement.csv", "website_engagement.engaged_seconds.range", 12, "engaged_seconds", "-5"
    )


def test_a_plausibility_rule_configured_as_a_warning_passes_and_is_recorded(tmp_path, validator):
    def edit(frame):
        rows = frame.index[frame["date"] == frame.loc[600, "date"]]
        frame.loc[rows, "engaged_seconds"] = "8000000"

    quality = {"severity": {"website_engagement.engaged_seconds.plausible_per_day": "warning"}}
    outcome = engagement_gate(tmp_path, validator, edit, quality)
    finding = outcome.warning("website_engagement.engaged_seconds.plausible_per_day", "engaged_seconds")
    assert finding["failing_rows"] == 1 and finding["examples"][0]["expected"] == "at most 17,280,000"
