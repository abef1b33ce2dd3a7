#!/usr/bin/env bash
# The jsm.ops.oncall_report role against the emulator, then its page in headless Debian chromium.
#
# setup.yml adds a user and a schedule with markup characters in their names; report.yml runs the
# role in check mode (connection from JSM_OPS_* environment variables) and for real (connection
# from the role's jsm_ops_* variables, read from a vars file written here so the token stays off
# the command line), and checks the files; check_report.py then loads the page in chromium and
# compares it with the API's own on-call answers. It must also reject two spoiled copies of the
# page, so a check that cannot fail is caught. No run may print the token.
#
# chromium and chromedriver must be installed (tests/utils/ensure-chromium.sh, which `make
# integration` runs): without them this target fails, it is not skipped.
set -euo pipefail

config=../../integration_config.yml
chromium=${JSM_OPS_CHROMIUM:-/usr/bin/chromium}
chromedriver=${JSM_OPS_CHROMEDRIVER:-/usr/bin/chromedriver}
if [ ! -x "$chromium" ] || [ ! -x "$chromedriver" ]; then
    echo "jsmops_role_oncall_report: $chromium and $chromedriver are needed for the browser check;" \
        "install them with tests/utils/ensure-chromium.sh (Debian packages chromium, chromium-driver)" >&2
    exit 1
fi

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
connection=$workdir/connection.yml
token_file=$workdir/token

setting() {
    python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]])' "$config" "$1"
}

api_url=$(setting jsm_ops_api_url)
cloud_id=$(setting jsm_ops_cloud_id)
site=$(setting jsm_ops_site)
email=$(setting jsm_ops_admin_email)
setting jsm_ops_admin_token >"$token_file"
report_dir=$(setting jsm_ops_report_dir)

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

# Only the emulator's URL and the work directory from the integration config: the role must get its connection elsewhere.
playbook() {
    ansible-playbook -i localhost, -c local -e "jsm_ops_emulator_url=$api_url" -e "workdir=$workdir" "$@"
}

output=$workdir/output.log
run_logged() {
    local status=0
    "$@" 2>&1 | tee -a "$output" || status=$?
    return "$status"
}

echo "== set up the emulator"
run_logged ansible-playbook -i localhost, -c local -e "@$config" setup.yml "$@"

echo "== the role in check mode, connection from JSM_OPS_* environment variables"
JSM_OPS_API_URL=$api_url JSM_OPS_CLOUD_ID=$cloud_id JSM_OPS_SITE=$site JSM_OPS_API_EMAIL=$email \
    JSM_OPS_API_TOKEN=$(cat "$token_file") \
    run_logged playbook report.yml --check -e connection_from=environment "$@"

echo "== the role, connection from its jsm_ops_* variables"
run_logged playbook report.yml -e connection_from=variables -e "connection_file=$connection" "$@"

if grep -qF "$(cat "$token_file")" "$output"; then
    echo "FAIL: the API token appears in the output of the role" >&2
    exit 1
fi

read_result() {
    python -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]])' "$workdir/result.json" "$1"
}
html=$(read_result html)
start=$(read_result start)
title=$(python -c 'import sys, yaml; print(yaml.safe_load(open("vars.yml", encoding="utf-8"))["report_title"])')
hostile_name=$(python -c 'import sys, yaml; print(yaml.safe_load(open("vars.yml", encoding="utf-8"))["report_hostile_user"]["displayName"])')
schedule_args=()
while IFS= read -r name; do
    schedule_args+=(--schedule "$name")
done < <(python -c 'import yaml; print("\n".join(yaml.safe_load(open("vars.yml", encoding="utf-8"))["report_schedules"]))')
days=$(python -c 'import yaml; print(yaml.safe_load(open("vars.yml", encoding="utf-8"))["report_days"])')

keep=${report_dir:-$workdir}
mkdir -p "$keep"
check() {
    python check_report.py --title "$title" "${schedule_args[@]}" --start "$start" --days "$days" \
        --expect-name "$hostile_name" --emulator-url "$api_url" --cloud-id "$cloud_id" --email "$email" \
        --token-file "$token_file" --chromium "$chromium" --chromedriver "$chromedriver" "$@"
}

echo "== the page in headless chromium"
summary_args=()
if [ -n "$report_dir" ]; then
    summary_args=(--summary "$report_dir/browser.txt")
    cp "$html" "$report_dir/oncall-report.html"
    cp "$(read_result markdown)" "$report_dir/oncall-report.md"
fi
check --html "$html" --screenshot "$keep/oncall-report.png" "${summary_args[@]}"

echo "== the check rejects a page with a console error and a page that names the wrong person"
python - "$html" "$workdir/spoiled-console.html" "$workdir/spoiled-name.html" <<'PYTHON'
import sys

page = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as stream:
    stream.write(page.replace("</body>", "<script>console.error('spoiled on purpose');</script></body>", 1))
spoiled = page.replace("Dana Platform", "Erin Database")
assert spoiled != page
with open(sys.argv[3], "w", encoding="utf-8") as stream:
    stream.write(spoiled)
PYTHON
for spoiled in spoiled-console spoiled-name; do
    if check --html "$workdir/$spoiled.html" >"$workdir/$spoiled.out" 2>&1; then
        cat "$workdir/$spoiled.out"
        echo "FAIL: the browser check passed the page $spoiled.html" >&2
        exit 1
    fi
    echo "$spoiled: rejected: $(grep -m1 '^FAIL' "$workdir/$spoiled.out")"
done
