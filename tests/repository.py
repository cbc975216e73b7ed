"""Where the repository is, for tests at any depth of tests/ (tests/unit/<stage>/, tests/workflow/)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
