#!/usr/bin/env bash
# The jsm.ops.maintenance_window role against the emulator, on a play of two hosts: a deploy that succeeds and one
# that fails (the window is cancelled both times, the failed run still fails), the open/close entry points around a
# failing deploy, check mode (nothing written), and variables the argument spec refuses before any request.
# shellcheck disable=SC2154  # config, connection, workdir, emulator and token are set by role_runs.sh
set -euo pipefail

source ../setup_role_runs/role_runs.sh
# The admin's connection settings, without the site, and the window's rules.
write_connection '{"site": false, "window_rules": [{"type": "integration", "name": "Platform Prometheus"}]}'

runs=0
# run NAME PLAYBOOK DESCRIPTION DEPLOY_TASKS [ANSIBLE-PLAYBOOK ARGS...]: output kept in $workdir/NAME.log
run() {
    local name=$1 playbook=$2 description=$3 tasks=$4 status=0
    shift 4
    runs=$((runs + 1))
    echo "== $name"
    ansible-playbook "$playbook" -i inventory -e "@$config" -e "connection_file=$connection" \
        -e "window_description='$description'" -e "deploy_tasks=$tasks" "$@" >"$workdir/$name.log" 2>&1 || status=$?
    cat "$workdir/$name.log"
    return "$status"
}

verify() {  # DESCRIPTION COUNT STATUS CREATES [TEAM]
    runs=$((runs + 1))
    echo "== verify: $1"
    ansible-playbook verify.yml -i localhost, -c local -e "@$config" -e "connection_file=$connection" \
        -e "window_description='$1'" -e "expect_count=$2" -e "expect_status=$3" -e "expect_creates=$4" -e "window_team='${5:-}'"
}


emulator_call POST /_emulator/reset >/dev/null

# The deploy succeeds: one window for both hosts, active during the deploy, cancelled after it.
run deploy-ok wrapped.yml "Deploy 4.2.0" deploy_ok.yml
verify "Deploy 4.2.0" 1 cancelled 1

# The deploy fails: the window is still cancelled, and the run fails on both hosts.
if run deploy-fails wrapped.yml "Deploy 4.2.1" deploy_fail.yml; then
    echo "FAILED: the failed deploy's run succeeded" >&2
    exit 1
fi
expect "the deploy's own failure is reported" grep -q "the deploy failed" "$workdir/deploy-fails.log"
expect "both hosts failed" [ "$(grep -cE "^web[12] +:.* failed=1 " "$workdir/deploy-fails.log")" -eq 2 ]
verify "Deploy 4.2.1" 1 cancelled 2

# The open and close entry points in a block of the play's own, around a failing deploy, for a team's window.
if run open-close open_close.yml "Deploy 4.2.2" deploy_fail.yml; then
    echo "FAILED: the failed deploy's run succeeded" >&2
    exit 1
fi
verify "Deploy 4.2.2" 1 cancelled 3 Platform
verify "Deploy 4.2.2" 0 none 3

# Check mode: the deploy runs in check mode, nothing is written.
before=$(log_end)
run check wrapped.yml "Deploy 4.3.0" deploy_ok.yml --check
writes=$(emulator_call GET /_emulator/log | python -c 'import json, sys; print(len([e for e in json.load(sys.stdin) if e["seq"] > int(sys.argv[1]) and e["method"] != "GET"]))' "$before")
expect "check mode wrote nothing" [ "$writes" -eq 0 ]
verify "Deploy 4.3.0" 0 none 3

# Refused before any request: no rules, and no tasks file for the main entry point.
before=$(log_end)
if run bad-vars wrapped.yml "Deploy 4.4.0" deploy_ok.yml -e '{"window_rules": [{"type": "dashboard", "name": "x"}]}'; then
    echo "FAILED: bad variables were accepted" >&2
    exit 1
fi
expect "the argument spec names the bad rule" grep -qF "value of type must be one of: integration, policy, sync, got: dashboard" "$workdir/bad-vars.log"
expect "no request reached the emulator" [ "$(log_end)" -eq "$before" ]

# Opening fails (a rule names no integration): an open window with the same description, opened by someone else,
# is not cancelled by the role's clean-up.
runs=$((runs + 1))
ansible localhost -c local -i localhost, -e "@$config" -e "ansible_python_interpreter=$(command -v python)" \
    -m jsm.ops.jsmops_maintenance -a '{"api_url": "{{ jsm_ops_api_url }}", "cloud_id": "{{ jsm_ops_cloud_id }}",
    "api_email": "{{ jsm_ops_admin_email }}", "api_token": "{{ jsm_ops_admin_token }}", "description": "Deploy 4.5.0",
    "duration": "2h", "rules": [{"type": "integration", "name": "Platform Prometheus"}]}' >"$workdir/other-window.log" 2>&1 \
    || { cat "$workdir/other-window.log"; echo "FAILED: could not open the other window" >&2; exit 1; }
before=$(log_end)
if run open-fails wrapped.yml "Deploy 4.5.0" deploy_ok.yml -e '{"window_rules": [{"type": "integration", "name": "No Such Integration"}]}'; then
    echo "FAILED: a run whose window could not be opened succeeded" >&2
    exit 1
fi
writes=$(emulator_call GET /_emulator/log | python -c 'import json, sys; print(len([e for e in json.load(sys.stdin) if e["seq"] > int(sys.argv[1]) and e["method"] != "GET"]))' "$before")
expect "the other window was not touched" [ "$writes" -eq 0 ]

hits=$(token_hits)
expect "the API token appears in no output" [ "$hits" -eq 0 ]

if [ -n "$(setting jsm_ops_report_dir)" ]; then
    echo "role maintenance_window: $runs playbook runs, token in output: $hits hits" >"$(setting jsm_ops_report_dir)/jsmops_role_maintenance_window.txt"
fi
echo "== jsmops_role_maintenance_window: all checks passed"
