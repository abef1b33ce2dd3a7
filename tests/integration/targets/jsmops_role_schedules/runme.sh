#!/usr/bin/env bash
# The jsm.ops.schedules role against the emulator, as a user runs it: ansible-playbook with --check --diff, then for
# real, then again (nothing changes), a change of one setting, pruning the Database team with and without a team
# scope, and variables the role's argument spec refuses before any request. Each run's PLAY RECAP and output are
# checked here; converge.yml checks the writes the emulator logged, verify.yml the stored schedules.
set -euo pipefail

config=../../integration_config.yml
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
connection=$workdir/connection.yml

setting() {
    python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]])' "$config" "$1"
}
emulator=$(setting jsm_ops_emulator_url)
token=$(setting jsm_ops_admin_token)

# The admin's connection settings as ansible_jsm_ops_* variables, the ones the role reads.
python - "$config" "$connection" <<'PYTHON'
import sys

import yaml

config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
variables = {
    "ansible_jsm_ops_api_url": config["jsm_ops_api_url"],
    "ansible_jsm_ops_cloud_id": config["jsm_ops_cloud_id"],
    "ansible_jsm_ops_site": config["jsm_ops_site"],
    "ansible_jsm_ops_api_email": config["jsm_ops_admin_email"],
    "ansible_jsm_ops_api_token": config["jsm_ops_admin_token"],
}
with open(sys.argv[2], "w", encoding="utf-8") as stream:
    yaml.safe_dump(variables, stream, allow_unicode=True)
PYTHON

# Nothing inherited may stand in for the settings under test.
unset JSM_OPS_API_URL JSM_OPS_CLOUD_ID JSM_OPS_SITE JSM_OPS_API_EMAIL JSM_OPS_API_TOKEN \
    ATLASSIAN_OPS_CLOUD_ID ATLASSIAN_OPS_DOMAIN_NAME ATLASSIAN_OPS_API_EMAIL_ADDRESS ATLASSIAN_OPS_API_TOKEN

emulator_call() {  # METHOD PATH: print the JSON answer of an emulator control endpoint
    python - "$emulator" "$1" "$2" <<'PYTHON'
import sys
import urllib.request

request = urllib.request.Request(sys.argv[1] + sys.argv[3], method=sys.argv[2])
with urllib.request.urlopen(request, timeout=10) as answer:  # nosec: loopback emulator
    print(answer.read().decode("utf-8"))
PYTHON
}

log_length() {
    emulator_call GET /_emulator/log | python -c 'import json, sys; print(max([entry["seq"] for entry in json.load(sys.stdin)] or [0]))'
}

runs=0
# run NAME DECLARED_FILE EXPECT_WRITES [ANSIBLE-PLAYBOOK ARGS...]: converge.yml, output kept in $workdir/NAME.log
run() {
    local name=$1 declared=$2 writes=$3 status=0
    shift 3
    runs=$((runs + 1))
    echo "== $name"
    ansible-playbook converge.yml -i localhost, -c local -e "@$config" -e "connection_file=$connection" \
        -e "declared_file=$PWD/$declared" -e "expect_writes=$writes" "$@" >"$workdir/$name.log" 2>&1 || status=$?
    cat "$workdir/$name.log"
    return "$status"
}

recap() {  # NAME FIELD: the number in the PLAY RECAP line
    grep -E '^localhost +:' "$workdir/$1.log" | sed -E "s/.* $2=([0-9]+).*/\\1/"
}

expect() {  # MESSAGE COMMAND...: fail the target with MESSAGE unless COMMAND succeeds
    local message=$1
    shift
    if ! "$@"; then
        echo "FAILED: $message" >&2
        exit 1
    fi
}

verify() {
    runs=$((runs + 1))
    echo "== verify ($1)"
    ansible-playbook verify.yml -i localhost, -c local -e "@$config" -e "connection_file=$connection" -e "stage=$1"
}

emulator_call POST /_emulator/reset >/dev/null

# Check mode: reports the changes, with diffs, and writes nothing.
run check declared.yml 0 --check --diff
expect "check mode reports the new schedule and its rotations and overrides as changes" [ "$(recap check changed)" -ge 2 ]
expect "check mode shows the new schedule's time zone in the diff" grep -q "Europe/Berlin" "$workdir/check.log"
expect "check mode names what waits for the new schedule" grep -q "would be created or changed once the" "$workdir/check.log"

# Apply, then apply again: the second run changes nothing and writes nothing.
run apply declared.yml 5 -v
expect "the first apply reports changes" [ "$(recap apply changed)" -ge 3 ]
run again declared.yml 0 --diff
expect "the second apply changes nothing" [ "$(recap again changed)" -eq 0 ]
verify applied

# One setting changed, shown with --diff: one write.
run change declared_changed.yml 1 --diff
expect "changing the time zone is one change" [ "$(recap change changed)" -eq 1 ]
expect "the diff shows the new time zone" grep -q "Europe/Paris" "$workdir/change.log"
verify changed

# Pruning with the team scope: check mode first (nothing written), then for real (one DELETE), then again (nothing).
run prune-check declared_prune.yml 0 --check --diff
expect "check mode predicts the deletion of Database Primary" [ "$(recap prune-check changed)" -eq 1 ]
expect "check mode predicts the deletion of Database Primary" grep -qF "changed: [localhost] => (item=Database Primary)" "$workdir/prune-check.log"
expect "check mode predicts no other change" [ "$(grep -cF "changed: [localhost] => (item=" "$workdir/prune-check.log")" -eq 1 ]
run prune declared_prune.yml 1
expect "prune deletes Database Primary" [ "$(recap prune changed)" -eq 1 ]
run prune-again declared_prune.yml 0
expect "pruning again changes nothing" [ "$(recap prune-again changed)" -eq 0 ]
verify pruned

# Refused before any request: pruning without a team scope, and variables the argument spec rejects.
for case in prune-noscope:declared_prune_noscope.yml:'set jsm_ops_schedules_team to that' \
    bad-type:declared_bad.yml:'value of type must be one of: daily, weekly, hourly, got: monthly' \
    bad-names:declared_noname.yml:'missing required arguments: name' \
    duplicate:declared_duplicate.yml:'declares a schedule more than once (names compare case-insensitively): database primary.'; do
    IFS=: read -r name declared message <<<"$case"
    before=$(log_length)
    if run "$name" "$declared" 0; then
        echo "FAILED: $name: the run should have failed" >&2
        exit 1
    fi
    expect "$name: the failure says: $message" grep -qF "$message" "$workdir/$name.log"
    expect "$name: no request reached the emulator" [ "$(log_length)" -eq "$before" ]
done
expect "bad-names: the failure names the prune flag too" grep -q "is not a valid boolean" "$workdir/bad-names.log"

# The token never appears in any output.
hits=$(cat "$workdir"/*.log | grep -cF "$token" || true)
expect "the API token appears in no output" [ "$hits" -eq 0 ]

if [ -n "$(setting jsm_ops_report_dir)" ]; then
    echo "role schedules: $runs playbook runs, token in output: $hits hits" >"$(setting jsm_ops_report_dir)/jsmops_role_schedules.txt"
fi
echo "== jsmops_role_schedules: all checks passed"
