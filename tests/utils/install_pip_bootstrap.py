"""Put the pip bootstrap stand-in where ansible-test looks for its cached get-pip script.

ansible-test looks for ``~/.ansible/test/cache/get_pip_<pip version>.py`` before it
tries to download the real script. The pip version is the one ansible-test itself
installs into the virtual environments it manages, so it is read from the installed
ansible_test package rather than written down here.

Run it with the interpreter that has ansible-core installed:

    python tests/utils/install_pip_bootstrap.py [--python 3.11]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import types

STANDIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_standin.py')
MARKER = 'jsm-ops-get-pip-standin'


def ansible_test_pip_version(python_version):
    """Return the pip version ansible-test bootstraps into its virtual environments."""
    try:
        from ansible_test._internal.python_requirements import get_venv_packages
    except ImportError:
        get_venv_packages = None

    if get_venv_packages is not None:
        return get_venv_packages(types.SimpleNamespace(version=python_version))['pip']

    # Fallback for layouts where the function cannot be imported: read the default
    # from the source of the same module.
    import ansible_test  # pylint: disable=import-outside-toplevel

    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as handle:
        match = re.search(r"""\bpip\s*=\s*['"]([0-9.]+)['"]""", handle.read())
    if not match:
        raise SystemExit('cannot find the pip version in %s' % source)
    return match.group(1)


def install(target):
    """Copy the stand-in to ``target`` unless a different bootstrap script is already there."""
    if os.path.exists(target):
        with open(target, encoding='utf-8', errors='replace') as handle:
            existing = handle.read()
        if MARKER not in existing:
            print('keeping the existing pip bootstrap script %s' % target)
            return
        with open(STANDIN, encoding='utf-8') as handle:
            if handle.read() == existing:
                print('pip bootstrap stand-in is up to date: %s' % target)
                return

    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(STANDIN, target)
    print('installed the pip bootstrap stand-in as %s' % target)


def main(argv=None):
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--python', default='%d.%d' % sys.version_info[:2],
                        help='Python version ansible-test will run (default: this one)')
    args = parser.parse_args(argv)

    version = ansible_test_pip_version(args.python)
    target = os.path.join(os.path.expanduser('~'), '.ansible', 'test', 'cache',
                          'get_pip_%s.py' % version.replace('.', '_'))
    install(target)


if __name__ == '__main__':
    main()
