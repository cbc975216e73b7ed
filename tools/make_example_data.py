"""Write a programme's synthetic example extracts with the generator made for it.

Usage: python tools/make_example_data.py <programme configuration> [output folder]

The generator is tools/example_data/<programme.name with '-' as '_'>.py; its `main` receives
the configuration path and the output folder (default: the configuration's programme.raw,
relative to the repository). Generators live outside the package: the pipeline never runs them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = Path(__file__).resolve().parent / "example_data"


def generator_path(name: str) -> Path:
    return GENERATORS / f"{name.replace('-', '_')}.py"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or len(args) > 2:
        raise SystemExit("usage: make_example_data.py <programme configuration> [output folder]")
    configuration = Path(args[0])
    with open(configuration, encoding="utf-8") as handle:
        programme = yaml.safe_load(handle)["programme"]
    path = generator_path(programme["name"])
    if not path.exists():
        known = ", ".join(sorted(p.stem.replace("_", "-") for p in GENERATORS.glob("*.py")))
        raise SystemExit(
            f"{configuration}: no example-data generator for programme {programme['name']!r} "
            f"(expected {path.relative_to(ROOT)}; generators exist for: {known})"
        )
    folder = Path(args[1]) if len(args) > 1 else ROOT / programme["raw"]
    # Generators may use the package; from a plain checkout it is found in src/.
    sys.path.insert(0, str(ROOT / "src"))
    spec = importlib.util.spec_from_file_location(f"example_data_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    module.main([str(configuration), str(folder)])


if __name__ == "__main__":
    main()
