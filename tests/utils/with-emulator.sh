#!/usr/bin/env bash
# Run a command against a freshly started local JSM Ops emulator, then stop it.
#
# usage: tests/utils/with-emulator.sh CMD [ARGS...]
#
# The emulator (tests/emulator) listens on a free port of 127.0.0.1, seeded from
# tests/emulator/seed.json. CMD gets these variables:
#   JSM_OPS_EMULATOR_URL, JSM_OPS_API_URL   http://127.0.0.1:PORT
#   JSM_OPS_CLOUD_ID                        the seed's cloud id
#   JSM_OPS_API_EMAIL, JSM_OPS_API_TOKEN    the seed's admin account
#   JSM_OPS_EMULATOR_SPEC_VALIDATION        true when the emulator checks traffic
#                                           against Atlassian's OpenAPI spec
# The emulator is stopped when CMD ends, whatever the outcome. The exit status is
# CMD's, or 1 when CMD passed but the emulator recorded spec violations.
#
# Optional settings:
#   PYTHON                    interpreter with the emulator's requirements
#                             (default: .venv/bin/python of this repository)
#   JSM_OPS_EMULATOR_SPEC     OpenAPI spec file to validate against (default: none)
#   JSM_OPS_EMULATOR_SEED     seed file (default: tests/emulator/seed.json)
#   JSM_OPS_EMULATOR_TIMEOUT  seconds to wait for the emulator (default: 20)
#   JSM_OPS_EMULATOR_LOG      file for the emulator's output (default: a temporary
#                             file, shown when something fails)
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
seed=${JSM_OPS_EMULATOR_SEED:-$root/tests/emulator/seed.json}
spec=${JSM_OPS_EMULATOR_SPEC:-}
timeout=${JSM_OPS_EMULATOR_TIMEOUT:-20}
tool=$root/tests/utils/emulator_tool.py

workdir=$(mktemp -d "${TMPDIR:-/tmp}/jsm-ops-emulator.XXXXXX")
log=${JSM_OPS_EMULATOR_LOG:-$workdir/emulator.log}
port_file=$workdir/port
emulator_pid=

show_log() {
    if [ -s "$log" ]; then
        echo "---- last lines of the emulator log ($log) ----" >&2
        tail -n 40 "$log" >&2
        echo "---- end of the emulator log ----" >&2
    fi
}

stop_emulator() {
    if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$emulator_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$emulator_pid" 2>/dev/null; then
            kill -9 "$emulator_pid" 2>/dev/null || true
        fi
        wait "$emulator_pid" 2>/dev/null || true
        echo "with-emulator: emulator stopped" >&2
    fi
    emulator_pid=
    rm -rf "$workdir"
}

trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -x "$python" ] && ! command -v "$python" >/dev/null 2>&1; then
    echo "with-emulator: no Python interpreter at $python (run 'make venv' or set PYTHON)" >&2
    exit 1
fi

args=(-m jsmops_emulator --seed "$seed" --port 0 --port-file "$port_file")
spec_validation=false
if [ -n "$spec" ]; then
    args+=(--spec "$spec")
    spec_validation=true
fi

echo "with-emulator: starting: PYTHONPATH=tests/emulator $python ${args[*]}" >&2
PYTHONPATH="$root/tests/emulator${PYTHONPATH:+:$PYTHONPATH}" "$python" "${args[@]}" >"$log" 2>&1 &
emulator_pid=$!

waited=0
while [ ! -s "$port_file" ]; do
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        status=0
        wait "$emulator_pid" || status=$?
        emulator_pid=
        echo "with-emulator: the emulator exited (status $status) before it was listening" >&2
        show_log
        exit 1
    fi
    if [ "$waited" -ge $((timeout * 10)) ]; then
        echo "with-emulator: the emulator did not write its port to $port_file within ${timeout}s" >&2
        show_log
        exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
done

port=$(tr -d '[:space:]' <"$port_file")
case "$port" in
    '' | *[!0-9]*)
        echo "with-emulator: unexpected content in the port file: '$port'" >&2
        exit 1
        ;;
esac

url=http://127.0.0.1:$port
export JSM_OPS_EMULATOR_URL=$url
export JSM_OPS_API_URL=$url
export JSM_OPS_EMULATOR_SPEC_VALIDATION=$spec_validation
while IFS='=' read -r name value; do
    case "$name" in
        JSM_OPS_CLOUD_ID | JSM_OPS_API_EMAIL | JSM_OPS_API_TOKEN) export "$name=$value" ;;
        *) ;;
    esac
done < <("$python" "$tool" seed-env --seed "$seed")

echo "with-emulator: emulator listening at $url (spec validation: $spec_validation)" >&2
echo "with-emulator: running: $*" >&2

status=0
"$@" || status=$?

violations_args=(--url "$url")
[ "$spec_validation" = false ] || violations_args+=(--spec-validation)
if ! "$python" "$tool" violations "${violations_args[@]}"; then
    [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -ne 0 ]; then
    echo "with-emulator: '$*' failed with status $status" >&2
    show_log
fi
stop_emulator
exit "$status"
