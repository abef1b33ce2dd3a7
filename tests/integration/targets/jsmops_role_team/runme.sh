#!/usr/bin/env bash
# The jsm.ops.team role against the emulator, through the collection's own example (examples/team_routing.yml), as a
# user runs it: --check --diff from nothing (nothing written), for real (operations turned on for the seed's Support
# team, its default resources deleted, a schedule, an escalation and three routing rules in order), again (nothing
# changes), the last rule moved to the top (one change-order request, then none), pruning, and variables refused
# before any request. verify.yml reads the team back after each stage.
# shellcheck disable=SC2154  # config, connection, workdir, emulator and token are set by role_runs.sh
set -euo pipefail

source ../setup_role_runs/role_runs.sh

# ansible-test runs the target in a copy under the collection's tests/output/.tmp; the example is the collection's own.
example=${PWD%%/tests/output/.tmp/*}/examples/team_routing.yml
expect "the example playbook is in the collection ($example)" [ -f "$example" ]

runs=0
# run NAME [ANSIBLE-PLAYBOOK ARGS...]: the example, output kept in $workdir/NAME.log
run() {
    local name=$1 status=0
    shift
    runs=$((runs + 1))
    echo "== $name"
    ansible-playbook "$example" -e "@$connection" "$@" >"$workdir/$name.log" 2>&1 || status=$?
    cat "$workdir/$name.log"
    return "$status"
}

verify() {
    runs=$((runs + 1))
    echo "== verify ($1)"
    ansible-playbook verify.yml -i localhost, -c local -e "connection_file=$connection" -e "stage=$1"
}

writes() {  # SEQ: how many write requests were logged after SEQ
    writes_since "$1" | grep -c . || true
}

emulator_call POST /_emulator/reset >/dev/null

# From nothing, in check mode: the team's operations would be turned on; nothing is written.
mark=$(log_end)
run check --check --diff
expect "check mode reports a change" [ "$(recap check changed)" -ge 1 ]
expect "check mode says what it cannot read yet" grep -q "would be turned on" "$workdir/check.log"
expect "check mode writes nothing" [ "$(writes "$mark")" -eq 0 ]

# For real, then again: the second run reports changed=0 and writes nothing.
run apply
expect "the first run turns operations on and creates the routing" [ "$(recap apply changed)" -ge 5 ]
verify applied
mark=$(log_end)
run again --diff
expect "the second run changes nothing" [ "$(recap again changed)" -eq 0 ]
expect "the second run writes nothing" [ "$(writes "$mark")" -eq 0 ]

# The last rule moved to the top: check mode shows it and writes nothing; the run sends one change-order request and
# changes nothing else; a second run sends none.
mark=$(log_end)
run reorder-check --check --diff -e @reordered.yml
expect "check mode reports the move" [ "$(recap reorder-check changed)" -eq 1 ]
expect "check mode writes nothing" [ "$(writes "$mark")" -eq 0 ]
mark=$(log_end)
run reorder -e @reordered.yml --diff
expect "moving the last rule to the top is one change" [ "$(recap reorder changed)" -eq 1 ]
expect "only the moved rule changed" [ "$(grep -c '^changed: ' "$workdir/reorder.log")" -eq 1 ]
expect "only the moved rule changed" grep -qF "changed: [localhost] => (item=Noise)" "$workdir/reorder.log"
written=$(writes_since "$mark")
echo "$written"
expect "moving the last rule to the top is one request" [ "$(echo "$written" | grep -c .)" -eq 1 ]
expect "that request is a change-order" grep -qE '^PATCH .*/routing-rules/[^/]+/change-order$' <<<"$written"
verify reordered
mark=$(log_end)
run reorder-again -e @reordered.yml
expect "the same order again changes nothing" [ "$(recap reorder-again changed)" -eq 0 ]
expect "the same order again writes nothing" [ "$(writes "$mark")" -eq 0 ]

# The same variables in one jsm.ops.jsmops_config task (jsm_ops_team_one_task): nothing differs and nothing is written;
# in check mode, the first order again is one predicted move, shown in the diff, and nothing is written.
mark=$(log_end)
run one-task-again -e @reordered.yml -e jsm_ops_team_one_task=true --diff
expect "one task over the same variables changes nothing" [ "$(recap one-task-again changed)" -eq 0 ]
expect "one task over the same variables writes nothing" [ "$(writes "$mark")" -eq 0 ]
mark=$(log_end)
run one-task-check -e jsm_ops_team_one_task=true --check --diff
expect "one task predicts the move" [ "$(recap one-task-check changed)" -eq 1 ]
expect "one task shows the moved rule in the diff" grep -qF "changed routing rule Noise (team 'Support')" "$workdir/one-task-check.log"
expect "one task predicts the fewest moves: one" [ "$(grep -c '^--- before: changed routing rule' "$workdir/one-task-check.log")" -eq 1 ]
expect "one task in check mode writes nothing" [ "$(writes "$mark")" -eq 0 ]

# Pruning: the rule no longer declared and an escalation nobody declares are deleted; an undeclared escalation that the
# default rule notifies is kept, and the run says so.
adhoc() {  # NAME MODULE ARGS-JSON: one module call with the admin's connection from the environment
    JSM_OPS_API_URL=$(setting jsm_ops_api_url) JSM_OPS_CLOUD_ID=$(setting jsm_ops_cloud_id) JSM_OPS_API_EMAIL=$(setting jsm_ops_admin_email) \
        JSM_OPS_API_TOKEN=$token ansible localhost -m "$2" -e ansible_python_interpreter="$(command -v python)" -a "$3" \
        >"$workdir/$1.log" 2>&1 || { cat "$workdir/$1.log"; exit 1; }
}
adhoc stray jsm.ops.jsmops_escalation '{"team": "Support", "name": "Stray", "rules": [{"delay": 5, "recipient": {"type": "team", "name": "Support"}}]}'
adhoc kept jsm.ops.jsmops_escalation '{"team": "Support", "name": "Kept", "rules": [{"delay": 5, "recipient": {"type": "team", "name": "Support"}}]}'
adhoc default jsm.ops.jsmops_routing_rule '{"team": "Support", "name": "Default routing rule", "notify": {"type": "escalation", "name": "Kept"}}'
mark=$(log_end)
run prune -e @pruned.yml
written=$(writes_since "$mark")
echo "$written"
expect "pruning sends two requests" [ "$(echo "$written" | grep -c .)" -eq 2 ]
expect "pruning deletes the undeclared rule" grep -qE '^DELETE .*/routing-rules/' <<<"$written"
expect "pruning deletes the undeclared escalation" grep -qE '^DELETE .*/escalations/' <<<"$written"
expect "pruning says why it keeps the escalation the default rule notifies" grep -qF "Escalation Kept is not declared but is kept" "$workdir/prune.log"
verify pruned

# Refused before any request: variables the role's argument spec (or the schedules role's) rejects, and duplicates.
for case in bad-delay:bad_delay.yml:"argument 'delay' is of type str found in 'jsm_ops_team_escalations -> rules'" bad-schedule:bad_schedule.yml:'value of type must be one of: daily, weekly, hourly, got: monthly found in jsm_ops_team_schedules -> rotations' \
    duplicate:bad_duplicate.yml:'must be declared once'; do
    IFS=: read -r name file message <<<"$case"
    mark=$(log_end)
    if run "$name" -e "@$file"; then
        echo "FAILED: $name: the run should have failed" >&2
        exit 1
    fi
    expect "$name: the failure says: $message" grep -qF "$message" "$workdir/$name.log"
    expect "$name: no request reached the emulator" [ "$(log_end)" -eq "$mark" ]
done

hits=$(token_hits)
expect "the API token appears in no output" [ "$hits" -eq 0 ]

if [ -n "$(setting jsm_ops_report_dir)" ]; then
    echo "role team: $runs playbook runs, token in output: $hits hits" >"$(setting jsm_ops_report_dir)/jsmops_role_team.txt"
fi
echo "== jsmops_role_team: all checks passed"
