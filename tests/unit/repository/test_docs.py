"""Every repository path, module and command the documentation names exists, so the docs cannot
drift from the code unnoticed.

What is checked, in README.md, docs/*.md and the READMEs of config/, benchmarks/, tests/ and
expectations/: each Markdown link to a local file; each word of inline code and of fenced code
blocks that is a path starting at the repository root (`src/...`, `workflow/rules/gate.smk`) or
a Python file or folder of the package written from it (`common/number_text.py`, `gate/`); each
`python -m <module>` and dotted `programme_evaluation.<module>[.<name>]`; each console script run.
Placeholders (`<programme>`, `{html,pdf}`, `*`, a one-letter capital folder as in
`raw/P/`) must match at least one file. Paths under what a
run writes (`results/`, `artifacts/`, `.snakemake/`, `.venv/`, `releases/`) are not checked.
"""

from __future__ import annotations

import glob
import importlib
import importlib.util
import re
import tomllib
from itertools import product
from pathlib import Path

import pytest
from repository import REPO

PACKAGE = REPO / "src" / "programme_evaluation"
DOCUMENTS = sorted(
    [
        REPO / "README.md",
        *(REPO / "docs").glob("*.md"),
        REPO / "config" / "README.md",
        REPO / "benchmarks" / "README.md",
        REPO / "tests" / "README.md",
        REPO / "expectations" / "README.md",
    ]
)
# Written by a run, not part of the repository.
GENERATED = ("results/", "artifacts/", ".snakemake/", ".venv/", "releases/", "node_modules/")
# Top-level entries a path written from the repository root starts with.
ROOTS = {path.name for path in REPO.iterdir() if not path.name.startswith(".") or path.name in (".ci", ".github")}
ROOTS -= {"results", "artifacts", "releases"}
# Package folders a path may be written from (`common/number_text.py`).
PACKAGES = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}

# Documentation that other work in flight adds (deliveries, release, narrative, screening,
# gate-quality, formats): named by the README's "where to read on" before it is merged.
# The integrator empties this list once those files are on the branch; nothing else belongs here.
NOT_YET_MERGED = {
    "docs/releasing.md",
    "docs/writing-the-report.md",
    "docs/screening.md",
    "docs/data-quality-catalogue.md",
}

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
INLINE = re.compile(r"`([^`\n]+)`")
# A fenced block and its language: only commands (bash, sh, shell) are read, not output or YAML.
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
COMMANDS = ("bash", "sh", "shell")
DOTTED = re.compile(r"\bprogramme_evaluation(?:\.\w+)+")


def console_scripts() -> set[str]:
    with open(REPO / "pyproject.toml", "rb") as handle:
        return set(tomllib.load(handle)["project"].get("scripts", {}))


def expansions(path: str) -> list[str]:
    """`a.{html,pdf}` as `a.html` and `a.pdf`."""
    parts = re.split(r"\{([^{}]*,[^{}]*)\}", path)
    choices = [[part] if index % 2 == 0 else part.split(",") for index, part in enumerate(parts)]
    return ["".join(chosen) for chosen in product(*choices)]


def exists(pattern: str, base: Path) -> bool:
    """Whether a path (placeholders allowed) names at least one file or folder under `base`."""
    for path in expansions(pattern):
        path = re.sub(r"<[^<>]+>", "*", path)
        path = re.sub(r"(?<![^/])[A-Z](?=/|$)", "*", path)  # `results/P/E/`: P a programme, E an edition
        if not glob.glob(str(base / path)):
            return False
    return True


def path_word(word: str) -> str | None:
    """The repository path a word of code names, or None when it names none."""
    word = word.strip("\"'(),;:.") if not word.endswith("/") else word.strip("\"'(),;:")
    if "/" not in word or word.startswith(("/", "~", "$", "-", "http", "../", "./")) or "://" in word:
        return None
    if word.startswith(GENERATED) or "path/to" in word or "$" in word or "=" in word:
        return None
    first = word.split("/", 1)[0]
    if first in ROOTS:
        return word
    if first in PACKAGES and (word.endswith((".py", "/")) and "." not in word[:-3].replace(".py", "")):
        return f"src/programme_evaluation/{word}"
    return None


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def dotted_exists(name: str) -> bool:
    """`programme_evaluation.a.b` is a module, or a name defined in its longest module prefix."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        if module_exists(module):
            target = importlib.import_module(module)
            for attribute in parts[cut:]:
                if not hasattr(target, attribute):
                    return False
                target = getattr(target, attribute)
            return True
    return False


def problems_in(code: str, scripts: set[str]) -> list[str]:
    """What a piece of code (an inline span or a code block) names that does not exist."""
    problems = []
    for line in code.splitlines():
        line = line.split(" # ")[0]  # a shell comment
        words = line.split()
        for index, word in enumerate(words):
            path = path_word(word)
            if path and not (path in NOT_YET_MERGED or exists(path, REPO)):
                problems.append(f"path {path}")
            if (
                word == "-m"
                and index > 0
                and words[index - 1].endswith(("python", "python3"))
                and index + 1 < len(words)
            ):
                module = words[index + 1]
                if module != "pytest" and not module_exists(module):
                    problems.append(f"module {module}")
            if index == 0 and word.endswith("-results") and word not in scripts:
                problems.append(f"console script {word}")
        for name in DOTTED.findall(line):
            if not dotted_exists(name):
                problems.append(f"name {name}")
    return problems


def document_problems(document: Path) -> list[str]:
    text = document.read_text(encoding="utf-8")
    scripts = console_scripts()
    problems = []
    prose = INLINE.sub("", FENCE.sub("", text))
    for target in LINK.findall(prose):
        if target.startswith(("http:", "https:", "mailto:", "#")):
            continue
        local = (document.parent / target.split("#", 1)[0]).resolve()
        relative = local.relative_to(REPO).as_posix() if local.is_relative_to(REPO) else str(local)
        if not local.exists() and relative not in NOT_YET_MERGED:
            problems.append(f"link {target}")
    for language, block in FENCE.findall(text):
        if language.strip() in COMMANDS:
            problems += problems_in(block, scripts)
    for span in INLINE.findall(FENCE.sub("", text)):
        problems += problems_in(span, scripts)
    return problems


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_path_module_and_command_a_document_names_exists(document):
    assert document.is_file(), f"{document.relative_to(REPO)} is listed here but missing"
    problems = document_problems(document)
    assert not problems, f"{document.relative_to(REPO)} names what does not exist: {sorted(set(problems))}"


def test_the_readme_stays_short_and_names_every_document():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    linked = {target.split("#", 1)[0] for target in LINK.findall(readme)}
    for document in DOCUMENTS[1:]:
        assert document.relative_to(REPO).as_posix() in linked, f"README.md does not link {document}"


def test_the_checker_finds_what_is_missing(tmp_path):
    """The check can fail: a wrong path, module, name and link are each reported."""
    page = tmp_path / "page.md"
    page.write_text(
        "Drift once found: `workflow/schemas/config.schema.yaml`, `programme_evaluation.quarto_extension`.\n"
        "See `src/programme_evaluation/nowhere.py`, `common/nowhere.py`, [a](nowhere.md) and\n"
        "`programme_evaluation.common.number_text.nowhere`.\n\n```bash\npython -m programme_evaluation.nowhere\n```\n"
        "Fine: `results/P/E/metrics.csv`, `workflow/rules/*.smk`, `config/programmes/<name>.yaml`.\n",
        encoding="utf-8",
    )
    assert sorted(document_problems(page)) == [
        "link nowhere.md",
        "module programme_evaluation.nowhere",
        "name programme_evaluation.common.number_text.nowhere",
        "name programme_evaluation.nowhere",
        "name programme_evaluation.quarto_extension",
        "path src/programme_evaluation/common/nowhere.py",
        "path src/programme_evaluation/nowhere.py",
        "path workflow/schemas/config.schema.yaml",
    ]
