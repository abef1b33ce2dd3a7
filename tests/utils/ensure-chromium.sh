#!/usr/bin/env bash
# Make sure Debian's chromium and its chromedriver are installed, for the browser check of the
# on-call report role (tests/integration/targets/jsmops_role_oncall_report). Installs the Debian
# packages when running as root with apt-get. Unlike tests/utils/ensure-shellcheck.sh it fails when
# the browser cannot be had: the browser check is a test that must run, not one to skip.
#
# Settings: JSM_OPS_CHROMIUM (default /usr/bin/chromium), JSM_OPS_CHROMEDRIVER (default /usr/bin/chromedriver).
set -euo pipefail

chromium=${JSM_OPS_CHROMIUM:-/usr/bin/chromium}
chromedriver=${JSM_OPS_CHROMEDRIVER:-/usr/bin/chromedriver}

have_browser() {
    [ -x "$chromium" ] && [ -x "$chromedriver" ]
}

if ! have_browser; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "ensure-chromium: $chromium or $chromedriver is missing, and installing needs root and apt-get:" >&2
        echo "ensure-chromium: install the Debian packages chromium and chromium-driver" >&2
        exit 1
    fi
    echo "+ apt-get update && apt-get install -y chromium chromium-driver fonts-dejavu-core"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi

if ! have_browser; then
    echo "ensure-chromium: $chromium or $chromedriver is still missing after the install" >&2
    exit 1
fi
echo "chromium: $("$chromium" --version 2>/dev/null | head -n 1) ($chromium, $chromedriver)"
