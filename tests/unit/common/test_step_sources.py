"""Each rule depends on exactly the package code its script runs."""

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
