# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``patch_module_args``: hand a module's ``main()`` its arguments in-process, on every supported ansible-core.

ansible-core 2.19 and later ship ``ansible.module_utils.testing.patch_module_args``, which is used when it is
there. Older releases (the collection supports 2.16 and later) read the arguments from
``ansible.module_utils.basic._ANSIBLE_ARGS`` as JSON, which is what the stand-in below sets.
"""

from __future__ import annotations

import contextlib
import json
from unittest import mock

try:
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import
except ImportError:  # ansible-core < 2.19
    from ansible.module_utils import basic
    from ansible.module_utils.common import warnings

    @contextlib.contextmanager
    def patch_module_args(args=None):
        """Expose ``args`` to the ``AnsibleModule`` instances created within this context.

        Those releases collect warnings and deprecations in lists global to the process, which a module's
        ``exit_json`` reports; each run starts with them empty, as a module's own process would.
        """
        if not isinstance(args, (dict, type(None))):
            raise TypeError("The `args` arg must be a dict or None.")
        encoded = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
        with mock.patch.object(basic, "_ANSIBLE_ARGS", encoded), \
                mock.patch.object(warnings, "_global_warnings", []), mock.patch.object(warnings, "_global_deprecations", []):
            yield
