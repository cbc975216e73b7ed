"""Fixtures shared by test modules: a full build takes minutes, so it is made once per session."""

from __future__ import annotations

import pytest
from workflow_runner import copy_repository, run_copy


@pytest.fixture(scope="session")
def built_repository(tmp_path_factory):
    """A copy of the repository with every bundled programme built by the real workflow. Tests
    that change a file of it put it back as it was (content and modification time)."""
    copy = copy_repository(tmp_path_factory.mktemp("repository"))
    run_copy(copy)
    return copy
