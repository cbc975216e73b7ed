"""The real workflow writes both editions' reports (HTML and PDF) for the bundled example and for a
second programme folder with other numbers; the reports carry each programme's own numbers."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from metrics_lookup import MetricsTable
from pypdf import PdfReader
from workflow_runner import bundled_config, copy_bundled_raw, run_snakemake, write_config

from programme_evaluation.common.number_text import count, percent

pytestmark = pytest.mark.workflow

EDITIONS = ("interim", "final")
# The generated parts every report has, whatever chapters its narrative (or the minimal generated
# report of a programme without one) puts before them.
SECTIONS = (
    "Appendix: data quality",
    "Appendix: methods",
    "Appendix: the numbers behind the charts",
    "Appendix: provenance",
    "Appendix: where the numbers come from",
)
ID_COLUMNS = {
    "training_attendance": ["attendance_id", "practitioner_id", "session_id"],
    "consultations": ["consultation_id", "family_id"],
    "referrals": ["referral_id", "family_id"],
    "satisfaction": ["response_id"],
    "quotes": ["quote_id"],
}
UNCONSENTED = "This sentence was said in confidence and must never be printed"
HOSTILE = "<b>bold claim</b> & {{< pagebreak >}} @fig-referral-flow"


class Page(HTMLParser):
    """Headings, image alt texts and visible text of a report page."""

    def __init__(self):
        super().__init__()
        self.headings, self.images, self.text, self._heading, self._skip = [], [], [], None, 0

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]
        if tag == "img":
            self.images.append(dict(attrs))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data
        if not self._skip:
            self.text.append(data)


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.text = " ".join(" ".join(page.text).split())
    return page


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def second_programme(workdir: Path) -> dict:
    """Another site of the same service: fewer trainees and sessions, other targets, a hostile and
    an unconsented quote. Rows that questionnaires refer to are kept, so the data stay valid."""
    raw = copy_bundled_raw(workdir, "raw/second-site")
    for other in raw.parent.iterdir():  # the second site sent one delivery: the latest
        if other != raw:
            shutil.rmtree(other)
    referenced = set(pd.read_csv(raw / "satisfaction.csv", dtype=str)["subject_id"])
    for extract, id_column, every in (
        ("training_attendance", "attendance_id", 3),
        ("consultations", "consultation_id", 4),
    ):
        table = pd.read_csv(raw / f"{extract}.csv", dtype=str, keep_default_na=False)
        drop = ~table[id_column].isin(referenced) & (table.index % every == 0)
        table[~drop].to_csv(raw / f"{extract}.csv", index=False)
    quotes = pd.read_csv(raw / "quotes.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame(
        [
            {
                "quote_id": "QX1",
                "source_group": "Family",
                "theme": "Said in confidence",
                "strand": "clinical",
                "text": UNCONSENTED,
                "consent_to_publish": "no",
            },
            {
                "quote_id": "QX2",
                "source_group": "Family",
                "theme": "Experience of support",
                "strand": "clinical",
                "text": HOSTILE,
                "consent_to_publish": "yes",
            },
        ]
    )
    pd.concat([quotes, extra]).to_csv(raw / "quotes.csv", index=False)
    return second_programme_config()


def second_programme_config() -> dict:
    """The bundled configuration renamed, with higher training targets."""
    config = bundled_config()
    config["programme"].update(name="second-site", title="Little Minds Matter: second site", raw="raw/second-site")
    for edition in config["editions"]:
        edition.pop("delivery", None)
    for metric in config["metrics"]:
        if metric["name"] == "training.practitioners_trained":
            metric["target"] = {period: value + 20 for period, value in metric["target"].items()}
    return config


def build(workdir: Path, config: dict) -> Path:
    run_snakemake(workdir, configfile=write_config(workdir, config))
    return workdir / "results" / config["programme"]["name"]


@pytest.fixture(scope="module")
def bundled(every_programme_built):
    """The bundled example as the plain command builds it (with every other programme)."""
    return every_programme_built / "results" / "little-minds-matter"


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("second-site")
    return build(workdir, second_programme(workdir))


def headline(metrics: MetricsTable) -> list[str]:
    """The headline numbers as the report prints them, read from the edition's metrics.csv."""
    numbers = []
    for metric in ("training.practitioners_trained", "consultation.sessions_delivered", "clinical.families_assessed"):
        row = metrics.row(metric)
        numbers += [count(float(row["value"])), percent(float(row["pct_of_target"]))]
    row = metrics.row("training.priority_share")
    numbers += [percent(float(row["value"])), f"{count(float(row['numerator']))} of {count(float(row['denominator']))}"]
    return numbers


def counted_from_the_extracts(raw: Path, config: dict, edition: str) -> list[str]:
    """The headline numbers of an edition worked out here from the extracts with plain pandas,
    not from the pipeline's metrics table: practitioners on an IMHA course (each once), delivered
    consultations and assessments dated within the edition's periods, against the summed targets
    of those periods; and the share of the practitioners in the priority workforce by their group
    at their first IMHA course."""
    chosen = next(item for item in config["editions"] if item["name"] == edition)
    periods = {period["name"]: period for period in config["periods"]}
    start = str(periods[chosen["periods"][0]]["from"])
    end = min(str(periods[chosen["periods"][-1]]["to"]), str(chosen["cut_off"]))
    targets = {metric["name"]: metric.get("target") for metric in config["metrics"]}

    def dated(extract: str, column: str) -> pd.DataFrame:
        table = pd.read_csv(raw / f"{extract}.csv", dtype=str, keep_default_na=False)
        return table[(table[column] >= start) & (table[column] <= end)]

    def against_target(metric: str, value: int) -> list[str]:
        target = sum(targets[metric][period] for period in chosen["periods"])
        return [count(value), percent(value / target)]

    imha = dated("training_attendance", "session_date").query("course == 'IMHA'")
    first = imha.sort_values(["session_date", "attendance_id"]).drop_duplicates("practitioner_id")
    trained = len(first)
    priority = int(first["workforce_group"].isin(config["lists"]["priority_workforce"]).sum())
    delivered = len(dated("consultations", "session_date").query("status == 'delivered'"))
    assessed = len(dated("referrals", "assessment_date"))
    return [
        *against_target("training.practitioners_trained", trained),
        *against_target("consultation.sessions_delivered", delivered),
        *against_target("clinical.families_assessed", assessed),
        percent(priority / trained),
        f"{count(priority)} of {count(trained)}",
    ]


def check_report(results: Path, edition: str, expected_numbers: list[str]) -> str:
    """What every rendered edition must show; returns the page text for further checks."""
    report = results / edition / "report"
    page = read_page(report / "report.html")
    titles = [title for _, title in page.headings]
    for section in SECTIONS:
        assert any(section in title for title in titles), f"{edition}: no section {section!r} in {titles}"
    levels = [level for level, _ in page.headings]
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), f"heading levels skip: {levels}"
    for number in expected_numbers:
        assert number in page.text, f"{edition} HTML lacks {number}"
    placed = re.findall(r"^!\[.*\]\(figures/(fig-[a-z0-9-]+)\.png\)", (report / "report.qmd").read_text(), re.M)
    assert placed and len(page.images) == len(placed)  # every chart the text places, and only those
    for image in page.images:
        assert len(image.get("alt", "")) > 40, f"{edition}: an image without alt text: {image.get('alt')!r}"
    pages, text = pdf_text(report / "report.pdf")
    assert 10 <= pages <= 60, f"{edition}: {pages} PDF pages"
    for number in expected_numbers:
        assert number in text, f"{edition} PDF lacks {number}"
    log = (results / "logs" / edition / "render.log").read_text(encoding="utf-8")
    assert re.search(r"renderer: (quarto|embedded \(pandoc .+ \+ typst .+\))", log)
    return page.text + " " + text


def no_identifiers(results: Path, raw: Path, text: str) -> None:
    for extract, columns in ID_COLUMNS.items():
        table = pd.read_csv(raw / f"{extract}.csv", dtype=str, keep_default_na=False)
        ids = {value for column in columns for value in table[column] if value}
        leaked = sorted(value for value in ids if re.search(rf"\b{re.escape(value)}\b", text))
        assert not leaked, f"identifiers in a report: {leaked[:5]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_bundled_reports_show_the_published_figures(bundled, edition):
    published = {
        "interim": ["702", "90%", "315 of 702", "45%", "535", "76%", "182", "93%", "255", "233", "96", "99%"],
        "final": ["872", "92%", "49%", "688", "81%", "236", "99%", "130", "98%"],
    }[edition]
    text = check_report(bundled, edition, published)
    metrics = MetricsTable(bundled / edition / "metrics.csv")
    assert headline(metrics)[0] in text
    for delivery in sorted((bundled.parents[1] / "raw" / "little-minds-matter").iterdir()):
        no_identifiers(bundled, delivery, text)
    html = " ".join((bundled / edition / "report" / "report.html").read_text(encoding="utf-8").split())
    assert "Y1 205 against 168 (122% of target)" in html  # the trained chart's alt text, from its data
    if edition == "final":
        assert "Appendix: this edition beside earlier ones" in text and "Interim" in text
    else:
        assert "Appendix: this edition beside earlier ones" not in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_second_programme_gets_its_own_numbers(bundled, second, edition):
    delivery = max((second.parents[1] / "raw" / "second-site").iterdir())  # its one delivery
    own = counted_from_the_extracts(delivery, second_programme_config(), edition)
    assert headline(MetricsTable(second / edition / "metrics.csv")) == own
    bundled_numbers = headline(MetricsTable(bundled / edition / "metrics.csv"))
    assert own[0] != bundled_numbers[0] and own[2] != bundled_numbers[2], "the second programme should differ"
    text = check_report(second, edition, own)
    assert "Little Minds Matter: second site" in text
    assert f"{bundled_numbers[0]} practitioners trained" not in text
    assert UNCONSENTED not in text
    html = " ".join((second / edition / "report" / "report.html").read_text(encoding="utf-8").split())
    assert "&lt;b&gt;bold claim&lt;/b&gt; &amp; {{&lt; pagebreak &gt;}} @fig-referral-flow" in html
    assert "<b>bold claim</b>" not in html
    for delivery in sorted((second.parents[1] / "raw" / "second-site").iterdir()):
        no_identifiers(second, delivery, text)
