#!/usr/bin/env bash
# Copy the collection into DEST, a directory ending in ansible_collections/jsm/ops,
# for ansible-test (which refuses symlinked paths). Only the files git sees are
# copied: tracked and untracked ones, minus what .gitignore excludes.
# Whatever was in DEST before is removed.
#
# usage: tests/utils/stage-collection.sh DEST
set -euo pipefail

if [ "$#" -ne 1 ]; then
    echo "usage: $0 DEST" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
dest=$1

case "$dest" in
    */ansible_collections/jsm/ops | */ansible_collections/jsm/ops/) ;;
    *)
        echo "stage-collection: DEST must end in ansible_collections/jsm/ops: $dest" >&2
        exit 2
        ;;
esac

mkdir -p "$dest"
dest=$(cd "$dest" && pwd -P)
case "$root/" in
    "$dest"/*)
        echo "stage-collection: refusing to wipe $dest, it holds the repository" >&2
        exit 2
        ;;
esac

rm -rf "$dest"
mkdir -p "$dest"

cd "$root"
# --ignore-failed-read: a tracked file deleted in the work tree is left out.
git ls-files -z -co --exclude-standard \
    | tar --null -T - --ignore-failed-read -cf - \
    | tar -xf - -C "$dest"

# ansible-test lists a collection's files with git from the nearest .git upwards;
# the copy lies in the repository's ignored .build/, so it gets a git directory
# of its own in which every file is untracked (and thus listed).
git -C "$dest" init -q

echo "staged $(find "$dest" -type f | wc -l) files in $dest"
