# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``patch_module_args``: hand a module's ``main()`` its arguments in-process, on every supported ansible-core.

ansible-core 2.19 and later ship ``ansible.module_utils.testing.patch_module_args``, which is used when it is
there. Older releases (the collection supports 2.16 and later) read the arguments from
``ansible.module_utils.basic._ANSIBLE_ARGS`` as JSON, which is what the stand-in below sets.

Every release collects warnings and deprecations in containers global to the process (lists before 2.19, dicts
after), which a module's ``exit_json`` reports: each run starts with them empty, as a module's own process would.
From 2.19, once anything in the process has loaded the controller (ansible.cli, a playbook run), module warnings go
to the controller's display instead, which prints each message once per process: a run is marked as a module's own
process, so its warnings are in its result, whatever ran before it.
"""

from __future__ import annotations

import contextlib
import json
from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common import warnings

try:
    from ansible.module_utils import _internal
    from ansible.module_utils.testing import patch_module_args as _core_patch_module_args
except ImportError:  # ansible-core < 2.19
    _internal = _core_patch_module_args = None


@contextlib.contextmanager
def _fresh_warnings():
    fresh = {name: type(vars(warnings)[name])() for name in ("_global_warnings", "_global_deprecations")}
    with mock.patch.object(warnings, "_global_warnings", fresh["_global_warnings"]), \
            mock.patch.object(warnings, "_global_deprecations", fresh["_global_deprecations"]), \
            (mock.patch.object(_internal, "is_controller", False) if _internal is not None else contextlib.nullcontext()):
        yield


@contextlib.contextmanager
def _stand_in(args):
    if not isinstance(args, (dict, type(None))):
        raise TypeError("The `args` arg must be a dict or None.")
    encoded = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
    with mock.patch.object(basic, "_ANSIBLE_ARGS", encoded):
        yield


@contextlib.contextmanager
def patch_module_args(args=None):
    """Expose ``args`` to the ``AnsibleModule`` instances created within this context, with no warning of an earlier run."""
    with (_core_patch_module_args or _stand_in)(args), _fresh_warnings():
        yield
