"""The bundled programmes built by the real workflow are safe to publish: no small count of
people is printed or can be worked out, every body number is traceable to its published row,
every edition has a manifest that the verify command checks, the cross-checks ran, the data
dictionary and `snakemake --report` show what was built."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from disclosure_attack import attack, read
from pypdf import PdfReader
from workflow_runner import REPO, clone, run_copy

from programme_evaluation.common import number_text
from programme_evaluation.document.context import long_date
from programme_evaluation.metrics.audited import read_metrics
from programme_evaluation.published.relations import with_breakdown_totals

pytestmark = pytest.mark.workflow

PROGRAMMES = ("little-minds-matter", "hearts-and-minds")
WITHHELD = "[c]"
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?%?")


def configuration(copy: Path, programme: str) -> dict:
    with open(copy / "config" / "programmes" / f"{programme}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def editions(copy: Path, programme: str) -> list[str]:
    return [edition["name"] for edition in configuration(copy, programme)["editions"]]


def every_edition(copy: Path):
    for programme in PROGRAMMES:
        for edition in editions(copy, programme):
            yield programme, edition, copy / "results" / programme / edition


def published(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "published" / "metrics.csv", dtype=str, keep_default_na=False)


def people(config: dict) -> set[str]:
    from fnmatch import fnmatchcase

    patterns = config["disclosure"]["people"]
    return {metric["name"] for metric in config["metrics"] if any(fnmatchcase(metric["name"], p) for p in patterns)}


def test_cross_checks_ran_and_passed_before_publishing_in_every_edition(every_programme_built):
    for programme, edition, folder in every_edition(every_programme_built):
        summary = json.loads((folder / "checks" / "cross_checks.json").read_text(encoding="utf-8"))
        assert summary["passed"] and summary["edition"] == edition
        rows = {rule["id"]: rule["rows"] for rule in summary["rules"]}
        assert rows["breakdown_sum"] > 0 and rows["share_range"] > 0, (programme, rows)
        assert rows["rag"] > 0 or programme == "hearts-and-minds", (programme, rows)  # it has no targets
    lmm = json.loads(
        (
            every_programme_built / "results" / "little-minds-matter" / "final" / "checks" / "cross_checks.json"
        ).read_text()
    )
    assert {rule["id"]: rule["rows"] for rule in lmm["rules"]}["edition_growth"] > 0  # against the interim edition


def test_published_sets_print_no_count_of_people_below_the_threshold_and_the_rest_exactly(every_programme_built):
    for programme, edition, folder in every_edition(every_programme_built):
        config = configuration(every_programme_built, programme)
        counted = people(config)
        kinds = {metric["name"]: metric["kind"] for metric in config["metrics"]}
        table = published(folder)
        internal = pd.read_csv(folder / "metrics.csv", dtype=str, keep_default_na=False)
        for row in table.itertuples(index=False):
            if row.metric not in counted or row.value == WITHHELD:
                continue
            columns = (
                ("value",)
                if kinds[row.metric] == "count"
                else ("denominator",)
                if kinds[row.metric] == "mean"
                else ("numerator", "denominator")
            )
            for column in columns:
                number = float(getattr(row, column) or 0)
                assert not 0 < number < config["disclosure"]["threshold"], (programme, edition, row)
        merged = table.merge(internal, on=["metric", "period", "group"], suffixes=("", "_internal"))
        added = table[(table["group"] == "all") & ~table["metric"].isin(internal["metric"][internal["group"] == "all"])]
        assert len(merged) + len(added) == len(table)  # every published row is audited (or an added total)
        assert len(table) < len(internal)  # only what the report uses is published
        shown = merged[merged["value"] != WITHHELD]
        for column in ("value", "numerator", "denominator", "target", "pct_of_target", "rag"):
            assert (shown[column] == shown[f"{column}_internal"]).all(), (programme, edition, column)
        assert (table["value"] == WITHHELD).sum() > 0 or programme != "little-minds-matter"


def test_no_withheld_cell_can_be_worked_out_from_every_edition_published(every_programme_built):
    for programme in PROGRAMMES:
        config = configuration(every_programme_built, programme)
        metrics = config["metrics"]
        additive = {m["name"] for m in metrics if m.get("date") and not m.get("distinct") and not m.get("cumulative")}
        population = {}
        for metric in metrics:
            if metric["kind"] == "count":
                key = (
                    metric["extract"],
                    metric.get("where"),
                    metric.get("date"),
                    metric.get("distinct"),
                    metric.get("sum"),
                    bool(metric.get("cumulative")),
                )
                population.setdefault(key, []).append(metric["name"])
        same = [(names[0], other) for names in population.values() for other in names[1:]]
        sums = [
            (item["total"], item["parts"])
            for item in config.get("cross_checks", {}).get("sums", [])
            if item.get("periods", "all") == "all"
        ]
        tables, truth = {}, {}
        for edition in editions(every_programme_built, programme):
            folder = every_programme_built / "results" / programme / edition
            tables[edition] = read(folder / "published" / "metrics.csv")
            full = with_breakdown_totals(
                read_metrics(folder / "metrics.csv"),
                [{**m, "include_all": m.get("include_all", True)} for m in metrics],
            )
            for row in full.itertuples(index=False):
                for column in ("numerator", "denominator"):
                    number = getattr(row, column)
                    truth[(edition, row.metric, row.period, row.group, column)] = (
                        0.0 if pd.isna(number) else float(number)
                    )
        recovered = attack(tables, additive, metric_sums=sums, same=same)
        counts = {metric["name"] for metric in metrics if metric["kind"] == "count"}
        disclosed = {
            cell: value
            for cell, value in recovered.items()
            if truth.get(cell) == value and not (cell[1] in counts and cell[4] == "denominator")
        }  # a count has none
        assert not disclosed, f"{programme}: recovered by subtraction: {list(disclosed.items())[:5]}"


class Body(HTMLParser):
    """The report body (before the quotes and appendices): its plain text, and each traced number
    with its title. Headings, the title block and the contents are left out."""

    def __init__(self):
        super().__init__()
        self.text, self.traced, self.skip, self.stopped, self.trace, self.heading = [], [], 0, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.stopped:
            return
        if tag in ("header", "nav", "style", "script"):
            self.skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = ""
        if tag == "a" and attrs.get("class") in ("trace", "withheld"):
            self.trace = [attrs.get("class"), attrs.get("title", ""), ""]

    def handle_endtag(self, tag):
        if self.stopped:
            return
        if tag in ("header", "nav", "style", "script"):
            self.skip -= 1
        if re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            if tag == "h1" and re.search(r"(What people said|Appendix)", self.heading) and not self.skip:
                self.stopped = True
            self.heading = None
        if tag == "a" and self.trace is not None:
            self.traced.append(tuple(self.trace))
            self.trace = None

    def handle_data(self, data):
        if self.stopped:
            return
        if self.heading is not None:
            self.heading += data
        elif self.trace is not None:
            self.trace[2] += data
        elif not self.skip:
            self.text.append(data)


TITLE = re.compile(
    r"^(?:Withheld to protect confidentiality: )?(.+?), period (.+?), group (.+): "
    r"(value|numerator|denominator|target|percentage of target|as a share)"
    r"(?: of (.+?), period (.+?), group (.+?))?(?: \(numerator [\d,]+, denominator [\d,]+\))?$"
)


# How a number prints, by its metric's kind (values and targets) or its column's meaning.
PRINTED = {"count": number_text.count, "share": number_text.percent, "mean": number_text.mean}
PRINTED["satisfied_share"] = PRINTED["percent"] = number_text.percent


def printed_form(number: str, column: str, kind: str) -> str:
    """The one form a published number takes in a report: a count's value and target as a count,
    a share's as a percentage, a mean's to one decimal; numerators and denominators as counts;
    a percentage of target as a percentage."""
    if number in ("", WITHHELD):
        return number
    if column in ("numerator", "denominator"):
        kind = "count"
    elif column == "pct_of_target":
        kind = "percent"
    return PRINTED[kind](float(number))


def metric_kinds(config: dict) -> dict[str, str]:
    return {metric["name"]: metric["kind"] for metric in config["metrics"]}


CHANGE = re.compile(r"^Change since the (\w+) edition: ")
OTHER_EDITION = re.compile(r"^(\w+) edition, ")


MINUS = "\u2212"  # a true minus sign


def changed(delta: int, suffix: str = "") -> str:
    """A change as the narrative prints it: +73, −5, 0, with its unit."""
    sign = "" if delta == 0 else "+" if delta > 0 else MINUS
    return f"{sign}{abs(delta):,}{suffix}"


REFERENCE = re.compile(r"\[\[[^\]]*\]\]")  # a live number of the narrative: [[metric ...]]


def allowed_prose_numbers(config: dict, table: pd.DataFrame) -> set[str]:
    """Numbers that configuration text, category names and dates print (not data)."""
    texts = [
        json.dumps(config.get("report", {})),
        json.dumps(config["programme"], default=str),
        " ".join(table["group"]),
        " ".join(period["name"] for period in config["periods"]),
    ]
    for edition in config["editions"]:
        texts += [edition.get("published", ""), long_date(str(edition["cut_off"]))]
    # the evaluators' own words: numbers typed in the narrative chapters that are not results
    # ("strand 1", "23 March 2020"), which the stale-number guard checks (docs/writing-the-report.md)
    chapters = REPO / "config" / "programmes" / config["programme"]["name"] / "narrative"
    texts += [REFERENCE.sub(" ", path.read_text(encoding="utf-8")) for path in chapters.rglob("*.md")]
    deliveries = REPO / config["programme"]["raw"]  # each delivery's folder is named by its date
    texts += [long_date(folder.name) for folder in deliveries.iterdir() if folder.is_dir()]
    rag = config.get("rag", {"green": 1.0, "amber": 0.75})
    texts += [number_text.percent(rag["green"]), number_text.percent(rag["amber"])]
    return {token for text in texts for token in NUMBER.findall(text)}


def structural(text: str) -> str:
    """Text without figure, table and section numbers, list numbers or running heads."""
    text = re.sub(r"\b(Figure|Table|Section)\s+\d+(\.\d+)*", " ", text)
    return re.sub(r"Page \d+ of \d+", " ", text)


def published_numbers(folder: Path, table: pd.DataFrame, config: dict) -> set[str]:
    """Every number of the published set as the report prints it (the form its metric's kind
    gives), and of the charts' data tables (made from it: shares of a total, of a step), each
    column in the format figures.json gives it."""
    kinds = metric_kinds(config)
    found = set()
    for row in table.itertuples(index=False):
        for column in ("value", "numerator", "denominator", "target", "pct_of_target"):
            found.add(printed_form(getattr(row, column), column, kinds[row.metric]))
    for entry in json.loads((folder / "figures" / "figures.json").read_text(encoding="utf-8")):
        data = pd.read_csv(folder / "figures" / entry["data"], dtype=str, keep_default_na=False)
        for column in entry["columns"]:
            if column["format"] in ("count", "percent"):
                found |= {printed_form(number, column["name"], column["format"]) for number in data[column["name"]]}
    return found


def test_every_number_in_each_report_body_comes_from_its_published_row(every_programme_built):
    for programme, edition, folder in every_edition(every_programme_built):
        config = configuration(every_programme_built, programme)
        table = published(folder)
        rows = {(row.metric, row.period, row.group): row._asdict() for row in table.itertuples(index=False)}
        kinds = metric_kinds(config)
        body = Body()
        body.feed((folder / "report" / "report.html").read_text(encoding="utf-8"))
        assert body.stopped or not body.traced
        for kind, title, text in body.traced:
            change = CHANGE.match(title)
            if change:  # a change since an earlier edition: worked out here from both published sets
                earlier = published(folder.parent / change.group(1))
                title = title[change.end() :]
                match = TITLE.match(title)
                assert match, title
                metric, period, group = match.groups()[:3]
                before = earlier[(earlier.metric == metric) & (earlier.period == period) & (earlier.group == group)]
                now, then = float(rows[(metric, period, group)]["value"]), float(before["value"].iloc[0])
                if kinds[metric] == "count":
                    expected = {changed(round(now - then))}
                else:  # shares: the difference in percentage points
                    points = " percentage points"
                    expected = {
                        changed(round(100 * (now - then)), points),
                        changed(round(100 * now) - round(100 * then), points),
                    }
                assert " ".join(text.split()) in expected, (
                    f"{programme} {edition}: {text!r} for {title!r}, expected {expected}"
                )
                continue
            source = rows
            other = OTHER_EDITION.match(title)
            if other:  # a number of an earlier edition, from that edition's published set
                source = {
                    (r.metric, r.period, r.group): r._asdict()
                    for r in published(folder.parent / other.group(1)).itertuples(index=False)
                }
                title = title[other.end() :]
            match = TITLE.match(title)
            assert match, f"{programme} {edition}: a traced number without a source: {title!r}"
            metric, period, group, column, *of = match.groups()
            row = source[(metric, period, group)]
            if kind == "withheld":
                assert text == WITHHELD and row["value"] == WITHHELD, (programme, edition, title)
                continue
            if column == "as a share":
                other = rows[tuple(of[:3])]
                expected = {number_text.percent(float(row["value"]) / float(other["value"]))}
            else:
                column = {"percentage of target": "pct_of_target"}.get(column, column)
                expected = {printed_form(row[column], column, kinds[metric])}
            assert text in expected, f"{programme} {edition}: {text!r} printed for {title!r}, the row says {expected}"
        prose = allowed_prose_numbers(config, table)
        loose = [token for token in NUMBER.findall(structural(" ".join(body.text))) if token not in prose]
        assert not loose, f"{programme} {edition}: numbers in the HTML body not traced to a published row: {loose}"
        if programme == "little-minds-matter":
            assert len(body.traced) > 50
        # PDF: every number of the body is a published number or prose.
        text = "\n".join(page.extract_text() or "" for page in PdfReader(folder / "report" / "report.pdf").pages)
        start = text.index("About this report")
        end = (
            min(match.start() for match in re.finditer(r"^\d+ (What people said|Appendix)", text[start:], re.MULTILINE))
            + start
        )
        lines = [
            re.sub(r"^\d+(\.\d+)*\.? ", "", line)
            for line in text[start:end].splitlines()
            if not line.startswith(f"{config['programme']['title']} ·")
        ]
        # the HTML's traced numbers were each checked against their row above (shares of a total too)
        # (a change since an earlier edition, "+66", too: checked against both editions' rows)
        traced = {token for _, _, text in body.traced for token in [text, *NUMBER.findall(text)]}
        allowed = prose | published_numbers(folder, table, config) | traced
        loose = [token for token in NUMBER.findall(structural("\n".join(lines))) if token not in allowed]
        assert not loose, f"{programme} {edition}: numbers in the PDF body from nowhere: {loose}"


def figure_specs(config: dict) -> list[dict]:
    return config.get("report", {}).get("figures", [])


def test_no_published_file_shows_a_withheld_number_in_its_place(every_programme_built):
    """Where a chart, data table, alt text or report prints a withheld row, it prints [c] and
    never the row's number (the internal table's), nor a percentage beside it."""
    from programme_evaluation.common.printed_names import Naming

    checked = 0
    for programme, edition, folder in every_edition(every_programme_built):
        config = configuration(every_programme_built, programme)
        table = published(folder)
        internal = pd.read_csv(folder / "metrics.csv", dtype=str, keep_default_na=False)
        values = {(r.metric, r.period, r.group): r.value for r in internal.itertuples(index=False)}
        withheld = {(r.metric, r.period, r.group) for r in table.itertuples(index=False) if r.value == WITHHELD}
        manifest = json.loads((folder / "figures" / "figures.json").read_text(encoding="utf-8"))
        html = " ".join(
            re.sub(r"<[^>]+>", " ", (folder / "report" / "report.html").read_text(encoding="utf-8")).split()
        )
        pdf = " ".join(
            " ".join(page.extract_text() or "" for page in PdfReader(folder / "report" / "report.pdf").pages).split()
        )
        naming = Naming.of(config.get("report", {}))
        for spec, entry in zip(figure_specs(config), manifest):
            names = naming.with_labels(spec.get("labels") or {})
            data = pd.read_csv(folder / "figures" / entry["data"], dtype=str, keep_default_na=False)
            for metric in spec.get("metrics") or [spec["metric"]]:
                for key in withheld:
                    if key[0] != metric or key not in values:
                        continue
                    number = number_text.count(float(values[key])) if values[key] else ""
                    if spec["kind"] in ("bars_by_group",) and key[1] == "overall" and key[2] != "all":
                        label = names.category(key[2])
                        columns = ["value", "numerator", "denominator"] if "numerator" in data else ["total", "share"]
                        if len(spec.get("metrics") or [metric]) == 1:
                            assert [WITHHELD] * len(columns) == list(data.loc[data["group"] == label, columns].iloc[0])
                        if "numerator" in data:  # a share by group: its percentage (and its parts) withheld
                            number = number_text.percent(float(values[key]))
                        shown = f"{label} {number}"
                    elif spec["kind"] == "per_period_against_target" and key[2] == "all":
                        label = "Overall" if key[1] == "overall" else key[1]
                        assert (
                            list(data.loc[data["period"] == label, ["value", "pct_of_target", "rag"]].iloc[0])
                            == [WITHHELD] * 3
                        )
                        shown = f"{label} {number} against"
                    else:
                        continue
                    checked += 1
                    assert f"{label} {WITHHELD}" in entry["alt"], (programme, edition, entry["id"], label)
                    for name, text in (
                        ("alt text", entry["alt"]),
                        ("summary", entry["summary"]),
                        ("HTML", html),
                        ("PDF", pdf),
                    ):
                        assert not re.search(rf"(?<![\w-]){re.escape(shown)}(?![\d,])", text), (
                            f"{programme} {edition} {entry['id']}: {shown!r} printed in the {name}"
                        )
    assert checked > 20  # the bundled example withholds cells in its charts


def verify(copy: Path, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    return subprocess.run(
        [sys.executable, "-m", "programme_evaluation.published.verify", str(folder)],
        capture_output=True,
        text=True,
        cwd=copy,
        env=env,
        check=False,
    )


def test_each_edition_has_a_manifest_that_verifies_and_one_changed_byte_is_named(every_programme_built, tmp_path):
    for programme, edition, folder in every_edition(every_programme_built):
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        # every input from the one delivery the edition is built from: raw/<programme>/<its date>/
        folders = {Path(item["path"]).parent for item in manifest["inputs"]}
        assert len(folders) == 1 and next(iter(folders)).parent.as_posix() == f"raw/{programme}", folders
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", next(iter(folders)).name), folders
        assert all(item["rows"] > 0 and len(item["sha256"]) == 64 for item in manifest["inputs"])
        rules = {item["rule"] for item in manifest["outputs"]}
        prefix = programme.replace("-", "_") + "_"
        assert {
            prefix + rule
            for rule in (
                "gate",
                "accept_delivery",
                "editions",
                "metrics",
                "cross_checks",
                "published",
                "published_quotes",
                "figures",
                "data_dictionary",
            )
        } <= rules
        listed = {Path(item["path"]).name for item in manifest["outputs"]}
        assert {"output-checking.csv", "output-checking.html"} <= listed  # the output checker's record
        assert manifest["configuration"]["content"]["programme"]["name"] == programme
        assert manifest["git"] == {"available": False, "reason": "the pipeline's folder is not a git checkout"}
        assert manifest["software"]["pandoc"] and manifest["software"]["packages"]["snakemake"]
        report = json.loads((folder / "manifest-report.json").read_text(encoding="utf-8"))
        assert {Path(item["path"]).name for item in report["outputs"]} >= {"report.qmd", "report.html", "report.pdf"}
        assert report["renderer"].startswith(("embedded", "quarto"))
        result = verify(every_programme_built, folder)
        assert result.returncode == 0 and "match the manifest" in result.stdout, result.stdout + result.stderr
    copy = clone(every_programme_built, tmp_path / "repository")
    folder = copy / "results" / "little-minds-matter" / "interim"
    for target in (folder / "figures" / "fig-decline-reasons.csv", folder / "report" / "report.pdf"):
        before = target.read_bytes()
        target.write_bytes(before[:-1] + bytes([before[-1] ^ 1]))
        result = verify(copy, folder)
        assert result.returncode == 1
        assert f"{target.relative_to(copy).as_posix()}: changed since" in result.stdout, result.stdout
        target.write_bytes(before)
    assert verify(copy, folder).returncode == 0


def test_the_data_dictionary_lists_every_validated_column_and_every_metric(every_programme_built):
    for programme in PROGRAMMES:
        config = configuration(every_programme_built, programme)
        dictionary = pd.read_csv(
            every_programme_built / "results" / programme / "data-dictionary.csv", dtype=str, keep_default_na=False
        )
        for extract in config["extracts"]:
            with open(
                every_programme_built / "expectations" / config["programme"]["contract"] / f"{extract}.yaml",
                encoding="utf-8",
            ) as handle:
                columns = list(yaml.safe_load(handle)["columns"])
            listed = dictionary.loc[dictionary["table"] == f"results/{programme}/gate/{extract}.csv", "column"]
            assert [column for column in listed if column] == columns
        assert {f"metric={metric['name']}" for metric in config["metrics"]} <= set(dictionary["column"])
        published_rows = dictionary[dictionary["table"] == f"results/{programme}/<edition>/published/metrics.csv"]
        assert "[c]" in " ".join(published_rows["description"])
        assert (
            (every_programme_built / "results" / programme / "data-dictionary.md")
            .read_text(encoding="utf-8")
            .startswith("# Data dictionary")
        )


def test_snakemake_report_shows_each_editions_reports_figures_metrics_and_quality(every_programme_built, tmp_path):
    archive = tmp_path / "report.zip"
    # On a clone: `snakemake --report` runs Snakemake in the folder, and the shared build is never changed.
    run_copy(clone(every_programme_built, tmp_path / "repository"), "--report", str(archive))
    names = [Path(name).name for name in zipfile.ZipFile(archive).namelist() if "/data/raw/" in name]
    programmes = [path.stem for path in (every_programme_built / "config" / "programmes").glob("*.yaml")]
    count = sum(len(editions(every_programme_built, programme)) for programme in programmes)
    for name in ("report.html", "report.pdf", "metrics.csv", "quality.html"):
        assert names.count(name) == count, (name, names.count(name))
    figures = sum(
        len(figure_specs(configuration(every_programme_built, p))) * len(editions(every_programme_built, p))
        for p in programmes
    )
    assert len([name for name in names if name.startswith("fig-")]) == figures
    page = zipfile.ZipFile(archive).read(f"{archive.stem}/report.html").decode("utf-8")
    for programme in PROGRAMMES:
        config = configuration(every_programme_built, programme)
        assert config["programme"]["title"] in page
        for spec in figure_specs(config):
            assert json.dumps(spec["title"])[1:-1] in page  # each figure's caption
    assert "published metrics of the final edition" in page


def test_the_report_loses_no_headline_unless_it_is_small_or_the_build_names_it(every_programme_built):
    """Issue 16: the published set holds what the report uses, secondary suppression spends
    per-period detail and printed cells before a key finding, a chart's total or a cited number,
    and a headline withheld to protect another cell is named at build time; the output-checking
    record lists every withheld cell with its rule."""
    for programme, edition, folder in every_edition(every_programme_built):
        table = published(folder)
        record = pd.read_csv(folder / "checks" / "output-checking.csv", dtype=str, keep_default_na=False)
        assert set(zip(record.metric, record.period, record.group)) == {
            (row.metric, row.period, row.group) for row in table.itertuples(index=False) if row.value == WITHHELD
        }
        assert set(record["rule"]) <= {"primary", "secondary", "released"}
        assert (record.loc[record["rule"] == "secondary", "protects"] != "").all()
        page = (folder / "checks" / "output-checking.html").read_text(encoding="utf-8")
        assert "Output checking" in page and len(record) == page.count("<tr>") - 1
        log = (every_programme_built / "results" / programme / "logs" / edition / "published.log").read_text()
        headlines = record[(record["rule"] == "secondary") & (record["used_as"] == "headline")]
        for row in headlines.itertuples(index=False):
            assert f"Headline withheld: {row.metric} {row.period} {row.group}" in log
        report = (folder / "report" / "report.qmd").read_text(encoding="utf-8")
        cards = [chunk.split(":::", 1)[0] for chunk in report.split("::: big-number")[1:]]
        assert not [card for card in cards if WITHHELD in card], (programme, edition)  # no key finding [c]
        print(programme, edition, len(table), "published,", (record["rule"] == "secondary").sum(), "secondary")
    first = every_programme_built / "results" / "hearts-and-minds" / "interim"
    record = pd.read_csv(first / "checks" / "output-checking.csv", dtype=str, keep_default_na=False)
    assert (record["rule"] == "secondary").sum() <= 0.02 * len(published(first))


def test_rounding_the_bundled_programme_reaches_the_issues_figures(every_programme_built, tmp_path):
    """Issue 16, on a scenario: Little Minds Matter published with `disclosure.method: round`
    (counts of people to the nearest 5). Secondary suppression withholds at most 2% of each
    edition's published cells, no headline (key finding, chart total, cited number) is [c] unless
    itself small, every published count of people is a multiple of 5, the methods appendix says
    so, and an interval attacker narrows no withheld count below what a rounded count spans."""
    from disclosure_attack import attack_rounded

    copy = clone(every_programme_built, tmp_path / "rounded")
    path = copy / "config" / "programmes" / "little-minds-matter.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["disclosure"] |= {"method": "round", "round_to": 5}
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    run_copy(copy, "--cores", "1")
    counted = people(config)
    tables = {}
    for edition in ("interim", "final"):
        folder = copy / "results" / "little-minds-matter" / edition
        table = published(folder)
        tables[edition] = read(table[table["metric"].isin(counted)])
        record = pd.read_csv(folder / "checks" / "output-checking.csv", dtype=str, keep_default_na=False)
        assert (record["rule"] == "secondary").sum() <= 0.02 * len(table), (edition, record)
        assert not ((record["rule"] == "secondary") & (record["used_as"] == "headline")).any(), edition
        assert (record["rule"] == "rounding").sum() == 1
        shown = table[table["metric"].isin(counted) & (table["value"] != WITHHELD)]
        for column in ("numerator", "denominator"):
            numbers = [float(number) for number in shown[column] if number]
            assert all(number % 5 == 0 for number in numbers), (edition, column)
        report = (folder / "report" / "report.qmd").read_text(encoding="utf-8")
        assert "rounded to the nearest 5" in report
        print(edition, len(table), "published,", (record["rule"] == "secondary").sum(), "secondary")
    not_additive = set((config.get("cross_checks") or {}).get("not_additive", []))
    additive = {
        metric["name"]
        for metric in config["metrics"]
        if metric["kind"] == "count" and not (metric.get("distinct") or metric.get("cumulative"))
    } - not_additive
    known = attack_rounded(tables, additive, base=5, threshold=config["disclosure"]["threshold"])
    assert all(high - low >= 4 for low, high in known.values())
