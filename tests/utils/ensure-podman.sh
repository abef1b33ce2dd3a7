#!/usr/bin/env bash
# Make sure a usable container engine is there for the execution environment image (make ee,
# make ee-demo): podman with runc, and mmdebstrap, which makes the image's base from Debian's
# packages. Installs Debian's podman, runc and mmdebstrap when running as root with apt-get.
# Like tests/utils/ensure-java.sh, it does not fail when that cannot be done: it says why and
# exits with status 3, so that the caller reports the step as not checked, never as passed.
#
# podman runs with tests/ee/containers.conf (CONTAINERS_CONF); "usable" means that
# `podman info` succeeds with it.
# Exit status: 0 usable, 3 not usable here.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/tests/ee/containers.conf}
packages=(podman runc mmdebstrap)

not_checked() {
    echo "ensure-podman: not checked: no usable container engine ($1)"
    exit 3
}

missing() {
    local command
    for command in podman runc mmdebstrap; do
        command -v "$command" >/dev/null 2>&1 || echo "$command"
    done
}

if [ -n "$(missing)" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        not_checked "$(missing | tr '\n' ' ')not installed, and this is not root, so they cannot be installed here"
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        not_checked "$(missing | tr '\n' ' ')not installed, and apt-get is not available"
    fi
    echo "+ apt-get update && apt-get install -y ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; }; then
        not_checked "installing ${packages[*]} with apt-get failed"
    fi
    if [ -n "$(missing)" ]; then
        not_checked "$(missing | tr '\n' ' ')still missing after installing ${packages[*]}"
    fi
fi

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
if ! info=$(podman info --format '{{.Version.Version}} {{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}} {{.Store.GraphDriverName}}' 2>"$errors"); then
    not_checked "podman info failed: $(tail -n 1 "$errors")"
fi
read -r version runtime cgroups driver <<<"$info"
echo "podman: $version (runtime $runtime, cgroup manager $cgroups, storage driver $driver, CONTAINERS_CONF=${CONTAINERS_CONF#"$root"/})"
