#!/usr/bin/env bash
# Build the HTML documentation site of the collection: antsibull-docs writes RST pages for
# every module, lookup and role (from their own documentation) and for the guides listed in
# docs/docsite/extra-docs.yml; Sphinx turns them into HTML. Needs no network.
#
# usage: tests/utils/build-docs.sh COLLECTIONS_DIR OUT_DIR
#   COLLECTIONS_DIR  a directory holding ansible_collections/jsm/ops (the staged copy)
#   OUT_DIR          receives rst/, doctrees/ and html/ (the site: html/index.html)
#   antsibull-docs and sphinx-build must be on PATH.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 COLLECTIONS_DIR OUT_DIR" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
collections=$(cd "$1" && pwd -P)
out=$2

if [ ! -f "$collections/ansible_collections/jsm/ops/galaxy.yml" ]; then
    echo "build-docs: no collection at $collections/ansible_collections/jsm/ops" >&2
    exit 2
fi

# Document exactly this copy: no other installed jsm.ops, no collections found on sys.path.
export ANSIBLE_COLLECTIONS_PATH=$collections
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false

mkdir -p "$out"
out=$(cd "$out" && pwd -P)
fresh=$out/rst.new
rm -rf "$fresh"
mkdir -p "$fresh" "$out/rst"
chmod og-w "$fresh"  # antsibull-docs wants its destination writable by its owner only

# --fail-on-error: a plugin or role whose documentation does not parse fails the build
# instead of becoming an error page.
antsibull-docs collection \
    --use-current \
    --squash-hierarchy \
    --fail-on-error \
    --dest-dir "$fresh" \
    jsm.ops

# Move the new pages over the previous ones, keeping the files that did not change
# untouched, so that Sphinx rebuilds only the pages that changed.
(
    cd "$fresh"
    find . -type f -print0 | while IFS= read -r -d '' file; do
        if ! cmp -s "$file" "$out/rst/$file"; then
            mkdir -p "$out/rst/$(dirname "$file")"
            cp "$file" "$out/rst/$file"
        fi
    done
)
removed=$(cd "$out/rst" && find . -type f -print0 | while IFS= read -r -d '' file; do
    if [ ! -e "$fresh/$file" ]; then
        rm -f "$file"
        echo "$file"
    fi
done)
rm -rf "$fresh"
if [ -n "$removed" ]; then
    # Sphinx keeps the HTML of pages whose source is gone (a plugin or role that was removed).
    rm -rf "$out/doctrees" "$out/html"
fi

# Sphinx re-reads only changed pages and reports warnings only for those. A new Sphinx
# configuration or set of tools means a full build; so does a failed build (below), whose
# warnings a later partial build would not repeat.
conf_id=$( (cat "$root/docs/sphinx/conf.py" "$root/docs/sphinx/constraints.txt"; sphinx-build --version) | sha256sum)
if [ "$(cat "$out/doctrees/.conf-id" 2>/dev/null || true)" != "$conf_id" ]; then
    rm -rf "$out/doctrees" "$out/html"
fi

# -W: warnings are errors; --keep-going: report all of them before failing.
if ! sphinx-build -b html -W --keep-going -q \
    -c "$root/docs/sphinx" \
    -d "$out/doctrees" \
    "$out/rst" "$out/html"; then
    rm -rf "$out/doctrees"
    echo "build-docs: Sphinx failed (warnings count as errors)" >&2
    exit 1
fi
echo "$conf_id" > "$out/doctrees/.conf-id"

echo "docs: $(find "$out/html" -name '*.html' | wc -l) HTML pages in $out/html (start at index.html)"
