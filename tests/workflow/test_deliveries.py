"""Deliveries over time, with the real Snakemake, Great Expectations and pandas on the bundled data.

Each delivery is kept in its own folder (`raw/<programme>/<YYYY-MM-DD>/`); an edition is built
from the one it pins, else the latest. A new delivery is compared with the last accepted one:
records deleted at source, rewritten history and lost periods are named by record id or period,
and stop the build when they would change a released edition; a change that touches only
unreleased periods is a warning in the data-quality report.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from workflow_runner import REPO, bundled_config, copy_bundled_raw, run_snakemake, write_config

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.configuration.deliveries import available_deliveries, edition_deliveries
from programme_evaluation.configuration.releases import released_editions
from programme_evaluation.document.delivery_changes import delivery_changes

pytestmark = pytest.mark.workflow  # each test runs the real Snakemake

LMM = "little-minds-matter"
HM = "hearts-and-minds"
EARLY, LATE = "2023-06-14", "2024-06-14"
COMPARISON = f"results/{LMM}/deliveries/{LATE}/comparison.json"
FINAL_QUALITY = f"results/{LMM}/final/quality/quality.json"


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def said(result) -> str:
    return result.stdout + result.stderr


def lmm_project(workdir: Path, config: dict | None = None) -> tuple[Path, Path]:
    """The bundled Little Minds Matter (both deliveries, interim pinned to June 2023); returns
    the configuration file and the latest delivery's folder."""
    latest = copy_bundled_raw(workdir)
    return write_config(workdir, config or bundled_config()), latest


def referrals_only_in_referrals(delivery: Path) -> list[dict]:
    """Declined referrals (no assessment, intervention or questionnaire refers to them), oldest first."""
    referrals = read_rows(delivery / "referrals.csv")
    families = {row["family_id"] for row in read_rows(delivery / "interventions.csv")}
    subjects = {row["subject_id"] for row in read_rows(delivery / "satisfaction.csv")}
    return [
        row
        for row in referrals
        if row["outcome"] == "declined" and row["family_id"] not in families and row["referral_id"] not in subjects
    ]


def test_the_report_counts_what_the_delivery_comparison_found_and_names_no_record(tmp_path):
    def finding(kind, extract="referrals", record="", period="", released=""):
        return {"kind": kind, "extract": extract, "record": record, "period": period, "released_editions": released}

    comparison = {
        "previous": "2023-06-14",
        "released": {"interim": {}},
        "findings": [
            finding("removed", record="R-1", released="interim"),
            finding("removed", record="R-2"),
            finding("changed", record="R-3"),
            finding("changed", record="R-3"),  # two values of one record: one record changed
            finding("lost_rows", extract="website_engagement", period="2021-H1"),
            finding("lost_rows", extract="website_engagement", period="2021-03-02"),
            finding("released_numbers", period="Y1", released="interim"),
        ],
    }
    quality = tmp_path / "quality.json"
    quality.write_text(json.dumps({"delivery_comparison": comparison}), encoding="utf-8")
    said = delivery_changes(quality)
    assert said == {
        "previous": "14 June 2023",
        "found": ["2 records removed", "1 record changed", "1 period with fewer rows", "1 day with fewer rows"],
        "released": [
            "computed from this delivery, 1 number of the released interim edition would differ from those it was "
            "released with"
        ],
    }
    assert "R-" not in json.dumps(said)
    quality.write_text(json.dumps({"delivery_comparison": {**comparison, "findings": [], "released": {}}}))
    assert delivery_changes(quality) == {"previous": "14 June 2023", "found": [], "released": []}
    quality.write_text(json.dumps({"delivery_comparison": None}))  # the programme's first delivery
    assert delivery_changes(quality) is None


# --- Which delivery each edition is built from --------------------------------------------


def test_deliveries_are_the_dated_folders_and_an_edition_takes_its_pinned_or_the_latest(tmp_path):
    raw = tmp_path / "raw"
    for name in ("2023-06-14", "2024-06-14", "notes", "2024-13-01"):
        (raw / name).mkdir(parents=True)
    assert available_deliveries(raw) == ["2023-06-14", "2024-06-14"]
    config = bundled_config()
    config["programme"]["raw"] = str(raw)
    assert edition_deliveries(config, available_deliveries(raw)) == {"interim": EARLY, "final": LATE}
    config["editions"][0]["delivery"] = "2023-01-31"
    with pytest.raises(ConfigError, match=r"editions\[0\]\.delivery: no delivery folder .*/2023-01-31/ \(deliveries: "):
        edition_deliveries(config, available_deliveries(raw))


def test_extracts_in_the_programme_folder_itself_are_told_where_they_belong(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(ConfigError, match="no delivery folder found"):
        available_deliveries(raw)
    (raw / "referrals.csv").write_text("referral_id\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\(referrals.csv\); move them into the folder of their delivery"):
        available_deliveries(raw)


def test_a_release_record_or_a_pinned_delivery_makes_an_edition_released(tmp_path):
    config = bundled_config()
    assert released_editions(config, tmp_path) == {
        "interim": {"delivery": EARLY, "by": "editions (interim).delivery in the configuration"}
    }
    record = tmp_path / LMM / "final" / "r2" / "release.json"
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"edition": "final", "revision": 2, "delivery": {"date": LATE}}), encoding="utf-8")
    assert released_editions(config, tmp_path)["final"] == {"delivery": LATE, "by": str(record)}


# --- The bundled example, built ------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled Little Minds Matter built to its report documents (not rendered)."""
    workdir = tmp_path_factory.mktemp("bundled")
    config, _ = lmm_project(workdir)
    targets = tuple(f"results/{LMM}/{edition}/report/report.qmd" for edition in ("interim", "final"))
    run_snakemake(workdir, configfile=config, targets=targets)
    return workdir / "results" / LMM


def test_the_interim_is_built_from_the_2023_delivery_and_the_final_from_2024_and_each_says_so(bundled):
    for edition, delivery, said_date in (("interim", EARLY, "14 June 2023"), ("final", LATE, "14 June 2024")):
        qmd = (bundled / edition / "report" / "report.qmd").read_text(encoding="utf-8")
        assert f"| Data delivered | {said_date} |" in qmd
        assert f"Extracts of the delivery of {said_date}" in qmd
        manifest = json.loads((bundled / edition / "manifest.json").read_text(encoding="utf-8"))
        raw = {Path(item["path"]).parent.as_posix() for item in manifest["inputs"]}
        assert raw == {f"raw/{LMM}/{delivery}"}, raw
        quality = json.loads((bundled / edition / "quality" / "quality.json").read_text(encoding="utf-8"))
        assert quality["delivery_date"] == delivery and quality["delivery"]["folder"] == f"raw/{LMM}/{delivery}"
        # The data-quality appendix says what the comparison with the delivery before found.
        compared = "Compared with the delivery of 14 June 2023, the last one accepted before it: "
        if edition == "final":
            assert (
                compared + "nothing removed or changed; the released interim edition\\'s numbers are unchanged.\n"
            ) in qmd
        else:  # the first delivery: nothing to compare with
            assert "Compared with the delivery" not in qmd
    # The published figures of the interim, from the 2023 delivery: as published in July 2023.
    metrics = {
        (row["metric"], row["period"], row["group"]): row["value"]
        for row in read_rows(bundled / "interim" / "published" / "metrics.csv")
    }
    assert metrics[("clinical.referrals", "overall", "all")] == "255"
    assert metrics[("training.practitioners_trained", "overall", "all")] == "702"


def test_the_bundled_2024_delivery_only_adds_to_the_2023_one(bundled):
    comparison = json.loads((bundled / "deliveries" / LATE / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["previous"] == EARLY and list(comparison["released"]) == ["interim"]
    assert comparison["findings"] == [] and comparison["errors"] == comparison["warnings"] == 0
    status = (bundled / "DELIVERY-STATUS.txt").read_text(encoding="utf-8")
    assert f"ACCEPTED: the current delivery of {LMM} passed the gate" in status and f"raw/{LMM}/{LATE}," in status
    assert (bundled / "deliveries" / EARLY / "DELIVERY-STATUS.txt").is_file()


# --- A new delivery that rewrites the past ---------------------------------------------------


def test_records_deleted_at_source_are_named_and_stop_the_build(tmp_path):
    config, latest = lmm_project(tmp_path)
    referrals = read_rows(latest / "referrals.csv")
    deleted = [row["referral_id"] for row in referrals_only_in_referrals(latest)[:12]]
    assert len(deleted) == 12
    write_rows(latest / "referrals.csv", [row for row in referrals if row["referral_id"] not in deleted])

    result = run_snakemake(tmp_path, configfile=config, targets=(FINAL_QUALITY,), check=False)
    assert result.returncode != 0
    message = said(result)
    assert f"The {LMM} delivery {LATE} would change the released interim edition's numbers" in message
    assert "clinical.referrals, overall: was 255, now 243" in message
    assert f"referrals, record {deleted[0]}: the record is no longer delivered" in message
    listed = read_rows(tmp_path / "results" / LMM / "deliveries" / LATE / "comparison.csv")
    assert sorted(row["record"] for row in listed if row["kind"] == "removed") == sorted(deleted)
    assert {row["released_editions"] for row in listed if row["kind"] == "removed"} == {"interim"}
    assert not (tmp_path / COMPARISON).exists()
    assert not (tmp_path / "results" / LMM / "final" / "editions").exists()  # nothing built from it


def test_rewritten_history_is_named_and_stops_the_build_unless_configured_a_warning(tmp_path):
    config_data = bundled_config()
    config, latest = lmm_project(tmp_path, config_data)
    referrals = read_rows(latest / "referrals.csv")
    candidate = next(row for row in referrals_only_in_referrals(latest) if row["referral_date"].startswith("2018"))
    moved = next(row for row in referrals if row["referral_id"] == candidate["referral_id"])
    was = moved["referral_date"]
    moved["referral_date"] = "2022" + was[4:]
    write_rows(latest / "referrals.csv", referrals)

    result = run_snakemake(tmp_path, configfile=config, targets=(FINAL_QUALITY,), check=False)
    assert result.returncode != 0
    message = said(result)
    assert f"referrals, record {moved['referral_id']}, column referral_date: '{was}' is now '2022{was[4:]}'" in message
    assert "clinical.referrals, Y1: was" in message and "clinical.referrals, Y4: was" in message

    config_data["quality"]["delivery_comparison"] = {"released_numbers": "warning"}
    run_snakemake(tmp_path, configfile=write_config(tmp_path, config_data), targets=(FINAL_QUALITY,))
    quality = json.loads((tmp_path / FINAL_QUALITY).read_text(encoding="utf-8"))["delivery_comparison"]
    assert quality["errors"] == 0 and quality["counts"]["changed"] == 1 and quality["counts"]["released_numbers"] > 0
    page = (tmp_path / "results" / LMM / "final" / "quality" / "quality.html").read_text(encoding="utf-8")
    assert f"<code>{moved['referral_id']}</code>" in page and "Compared with the last accepted delivery" in page


def test_a_change_to_unreleased_periods_only_is_a_warning(tmp_path):
    config, latest = lmm_project(tmp_path)
    early = {row["referral_id"] for row in read_rows(latest.parent / EARLY / "referrals.csv")}
    referrals = read_rows(latest / "referrals.csv")
    changed = next(row for row in referrals if row["referral_id"] in early and row["referral_date"] > "2023-04-01")
    changed["referral_source"] = "Midwifery" if changed["referral_source"] != "Midwifery" else "Self-referral"
    write_rows(latest / "referrals.csv", referrals)

    report = f"results/{LMM}/final/report/report.qmd"
    run_snakemake(tmp_path, configfile=config, targets=(FINAL_QUALITY, report))
    comparison = json.loads((tmp_path / COMPARISON).read_text(encoding="utf-8"))
    assert comparison["errors"] == 0 and comparison["warnings"] == 1
    (finding,) = comparison["findings"]
    assert finding["record"] == changed["referral_id"] and finding["column"] == "referral_source"
    assert finding["severity"] == "warning" and finding["released_editions"] == ""
    # The report's data-quality appendix counts what changed, and never names the record.
    qmd = (tmp_path / report).read_text(encoding="utf-8")
    assert (
        "Compared with the delivery of 14 June 2023, the last one accepted before it: "
        "1 record changed; the released interim edition\\'s numbers are unchanged.\n"
    ) in qmd
    assert changed["referral_id"] not in qmd


def test_four_months_of_lost_website_data_are_named_by_period_and_stop_a_released_edition(tmp_path):
    """Hearts and Minds has one delivery; a second one, with four months of website data lost,
    is compared with it once the interim is released (its release record names the delivery)."""
    (first,) = (REPO / "raw" / HM).iterdir()
    shutil.copytree(first, tmp_path / "raw" / HM / first.name)
    second = tmp_path / "raw" / HM / "2022-04-14"
    shutil.copytree(first, second)
    website = read_rows(second / "website_engagement.csv")
    kept = [row for row in website if not ("2021-03-01" <= row["date"] <= "2021-06-30")]
    assert len(kept) < len(website)
    write_rows(second / "website_engagement.csv", kept)
    record = tmp_path / "releases" / HM / "interim" / "r1" / "release.json"
    record.parent.mkdir(parents=True)
    record.write_text(
        json.dumps({"programme": HM, "edition": "interim", "revision": 1, "delivery": {"date": first.name}}),
        encoding="utf-8",
    )
    config = tmp_path / "programme.yaml"
    shutil.copy(REPO / "config" / "programmes" / f"{HM}.yaml", config)

    target = f"results/{HM}/deliveries/2022-04-14/comparison.json"
    result = run_snakemake(tmp_path, configfile=config, targets=(target,), check=False)
    assert result.returncode != 0
    message = said(result)
    assert (
        f"would change the released interim edition's numbers (compared with the last accepted delivery {first.name})"
        in message
    )
    assert "website.engaged_seconds, 2021-H1: was" in message
    lost = {
        row["period"]: (row["before"], row["after"])
        for row in read_rows(tmp_path / "results" / HM / "deliveries" / "2022-04-14" / "comparison.csv")
        if row["kind"] == "lost_rows"
    }
    h1 = sum(1 for row in website if "2021-01-01" <= row["date"] <= "2021-06-30")
    assert lost == {"2021-H1": (str(h1), str(h1 - (len(website) - len(kept))))}
    assert f"website_engagement, 2021-H1: {h1} rows in the last accepted delivery" in message
