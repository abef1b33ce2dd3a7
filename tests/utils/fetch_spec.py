"""Find Atlassian's OpenAPI spec of JSM Ops for the emulator's validation, or fetch it into a cache.

usage: python tests/utils/fetch_spec.py --url URL --sha256 HEX --cache FILE [--local FILE ...]

A local copy (``--local``, in the order given) is used first when it exists; then the cached
download, when its sha256 is the pinned one; otherwise the spec is downloaded from ``--url``, its
sha256 checked against ``--sha256``, and kept in ``--cache``. Standard library only, so that it
runs before any virtual environment exists.

Exit status: 0 a spec is there (its path is printed on the last line), 3 none could be had: the
reason is printed under a loud "spec validation: off" banner, and the callers then report the
checks that need the spec as not checked.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.request

NOT_CHECKED_STATUS = 3
TIMEOUT = 60


def sha256_of(path):
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(1 << 16), b''):
            digest.update(block)
    return digest.hexdigest()


def off(reason, cache):
    """Say loudly that there is no spec, and exit with the not-checked status."""
    line = '=' * 78
    print(line)
    print('spec validation: off')
    print('  %s' % reason)
    print('  The emulator will not check requests and responses against Atlassian\'s spec; the steps')
    print('  that rely on that check are reported as "not checked", and the spec unit tests skip.')
    print('  Give a copy with SPEC=/path/to/jsm-ops-openapi.json, or put one at %s.' % cache)
    print(line)
    sys.exit(NOT_CHECKED_STATUS)


def download(url, cache, pinned):
    """Fetch ``url`` into ``cache`` when its sha256 is ``pinned``; return the reason it was not, or None."""
    print('spec: downloading %s' % url)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # nosec: Atlassian's published spec
            body = response.read()
    except (urllib.error.URLError, OSError, ValueError) as ex:
        return 'could not download %s: %s' % (url, getattr(ex, 'reason', None) or ex)
    found = hashlib.sha256(body).hexdigest()
    if found != pinned:
        return ('the spec downloaded from %s has sha256 %s, not the pinned %s: Atlassian has published '
                'another version; review it, then update SPEC_SHA256 in the Makefile' % (url, found, pinned))
    os.makedirs(os.path.dirname(os.path.abspath(cache)), exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(cache)), prefix='.spec-')
    with os.fdopen(handle, 'wb') as out:
        out.write(body)
    os.replace(partial, cache)
    print('spec: kept in %s (%d bytes, sha256 as pinned)' % (cache, len(body)))
    return None


def main(argv=None):
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--url', required=True, help='public address of the spec')
    parser.add_argument('--sha256', required=True, help='pinned sha256 of the published spec')
    parser.add_argument('--cache', required=True, help='where the download is kept')
    parser.add_argument('--local', action='append', default=[], help='a local copy to use first (repeatable)')
    args = parser.parse_args(argv)
    pinned = args.sha256.lower()

    for local in args.local:
        if local and os.path.isfile(local):
            found = sha256_of(local)
            note = 'sha256 as pinned' if found == pinned else 'sha256 %s, not the pinned %s' % (found, pinned)
            print('spec: using the local copy %s (%s)' % (local, note))
            print(os.path.abspath(local))
            return
    if os.path.isfile(args.cache):
        if sha256_of(args.cache) == pinned:
            print('spec: using the cached download %s' % args.cache)
            print(os.path.abspath(args.cache))
            return
        print('spec: the cached %s is not the pinned version; downloading again' % args.cache)
    reason = download(args.url, args.cache, pinned)
    if reason:
        tried = ', '.join(args.local) or 'none given'
        off('no local copy (tried: %s) and %s.' % (tried, reason), args.cache)
    print(os.path.abspath(args.cache))


if __name__ == '__main__':
    main()
