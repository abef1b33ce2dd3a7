#!/usr/bin/env bash
# Shell helpers of the targets that run a role with ansible-playbook against the emulator, as a user would.
# Sourced by their runme.sh (aliases: needs/target/setup_role_runs) after `set -euo pipefail`; it sets:
#   config, workdir (removed on exit), connection (the admin's ansible_jsm_ops_* variables), emulator, token
# and unsets every connection environment variable, so nothing inherited stands in for the settings under test.

config=../../integration_config.yml
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
connection=$workdir/connection.yml

setting() {  # NAME: a setting of integration_config.yml
    python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]])' "$config" "$1"
}
emulator=$(setting jsm_ops_emulator_url)
token=$(setting jsm_ops_admin_token)

# write_connection JSON: the admin's connection settings as ansible_jsm_ops_* variables (the ones the roles read),
# with the site unless JSON says "site": false, and the other variables of JSON.
write_connection() {
    python - "$config" "$connection" "$1" <<'PYTHON'
import json
import sys

import yaml

config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
extra = json.loads(sys.argv[3])
variables = {
    "ansible_jsm_ops_api_url": config["jsm_ops_api_url"],
    "ansible_jsm_ops_cloud_id": config["jsm_ops_cloud_id"],
    "ansible_jsm_ops_api_email": config["jsm_ops_admin_email"],
    "ansible_jsm_ops_api_token": config["jsm_ops_admin_token"],
}
if extra.pop("site", True):
    variables["ansible_jsm_ops_site"] = config["jsm_ops_site"]
variables.update(extra)
with open(sys.argv[2], "w", encoding="utf-8") as stream:
    yaml.safe_dump(variables, stream, allow_unicode=True)
PYTHON
}
write_connection '{}'

unset JSM_OPS_API_URL JSM_OPS_CLOUD_ID JSM_OPS_SITE JSM_OPS_API_EMAIL JSM_OPS_API_TOKEN \
    ATLASSIAN_OPS_CLOUD_ID ATLASSIAN_OPS_DOMAIN_NAME ATLASSIAN_OPS_API_EMAIL_ADDRESS ATLASSIAN_OPS_API_TOKEN

emulator_call() {  # METHOD PATH: print the answer of an emulator control endpoint
    python - "$emulator" "$1" "$2" <<'PYTHON'
import sys
import urllib.request

request = urllib.request.Request(sys.argv[1] + sys.argv[3], method=sys.argv[2])
with urllib.request.urlopen(request, timeout=10) as answer:  # nosec: loopback emulator
    print(answer.read().decode("utf-8"))
PYTHON
}

log_end() {  # the sequence number of the emulator's last logged request
    emulator_call GET /_emulator/log | python -c 'import json, sys; print(max([entry["seq"] for entry in json.load(sys.stdin)] or [0]))'
}

writes_since() {  # SEQ: the write requests logged after SEQ, one "METHOD PATH" a line
    emulator_call GET /_emulator/log | python -c '
import json, sys
for entry in json.load(sys.stdin):
    if entry["seq"] > int(sys.argv[1]) and entry["method"] != "GET":
        print(entry["method"], entry["path"])' "$1"
}

recap() {  # NAME FIELD: the number in the PLAY RECAP line of $workdir/NAME.log
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

token_hits() {  # how many lines of the runs' output show the token
    cat "$workdir"/*.log | grep -cF "$token" || true
}
