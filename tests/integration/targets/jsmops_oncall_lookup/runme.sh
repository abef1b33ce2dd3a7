#!/usr/bin/env bash
# The jsmops_oncall lookup runs in the controller: it takes its connection settings from options,
# variables or the controller's own environment (a task's `environment:` does not reach it).
# lookup.yml reads ansible_jsm_ops_* variables from a vars file written here; the env_*.yml playbooks
# run with environment variables set here; templated.yml sets the variables to templates.
# All are held to the answers worked out by hand in ../jsmops_oncall_info/vars/main.yml.
set -euo pipefail

config=../../integration_config.yml
expected=../jsmops_oncall_info/vars/main.yml
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
connection=$workdir/connection.yml

setting() {
    python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]])' "$config" "$1"
}

# The admin's connection settings as ansible_jsm_ops_* variables with plain values, as a vars file holds them.
python - "$config" "$connection" <<'PYTHON'
import sys

import yaml

config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
variables = {
    "ansible_jsm_ops_api_url": config["jsm_ops_api_url"],
    "ansible_jsm_ops_cloud_id": config["jsm_ops_cloud_id"],
    "ansible_jsm_ops_api_email": config["jsm_ops_admin_email"],
    "ansible_jsm_ops_api_token": config["jsm_ops_admin_token"],
}
with open(sys.argv[2], "w", encoding="utf-8") as stream:
    yaml.safe_dump(variables, stream, allow_unicode=True)
PYTHON

# Nothing inherited may stand in for the settings under test.
unset JSM_OPS_API_URL JSM_OPS_CLOUD_ID JSM_OPS_SITE JSM_OPS_API_EMAIL JSM_OPS_API_TOKEN \
    ATLASSIAN_OPS_CLOUD_ID ATLASSIAN_OPS_DOMAIN_NAME ATLASSIAN_OPS_API_EMAIL_ADDRESS ATLASSIAN_OPS_API_TOKEN

playbook() {
    ansible-playbook "$1" -i localhost, -c local -e "@$config" -e "@$expected" -e "connection_file=$connection" "${@:2}"
}

echo "== connection settings in ansible_jsm_ops_* variables"
playbook lookup.yml "$@"

echo "== connection settings in JSM_OPS_* environment variables"
JSM_OPS_API_URL=$(setting jsm_ops_api_url) \
    JSM_OPS_CLOUD_ID=$(setting jsm_ops_cloud_id) \
    JSM_OPS_API_EMAIL=$(setting jsm_ops_admin_email) \
    JSM_OPS_API_TOKEN=$(setting jsm_ops_admin_token) \
    playbook env_jsm_ops.yml "$@"

echo "== credentials and site in ATLASSIAN_OPS_* environment variables"
JSM_OPS_API_URL=$(setting jsm_ops_api_url) \
    ATLASSIAN_OPS_DOMAIN_NAME=$(setting jsm_ops_site) \
    ATLASSIAN_OPS_API_EMAIL_ADDRESS=$(setting jsm_ops_member_email) \
    ATLASSIAN_OPS_API_TOKEN=$(setting jsm_ops_member_token) \
    playbook env_atlassian_ops.yml "$@"

echo "== connection settings in ansible_jsm_ops_* variables whose values are templates"
playbook templated.yml "$@"
