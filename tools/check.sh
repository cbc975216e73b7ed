#!/usr/bin/env bash
# Every check of the project, in the order CI runs them: Python lint and format, the workflow's
# format and Snakemake's own lint, the stage layers of the package, then the test suite.
# Usage: bash tools/check.sh [pytest arguments]   (with the project's .venv, or PYTHON=...)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
bin="$(dirname "$python")"

"$python" -m ruff check .
"$python" -m ruff format --check .
"$bin/snakefmt" --check .
"$python" -m snakemake --lint --cores 1
"$bin/lint-imports"
"$python" -m pytest "$@"
