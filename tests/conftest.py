"""Fixtures shared by test modules: one build of every programme, made once per test session."""

from __future__ import annotations

import pytest
from third_programme import write_programme
from workflow_runner import copy_repository, run_copy


@pytest.fixture(scope="session")
def every_programme_built(tmp_path_factory):
    """A copy of the repository with a third, invented programme added by configuration alone,
    built by the plain command (`snakemake --cores 2`: every configured programme).

    Never changed by a test: a test that changes anything works on its own clone
    (`workflow_runner.clone`), which is as up to date as this one.
    """
    copy = copy_repository(tmp_path_factory.mktemp("repository"))
    write_programme(copy)
    run_copy(copy)
    return copy
