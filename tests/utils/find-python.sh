#!/usr/bin/env bash
# Print the path of a working Python interpreter of the version asked for.
#
# usage: tests/utils/find-python.sh 3.12
#
# pythonX.Y on PATH is used when it runs; pyenv shims exist for versions that are
# installed but not selected and fail when run, so pyenv's own versions are tried next.
set -euo pipefail

version=${1:?usage: $0 X.Y}
candidates=("python$version")
if command -v pyenv >/dev/null 2>&1; then
    pyenv_root=$(pyenv root)
    for dir in "$pyenv_root"/versions/"$version".*; do
        candidates+=("$dir/bin/python$version")
    done
fi
for candidate in "${candidates[@]}"; do
    if path=$("$candidate" -c 'import sys; print(sys.executable)' 2>/dev/null); then
        echo "$path"
        exit 0
    fi
done
echo "find-python: no working python$version (tried: ${candidates[*]}); install Python $version or pass PYTHON=..." >&2
echo "python$version-not-found"
exit 1
