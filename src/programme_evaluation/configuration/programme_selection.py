"""Which programmes a Snakemake run builds, for the Snakefile.

Every programme configured in `config/programmes/` (one file each, named after it), those named by
`--config programmes=a,b`, the one given by `--configfile`, or, in a cluster job, the programmes of
the jobs it runs (read from its command line). Each is loaded and checked (`configuration.load`).
"""

from __future__ import annotations

import re
from pathlib import Path

from programme_evaluation.common.errors import ConfigError
from programme_evaluation.configuration import checked, iso_dates, load


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
