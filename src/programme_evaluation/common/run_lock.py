"""One run of the pipeline at a time in a folder; a run killed halfway never blocks the next one.

Snakemake's own lock (files in `.snakemake/locks/`) is checked and then written, so two runs
started at the same moment can both get past it; and a run killed with SIGKILL or a power cut
leaves it behind, so the next run refuses until `snakemake --unlock`. An operating-system lock
(`flock`) has neither problem: it is taken atomically, and it is released by the kernel when
its process ends, however it ends. A second run waits for the first one to finish, saying so;
a run that holds it knows that no other run is alive here, so Snakemake's lock files left by a
killed run are stale and can be removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path

LOCK = Path(".snakemake") / "programme-evaluation" / "run.lock"
SNAKEMAKE_LOCKS = Path(".snakemake") / "locks"

_held: dict[str, int] = {}


def hold_run_lock(folder: str | Path = ".", say=None) -> bool:
    """Take the run lock of `folder` for the rest of this process, waiting for another run to
    finish; then remove Snakemake's lock files if a killed run left them. Returns whether any
    were removed. Taking it twice in one process is a no-op (a second flock would wait forever)."""
    say = say or (lambda text: print(text, file=sys.stderr))
    path = Path(folder, LOCK).absolute()
    if str(path) in _held:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(handle, 200, 0).decode("utf-8", "replace").strip() or "another process"
        say(
            f"Another run of this pipeline is working in {Path(folder).absolute()} ({holder}); "
            f"waiting for it to finish (Ctrl-C to stop waiting)..."
        )
        fcntl.flock(handle, fcntl.LOCK_EX)
        say("The other run has finished; this run goes on.")
    os.ftruncate(handle, 0)
    os.pwrite(handle, f"process {os.getpid()}\n".encode(), 0)
    _held[str(path)] = handle  # kept open: closing it would release the lock
    stale = Path(folder, SNAKEMAKE_LOCKS)
    if stale.is_dir() and any(stale.iterdir()):
        shutil.rmtree(stale)
        say(
            "A run of this pipeline was interrupted here (killed, or the machine stopped); "
            "its lock is released and this run rebuilds what it left unfinished."
        )
        return True
    return False
