# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of every jsm.ops module, kept in one action plugin: ``plugins/action/jsmops_schedule_info.py``.

That file is this class under the name of one module, because every action plugin must share its name
with a module; ``meta/runtime.yml`` routes each other module to it (``plugin_routing``, ``action_plugin``),
so a new module needs no action file of its own, only its line there.

Why it exists: with ``ANSIBLE_DEBUG`` on, ansible-core writes each module's arguments to its debug
output with their raw values, ``no_log`` notwithstanding (``done with _execute_module (name, {...})``),
so the API token would show up there. That line formats the arguments with ``%s``, which shows each
value's ``repr()``. This plugin is ansible-core's ``normal`` action, except that it hands it the
secret connection options (``SECRET_OPTIONS`` of the option table, and a URL option of ``URL_OPTIONS``
with a password in it) as strings whose ``repr()`` is a mask: the line then shows
the mask, while the module still receives the real value, because the arguments travel to the module
as JSON, which is made from the string's value and never from its ``repr()``.

On the ``local`` connection, where these modules usually run (they talk to the API from the controller), it
also pipelines the module (hands it to Python on standard input) without the ``pipelining`` setting, unless
the task uses ``become`` (the case ``pipelining`` is off by default for, as sudo may require a terminal), is
async, or remote files are kept. That spares each task a temporary directory (two shell commands), a copy of
the module into it, a ``chmod`` and the clean-up: four shell commands in all. And the module with its
arguments, the token included, is never written to disk. Other connections pipeline as configured.

Nothing else changes: check mode, diff mode, async, ``module_defaults`` (already merged into the task's
arguments when an action runs) and the ``_ansible_*`` internals are handled by ansible-core as for any
module. A token that the module reads from the environment (``JSM_OPS_API_TOKEN``) never passes through
here at all.
"""

from __future__ import annotations

from ansible import constants as C
from ansible.plugins.action.normal import ActionModule as NormalAction

from ansible_collections.jsm.ops.plugins.module_utils.core.client import url_password
# The option table says which options are secret: SECRET_OPTIONS (api_token) whole, URL_OPTIONS (site, api_url)
# when a password is written into the URL (https://user:password@host).
from ansible_collections.jsm.ops.plugins.module_utils.core.options import SECRET_OPTIONS, URL_OPTIONS

# What the debug line shows instead; Ansible's own mask for no_log values in results.
MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


class MaskedSecret(str):
    """A string equal to the secret in every way except ``repr()``, which gives the mask.

    ``str()``, comparisons, ``len()`` and JSON encoding all see the real value, so the module gets it.
    """

    __slots__ = ()

    def __repr__(self):
        return repr(MASK)


def mask_secrets(args) -> dict:
    """A shallow copy of the task's arguments with every secret option's string value wrapped in MaskedSecret.

    A URL option (api_url, site) with a password written into it counts as secret too.
    """
    masked = dict(args or {})
    for name in SECRET_OPTIONS + URL_OPTIONS:
        value = masked.get(name)
        if not isinstance(value, str) or isinstance(value, MaskedSecret):
            continue
        if name in SECRET_OPTIONS or url_password(value):
            masked[name] = MaskedSecret(value)
    return masked


class JsmOpsAction(NormalAction):
    """ansible-core's ``normal`` action, with the secret options masked in the controller's debug output.

    Only the arguments change: ``run()`` is ansible-core's own, whatever its version does there (async, temporary paths).
    """

    def _is_pipelining_enabled(self, module_style: str, wrap_async: bool = False) -> bool:
        """As configured; on the local connection also without the setting, unless become, async or kept remote files ask otherwise."""
        if super()._is_pipelining_enabled(module_style, wrap_async):
            return True
        connection = self._connection
        return bool(
            module_style == "new" and connection.transport == "local" and connection.has_pipelining and not connection.become
            and not wrap_async and not C.DEFAULT_KEEP_REMOTE_FILES
        )

    def _execute_module(self, module_name=None, module_args=None, *args, **kwargs):  # pylint: disable=keyword-arg-before-vararg
        if module_args is None:  # the task's own module with the task's arguments, which is what normal's run() asks for
            module_args = mask_secrets(self._task.args)
        return super()._execute_module(module_name, module_args, *args, **kwargs)
