"""A mistaken configuration is refused with a message naming the key and what was expected."""

from __future__ import annotations

import copy

import pytest
from workflow_runner import bundled_config, run_snakemake, write_config

from programme_evaluation.configuration import ConfigError, iso_dates, load, validate


@pytest.fixture
def config():
    return iso_dates(bundled_config())


def test_bundled_configuration_is_valid_and_gets_defaults(config):
    config.pop("questionnaire")
    validate(config)
    assert config["questionnaire"] == {"satisfied_median": 4}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c: c["programme"].pop("raw"), "configuration key programme: 'raw' is a required property"),
        (
            lambda c: c["programme"].update(start="01/04/2018"),
            "configuration key programme.start: '01/04/2018' does not match",
        ),
        (lambda c: c["periods"][1].update(to=20), "configuration key periods[1].to: 20 is not of type 'string'"),
        (
            lambda c: c["metrics"][0].update(kind="average"),
            "configuration key metrics[0].kind: 'average' is not one of",
        ),
        (lambda c: c["rag"].update(green="high"), "configuration key rag.green: 'high' is not of type 'number'"),
        (
            lambda c: c.update(colour="blue"),
            "configuration key (top level): Additional properties are not allowed ('colour' was unexpected)",
        ),
        (
            lambda c: c["editions"][0]["periods"].append("Y9"),
            "configuration key editions[0].periods[5]: period 'Y9' is not defined in periods",
        ),
        (
            lambda c: c["periods"][2].update(**{"from": "2020-08-02"}),
            "configuration key periods[2].from: expected 2020-08-01",
        ),
        (
            lambda c: c["metrics"][0].update(extract="visits"),
            "configuration key metrics[0] (training.practitioners_trained).extract: 'visits' is not one of extracts",
        ),
        (
            lambda c: c["metrics"][0]["target"].update(Y7=3),
            "configuration key metrics[0] (training.practitioners_trained).target: Y7 not defined in periods",
        ),
        (lambda c: c["metrics"][1].update(target={"Y1": 0.5}), "a share takes one target share"),
        (lambda c: c["rag"].update(amber=1.2), "configuration key rag.amber: must not be above rag.green"),
        (
            lambda c: c["periods"][2].update(name="Y1"),
            "configuration key periods[2].name: 'Y1' is already the name of periods[0]",
        ),
        (
            lambda c: c["periods"][5].update(name="overall"),
            "configuration key periods[5].name: 'overall' is reserved for the metrics table's rows",
        ),
        (
            lambda c: c["metrics"][5].update(sum="score"),
            "configuration key metrics[5] (training.satisfied_share).sum: only a count or a share can total a column",
        ),
    ],
)
def test_mistakes_name_the_key(config, change, message):
    broken = copy.deepcopy(config)
    change(broken)
    with pytest.raises(ConfigError) as error:
        validate(broken)
    assert message in str(error.value)


def test_snakemake_refuses_a_broken_configuration_before_running(tmp_path, config):
    config["editions"][0]["delivery"] = "next week"
    result = run_snakemake(tmp_path, "--dry-run", configfile=write_config(tmp_path, config), check=False)
    assert result.returncode != 0
    assert "configuration key editions[0].delivery: 'next week' does not match" in result.stderr + result.stdout
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(("name", "said"), [("Y1", "is already the name of periods[0]"), ("overall", "is reserved")])
def test_a_period_name_used_twice_or_overall_is_refused_naming_the_file_and_key(tmp_path, config, name, said):
    config["periods"][3]["name"] = name
    path = write_config(tmp_path, config, "book-buddies.yaml")
    with pytest.raises(ConfigError) as error:
        load(path)
    assert str(error.value).startswith(f"{path}: configuration key periods[3].name: {name!r} ")
    assert said in str(error.value)
