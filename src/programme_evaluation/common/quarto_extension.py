"""The report's design as a Quarto extension: install it beside a document, read it back.

The design (Lua filters, stylesheet, Typst template, HTML partials) is one Quarto extension,
`templates/render/_extensions/evaluation/` in the repository. A document asks for it with
`format: {evaluation-html: default, evaluation-typst: default}`; Quarto looks for it in
`_extensions/` beside the document, so the document step copies it there
(`install_extension`) and the report folder renders on its own. The embedded renderer reads
the same copy (`document_format`), so no renderer reaches back into the source tree and a
non-editable install works like an editable one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from programme_evaluation.common.errors import PipelineError
from programme_evaluation.common.files import copy_file

EXTENSIONS = "_extensions"
MANIFEST = "_extension.yml"
# Quarto's filter entry points, in the order it runs them; "quarto" marks where its own
# filters run (the embedded renderer runs embedded/quarto.lua there).
FILTER_STAGES = ("pre-ast", "post-ast", "pre-quarto", "quarto", "post-quarto", "pre-render", "post-render")
BASE_FORMATS = ("html", "typst", "docx")


class ExtensionError(PipelineError, RuntimeError):
    """An extension is missing or malformed; the message names the file and what was expected."""


@dataclass(frozen=True)
class DocumentFormat:
    """One output of a document: the format Quarto is asked for and the options it renders with."""

    name: str  # what `quarto render --to` takes: "evaluation-html", or plain "html"
    base: str  # "html" or "typst"
    options: dict  # extension defaults, then the document's own keys, then its format's
    extension: Path | None  # the extension folder the format comes from, if any
    filters: tuple[tuple[str, Path], ...] = ()  # (stage, Lua file) in the extension's order


def extension_files(source: Path) -> list[str]:
    """Every file under the extensions folder `source` (hidden ones left out), as sorted
    relative POSIX paths.

    The document rule declares `<report>/_extensions/<each>` as outputs from this list.
    """
    source = Path(source)
    if not (source.is_dir() and any(source.glob(f"*/{MANIFEST}"))):
        raise ExtensionError(f"{source} is not a folder of Quarto extensions (no */{MANIFEST} in it)")
    return sorted(
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(source).parts)
    )


def install_extension(source: Path, folder: Path) -> list[Path]:
    """Copy the extensions folder `source` to `folder/_extensions`, replacing any older copy,
    so the document in `folder` renders on its own; return the files written."""
    source, target = Path(source), Path(folder) / EXTENSIONS
    files = extension_files(source)
    if target.exists():
        shutil.rmtree(target)  # nothing stale from an earlier design survives
    written = []
    for name in files:
        destination = target / name
        copy_file(source / name, destination)
        written.append(destination)
    return written


def read_manifest(extension: Path) -> dict:
    """The `contributes.formats` of an extension's _extension.yml."""
    manifest = Path(extension) / MANIFEST
    try:
        loaded = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ExtensionError(f"{manifest}: cannot be read as YAML: {error}") from error
    formats = (loaded.get("contributes") or {}).get("formats")
    if not isinstance(formats, dict):
        raise ExtensionError(f"{manifest}: expected contributes.formats (a mapping of formats)")
    return formats


def find_extension(document_folder: Path, name: str) -> Path:
    """Where Quarto finds extension `name` for a document: `_extensions/name` or
    `_extensions/<owner>/name` in the document's folder."""
    base = Path(document_folder) / EXTENSIONS
    for candidate in [base / name, *sorted(base.glob(f"*/{name}"))]:
        if (candidate / MANIFEST).is_file():
            return candidate
    raise ExtensionError(
        f"the document in {document_folder} asks for the '{name}' format extension, but there is no "
        f"{EXTENSIONS}/{name}/{MANIFEST} beside it; copy the repository's templates/render/{EXTENSIONS} "
        "there (programme_evaluation.common.quarto_extension.install_extension)"
    )


def _filters(extension: Path, entries: list, manifest: Path) -> tuple[tuple[str, Path], ...]:
    found = []
    for entry in entries or []:
        if isinstance(entry, str):
            path, stage = entry, "pre-quarto"
        else:
            path, stage = entry.get("path"), entry.get("at", "pre-quarto")
        if not isinstance(path, str) or stage not in FILTER_STAGES or stage == "quarto":
            raise ExtensionError(
                f"{manifest}: filter entry {entry!r} needs a path and an `at` among "
                f"{', '.join(s for s in FILTER_STAGES if s != 'quarto')}"
            )
        found.append((stage, extension / path))
    return tuple(found)


def document_format(front_matter: dict, document_folder: Path, base: str) -> DocumentFormat:
    """The document's `base` output ("html", "typst" or "docx"), as Quarto would resolve it.

    A format named `<extension>-<base>` in the front matter comes from that extension (its
    `common` and `<base>` options, then the document's top-level keys, then the format's own
    options win); otherwise the plain `<base>` format with the document's options.
    """
    if base not in BASE_FORMATS:
        raise ValueError(f"base must be one of {BASE_FORMATS}, not {base!r}")
    formats = front_matter.get("format") or {}
    if isinstance(formats, str):
        formats = {formats: "default"}
    elif isinstance(formats, list):
        formats = {name: "default" for name in formats}
    own_keys = {key: value for key, value in front_matter.items() if key != "format"}
    for name, own in formats.items():
        if not (isinstance(name, str) and name.endswith(f"-{base}")):
            continue
        extension = find_extension(document_folder, name[: -len(base) - 1])
        contributed = read_manifest(extension)
        manifest = extension / MANIFEST
        layers = [(contributed.get(part) or {}, extension) for part in ("common", base)]
        layers += [(own_keys, document_folder), (own if isinstance(own, dict) else {}, document_folder)]
        filters = [entry for section, _ in layers[:2] for entry in section.get("filters") or []]
        return DocumentFormat(name, base, _merged(layers), extension, _filters(extension, filters, manifest))
    own = formats.get(base)
    layers = [(own_keys, document_folder), (own if isinstance(own, dict) else {}, document_folder)]
    return DocumentFormat(base, base, _merged(layers), None)


def _merged(layers: list[tuple[dict, Path]]) -> dict:
    """Later layers win, except `css`: stylesheets add up, each made absolute against the
    folder of the file that names it (as Quarto merges them)."""
    options: dict = {"css": []}
    for section, folder in layers:
        for key, value in section.items():
            if key == "filters":
                continue
            if key == "css":
                items = [value] if isinstance(value, str) else value or []
                options["css"] += [str(Path(folder) / item) for item in items]
            else:
                options[key] = value
    return options
