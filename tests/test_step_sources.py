"""Each rule depends on exactly the package code its script runs."""

from pathlib import Path

from programme_evaluation.step_sources import PACKAGE, step_sources

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def names(paths):
    return {Path(path).stem for path in paths}


def test_the_gate_depends_on_its_modules_and_not_on_the_renderer():
    gate = names(step_sources(SCRIPTS / "validate_extracts.py"))
    assert {"contract", "extracts", "normalisation", "quality_settings", "step"} <= gate
    assert not {"render", "figures", "report_document"} & gate


def test_rendering_depends_on_the_renderer_and_what_it_imports():
    render = names(step_sources(SCRIPTS / "render_report.py"))
    assert "render" in render and "contract" not in render


def test_imports_are_followed_transitively(tmp_path):
    script = tmp_path / "script.py"
    script.write_text("from programme_evaluation.metrics import write_metrics\n", encoding="utf-8")
    metrics = names(step_sources(script))
    assert {"metrics", "periods", "targets", "configuration"} <= metrics      # metrics imports these
    assert all(Path(path).is_relative_to(PACKAGE) for path in step_sources(script))
