"""Offline-friendly stand-in for the get-pip bootstrap script used by ansible-test.

ansible-test creates virtual environments without pip and bootstraps pip into them
with a cached ``get_pip_<version>.py`` script, which it otherwise downloads from a
host outside the package index. This stand-in gives the same result with what the
interpreter already has: ``python -m ensurepip`` installs the bundled pip, then that
pip installs the packages ansible-test asked for (for example ``pip==24.2``) from
the configured package index.

Marker used by tests/utils/install_pip_bootstrap.py to recognise this file:
jsm-ops-get-pip-standin
"""

from __future__ import annotations

import subprocess
import sys

# Options understood by the real get-pip script but not by ``pip install``.
GET_PIP_ONLY_OPTIONS = frozenset(('--no-setuptools', '--no-wheel', '--no-pip'))


def pip_install_arguments(argv):
    """Return the ``pip install`` arguments for the get-pip style ``argv``."""
    return [arg for arg in argv if arg not in GET_PIP_ONLY_OPTIONS]


def main():
    """Install pip with ensurepip, then install the requested packages with it."""
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    arguments = pip_install_arguments(sys.argv[1:])
    if arguments:
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + arguments)


if __name__ == '__main__':
    main()
