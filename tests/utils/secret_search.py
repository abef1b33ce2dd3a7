# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secret canary's token search, for the checks that run outside ansible-test.

The search (every encoded form of a token, also split across lines, with a self-test) lives in the secret
canary, tests/integration/targets/jsmops_secret_canary/canary.py, which ansible-test runs from a copy of its
target where this directory cannot be imported. ``load()`` returns that module; use its ``self_test``,
``forms_of`` and ``search``.
"""

from __future__ import annotations

import importlib.util
import pathlib

CANARY = pathlib.Path(__file__).resolve().parents[1] / "integration" / "targets" / "jsmops_secret_canary" / "canary.py"


def load():
    """The secret canary's module."""
    spec = importlib.util.spec_from_file_location("jsmops_secret_canary", CANARY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
