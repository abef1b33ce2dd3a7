#!/usr/bin/env bash
# The collection's example examples/integration_policies.yml against the emulator, as a user runs it: --check --diff
# from nothing (nothing written), for real (an API integration for the Platform team with its key in a 0600 file, two
# actions in order, a team alert policy and a notification policy), at -vvvv (the key is in no output), and again
# (changed=0, no write).
# shellcheck disable=SC2154  # config, connection, workdir, emulator and token are set by role_runs.sh
set -euo pipefail

source ../setup_role_runs/role_runs.sh

example=${PWD%%/tests/output/.tmp/*}/examples/integration_policies.yml
expect "the example playbook is in the collection ($example)" [ -f "$example" ]
keyfile=$workdir/keys/alertmanager.key

runs=0
run() {  # NAME [ANSIBLE-PLAYBOOK ARGS...]: the example, output kept in $workdir/NAME.log
    local name=$1 status=0
    shift
    runs=$((runs + 1))
    echo "== $name"
    ansible-playbook "$example" -e "@$connection" -e "alertmanager_key_file=$keyfile" "$@" >"$workdir/$name.log" 2>&1 || status=$?
    cat "$workdir/$name.log"
    return "$status"
}

emulator_call POST /_emulator/reset >/dev/null

mark=$(log_end)
run check --check --diff
expect "check mode reports the changes" [ "$(recap check changed)" -ge 5 ]
expect "check mode says the actions wait for their integration" grep -q "does not exist yet; check mode predicts the action as new" "$workdir/check.log"
expect "check mode writes nothing" [ -z "$(writes_since "$mark")" ]
expect "check mode writes no key file" [ ! -e "$keyfile" ]

run apply -vvvv
expect "the first run creates everything" [ "$(recap apply changed)" -eq 5 ]
expect "the key file exists" [ -s "$keyfile" ]
expect "the key file is readable by its owner only" [ "$(stat -c %a "$keyfile")" = 600 ]
key=$(tr -d '\n' <"$keyfile")
expect "the key is in no output" [ "$(cat "$workdir"/*.log | grep -cF "$key" || true)" -eq 0 ]

state=$(emulator_call GET /_emulator/state)
python - "$state" <<'PYTHON'
import json
import sys

state = json.loads(sys.argv[1])
integration = next(item for item in state["integrations"] if item["name"] == "Alertmanager (Platform)")
actions = [action["name"] for action in integration.get("actions") or state.get("integrationActions", {}).get(integration["id"], [])]
assert actions == ["Critical", "Resolved"], actions
names = {(policy.get("type"), policy["name"]) for policy in state["policies"] if policy.get("teamId") == integration["teamId"]}
assert ("alert", "Staging is P5") in names and ("notification", "Low priority waits") in names, names
PYTHON

mark=$(log_end)
run again --diff
expect "the second run changes nothing" [ "$(recap again changed)" -eq 0 ]
expect "the second run writes nothing" [ -z "$(writes_since "$mark")" ]
expect "the second run does not warn about the key" [ "$(grep -c "cannot be read again" "$workdir/again.log" || true)" -eq 0 ]

hits=$(token_hits)
expect "the API token appears in no output" [ "$hits" -eq 0 ]
if [ -n "$(setting jsm_ops_report_dir)" ]; then
    echo "example integration: $runs playbook runs, second run changed=0, key file mode 600, key and token in output: 0 hits" \
        >"$(setting jsm_ops_report_dir)/jsmops_example_integration.txt"
fi
echo "== jsmops_example_integration: all checks passed"
