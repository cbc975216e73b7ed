"""A bundled programme built through Snakemake's cluster-generic executor, every job submitted
as a process of its own (a fresh Snakemake that reads the workflow again and runs that one job,
as a node of a batch system does), give results byte-identical to a local run (the session's
shared build, which has a third programme beside them that the cluster copy lacks).

What this proves: no job relies on state another job left in memory or on being run by the
scheduling process, and the per-job path (`--target-jobs`, one programme's configuration) works.
What it does not prove: that a job reads only its declared inputs. Every job runs in the same
working copy, which holds every file, as nodes sharing the repository's filesystem do; a job
reading an undeclared file would still pass here (the content digests of declared inputs and
`tests/workflow/test_exact_rebuilds.py` are what keep the declared inputs complete).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from workflow_runner import REPO, copy_repository, run_copy, scheduled_jobs

pytestmark = pytest.mark.workflow

SUBMIT, STATUS = (REPO / "tests" / "cluster" / name for name in ("submit.sh", "status.sh"))


# One programme (Hearts and Minds: every stage and chart kind of a programme, one delivery, one
# edition) keeps the test to about half a minute; the per-job path is the same for every programme.
BUNDLED = ("hearts-and-minds",)
ONLY = ("--config", f"programmes={BUNDLED[0]}")


def results(copy: Path) -> dict[str, bytes]:
    """Every file the bundled programmes have under results/ but the logs (they name times,
    hosts and process ids)."""
    return {
        str(path.relative_to(copy)): path.read_bytes()
        for programme in BUNDLED
        for path in sorted((copy / "results" / programme).rglob("*"))
        if path.is_file() and "logs" not in path.relative_to(copy / "results").parts
    }


def test_every_job_as_its_own_cluster_job_gives_the_local_results(tmp_path, every_programme_built):
    cluster = copy_repository(tmp_path / "cluster")
    jobs = sum(scheduled_jobs(cluster, *ONLY).values())
    run_copy(
        cluster,
        *ONLY,
        "--executor",
        "cluster-generic",
        "--jobs",
        "2",
        "--seconds-between-status-checks",  # a job's end seen within a second (default 10)
        "1",
        "--cluster-generic-submit-cmd",
        f"bash {shlex.quote(str(SUBMIT))}",
        "--cluster-generic-status-cmd",
        f"bash {shlex.quote(str(STATUS))}",
    )

    submitted = sorted((cluster / ".snakemake" / "cluster-jobs").iterdir())
    assert len(submitted) == jobs  # every job but the local target `all` went through submit.sh
    assert all((job / "status").read_text().strip() == "0" for job in submitted)
    built, expected = results(cluster), results(every_programme_built)
    assert sorted(built) == sorted(expected)
    assert any(name.endswith("report.pdf") for name in built) and any(name.endswith("metrics.csv") for name in built)
    assert [name for name in expected if built[name] != expected[name]] == []
