#!/usr/bin/env bash
# The secret canary: every module and the jsm.ops.jsmops_oncall lookup, with a long, distinctive API token,
# through success and every failure path (HTTP 401, 403, 404, 409, 422, 429 until the retries run out, 500,
# connection refused, read timeout, TLS failure, malformed JSON, a proxy's HTML error page, a redirect to
# another host, and two refused before sending); then everything printed or returned (stdout, stderr, the
# results, warnings, Ansible's log file, the JUnit report, the calendars written, the emulators' request logs
# and their own output) is searched for the tokens: raw, in base64 (alone and as base64(email:token) at any
# alignment), URL-, form-, HTML- and JSON-encoded, and split across a line break. Zero hits is the pass.
#
# Runs (canary.py plans them):
#   debug   ANSIBLE_DEBUG=1, -vvvv, --diff: every module and the lookup through every path (the full matrix); on the
#           rows beside ansible-core 2.19 (jsm_ops_canary_debug_plan: spread), each path once, as the plain run.
#   plain   ANSIBLE_DEBUG off, -vvvv, --diff, results as YAML: every module's and the lookup's success, and each
#           failure path once (spread over the plugins). A second full matrix does not fit the time this target
#           may take (about 2.5 minutes; measured on a 2-core machine, one run of the full matrix takes 60 to 90 s).
#           The debug run prints the same messages and more, with results as JSON.
# Each run has two local hosts in its inventory that share the paths out, so the two halves run in parallel.
# Worker processes hand every message to the main process, which prints it whole, so the two cannot interleave
# inside a message and hide a token that way.
#
# The target brings its own emulators, so the canary token can be a valid one and faults cannot disturb other
# targets: the API on 127.0.0.1 (the seed's admin token replaced by the canary; fault rules keyed by cloud id),
# the same API over HTTPS with a certificate from a CA the client is not told about (the TLS failure), and a
# second host on 127.0.0.2 that the redirect points to, whose log must show no request with credentials.
set -euo pipefail

config=../../integration_config.yml
workdir=$(mktemp -d)  # everything the runs print or return: searched at the end
inputs=$(mktemp -d)   # what they read (the tokens are here), the emulators' port files and certificates
pids=()

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$workdir" "$inputs"
}
trap cleanup EXIT

setting() {
    python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]] or "")' "$config" "$1"
}

# The emulator package of this collection: above this directory (ansible-test runs a copy of the target
# inside the collection), else in the collection Ansible loads.
emulator_dir=
dir=$PWD
while [ "$dir" != / ]; do
    if [ -d "$dir/tests/emulator/jsmops_emulator" ]; then
        emulator_dir=$dir/tests/emulator
        break
    fi
    dir=$(dirname "$dir")
done
if [ -z "$emulator_dir" ]; then
    IFS=: read -ra roots <<<"${ANSIBLE_COLLECTIONS_PATH:-}"
    for root in "${roots[@]}"; do
        if [ -d "$root/ansible_collections/jsm/ops/tests/emulator/jsmops_emulator" ]; then
            emulator_dir=$root/ansible_collections/jsm/ops/tests/emulator
            break
        fi
    done
fi
if [ -z "$emulator_dir" ]; then
    echo "canary: cannot find tests/emulator of the collection" >&2
    exit 1
fi

free_port() {
    python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_emulator() {
    local name=$1
    shift
    PYTHONPATH=$emulator_dir python -m jsmops_emulator --seed "$inputs/seed.json" --port 0 --port-file "$inputs/$name.port" --no-spec "$@" \
        >"$workdir/emulator-$name.out" 2>&1 &
    pids+=($!)
}

wait_for_port() {
    local name=$1 waited=0
    while [ ! -s "$inputs/$name.port" ]; do
        if [ "$waited" -ge 200 ]; then
            echo "canary: the $name emulator did not start" >&2
            cat "$workdir/emulator-$name.out" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    tr -d '[:space:]' <"$inputs/$name.port"
}

control() {  # METHOD URL [BODY-FILE]: an emulator control endpoint; prints the answer
    python - "$@" <<'PYTHON'
import sys
import urllib.request

data = open(sys.argv[3], "rb").read() if len(sys.argv) > 3 else None
request = urllib.request.Request(sys.argv[2], data=data, method=sys.argv[1], headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=10) as response:
    sys.stdout.write(response.read().decode("utf-8"))
PYTHON
}

# The seed first (the emulators read it), with placeholder URLs; the run variables are written again below.
python canary.py setup --seed "$emulator_dir/seed.json" --output "$inputs" --workdir "$workdir" \
    --main-url http://127.0.0.1:1 --tls-url https://127.0.0.1:1 --other-url http://127.0.0.2:1 --refused-url http://127.0.0.1:1
start_emulator main
start_emulator tls --tls-dir "$inputs/tls"
start_emulator other --host 127.0.0.2
main_url=http://127.0.0.1:$(wait_for_port main)
tls_url=https://127.0.0.1:$(wait_for_port tls)
other_url=http://127.0.0.2:$(wait_for_port other)
refused_url=http://127.0.0.1:$(free_port)
python canary.py setup --seed "$emulator_dir/seed.json" --output "$inputs" --workdir "$workdir" \
    --main-url "$main_url" --tls-url "$tls_url" --other-url "$other_url" --refused-url "$refused_url"
control PUT "$main_url/_emulator/faults" "$inputs/faults.json" >/dev/null

run() {  # NAME PLAN [ENV...]: one run of canary.yml; its stdout, stderr, log file and JUnit report are kept
    local name=$1 plan=$2 status=0 started=$SECONDS
    shift 2
    echo "== canary run: $name ($plan)"
    env "$@" ANSIBLE_LOG_PATH="$workdir/$name-ansible.log" JUNIT_OUTPUT_DIR="$workdir/$name-junit" ANSIBLE_CALLBACKS_ENABLED=junit \
        ansible-playbook canary.yml -i "$inputs/inventory.ini" --forks 2 -vvvv --diff -e "@$inputs/vars-$plan.json" -e canary_run="$name" \
        >"$workdir/$name.stdout" 2>"$workdir/$name.stderr" || status=$?
    # Failed tasks are expected (ignore_errors); a failed play is not.
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$workdir/$name.stdout" "$workdir/$name.stderr"
        echo "---- the failures that were not ignored ----"
        python - "$workdir/$name.stdout" <<'PYTHON'
import sys

lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
task, number = "", 0
while number < len(lines):
    line = lines[number]
    if line.startswith("TASK ["):
        task = line
    if line.startswith("fatal:"):
        end = number  # a result printed over several lines ends with a "}" of its own
        if line.endswith("{"):
            end = next((at for at in range(number + 1, len(lines)) if lines[at] == "}"), len(lines) - 1)
        if not (end + 1 < len(lines) and lines[end + 1].startswith("...ignoring")):
            print(task)
            print("\n".join(lines[number:min(end + 1, number + 60)])[:6000])
        number = end
    number += 1
PYTHON
        echo "canary run $name failed (status $status)" >&2
        exit 1
    fi
    echo "   took $((SECONDS - started)) s"
    # One request without credentials to the other host, so its log shows it records what arrives.
    control GET "$other_url/_edge/tenant_info" >/dev/null
    # Each run's request logs, then a clean log for the next run.
    local listener url
    for listener in main tls other; do
        case $listener in
            main) url=$main_url ;;
            tls) url=$tls_url ;;
            other) url=$other_url ;;
        esac
        if [ "$listener" = tls ]; then
            # The test CA signed the TLS emulator's certificate; only this script trusts it.
            SSL_CERT_FILE=$inputs/tls/ca.pem control GET "$url/_emulator/log" >"$workdir/emulator-log-$listener-$name.json"
            SSL_CERT_FILE=$inputs/tls/ca.pem control DELETE "$url/_emulator/log" >/dev/null
        else
            control GET "$url/_emulator/log" >"$workdir/emulator-log-$listener-$name.json"
            control DELETE "$url/_emulator/log" >/dev/null
        fi
    done
}

# The debug run's plan: full, unless the row says spread (make integration-matrix, on the rows beside 2.19).
debug_plan=$(python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1], encoding="utf-8")).get("jsm_ops_canary_debug_plan") or "full")' "$config")
case "$debug_plan" in
    full | spread) ;;
    *) echo "canary: jsm_ops_canary_debug_plan must be full or spread, not '$debug_plan'" >&2; exit 1 ;;
esac
run debug "$debug_plan" ANSIBLE_DEBUG=1
run plain spread ANSIBLE_DEBUG=0 ANSIBLE_CALLBACK_RESULT_FORMAT=yaml

python canary.py check --seed "$emulator_dir/seed.json" --workdir "$workdir" --run "debug=$debug_plan" --run plain=spread \
    --report-dir "$(setting jsm_ops_report_dir)"
