#!/usr/bin/env bash
# Make sure shellcheck is installed, so that the shellcheck sanity test runs
# instead of being skipped. Installs the Debian package when running as root
# with apt-get; otherwise says why it was skipped and succeeds.
set -euo pipefail

if command -v shellcheck >/dev/null 2>&1; then
    echo "shellcheck: $(command -v shellcheck)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "shellcheck is not installed and this is not root: the shellcheck sanity test will be skipped"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "shellcheck is not installed and apt-get is not available: the shellcheck sanity test will be skipped"
    exit 0
fi

echo "+ apt-get update && apt-get install -y shellcheck"
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends shellcheck >/dev/null; then
    echo "shellcheck: installed $(command -v shellcheck)"
else
    echo "installing shellcheck with apt-get failed: the shellcheck sanity test will be skipped"
fi
