#!/usr/bin/env bash
# A stand-in for a cluster's submit command (sbatch, qsub) for the cluster test: runs the job
# script Snakemake gives as the last argument in the background, as a process of its own, and
# prints a job id at once. When the job ends, its exit status is written for status.sh.
set -euo pipefail
jobscript="${!#}"
jobs="${CLUSTER_JOBS:-.snakemake/cluster-jobs}"
mkdir -p "$jobs"
folder=$(mktemp -d "$jobs/job.XXXXXXXX")
nohup bash -c 'bash "$1" > "$2/output" 2>&1; echo $? > "$2/status.partial"; mv "$2/status.partial" "$2/status"' \
    job "$jobscript" "$folder" > /dev/null 2>&1 < /dev/null &
basename "$folder"
