#!/usr/bin/env bash
# Runs canary.yml at -vvvv (plain, in diff mode, and with results as YAML instead of JSON)
# and fails if the API token shows up anywhere: raw, as the Basic credentials in base64, URL-encoded,
# or split across a line break. The emulator's request log is searched too.
set -euo pipefail

config=../../integration_config.yml
workdir=$(mktemp -d)  # what the runs print, searched at the end
inputs=$(mktemp -d)   # what they read
trap 'rm -rf "$workdir" "$inputs"' EXIT

# A wrong token that no account has: long, distinctive, and changed by URL encoding.
# It goes in through a vars file, as a vaulted variable would: -vvvv prints command-line extra vars.
canary='jsmops-canary/Token+7d2e9b41=c6a8f035&e1b7'
printf 'canary_token: "%s"\n' "$canary" >"$inputs/canary.yml"

run() {
    local name=$1
    shift
    echo "== canary run: $name"
    if ! "$@" ansible-playbook canary.yml -i localhost, -c local -vvvv -e "@$config" -e "@$inputs/canary.yml" \
        >"$workdir/$name.out" 2>&1; then
        tail -n 40 "$workdir/$name.out"
        echo "canary run $name failed" >&2
        exit 1
    fi
}

run plain env
# Not ANSIBLE_DEBUG: ansible-core documents that its debug output can include secrets despite
# no_log (it prints every module's raw arguments), so it must never be used with real credentials.
run diff env ANSIBLE_DIFF_ALWAYS=1
run yaml env ANSIBLE_CALLBACK_RESULT_FORMAT=yaml

emulator_url=$(python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["jsm_ops_emulator_url"])' "$config")
python -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1] + "/_emulator/log").read().decode())' \
    "$emulator_url" >"$workdir/emulator-log.json"

python - "$config" "$canary" "$workdir" <<'PYTHON'
"""Search every captured output for every form of both tokens."""
import base64
import pathlib
import sys
import urllib.parse

import yaml

config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
email = config["jsm_ops_admin_email"]
tokens = [config["jsm_ops_admin_token"], sys.argv[2]]
forms = {}
for token in tokens:
    forms[token] = "raw token"
    forms[base64.b64encode(("%s:%s" % (email, token)).encode()).decode()] = "base64 credentials"
    forms[urllib.parse.quote(token, safe="")] = "URL-encoded token"
    forms[urllib.parse.quote_plus(token)] = "form-encoded token"
hits = 0
checked = 0
for path in sorted(pathlib.Path(sys.argv[3]).iterdir()):
    text = path.read_text(encoding="utf-8", errors="replace")
    joined = text.replace("\r", "").replace("\n", "")
    checked += len(text)
    for form, kind in forms.items():
        if form in text:
            print("LEAK: %s found in %s" % (kind, path.name))
            hits += 1
        elif form in joined:
            print("LEAK: %s split across lines in %s" % (kind, path.name))
            hits += 1
if checked < 10000:
    print("too little output captured (%d characters): the runs did not do what they should" % checked)
    sys.exit(1)
print("searched %d characters in %d files for %d forms: %d hits" % (checked, len(list(pathlib.Path(sys.argv[3]).iterdir())), len(forms), hits))
sys.exit(1 if hits else 0)
PYTHON
