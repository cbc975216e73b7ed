"""Load and check a programme configuration: the schema first, then what a schema cannot say."""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.common.periods import OVERALL, Period, periods_from
from programme_evaluation.configuration.publication_checks import check_publication
from programme_evaluation.configuration.report_checks import check_report

# libyaml's loader where the wheel has it: a run reads every programme's file at start-up.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Package data, so a non-editable install finds it too.
SCHEMA = resources.files(__name__).joinpath("config.schema.yaml")


def iso_dates(value):
    """YAML reads unquoted dates as date objects; the schema and the code want ISO strings."""
    if isinstance(value, dict):
        return {key: iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [iso_dates(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def load(path: str | Path) -> dict:
    """Read a configuration file and check it fully; raise ConfigError naming the file and key."""
    try:
        with open(path, encoding="utf-8") as handle:
            config = iso_dates(yaml.load(handle, Loader=SafeLoader))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read this programme configuration: {error}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: a programme configuration is a mapping of keys (programme, periods, ...)")
    return checked(config, path)


def checked(config: dict, source: str | Path) -> dict:
    """`config` validated (defaults filled in); a mistake is raised naming `source` and the key."""
    try:
        validate(config)
    except ConfigError as error:
        raise ConfigError(f"{source}: {error}") from None
    return config


def module_name(programme: str) -> str:
    """The programme's name as a Snakemake module and rule prefix: `little-minds-matter` ->
    `little_minds_matter` (its rules are `little_minds_matter_gate`, ...)."""
    return re.sub(r"\W", "_", programme)


def programmes_to_build(
    config: dict, configfiles: list, folder: str | Path, job_rules: list[str] | None = None
) -> dict[str, dict]:
    """The programmes a run builds, by name, each checked.

    Every programme configured in `folder`, or those named by `--config programmes=a,b`; with
    `--configfile`, the one programme that file configures (`config` is then its content).
    `job_rules` are the rules of the jobs a cluster job runs (Snakemake's --target-jobs): such
    a process needs only their programmes, not every programme's configuration read again.
    """
    if configfiles:
        programme = checked(iso_dates(dict(config)), ", ".join(map(str, configfiles)))
        return {programme["programme"]["name"]: programme}
    only = config.get("programmes")
    only = only.split(",") if isinstance(only, str) else only
    if job_rules:
        only = sorted({programme_of_rule(rule, configured_names(folder)) for rule in job_rules})
    return load_programmes(folder, only)


def job_rules(argv: list[str]) -> list[str]:
    """The rules of the jobs a cluster job's Snakemake runs, from its command line
    (`--target-jobs rule:wildcards ...`; Snakemake gives the Snakefile no other way to know)."""
    rules, taking = [], False
    for argument in argv:
        if argument.startswith("--"):
            taking = argument == "--target-jobs"
        elif taking:
            rules.append(argument.split(":", 1)[0])
    return rules


def configured_names(folder: str | Path) -> list[str]:
    """The programmes configured in `folder`: each file is named after its programme."""
    return sorted(path.stem for path in Path(folder).glob("*.yaml"))


def programme_of_rule(rule: str, programmes: list[str]) -> str:
    """The programme whose module made `rule` (`little_minds_matter_gate` -> little-minds-matter):
    the longest prefix wins, so programme `a_b`'s rules are never taken for programme `a`'s."""
    owners = [name for name in programmes if rule.startswith(module_name(name) + "_")]
    if not owners:
        raise ConfigError(f"job rule {rule!r} belongs to none of the configured programmes ({', '.join(programmes)})")
    return max(owners, key=lambda name: len(module_name(name)))


def load_programmes(folder: str | Path, only: list[str] | None = None) -> dict[str, dict]:
    """Every programme configured in `folder` (one YAML file each), by name, each checked.

    A programme's file is named after it (`<programme.name>.yaml`), so a reader finds its
    results under `results/<name>/`. `only` picks some by name (and only their files are read);
    naming one that does not exist is an error, never an empty build.
    """
    names = configured_names(folder)
    if not names:
        raise ConfigError(
            f"{folder}: no programme configuration found (expected one <programme>.yaml file per programme)"
        )
    unknown = sorted(set(only or []) - set(names))
    if unknown:
        raise ConfigError(
            f"--config programmes: {', '.join(unknown)} not configured in {folder} (configured: {', '.join(names)})"
        )
    programmes = {}
    for stem in names:
        if only and stem not in only:
            continue
        path = Path(folder) / f"{stem}.yaml"
        config = load(path)
        name = config["programme"]["name"]
        if name != stem:
            raise ConfigError(f"{path}: configuration key programme.name: {name!r} must match the file name ({stem!r})")
        programmes[name] = config
    return programmes


def validate(config: dict) -> None:
    """Check against the JSON schema (filling defaults), then the cross-key rules."""
    from jsonschema.exceptions import best_match

    error = best_match(schema_validator().iter_errors(config))
    if error is not None:
        raise ConfigError(schema_message(error))
    check_consistency(config)


@cache
def schema_validator():
    """A JSON Schema validator that fills in the schema's defaults as it checks, as
    `snakemake.utils.validate(..., set_default=True)` does; built once per process, because a
    run checks every programme and reading the schema is most of the cost."""
    from jsonschema import Draft202012Validator, validators

    schema = yaml.load(SCHEMA.read_text(encoding="utf-8"), Loader=SafeLoader)
    check_properties = Draft202012Validator.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if isinstance(instance, dict):
            for name, subschema in properties.items():
                if "default" in subschema:
                    instance.setdefault(name, copy.deepcopy(subschema["default"]))
        yield from check_properties(validator, properties, instance, schema)

    return validators.extend(Draft202012Validator, {"properties": set_defaults})(schema)


def schema_message(error) -> str:
    """The key path of a schema error and what was expected, without jsonschema's dump."""
    key = key_path(error.absolute_path) or "(top level)"
    return f"configuration key {key}: {error.message}"


def key_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def check_consistency(config: dict) -> None:
    """Rules across keys: period names unique and not `overall`, periods in order, editions and
    targets naming real periods."""
    names = [period["name"] for period in config["periods"]]
    for index, name in enumerate(names):
        if name == OVERALL:
            raise ConfigError(
                f"configuration key periods[{index}].name: {OVERALL!r} is reserved for the metrics table's "
                "rows over the whole edition; name the period otherwise"
            )
        if name in names[:index]:
            raise ConfigError(
                f"configuration key periods[{index}].name: {name!r} is already the name of "
                f"periods[{names.index(name)}]; each period needs a name of its own"
            )
    periods = periods_of(config)
    for index, (before, after) in enumerate(zip(periods, periods[1:]), start=1):
        if after.start != before.end + dt.timedelta(days=1):
            raise ConfigError(
                f"configuration key periods[{index}].from: expected {before.end + dt.timedelta(days=1)} "
                f"(the day after {before.name} ends), found {after.start}"
            )
    for index, period in enumerate(periods):
        if period.end < period.start:
            raise ConfigError(
                f"configuration key periods[{index}].to: {period.end} is before its from date {period.start}"
            )
    for index, edition in enumerate(config["editions"]):
        for position, name in enumerate(edition["periods"]):
            if name not in names:
                raise ConfigError(
                    f"configuration key editions[{index}].periods[{position}]: period {name!r} is not "
                    f"defined in periods (defined: {', '.join(names)})"
                )
    extracts = config["extracts"]
    for index, metric in enumerate(config["metrics"]):
        where = f"configuration key metrics[{index}] ({metric['name']})"
        if metric["extract"] not in extracts:
            raise ConfigError(f"{where}.extract: {metric['extract']!r} is not one of extracts ({', '.join(extracts)})")
        dated = "event_date" in (extracts[metric["extract"]] or {})
        if metric["kind"] in ("count", "share", "mean") and "date" not in metric and dated:
            raise ConfigError(
                f"{where}.date: a {metric['kind']} of a dated extract needs the date column that places a row in a period"
            )
        if metric["kind"] == "mean" and "column" not in metric:
            raise ConfigError(f"{where}.column: a mean needs the numeric column it averages")
        if metric.get("cumulative") and metric["kind"] != "count":
            raise ConfigError(f"{where}.cumulative: only a count can be cumulative, not a {metric['kind']}")
        if "sum" in metric and metric["kind"] not in ("count", "share"):
            raise ConfigError(f"{where}.sum: only a count or a share can total a column, not a {metric['kind']}")
        if metric["kind"] == "share" and "numerator" not in metric:
            raise ConfigError(f"{where}.numerator: a share needs a numerator query")
        target = metric.get("target")
        if isinstance(target, dict):
            if metric["kind"] != "count":
                raise ConfigError(
                    f"{where}.target: a {metric['kind']} takes one target share (0 to 1), not one per period"
                )
            unknown = sorted(set(target) - set(names))
            if unknown:
                raise ConfigError(f"{where}.target: {', '.join(unknown)} not defined in periods ({', '.join(names)})")
        elif target is not None and metric["kind"] == "count":
            raise ConfigError(f"{where}.target: a count takes a target per period, e.g. {{{names[0]}: 10}}")
    if config["rag"]["amber"] > config["rag"]["green"]:
        raise ConfigError("configuration key rag.amber: must not be above rag.green")
    check_report(config)
    check_publication(config)


def periods_of(config: dict) -> list[Period]:
    return periods_from(config["periods"])


def edition_of(config: dict, name: str) -> dict:
    for edition in config["editions"]:
        if edition["name"] == name:
            return edition
    raise ConfigError(
        f"edition {name!r} is not configured (editions: {', '.join(e['name'] for e in config['editions'])})"
    )


def edition_periods(config: dict, name: str) -> list[Period]:
    """The periods an edition reports, in configuration order."""
    wanted = edition_of(config, name)["periods"]
    return [period for period in periods_of(config) if period.name in wanted]
