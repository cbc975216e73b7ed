"""The source files a pipeline step runs, so that Snakemake rebuilds what changed code computed.

Snakemake tracks a rule's script but not the modules the script imports; each rule therefore
lists, as inputs, the package modules its script imports and everything they import in turn.
A change to the renderer then re-renders reports without re-running the data-quality gate.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
NAME = PACKAGE.name


def module_files(module: str) -> list[Path]:
    """The file of a package module and the `__init__.py` of every package above it, which
    Python runs first (`programme_evaluation.a.b` -> a/b.py, a/__init__.py, __init__.py)."""
    parts = module.split(".")
    if parts[0] == NAME:
        parts = parts[1:]
    found = [PACKAGE.joinpath(*parts[:depth], "__init__.py") for depth in range(len(parts))]
    found.append(module_file(module))
    return [path for path in found if path is not None and path.exists()]


def module_file(module: str) -> Path | None:
    """The file of a package module (`programme_evaluation.x` or `x`), or None outside the package."""
    parts = module.split(".")
    if parts[0] == NAME:
        parts = parts[1:]
    if not parts:
        return PACKAGE / "__init__.py"
    candidate = PACKAGE.joinpath(*parts)
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if path.exists():
            return path
    return None


@cache
def imported_modules(path: Path) -> frozenset[Path]:
    """Package modules imported anywhere in `path` (at the top or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == NAME:
            found.update(module_files(node.module))
            for alias in node.names:
                found.update(module_files(f"{node.module}.{alias.name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == NAME:
                    found.update(module_files(alias.name))
    return frozenset(path for path in found if path is not None)


def step_sources(*scripts: str | Path) -> list[str]:
    """Every package file that the given scripts (or modules) import, directly or not, sorted."""
    return list(sources_of(tuple(Path(script).resolve() for script in scripts)))


@cache
def sources_of(scripts: tuple[Path, ...]) -> tuple[str, ...]:
    """`step_sources` once per process: every programme's module asks it for the same scripts."""
    pending = list(scripts)
    seen: set[Path] = set()
    while pending:
        path = pending.pop()
        for module in imported_modules(path.resolve()):
            if module not in seen:
                seen.add(module)
                pending.append(module)
    return tuple(sorted(str(path) for path in seen))
