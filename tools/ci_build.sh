#!/usr/bin/env bash
# Regenerate every programme's reports as CI does (.github/workflows/reports.yml, .ci/run): run
# the gate and the build, then gather what a reviewer reads into one folder. A delivery that the
# gate rejects fails this script with the gate's own message.
#
#   tools/ci_build.sh [ARTIFACTS] [SNAKEMAKE ARGUMENTS...]   (ARTIFACTS defaults to artifacts/)
#
# ARTIFACTS/ gets build.log and, mirroring results/: each edition's report (HTML, PDF, Word), its
# published spreadsheet, quality
# report, change report and manifest (when the pipeline writes one), and each programme's gate
# summaries and gate logs (one per delivery) and delivery comparisons. PYTHON names the interpreter (default .venv/bin/python, else python3).
set -uo pipefail
cd "$(dirname "$0")/.."
artifacts="${1:-artifacts}"
shift || true
python="${PYTHON:-.venv/bin/python}"
[[ -x "$python" ]] || python=python3
rm -rf "$artifacts" && mkdir -p "$artifacts"

"$python" -m snakemake --cores "${CORES:-2}" "$@" 2>&1 | tee "$artifacts/build.log"
status=${PIPESTATUS[0]}

# What a reviewer reads, wherever the build got to (a rejected programme keeps its gate log).
find results -type f \( -path 'results/*/*/report/report.html' -o -path 'results/*/*/report/report.pdf' \
    -o -path 'results/*/*/report/report.docx' -o -path 'results/*/*/published/metrics.xlsx' \
    -o -path 'results/*/*/quality/*' -o -path 'results/*/gate/*/quality.json' -o -path 'results/*/logs/gate/*' \
    -o -path 'results/*/deliveries/*/*' \
    -o -path 'results/*/*/changes/changes.*' -o -name 'manifest*.json' \) 2>/dev/null \
    | sort | xargs -r cp --parents -t "$artifacts"
echo "Artifacts in $artifacts/: $(find "$artifacts" -type f | wc -l) files"

# The gate's message for every delivery it rejected (results/P/logs/gate/<delivery>.quality.json).
rejected=0
for summary in results/*/logs/gate/*.quality.json; do
    [[ -f "$summary" ]] || continue
    if "$python" -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["passed"] is False else 1)' "$summary"; then
        programme=$(basename "$(dirname "$(dirname "$(dirname "$summary")")")")
        log="${summary%.quality.json}.log"
        rejected=1
        echo
        echo "The gate rejected the delivery of $programme:"
        cat "$log"
        if [[ -n "${GITHUB_ACTIONS:-}" ]]; then  # an annotation on the run, newlines kept
            message=$(sed -e 's/%/%25/g' "$log" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n/%0A/g')
            echo "::error title=The gate rejected the delivery of $programme::$message"
        fi
    fi
done
if [[ $status -ne 0 || $rejected -ne 0 ]]; then
    [[ $rejected -ne 0 ]] || echo "The build failed (see $artifacts/build.log)."
    exit 1
fi

# A green build has, beside every metrics table, its report, quality report and change report.
missing=0
for metrics in results/*/*/metrics.csv; do
    [[ -f "$metrics" ]] || continue
    edition=$(dirname "$metrics")
    for file in report/report.html report/report.pdf quality/quality.html changes/changes.html; do
        if [[ ! -f "$artifacts/$edition/$file" ]]; then
            echo "missing from the artifacts: $edition/$file"
            missing=1
        fi
    done
done
exit $missing
