"""A second programme, written here, whose every expected figure was worked out by hand.

It follows the Little Minds Matter contract but is configured by a copy of that programme's
configuration, renamed and pointed at another folder, and run with `snakemake --configfile`.
Edge cases: events on period boundaries and on cut-off days, a practitioner trained twice in one
period and again in the next, an even number of questionnaire items (median 3.5 is not
satisfied), a share of nothing (empty value), later milestones after the interim cut-off, and an
XLSX extract (first sheet) beside CSV ones.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from metrics_lookup import MetricsTable
from workflow_runner import bundled_config, run_snakemake, write_config

pytestmark = pytest.mark.workflow

NAME = "small-test-programme"

TRAINING = [
    # attendance_id, practitioner_id, session_id, session_date, course, workforce_group
    ("T1", "PA", "S1", "2020-01-01", "IMHA", "Health visitor"),  # first day of P1
    ("T2", "PA", "S2", "2020-03-01", "IMHA", "Non-priority"),  # PA again in P1: counted once, as a health visitor
    ("T3", "PA", "S3", "2020-07-01", "IMHA", "Non-priority"),  # PA again in P2 (first day): counted in P2 too
    ("T4", "PB", "S1", "2020-01-01", "IMHA", "Unknown"),
    ("T5", "PC", "S4", "2020-06-30", "IMHA", "Midwife"),  # last day of P1 = interim cut-off
    ("T6", "PD", "S5", "2020-12-31", "IMHA", "VCS"),  # final cut-off day
    ("T7", "PB", "S6", "2020-08-01", "IMHA_IN_ACTION", "Unknown"),
]
CONSULTATIONS = [
    # consultation_id, session_date, type, status, practitioner_group, attended_training, family_id, family_area
    ("C1", "2020-01-01", "triage", "delivered", "Health visiting", "yes", None, None),
    ("C2", "2020-06-30", "ongoing", "delivered", "Social work", "no", "CF1", "BSB"),
    ("C3", "2020-07-01", "ongoing", "delivered", "Social work", "no", "CF1", "BSB"),
    ("C4", "2020-07-02", "reflective_discussion", "cancelled_by_provider", "Other", "unknown", None, None),
]
REFERRALS = [
    # referral_id, family_id, referral_date, source, area, outcome, decline_reason, assessment_date, not_assessed_reason,
    # first_session_date, discharge_date, discharge_reason, infant_ethnicity, infant_sex, carer_english
    (
        "R1",
        "F1",
        "2020-01-01",
        "Health visiting (0-19)",
        "BSB",
        "accepted",
        None,
        "2020-02-01",
        None,
        "2020-06-30",
        "2020-12-31",
        "Goals met",
        "Asian Pakistani",
        "Female",
        "Speaks English well",
    ),
    (
        "R2",
        "F2",
        "2020-06-30",
        "Midwifery",
        "RIC",
        "accepted",
        None,
        "2020-07-01",
        None,
        "2020-08-01",
        None,
        "Not yet discharged",
        "White British",
        "Male",
        "Unknown",
    ),
    (
        "R3",
        "F3",
        "2020-03-01",
        "Self-referral",
        "Both",
        "declined",
        "Other",
        None,
        None,
        None,
        None,
        None,
        "Other",
        "Unknown",
        "Speaks little or no English",
    ),
    (
        "R4",
        "F4",
        "2020-09-01",
        "Other BSB",
        "Neither",
        "accepted",
        None,
        None,
        "Service not wanted",
        None,
        None,
        None,
        "Unknown",
        "Male",
        "Speaks English well",
    ),
]
INTERVENTIONS = [("F1", "Attachment related work", "2020-06-30"), ("F2", "Video feedback", "2020-08-02")]
SATISFACTION = [
    # response_id, strand, subject_id, response_date, item, score
    *[
        ("Q1", "training", "T1", "2020-02-01", f"q{i}", s) for i, s in enumerate([3, 4, 3, 4], 1)
    ],  # median 3.5: not satisfied
    *[("Q2", "training", "T4", "2020-06-30", f"q{i}", s) for i, s in enumerate([4, 4, 5], 1)],  # median 4: satisfied
    *[("Q3", "training", "T3", "2020-07-15", f"q{i}", s) for i, s in enumerate([5, 5], 1)],
    *[("Q4", "clinical", "F1", "2020-12-31", f"q{i}", s) for i, s in enumerate([4, 5, 2, 1], 1)],  # median 3
]
QUOTES = [
    ("QT1", "Family", "Experience of support", "clinical", "It helped us a lot.", "yes"),
    ("QT2", "Family", "Experience of support", "clinical", "Please do not print this.", "no"),
]
COLUMNS = {
    "training_attendance": [
        "attendance_id",
        "practitioner_id",
        "session_id",
        "session_date",
        "course",
        "workforce_group",
    ],
    "consultations": [
        "consultation_id",
        "session_date",
        "consultation_type",
        "status",
        "practitioner_group",
        "attended_training",
        "family_id",
        "family_area",
    ],
    "referrals": [
        "referral_id",
        "family_id",
        "referral_date",
        "referral_source",
        "area",
        "outcome",
        "decline_reason",
        "assessment_date",
        "not_assessed_reason",
        "first_session_date",
        "discharge_date",
        "discharge_reason",
        "infant_ethnicity",
        "infant_sex",
        "carer_english",
    ],
    "interventions": ["family_id", "intervention", "start_date"],
    "satisfaction": ["response_id", "strand", "subject_id", "response_date", "item", "score"],
    "quotes": ["quote_id", "source_group", "theme", "strand", "text", "consent_to_publish"],
}


def small_config() -> dict:
    """The bundled configuration, copied, renamed, pointed elsewhere, with this programme's periods."""
    config = bundled_config()
    config["programme"].update(name=NAME, title="Small test programme", raw="extracts/small", start="2020-01-01")
    config["periods"] = [
        {"name": "P1", "from": "2020-01-01", "to": "2020-06-30"},
        {"name": "P2", "from": "2020-07-01", "to": "2020-12-31"},
    ]
    # One delivery (extracts/small/2021-01-10/), which both editions are built from.
    config["editions"] = [
        {"name": "interim", "cut_off": "2020-06-30", "periods": ["P1"], "published": "July 2020"},
        {"name": "final", "cut_off": "2020-12-31", "periods": ["P1", "P2"], "published": "January 2021"},
    ]
    targets = {
        "training.practitioners_trained": {"P1": 4, "P2": 2},
        "training.imha_courses": {"P1": 3, "P2": 3},
        "consultation.sessions_delivered": {"P1": 2, "P2": 2},
        "clinical.families_assessed": {"P1": 2, "P2": 1},
    }
    for metric in config["metrics"]:
        if isinstance(metric.get("target"), dict):
            metric["target"] = targets[metric["name"]]
    return config


def write_extracts(folder):
    folder.mkdir(parents=True)
    rows = {
        "training_attendance": TRAINING,
        "consultations": CONSULTATIONS,
        "referrals": REFERRALS,
        "interventions": INTERVENTIONS,
        "satisfaction": SATISFACTION,
        "quotes": QUOTES,
    }
    for name, records in rows.items():
        frame = pd.DataFrame(records, columns=COLUMNS[name])
        if name == "consultations":
            # Excel, as providers often send it: real date cells, and a second sheet that must be ignored.
            frame["session_date"] = [dt.datetime.fromisoformat(day) for day in frame["session_date"]]
            with pd.ExcelWriter(folder / "consultations.xlsx", engine="openpyxl") as workbook:
                frame.to_excel(workbook, sheet_name="Sessions", index=False)
                pd.DataFrame({"note": ["not an extract"]}).to_excel(workbook, sheet_name="Notes", index=False)
        else:
            frame.to_csv(folder / f"{name}.csv", index=False)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("small")
    write_extracts(workdir / "extracts" / "small" / "2021-01-10")
    configfile = write_config(workdir, small_config(), "small.yaml")
    run_snakemake(
        workdir,
        configfile=configfile,
        targets=tuple(f"results/{NAME}/{edition}/metrics.csv" for edition in ("interim", "final")),
    )
    return workdir / "results"


@pytest.fixture(scope="module")
def interim(results):
    return MetricsTable(results / NAME / "interim" / "metrics.csv")


@pytest.fixture(scope="module")
def final(results):
    return MetricsTable(results / NAME / "final" / "metrics.csv")


def test_results_land_under_the_renamed_programme(results):
    assert sorted(path.name for path in results.iterdir()) == [NAME]


def test_practitioners_trained_twice_in_a_period_and_again_later(interim, final):
    assert interim.count("training.practitioners_trained", "P1") == 3  # PA, PB, PC
    assert interim.count("training.practitioners_trained") == 3
    assert final.count("training.practitioners_trained", "P2") == 2  # PA again, PD on the cut-off day
    assert final.count("training.practitioners_trained") == 4  # distinct over the edition
    assert interim.count("training.imha_courses", "P1") == 3 and final.count("training.imha_courses") == 5
    assert final.count("training.imha_in_action_practitioners", "P2") == 1


def test_priority_share_uses_the_group_at_first_attendance_in_the_period(interim, final):
    p1 = interim.row("training.priority_share", "P1")
    assert (p1["numerator"], p1["denominator"]) == ("2", "3")  # PA as health visitor, PC midwife
    p2 = final.row("training.priority_share", "P2")
    assert (p2["numerator"], p2["denominator"], p2["value"]) == ("0", "2", "0")  # PA non-priority in P2, PD VCS
    whole = final.row("training.priority_share")
    assert (whole["numerator"], whole["denominator"], whole["value"]) == ("2", "4", "0.5")
    assert interim.count("training.workforce_group", "P1", "Health visitor") == 1
    assert interim.count("training.workforce_group", "P1", "Non-priority") == 0


def test_targets_rag_on_the_boundaries(interim, final):
    p1 = interim.row("training.practitioners_trained", "P1")
    assert (p1["target"], p1["pct_of_target"], p1["rag"]) == ("4", "0.75", "AMBER")  # exactly 75%: AMBER
    p2 = final.row("training.practitioners_trained", "P2")
    assert (p2["target"], p2["pct_of_target"], p2["rag"]) == ("2", "1", "GREEN")  # exactly 100%: GREEN
    whole = final.row("training.practitioners_trained")
    assert (whole["target"], whole["rag"]) == ("6", "RED") and whole["pct_of_target"] == "0.666667"
    assert interim.row("training.practitioners_trained")["target"] == "4"  # interim sums its own periods
    untargeted = interim.row("training.workforce_group", "P1", "Unknown")
    assert (untargeted["target"], untargeted["pct_of_target"], untargeted["rag"]) == ("", "", "")


def test_questionnaire_median_of_an_even_number_of_items(interim, final):
    p1 = interim.row("training.satisfied_share", "P1")
    assert (p1["numerator"], p1["denominator"], p1["value"]) == ("1", "2", "0.5")  # 3.5 is not satisfied
    assert p1["rag"] == "RED" and p1["pct_of_target"] == "0.625"
    assert final.row("training.satisfied_share")["value"] == "0.666667"
    clinical = final.row("clinical.satisfied_share", "P2")
    assert (clinical["numerator"], clinical["denominator"], clinical["value"]) == ("0", "1", "0")


def test_share_of_nothing_is_empty(interim, final):
    for table, period in ((interim, "P1"), (final, "P2"), (final, "overall")):
        row = table.row("consultation.satisfied_share", period)
        assert (row["value"], row["numerator"], row["denominator"], row["pct_of_target"], row["rag"]) == (
            "",
            "0",
            "0",
            "",
            "",
        )
        assert row["target"] == "0.8"


def test_xlsx_consultations_and_boundaries(interim, final):
    assert interim.count("consultation.sessions_delivered", "P1") == 2  # 1 Jan and 30 Jun
    assert interim.count("consultation.sessions_delivered", "P1", "ongoing") == 1
    assert final.count("consultation.sessions_delivered", "P2") == 1
    assert final.count("consultation.sessions_scheduled", "P2", "reflective_discussion") == 1
    assert final.count("consultation.ongoing_families") == 1  # one family over both periods
    assert final.count("consultation.ongoing_families", "P2", "BSB") == 1
    assert interim.count("consultation.sessions_delivered", "P1", "drop_in") == 0  # zero rows are present


def test_referral_flow_as_at_each_cut_off(interim, final):
    assert interim.count("clinical.referrals", "P1") == 3  # R2 on the cut-off day counts
    assert interim.count("clinical.referrals_declined", group="Other") == 1
    assert interim.count("clinical.referrals_accepted") == 2
    # R2 was assessed the day after the interim cut-off: on that day it was not yet assessed.
    assert interim.count("clinical.accepted_not_assessed", group="Not yet assessed") == 1
    assert interim.count("clinical.families_assessed") == 1
    assert interim.count("clinical.families_attended", "P1") == 1  # first session on the cut-off day
    assert interim.row("clinical.attended_share")["value"] == "1"
    assert interim.count("clinical.goals_met_area") == 0  # discharged after the cut-off
    assert interim.count("clinical.interventions", group="Attachment related work") == 1
    assert final.count("clinical.referrals", "P2") == 1
    assert final.count("clinical.accepted_not_assessed", group="Not yet assessed") == 0
    assert final.count("clinical.accepted_not_assessed", group="Service not wanted") == 1
    assert [final.count("clinical.families_assessed", p) for p in ("P1", "P2", "overall")] == [1, 1, 2]
    assessed = final.row("clinical.families_assessed", "P1")
    assert (assessed["target"], assessed["pct_of_target"], assessed["rag"]) == ("2", "0.5", "RED")
    assert final.count("clinical.families_attended") == 2
    assert final.count("clinical.goals_met_area", "P2", "BSB") == 1  # discharged on the final cut-off day
    assert final.count("clinical.interventions", "P2", "Video feedback") == 1


def test_edition_extracts_are_typed_and_within_the_cut_off(results):
    interim_referrals = pd.read_csv(
        results / NAME / "interim" / "editions" / "referrals.csv", dtype=str, keep_default_na=False
    )
    r2 = interim_referrals.set_index("referral_id").loc["R2"]
    assert (r2["assessment_date"], r2["not_assessed_reason"], r2["first_session_date"]) == ("", "Not yet assessed", "")
    assert list(interim_referrals["referral_id"]) == ["R1", "R2", "R3"]
    consultations = pd.read_csv(results / NAME / "interim" / "editions" / "consultations.csv", dtype=str)
    assert list(consultations["session_date"]) == ["2020-01-01", "2020-06-30"]  # ISO dates from Excel cells
