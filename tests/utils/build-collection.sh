#!/usr/bin/env bash
# Build the collection tarball from the repository root, check that no local
# clutter went into it, and install it.
#
# usage: tests/utils/build-collection.sh DIST_DIR INSTALL_DIR
#   ansible-galaxy must be on PATH.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 DIST_DIR INSTALL_DIR" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dist=$1
installed=$2

rm -rf "$dist" "$installed"
mkdir -p "$dist" "$installed"

echo "+ ansible-galaxy collection build --output-path $dist --force $root"
ansible-galaxy collection build --output-path "$dist" --force "$root"

tarballs=("$dist"/jsm-ops-*.tar.gz)
if [ "${#tarballs[@]}" -ne 1 ] || [ ! -f "${tarballs[0]}" ]; then
    echo "build-collection: expected one jsm-ops-*.tar.gz in $dist" >&2
    exit 1
fi
tarball=${tarballs[0]}

# Paths that must never be shipped (see build_ignore in galaxy.yml).
unwanted='^(\./)?(\.venv[^/]*|venv|\.build|\.ansible|collections|tests/output)(/|$)|\.tar\.gz$|(^|/)integration_config\.yml$|(^|/)(__pycache__|\.pytest_cache)(/|$)'
listing=$(tar -tzf "$tarball")
if bad=$(grep -E "$unwanted" <<<"$listing"); then
    echo "build-collection: $tarball contains files that must not be shipped:" >&2
    head -n 20 <<<"$bad" >&2
    exit 1
fi
echo "checked $tarball: $(wc -l <<<"$listing") entries, no local clutter"

# With the install directory as the collections path, ansible-galaxy does not warn that the
# collection "will not be picked up": it will, with ANSIBLE_COLLECTIONS_PATH set to it.
echo "+ ANSIBLE_COLLECTIONS_PATH=$installed ansible-galaxy collection install $tarball -p $installed --force"
ANSIBLE_COLLECTIONS_PATH="$installed" ansible-galaxy collection install "$tarball" -p "$installed" --force
