"""Each rule depends on exactly the package code its script runs."""

import re
from pathlib import Path

from repository import REPO

from programme_evaluation.common.step_sources import PACKAGE, step_sources

SCRIPTS = REPO / "scripts"


def modules(paths):
    """Package files as dotted module names relative to the package: 'gate.validation', 'gate'."""
    names = set()
    for path in paths:
        relative = Path(path).relative_to(PACKAGE).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        names.add(".".join(parts))
    return names


def test_the_gate_depends_on_its_modules_and_not_on_later_stages():
    gate = modules(step_sources(SCRIPTS / "gate.py"))
    assert {
        "gate.validation",
        "gate.gx_adapter",
        "gate.wording",
        "gate.reading",
        "gate.settings",
        "contract",
        "common.step",
    } <= gate
    assert not {name for name in gate if name.split(".")[0] in ("editions", "metrics", "figures", "document", "render")}


def test_drawing_figures_does_not_depend_on_the_gate_or_great_expectations():
    figures = modules(step_sources(SCRIPTS / "figures.py"))
    assert {"figures.drawing", "figures.kinds", "figures.kinds.funnel"} <= figures
    assert not {name for name in figures if name.split(".")[0] in ("gate", "contract", "document", "render")}


def test_rendering_depends_on_the_renderer_and_what_it_imports():
    render = modules(step_sources(SCRIPTS / "render.py"))
    assert "render.engine" in render and not {name for name in render if name.startswith(("gate", "metrics"))}


def test_imports_are_followed_transitively_with_their_packages(tmp_path):
    script = tmp_path / "script.py"
    script.write_text("from programme_evaluation.metrics.compute import write_metrics\n", encoding="utf-8")
    found = modules(step_sources(script))
    # compute imports targets and periods directly, tables inside a function, contract in turn.
    assert {"metrics.compute", "metrics", "metrics.targets", "common.periods", "common.tables", "contract", ""} <= found
    assert all(Path(path).is_relative_to(PACKAGE) for path in step_sources(script))


def test_every_rule_names_its_script_once_through_its_sources():
    """A rule's script, the code it depends on and the digest of both come from one
    `Sources("<rule>.py", ...)` declared above it (workflow/rules/common.smk), so they cannot
    disagree; the script is named after its rule."""
    rules = REPO / "workflow" / "rules"
    for path in sorted(rules.glob("*.smk")):
        text = path.read_text(encoding="utf-8")
        for rule, body in re.findall(r"^rule (\w+):\n((?:(?:    .*)?\n)+)", text, re.M):
            declared = re.search(rf'^{rule}_sources = Sources\(\s*"{rule}\.py"', text, re.M)
            assert declared, f"{path.name}: rule {rule} has no {rule}_sources = Sources({rule}.py, ...)"
            assert f"**{rule}_sources.input," in body, f"{path.name}: rule {rule} does not take its sources as inputs"
            assert re.search(rf"script:\n\s+{rule}_sources\.script\n", body), f"{path.name}: rule {rule}'s script"
            assert "scripts/" not in body and "code_of(" not in body, f"{path.name}: rule {rule} names a script again"
            assert (REPO / "scripts" / f"{rule}.py").is_file(), rule
