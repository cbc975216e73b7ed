"""Write every result file whole or not at all, and say plainly when it cannot be written.

A step killed halfway (power cut, SIGKILL) or stopped by a full disk must never leave a
half-written table, chart or report where a finished one is expected: each file is written to
a partial file in the same folder and renamed into place (a rename within a folder is atomic),
so a reader sees the previous version or the new one, never a mix. A partial file left by a
killed step is removed when the step runs again (`remove_partials`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from programme_evaluation.common.errors import PipelineError

# Errors that mean "this folder cannot take this file", as opposed to a bug in the step.
CANNOT_WRITE = {
    errno.ENOSPC,
    errno.EFBIG,
    errno.EDQUOT,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.ENOTDIR,
    errno.EEXIST,
    errno.EISDIR,
}
PARTIAL = ".partial-"


class WriteError(PipelineError, OSError):
    """A result file could not be written; the message names it and what to do."""


def partial_path(target: Path) -> Path:
    """Where `target` is written before it is renamed into place: a hidden file beside it that
    keeps its suffix (matplotlib and Typst pick the format from it)."""
    return target.with_name(f".{target.stem}{PARTIAL}{os.getpid()}{target.suffix}")


def remove_partials(target: str | Path) -> None:
    """Remove the partial files of `target` left by an earlier, killed run of its step."""
    target = Path(target)
    if target.parent.is_dir():
        for leftover in target.parent.glob(f".{target.stem}{PARTIAL}*{target.suffix}"):
            leftover.unlink(missing_ok=True)


def cannot_write(target: Path, error: OSError) -> WriteError:
    reason = error.strerror or str(error)
    return WriteError(
        f"cannot write {target}: {reason}. The disk may be full, or the folder read-only or not a folder; "
        f"make room or fix it, then run the same command again"
    )


def about(error: OSError, target: Path, partial: Path) -> bool:
    """Whether a file-system error concerns writing `target` (not, say, reading a source)."""
    if error.filename is None:
        return True
    named = Path(os.fsdecode(error.filename)).absolute()
    return named in (partial.absolute(), target.absolute()) or named in target.absolute().parents


@contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """Yield a partial path beside `target`; when the block ends without error, the partial file
    is flushed to disk and renamed to `target`. On any error it is removed and `target` is left
    as it was; an error of the file system (disk full, read-only) is raised as WriteError."""
    target = Path(target)
    partial = partial_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        yield partial
        with open(partial, "rb") as handle:  # on disk before the rename, so a power cut keeps old or new
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        if isinstance(error, WriteError) or error.errno not in CANNOT_WRITE or not about(error, target, partial):
            raise
        raise cannot_write(target, error) from None
    finally:
        with suppress(OSError):  # nothing to remove when the folder could not be made
            partial.unlink(missing_ok=True)


def write_bytes(target: str | Path, content: bytes) -> None:
    with replacing(target) as partial:
        partial.write_bytes(content)


def write_text(target: str | Path, text: str) -> None:
    """UTF-8, and LF line ends whatever the platform."""
    write_bytes(target, text.encode("utf-8"))


def copy_file(source: str | Path, target: str | Path) -> None:
    with replacing(target) as partial:
        shutil.copyfile(source, partial)


def sha256_of(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
