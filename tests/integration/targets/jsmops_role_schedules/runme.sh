#!/usr/bin/env bash
# The jsm.ops.schedules role against the emulator, as a user runs it: ansible-playbook with --check --diff, then for
# real, then again (nothing changes), a change of one setting, pruning the Database team with and without a team
# scope, and variables the role's argument spec refuses before any request. Each run's PLAY RECAP and output are
# checked here; converge.yml checks the writes the emulator logged, verify.yml the stored schedules.
# shellcheck disable=SC2154  # config, connection, workdir, emulator and token are set by role_runs.sh
set -euo pipefail

source ../setup_role_runs/role_runs.sh

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

# The same variables in one jsm.ops.jsmops_config task (jsm_ops_schedules_one_task): nothing differs and nothing is
# written; in check mode the earlier time zone is one predicted change, shown in the diff, and nothing is written.
run one-task-again declared_changed.yml 0 -e jsm_ops_schedules_one_task=true --diff
expect "one task over the same schedules changes nothing" [ "$(recap one-task-again changed)" -eq 0 ]
run one-task-check declared.yml 0 -e jsm_ops_schedules_one_task=true --check --diff
expect "one task predicts the time zone change" [ "$(recap one-task-check changed)" -eq 1 ]
expect "one task shows it in the diff" grep -qF "changed schedule Database Secondary (team 'Database')" "$workdir/one-task-check.log"
expect "one task shows the earlier time zone" grep -q "Europe/Berlin" "$workdir/one-task-check.log"

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
    before=$(log_end)
    if run "$name" "$declared" 0; then
        echo "FAILED: $name: the run should have failed" >&2
        exit 1
    fi
    expect "$name: the failure says: $message" grep -qF "$message" "$workdir/$name.log"
    expect "$name: no request reached the emulator" [ "$(log_end)" -eq "$before" ]
done
expect "bad-names: the failure names the prune flag too" grep -q "is not a valid boolean" "$workdir/bad-names.log"

# The token never appears in any output.
hits=$(token_hits)
expect "the API token appears in no output" [ "$hits" -eq 0 ]

if [ -n "$(setting jsm_ops_report_dir)" ]; then
    echo "role schedules: $runs playbook runs, token in output: $hits hits" >"$(setting jsm_ops_report_dir)/jsmops_role_schedules.txt"
fi
echo "== jsmops_role_schedules: all checks passed"
