#!/usr/bin/env bash
# Smoke-test the installed collection: its documentation renders and a module
# runs ad hoc against the emulator started by tests/utils/with-emulator.sh.
#
# usage: tests/utils/with-emulator.sh tests/utils/smoke-installed.sh COLLECTIONS_PATH
#   ansible and ansible-doc must be on PATH; PYTHON is the interpreter the
#   module runs with (default .venv/bin/python).
set -euo pipefail

if [ "$#" -ne 1 ]; then
    echo "usage: $0 COLLECTIONS_PATH" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
collections=$(cd "$1" && pwd)
python=${PYTHON:-$root/.venv/bin/python}
: "${JSM_OPS_EMULATOR_URL:?run this script through tests/utils/with-emulator.sh}"
export ANSIBLE_COLLECTIONS_PATH=$collections
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false

module=jsm.ops.jsmops_schedule_info
echo "+ ANSIBLE_COLLECTIONS_PATH=$collections ansible-doc -t module $module"
doc=$(ansible-doc -t module "$module")
if ! grep -q "$module" <<<"$doc"; then
    echo "smoke-installed: ansible-doc did not render $module" >&2
    echo "$doc" >&2
    exit 1
fi
head -n 5 <<<"$doc"
echo "... ansible-doc rendered $(wc -l <<<"$doc") lines"

output=$(mktemp)
trap 'rm -f "$output"' EXIT
echo "+ ansible localhost -m $module -a \"name='Platform Primary'\" -e ansible_python_interpreter=$python"
ansible localhost -m "$module" -a "name='Platform Primary'" \
    -e "ansible_python_interpreter=$python" | tee "$output"

if ! grep -q 'Platform Primary' "$output"; then
    echo "smoke-installed: the ad-hoc output does not mention 'Platform Primary'" >&2
    exit 1
fi
if grep -qF "$JSM_OPS_API_TOKEN" "$output"; then
    echo "smoke-installed: the API token appears in the output" >&2
    exit 1
fi
echo "ad-hoc run of $module against the emulator: ok"
