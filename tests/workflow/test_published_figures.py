"""The bundled example, run through the real workflow, reproduces every figure the spec lists."""

from __future__ import annotations

import hashlib

import pytest
from metrics_lookup import MetricsTable
from workflow_runner import bundled_config, copy_bundled_raw, run_snakemake, write_config

pytestmark = pytest.mark.workflow

PROGRAMME = "little-minds-matter"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("bundled")
    copy_bundled_raw(workdir)
    configfile = write_config(workdir, bundled_config())
    targets = tuple(f"results/{PROGRAMME}/{edition}/metrics.csv" for edition in ("interim", "final"))
    run_snakemake(workdir, configfile=configfile, targets=targets)
    return workdir


@pytest.fixture(scope="module")
def interim(built):
    return MetricsTable(built / "results" / PROGRAMME / "interim" / "metrics.csv")


@pytest.fixture(scope="module")
def final(built):
    return MetricsTable(built / "results" / PROGRAMME / "final" / "metrics.csv")


def percent(value: float) -> int:
    """Rounded as the published report rounds: half up."""
    return int(value * 100 + 0.5)


def test_metrics_table_has_the_audited_columns_and_every_period(interim, final):
    assert list(interim.frame.columns) == [
        "metric",
        "period",
        "group",
        "value",
        "numerator",
        "denominator",
        "target",
        "pct_of_target",
        "rag",
    ]
    for table, periods in (
        (interim, ["Y1", "Y2", "Y3", "Y4", "Y5", "overall"]),
        (final, ["Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "overall"]),
    ):
        for (metric, group), rows in table.frame.groupby(["metric", "group"]):
            assert list(rows.period) == periods, f"{metric}/{group} has periods {list(rows.period)}"


def test_interim_training(interim):
    trained = interim.row("training.practitioners_trained")
    assert trained["value"] == "702" and trained["target"] == "784" and trained["rag"] == "AMBER"
    assert percent(float(trained["pct_of_target"])) == 90
    assert [interim.count("training.practitioners_trained", period) for period in ("Y1", "Y2", "Y3", "Y4", "Y5")] == [
        205,
        164,
        123,
        159,
        51,
    ]
    priority = interim.row("training.priority_share")
    assert (priority["numerator"], priority["denominator"], priority["rag"]) == ("315", "702", "RED")
    assert percent(float(priority["value"])) == 45
    mix = {
        "Non-priority": 360,
        "Better Start Bradford project": 136,
        "Health visitor": 65,
        "Prevention and Early Help": 59,
        "Midwife": 46,
        "Unknown": 27,
        "Other priority": 9,
    }
    for group, expected in mix.items():
        assert interim.count("training.workforce_group", group=group) == expected, group
    assert interim.count("training.imha_courses") == 48
    satisfied = interim.row("training.satisfied_share")
    assert (
        satisfied["denominator"] == "246" and percent(float(satisfied["value"])) == 99 and satisfied["rag"] == "GREEN"
    )
    assert interim.count("training.imha_in_action_practitioners") == 156


def test_interim_consultation(interim):
    delivered = interim.row("consultation.sessions_delivered")
    assert delivered["value"] == "535" and delivered["target"] == "700" and delivered["rag"] == "AMBER"
    assert percent(float(delivered["pct_of_target"])) == 76
    # The source's types add up to 536; one session is taken from `ongoing` (methods appendix).
    by_type = {"triage": 232, "drop_in": 65, "ongoing": 59, "reflective_discussion": 179}
    for group, expected in by_type.items():
        assert interim.count("consultation.sessions_delivered", group=group) == expected, group
    assert interim.count("consultation.reflective_discussion_status") == 213
    not_attended = sum(
        interim.count("consultation.reflective_discussion_status", group=g)
        for g in ("not_attended", "cancelled_by_team")
    )
    assert not_attended == 28
    assert interim.count("consultation.reflective_discussion_status", group="cancelled_by_provider") == 6
    groups = {
        "triage": {
            "Health visiting": 104,
            "Better Start Bradford project": 39,
            "Midwifery": 18,
            "Social work": 14,
            "Other": 57,
        },
        "drop_in": {
            "Health visiting": 31,
            "Better Start Bradford project": 14,
            "Social work": 4,
            "Midwifery": 2,
            "Psychology": 2,
            "Other": 12,
        },
        "reflective_discussion": {
            "Better Start Bradford project": 67,
            "Health visiting": 64,
            "Midwifery": 24,
            "Psychology": 12,
            "Social work": 7,
            "Other": 5,
        },
    }
    for kind, counts in groups.items():
        for group, expected in counts.items():
            assert interim.count(f"consultation.{kind}_practitioner_group", group=group) == expected, (kind, group)
    assert interim.count("consultation.ongoing_families") == 24
    in_bsb_area = interim.count("consultation.ongoing_families", group="BSB") + interim.count(
        "consultation.ongoing_families", group="Both"
    )
    assert in_bsb_area == 9 and interim.count("consultation.ongoing_families", group="Both") == 3


def test_interim_referral_flow(interim):
    assert interim.count("clinical.referrals") == 255
    sources = {
        "Health visiting (0-19)": 101,
        "Other or unknown": 48,
        "Other BSB": 37,
        "Baby Steps": 30,
        "Midwifery": 24,
        "Self-referral": 9,
        "Social services": 6,
    }
    for group, expected in sources.items():
        assert interim.count("clinical.referral_source", group=group) == expected, group
    assert interim.count("clinical.referrals_declined") == 22
    declined = {
        "Other": 11,
        "Child protection": 4,
        "Adult mental health need": 2,
        "Child over 2 years": 2,
        "Allocated to SEAD": 2,
        "Missing": 1,
    }
    for group, expected in declined.items():
        assert interim.count("clinical.referrals_declined", group=group) == expected, group
    assert interim.count("clinical.referrals_accepted") == 233
    for group, expected in {"BSB": 88, "RIC": 71, "Both": 47, "Neither": 27}.items():
        assert interim.count("clinical.accepted_area", group=group) == expected, group
    assert interim.count("clinical.accepted_not_assessed") == 51
    not_assessed = {
        "Service not wanted": 17,
        "Ongoing consultation": 15,
        "Not yet assessed": 10,
        "Criteria doesn't fit": 4,
        "Did not engage": 4,
        "Missing": 1,
    }
    for group, expected in not_assessed.items():
        assert interim.count("clinical.accepted_not_assessed", group=group) == expected, group
    assessed = interim.row("clinical.families_assessed")
    assert assessed["value"] == "182" and assessed["target"] == "196" and assessed["rag"] == "AMBER"
    assert percent(float(assessed["pct_of_target"])) == 93
    for group, expected in {"BSB": 79, "RIC": 59, "Both": 36, "Neither": 8}.items():
        assert interim.count("clinical.assessed_area", group=group) == expected, group
    assert interim.count("clinical.families_attended") == 96
    attended = interim.row("clinical.attended_share")
    assert (attended["numerator"], attended["denominator"]) == ("96", "182") and percent(float(attended["value"])) == 53
    assert interim.count("clinical.goals_met_area") == 50
    satisfied = interim.row("clinical.satisfied_share")
    assert satisfied["denominator"] == "21" and satisfied["value"] == "1" and satisfied["rag"] == "GREEN"
    ethnicity = {
        group: interim.count("clinical.infant_ethnicity", group=group)
        for group in ("Asian Pakistani", "White British", "Other", "Unknown")
    }
    assert (ethnicity["Asian Pakistani"], ethnicity["White British"], ethnicity["Other"] + ethnicity["Unknown"]) == (
        90,
        51,
        114,
    )


def test_final_figures(final):
    trained = final.row("training.practitioners_trained")
    assert trained["value"] == "872" and trained["target"] == "948" and percent(float(trained["pct_of_target"])) == 92
    assert percent(final.value("training.priority_share")) == 49
    satisfied = final.row("training.satisfied_share")
    assert satisfied["denominator"] == "302" and percent(float(satisfied["value"])) == 98
    assert final.count("training.imha_courses") == 65
    delivered = final.row("consultation.sessions_delivered")
    assert (
        delivered["value"] == "688"
        and delivered["target"] == "850"
        and percent(float(delivered["pct_of_target"])) == 81
    )
    assessed = final.row("clinical.families_assessed")
    assert (
        assessed["value"] == "236" and assessed["target"] == "238" and percent(float(assessed["pct_of_target"])) == 99
    )
    assert final.count("clinical.families_attended") == 130
    clinical = final.row("clinical.satisfied_share")
    assert clinical["denominator"] == "31" and clinical["value"] == "1"


def test_rebuild_is_byte_identical(built):
    """Forcing every job again gives the same bytes in every table the pipeline wrote."""
    tables = sorted((built / "results").rglob("*.csv")) + sorted((built / "results").rglob("quality.json"))
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in tables}
    run_snakemake(
        built,
        "--forceall",
        configfile=built / "programme.yaml",
        targets=tuple(f"results/{PROGRAMME}/{edition}/metrics.csv" for edition in ("interim", "final")),
    )
    after = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in tables}
    assert before == after
