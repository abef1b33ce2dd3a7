#!/usr/bin/env bash
# Run ansible-test integration in the staged collection against a running emulator.
# Meant to be run by tests/utils/with-emulator.sh, whose variables it reads.
#
# usage: tests/utils/with-emulator.sh tests/utils/run-integration.sh COLLECTION_DIR [ARGS...]
#   ARGS are passed on to ansible-test integration.
# Settings: PYTHON (default .venv/bin/python), ANSIBLE_TEST_PYTHON (default 3.11),
# JSM_OPS_REPORT_DIR (where targets leave figures for the summary of `make test`),
# JSM_OPS_INTEGRATION_TIMES (the file name, there, of the targets' times), JSM_OPS_CANARY_DEBUG_PLAN (full or
# spread: the secret canary's ANSIBLE_DEBUG run, default full).
set -euo pipefail

if [ "$#" -lt 1 ]; then
    echo "usage: $0 COLLECTION_DIR [ANSIBLE_TEST_ARGS...]" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
collection=$1
shift
python=${PYTHON:-$root/.venv/bin/python}
version=${ANSIBLE_TEST_PYTHON:-3.11}
: "${JSM_OPS_EMULATOR_URL:?run this script through tests/utils/with-emulator.sh}"

config_args=()
if [ "${JSM_OPS_EMULATOR_SPEC_VALIDATION:-false}" = true ]; then
    config_args+=(--spec-validation)
fi
if [ -n "${JSM_OPS_REPORT_DIR:-}" ]; then
    mkdir -p "$JSM_OPS_REPORT_DIR"
    config_args+=(--report-dir "$JSM_OPS_REPORT_DIR")
fi

if [ -n "${JSM_OPS_CANARY_DEBUG_PLAN:-}" ]; then
    config_args+=(--canary-debug-plan "$JSM_OPS_CANARY_DEBUG_PLAN")
fi

mkdir -p "$collection/tests/integration"
"$python" "$root/tests/utils/emulator_tool.py" integration-config \
    --seed "$root/tests/emulator/seed.json" \
    --url "$JSM_OPS_EMULATOR_URL" \
    --output "$collection/tests/integration/integration_config.yml" \
    "${config_args[@]}"

cd "$collection"
echo "+ ansible-test integration --local --python $version $*"
# Each target's time (from its "Running TARGET integration test ..." line to the next one) goes
# to the figures of make test's summary, slowest first: where the integration step spends its time.
starts=$(mktemp "${TMPDIR:-/tmp}/integration-times.XXXXXX")
trap 'rm -f "$starts"' EXIT
status=0
ansible-test integration --local --python "$version" "$@" 2>&1 | while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "$line"
    case "$line" in
        "Running "*" integration test "*)
            target=${line#Running }
            echo "$SECONDS ${target%% *}" >>"$starts"
            ;;
        *) ;;
    esac
done || status=$?
echo "$SECONDS -" >>"$starts"
times=$(awk 'NR > 1 { print $1 - start, name } { start = $1; name = $2 }' "$starts" | sort -rn |
    awk '{ printf "%s%s %ss", (NR > 1 ? ", " : ""), $2, $1 } END { if (NR) printf " (%d targets)", NR }')
if [ -n "$times" ]; then
    echo "integration target times: $times"
    if [ -n "${JSM_OPS_REPORT_DIR:-}" ]; then
        echo "integration target times: $times" >"$JSM_OPS_REPORT_DIR/${JSM_OPS_INTEGRATION_TIMES:-integration-times.txt}"
    fi
fi
exit "$status"
