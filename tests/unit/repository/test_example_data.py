"""The bundled extracts are exactly what the deterministic generators write, and the Hearts and
Minds generator's calibrated findings hold in what it writes."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from fractions import Fraction

import pandas as pd
import pytest
from workflow_runner import REPO

TOOL = REPO / "tools" / "make_example_data.py"
PROGRAMMES = {
    "little-minds-matter": REPO / "config" / "programmes" / "little-minds-matter.yaml",
    "hearts-and-minds": REPO / "config" / "programmes" / "hearts-and-minds.yaml",
}


def generate(configuration, folder) -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), str(configuration), str(folder)], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("programme", sorted(PROGRAMMES))
def test_generator_reproduces_the_committed_example(tmp_path, programme):
    generate(PROGRAMMES[programme], tmp_path)
    committed = REPO / "raw" / programme
    names = sorted(str(path.relative_to(committed)) for path in committed.rglob("*") if path.is_file())
    assert names == sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    match, mismatch, errors = filecmp.cmpfiles(committed, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_little_minds_matter_is_held_as_two_deliveries():
    """The hub holds the June 2023 delivery (the interim was published from it) and the June 2024
    one; the earlier holds nothing dated after its day and no milestone not reached by then."""
    raw = REPO / "raw" / "little-minds-matter"
    assert sorted(path.name for path in raw.iterdir()) == ["2023-06-14", "2024-06-14"]

    def read(day, name):
        return pd.read_csv(raw / day / f"{name}.csv", dtype=str, keep_default_na=False)

    early, late = read("2023-06-14", "referrals"), read("2024-06-14", "referrals")
    assert 0 < len(early) < len(late)
    for column in ("referral_date", "assessment_date", "first_session_date", "discharge_date"):
        assert (early[column][early[column] != ""] <= "2023-06-14").all(), column
    assert set(early["referral_id"]) <= set(late["referral_id"])
    waiting = early[early["not_assessed_reason"] == "Not yet assessed"]["referral_id"]
    assessed_later = late.set_index("referral_id").loc[waiting, "assessment_date"]
    assert len(waiting) and (assessed_later > "2023-06-14").any()


def test_unknown_programme_is_named(tmp_path):
    configuration = tmp_path / "programme.yaml"
    configuration.write_text("programme: {name: no-such-programme, raw: raw/x}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(TOOL), str(configuration), str(tmp_path / "out")], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode != 0
    assert "no-such-programme" in result.stderr and "hearts-and-minds" in result.stderr


def load_generator():
    """The Hearts and Minds generator module, as the tool loads it."""
    import importlib.util

    path = REPO / "tools" / "example_data" / "hearts_and_minds.py"
    spec = importlib.util.spec_from_file_location("hearts_and_minds_generator", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_hearts_and_minds_data_hold_the_calibrated_findings():
    """Each finding, counted with pandas from the committed CSVs as at the interim cut-off."""
    generator = load_generator()
    calibrated = generator.CALIBRATED
    (raw,) = (REPO / "raw" / "hearts-and-minds").iterdir()  # one delivery folder
    cut_off = generator.calendar_of(PROGRAMMES["hearts-and-minds"]).cut_off.isoformat()
    assert cut_off == "2021-12-31"

    def read(name):
        return pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False)

    web = read("website_engagement")
    web = web[web["date"] <= cut_off]
    seconds = web["engaged_seconds"].astype(int)
    assert (
        Fraction(int(seconds[web["section"] == "map"].sum()), int(seconds.sum()))
        == calibrated.map_time_share
        == Fraction(83, 100)
    )

    survey = read("vcs_survey")
    assert (survey["response_date"] > cut_off).any()  # the cut-off matters
    survey = survey[survey["response_date"] <= cut_off]
    assert len(survey) == calibrated.survey_responses
    aware = Fraction(int((survey["aware_of_partnership"] == "yes").sum()), len(survey))
    unsure = Fraction(int((survey["unsure_what_membership_means"] == "yes").sum()), len(survey))
    assert aware == calibrated.vcs_aware_share and round(100 * aware) == 85
    assert unsure == calibrated.unsure_membership_share and round(100 * unsure) == 40
    scores = survey.loc[survey["trusted_source"] != "", "trusted_source"].astype(int)
    assert Fraction(int(scores.sum()), len(scores)) == calibrated.trusted_source_mean

    groups = read("hcp_focus_groups")
    assert sorted(groups["focus_group"].unique()) == ["FG1", "FG2", "FG3", "FG4", "FG5"]

    def hcp_share(rows):
        return Fraction(int((rows["aware_of_partnership"] == "yes").sum()), len(rows))

    overall = hcp_share(groups)
    linked = hcp_share(groups[groups["linked_to_founding_partner"] == "yes"])
    not_linked = hcp_share(groups[groups["linked_to_founding_partner"] == "no"])
    assert overall == calibrated.hcp_aware_share() and round(100 * overall) == 35
    assert (linked, not_linked) == (calibrated.hcp_aware_share(linked="yes"), calibrated.hcp_aware_share(linked="no"))
    assert linked > overall > not_linked and aware > overall

    space = read("conversation_space")
    space = space[space["event_date"] <= cut_off].sort_values("event_date", kind="stable")
    first = space.drop_duplicates("organisation_id")
    established = Fraction(int((first["years_operating"] == "6 or more years").sum()), len(first))
    assert established == calibrated.conversation_space_established_share > Fraction(1, 2)
    assert space["event_date"].nunique() == calibrated.conversation_space_meetups

    services = read("map_services")
    services = services[services["checklist_submitted_date"] <= cut_off]
    listed = services[(services["listed_date"] != "") & (services["listed_date"] <= cut_off)]
    per_region = listed["region"].value_counts()
    expected = {region: counts[2] for region, counts in calibrated.map_as_at_cut_off.items()}
    assert {region: int(per_region.get(region, 0)) for region in expected} == expected
    assert min(expected.values()) == 0 and sorted(expected.values())[1:3] == [2, 3]
