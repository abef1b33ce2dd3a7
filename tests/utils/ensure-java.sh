#!/usr/bin/env bash
# Make sure a Java runtime 17 or newer is there for ansible-rulebook's rule engine (make eda-check).
# Installs Debian's openjdk-17-jre-headless when running as root with apt-get. Otherwise, unlike
# tests/utils/ensure-chromium.sh, it does not fail: it says that the rulebook check cannot be done
# and exits with status 3, so that the caller reports the check as not checked, never as passed.
#
# The runtime is the one ansible-rulebook uses: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH.
# Exit status: 0 Java >= 17 is there, 3 it is not and could not be installed.
set -euo pipefail

minimum=17

java_cmd() {
    if [ -n "${JAVA_HOME:-}" ]; then
        echo "$JAVA_HOME/bin/java"
    else
        command -v java || true
    fi
}

# The major version of the runtime ("1.8.0_402" is 8, "17.0.15" is 17), or nothing.
java_major() {
    local java version
    java=$(java_cmd)
    [ -n "$java" ] && [ -x "$java" ] || return 0
    version=$("$java" -version 2>&1 | sed -n 's/^[^"]* version "\([^"]*\)".*/\1/p' | head -n 1)
    case "$version" in
        1.*) version=${version#1.} ;;
        *) ;;
    esac
    version=${version%%[!0-9]*}
    echo "$version"
}

have_java() {
    local major
    major=$(java_major)
    [ -n "$major" ] && [ "$major" -ge "$minimum" ]
}

not_checked() {
    echo "ensure-java: not checked: no Java runtime >= $minimum ($1); install openjdk-17-jre-headless (Debian) or set JAVA_HOME"
    exit 3
}

if ! have_java; then
    if [ "$(id -u)" -ne 0 ]; then
        not_checked "this is not root, so it cannot be installed here"
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        not_checked "apt-get is not available"
    fi
    echo "+ apt-get update && apt-get install -y openjdk-17-jre-headless"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null; }; then
        not_checked "installing openjdk-17-jre-headless with apt-get failed"
    fi
    if ! have_java; then
        not_checked "still none after installing openjdk-17-jre-headless"
    fi
fi
java=$(java_cmd)
echo "java: $("$java" -version 2>&1 | head -n 1) ($java)"
