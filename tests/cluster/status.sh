#!/usr/bin/env bash
# The status command for submit.sh's jobs: running, success or failed, as Snakemake's
# cluster-generic executor asks (one line). A failed job's output is kept in its folder.
set -euo pipefail
folder="${CLUSTER_JOBS:-.snakemake/cluster-jobs}/$1"
if [[ ! -f "$folder/status" ]]; then
    echo running
elif [[ "$(cat "$folder/status")" == 0 ]]; then
    echo success
else
    echo failed
fi
