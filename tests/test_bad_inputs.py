"""The catalogue of bad inputs: what providers really send, and exactly what the gate does with it.

Each case starts from a copy of the bundled delivery (which passes), breaks one thing as a
provider would, and asserts the outcome: an error naming file, row (as a spreadsheet counts it),
column, value and rule id, with the last good outputs untouched; or a normalisation with its
warning and the value as it was read. The last tests run the real Snakemake workflow.
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
from workflow_runner import BUNDLED_RAW, REPO, bundled_config, copy_bundled_raw, run_snakemake

from programme_evaluation.common.tables import read_validated
from programme_evaluation.gate.validation import ContractError, Validator, validate_delivery

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


@dataclass
class Outcome:
    summary: dict | None = None
    message: str = ""
    tables: dict[str, pd.DataFrame] | None = None

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


# --- The real workflow ------------------------------------------------------------------------------

QUALITY_TARGETS = tuple(
    f"results/little-minds-matter/{edition}/{name}"
    for edition in ("interim", "final")
    for name in ("metrics.csv", "quality/quality.html", "quality/quality.json")
)


@pytest.mark.workflow
def test_a_bad_extract_stops_the_build_and_the_last_good_results_stay(tmp_path):
    raw = copy_bundled_raw(tmp_path)
    run_snakemake(tmp_path, targets=QUALITY_TARGETS)
    # Every result of the good delivery (validated tables included), but the logs.
    # (gate/checked/ is the gate's own candidate copy: a rejected delivery takes it, never the accepted one.)
    # The delivery status says which delivery the results are from: it is meant to change.
    built = {
        path: path.read_bytes()
        for path in (tmp_path / "results").rglob("*")
        if path.is_file()
        and not {"logs", "checked"} & set(path.parts)
        and path.name not in ("DELIVERY-STATUS.txt", "delivery-status.json")
    }
    assert any(path.parent.parent.name == "gate" for path in built)
    referrals = raw / "referrals.csv"
    lines = referrals.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[14] = lines[14].replace("2018-08-28", "28/08/2018")  # row 15: the assessment date
    referrals.write_text("".join(lines), encoding="utf-8")
    time.sleep(1)  # a newer raw file than the results, whatever the file system's clock resolution

    result = run_snakemake(tmp_path, check=False, targets=QUALITY_TARGETS)

    assert result.returncode != 0
    assert (
        "referrals.csv, row 15, column assessment_date: value '28/08/2018' breaks the rule: assessment_date "
        "must be a real date written YYYY-MM-DD"
    ) in result.stderr
    for path, content in built.items():
        assert path.read_bytes() == content, f"{path} changed"
    rejected = json.loads(
        (tmp_path / f"results/little-minds-matter/logs/gate/{raw.name}.quality.json").read_text(encoding="utf-8")
    )
    assert rejected["passed"] is False and rejected["errors"] == 1


@pytest.mark.workflow
def test_warnings_do_not_stop_the_build_and_no_output_cell_is_a_formula(tmp_path):
    raw = copy_bundled_raw(tmp_path)
    quotes = raw / "quotes.csv"
    records = list(csv.reader(quotes.open(encoding="utf-8", newline="")))
    records[3][records[0].index("text")] = "=1+1 <script>alert(1)</script>"
    records[4][records[0].index("consent_to_publish")] = "Yes"
    with quotes.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)

    run_snakemake(tmp_path, targets=QUALITY_TARGETS)

    quality = json.loads((tmp_path / "results/little-minds-matter/final/quality/quality.json").read_text())
    assert quality["passed"] and quality["edition"] == "final" and quality["warnings"] == 2
    html = (tmp_path / "results/little-minds-matter/final/quality/quality.html").read_text()
    assert "quotes.neutralise.formula" in html and "quotes.normalise.category_case" in html
    assert "<script>" not in html and "=1+1 &lt;script&gt;alert(1)&lt;/script&gt;" in html  # escaped, shown
    for path in (tmp_path / "results").rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            assert not any(cell.startswith("=") for record in csv.reader(handle) for cell in record), path
