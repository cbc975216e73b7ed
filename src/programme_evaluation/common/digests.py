"""The content of a step's source files as one digest, so that content, not file times, decides
what is rebuilt.

Snakemake reruns a job when an input is newer than its outputs and its checksum differs; a
changed file with an older time (`unzip`, `cp -p`, `rsync -t`, a checkout) is missed. Each rule
therefore carries, as a parameter, the digest of its source files (extracts, suites, templates,
renderer assets, code): any change of content changes the parameter, and Snakemake reruns a
job whose parameters changed, whatever the file times say.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from programme_evaluation.common.files import sha256_of


@cache
def _file_digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """Cached by the file's identity and time: one Snakemake process reads each file once."""
    return sha256_of(path)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes ("missing" for a file that is not there)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "missing"
    return _file_digest(os.path.abspath(path), status.st_size, status.st_mtime_ns, status.st_ino)


def content_digest(paths: Iterable[str | Path]) -> str:
    """One SHA-256 over the files' names and contents, in the order given.

    The name is the file's own (not its folder), so a project moved or copied elsewhere keeps
    its digests and rebuilds nothing.
    """
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{Path(path).name}\0{file_digest(path)}\n".encode())
    return digest.hexdigest()
