"""Load and check a programme configuration: the schema first, then what a schema cannot say
(`consistency_checks`). Which programmes a run builds is `programme_selection`'s job."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.common.periods import Period, periods_from
from programme_evaluation.configuration.consistency_checks import check_consistency

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
