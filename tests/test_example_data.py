"""The bundled extracts are exactly what the deterministic generator writes."""

from __future__ import annotations

import filecmp

from programme_evaluation.example_data.little_minds_matter import write_example
from workflow_runner import BUNDLED_RAW


def test_generator_reproduces_the_committed_example(tmp_path):
    write_example(tmp_path)
    names = sorted(path.name for path in BUNDLED_RAW.iterdir())
    assert names == sorted(path.name for path in tmp_path.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(BUNDLED_RAW, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])
