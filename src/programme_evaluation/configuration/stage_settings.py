"""The part of a programme's configuration that each stage reads, and nothing more.

Snakemake reruns a job when its parameters change. Handing every rule the whole configuration
would rebuild the charts when a recommendation's wording changes; handing each rule only what
its stage reads makes a change rebuild exactly what was computed from it.
"""

from __future__ import annotations

from programme_evaluation.configuration import edition_of


def gate_settings(config: dict, delivery: str, edition_deliveries: dict[str, str]) -> dict:
    """The gate of one delivery: which extracts, the facts its suites use (the delivery's date is
    its folder's name; the cut-offs are those of the editions built from it), severities and
    thresholds. `edition_deliveries`: edition -> the delivery it is built from."""
    return {
        "programme": config["programme"]["name"],
        "extracts": list(config["extracts"]),
        "facts": {
            "programme_start": config["programme"]["start"],
            "delivery_date": delivery,
            "cut_offs": [
                edition["cut_off"]
                for edition in config["editions"]
                if edition_deliveries.get(edition["name"]) == delivery
            ],
        },
        "quality": {key: value for key, value in config.get("quality", {}).items() if key != "delivery_comparison"},
    }


def quality_report_settings(config: dict, edition: str, delivery: str) -> dict:
    """The edition's data-quality page: whose delivery it is and the edition's cut-off."""
    return {
        "programme": config["programme"]["name"],
        "title": config["programme"]["title"],
        "delivery_date": delivery,
        "edition": edition,
        "cut_off": edition_of(config, edition)["cut_off"],
    }


def edition_settings(config: dict, edition: str) -> dict:
    """The edition's view: its cut-off and how each extract is seen as at that day."""
    return {"cut_off": edition_of(config, edition)["cut_off"], "extracts": config["extracts"]}


def metric_settings(config: dict, edition: str) -> dict:
    """The audited table: the metric definitions, the edition's periods, lists, RAG, questionnaires."""
    wanted = edition_of(config, edition)["periods"]
    return {
        "metrics": config["metrics"],
        "periods": [period for period in config["periods"] if period["name"] in wanted],
        "lists": config.get("lists", {}),
        "rag": config["rag"],
        "questionnaire": config.get("questionnaire", {}),
    }


def change_settings(config: dict, edition: str) -> dict:
    """The change report: whose numbers they are, for its title."""
    return {"programme": config["programme"]["name"], "title": config["programme"]["title"], "edition": edition}


def figure_settings(config: dict) -> dict:
    """The charts: their declarations, the printed names of measures and categories, and which
    metrics are mean scores (printed as scores, not percentages)."""
    report = config.get("report", {})
    settings = {key: report[key] for key in ("figures", "measures", "labels") if key in report}
    settings["means"] = sorted(metric["name"] for metric in config["metrics"] if metric["kind"] == "mean")
    return settings


def document_settings(config: dict, edition_deliveries: dict[str, str] | None = None) -> dict:
    """The report document: everything it prints about the programme, its editions (each with
    the date of the delivery it is built from, `delivered`) and metrics.

    Not what only the gate or the edition views read (severities, thresholds, as-at rules),
    nor the renderer's choice."""
    programme = {key: value for key, value in config["programme"].items() if key != "contract"}
    report = {key: value for key, value in config.get("report", {}).items() if key != "renderer"}
    delivered = edition_deliveries or {}
    editions = [
        {**edition, "delivered": delivered[edition["name"]]} if edition["name"] in delivered else edition
        for edition in config["editions"]
    ]
    return {
        "programme": programme,
        "periods": config["periods"],
        "editions": editions,
        "rag": config["rag"],
        "questionnaire": config.get("questionnaire", {}),
        "lists": config.get("lists", {}),
        "metrics": config["metrics"],
        "report": report,
        # the methods appendix states the threshold, the method (rounding) and the recodes
        "disclosure": config.get("disclosure", {}),
    }


def render_settings(config: dict) -> dict:
    """The renderer: which one to use."""
    return {"renderer": config.get("report", {}).get("renderer", "auto")}


def published_settings(config: dict) -> dict:
    """The cross-checks and the published set: what each metric counts (its definition decides
    which rows add up), named lists, RAG thresholds, the configured checks and disclosure control."""
    return {
        "title": config["programme"]["title"],
        "metrics": config["metrics"],
        "lists": config.get("lists", {}),
        "rag": config["rag"],
        "cross_checks": config.get("cross_checks", {}),
        "disclosure": config.get("disclosure", {}),
    }


def dictionary_settings(config: dict) -> dict:
    """The data dictionary: the extracts (their suites describe them), each metric's words
    (not its target or filters) and which count people."""
    described = ("name", "kind", "extract", "by", "description")
    return {
        "title": config["programme"]["title"],
        "extracts": list(config["extracts"]),
        "metrics": [{key: metric[key] for key in described if key in metric} for metric in config["metrics"]],
        "disclosure": config.get("disclosure", {}),
    }


def delivery_comparison_settings(config: dict, delivery: str, previous: str) -> dict:
    """The comparison of a delivery with the one before it: how each extract is dated and seen at a
    cut-off, the periods and editions, what the metrics count (to recompute a released
    edition's numbers) and the configured severities."""
    return {
        "programme": config["programme"]["name"],
        "delivery": delivery,
        "previous": previous,
        "extracts": config["extracts"],
        "periods": config["periods"],
        "editions": [
            {key: edition[key] for key in ("name", "cut_off", "periods") if key in edition}
            for edition in config["editions"]
        ],
        # what each metric counts, not its words or target (they change no number)
        "metrics": [
            {key: value for key, value in metric.items() if key not in ("description", "target")}
            for metric in config["metrics"]
        ],
        "lists": config.get("lists", {}),
        "rag": config["rag"],
        "questionnaire": config.get("questionnaire", {}),
        "severities": config.get("quality", {}).get("delivery_comparison", {}),
    }


def screening_settings(config: dict) -> dict:
    """The quotes' screening: where the evaluators' decisions are, the words the programme allows
    (its places and services), and whether a held-back quote stops the build."""
    screening = config.get("screening", {})
    name = config["programme"]["name"]
    return {
        "title": config["programme"]["title"],
        "decisions": screening.get("decisions") or f"config/programmes/{name}/screening.yaml",
        "allow": list(screening.get("allow", [])),
        "held_back": screening.get("held_back", "warn"),
    }
