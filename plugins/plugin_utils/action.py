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

And where the module would run under the controller's own Python anyway (the ``local`` connection, no
``become``, no ``async``, no kept remote files, and a module interpreter that is the controller's Python, as
``ansible_playbook_python`` is and as it is for the implicit ``localhost``), it runs the module inside the task's
worker process instead of starting a new Python for it (``plugins/plugin_utils/in_controller.py``): the same code
on the same Python with the same libraries, without paying for Python's start, the import of ``requests`` and the
compiling of the module code on every task. The variable ``jsm_ops_run_in_controller: false`` turns this off for
a host or a task. ansible-core still does everything around the run (the module's arguments, its payload, the
parsing of its output), so the result is what the module's process would have printed.

Nothing else changes: check mode, diff mode, async, ``module_defaults`` (already merged into the task's
arguments when an action runs) and the ``_ansible_*`` internals are handled by ansible-core as for any
module. A token that the module reads from the environment (``JSM_OPS_API_TOKEN``) never passes through
here at all.
"""

from __future__ import annotations

import os
import sys

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.jsm.ops.plugins.module_utils.core.client import url_password
# The option table says which options are secret: SECRET_OPTIONS (api_token) whole, URL_OPTIONS (site, api_url)
# when a password is written into the URL (https://user:password@host).
from ansible_collections.jsm.ops.plugins.module_utils.core.options import SECRET_OPTIONS, URL_OPTIONS
# The modules' shared code, imported with this action. For a task that names jsm.ops.jsmops_schedule_info (the
# action's own name), ansible-core loads the action in the controller before it starts the task's worker, which then
# has this code and requests loaded already; a task of another module loads it in its worker.
from ansible_collections.jsm.ops.plugins.module_utils.core import kit, runner  # noqa: F401  pylint: disable=unused-import
from ansible_collections.jsm.ops.plugins.plugin_utils.in_controller import run_module

display = Display()

# What the debug line shows instead; Ansible's own mask for no_log values in results.
MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
# The variable that turns running in the controller's process off (true by default).
IN_CONTROLLER_VAR = "jsm_ops_run_in_controller"
# This collection's modules, as a directory (links resolved) and as a Python package.
MODULES_DIR = os.path.realpath(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "modules"))
MODULES_PACKAGE = __name__.rsplit(".plugin_utils.", 1)[0] + ".modules"


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


def collection_module(path) -> str | None:
    """The Python name of the module file ``path`` when it is one of this collection's modules, else None."""
    if not path:
        return None
    directory, filename = os.path.split(os.path.abspath(path))
    stem, extension = os.path.splitext(filename)
    if extension != ".py" or os.path.realpath(directory) != MODULES_DIR:
        return None
    return "%s.%s" % (MODULES_PACKAGE, stem)


def is_controller_python(shebang) -> bool:
    """True when the module's interpreter line names the Python the controller runs on (no arguments, same path)."""
    if not shebang or not shebang.startswith("#!"):
        return False
    return os.path.normpath(shebang[2:].strip()) == os.path.normpath(sys.executable)


class JsmOpsAction(NormalAction):
    """ansible-core's ``normal`` action, with the secret options masked in the controller's debug output, and the
    module run in the controller's process where it would run under the controller's Python anyway.

    ``run()`` is ansible-core's own, whatever its version does there (async, temporary paths, the module's payload,
    the parsing of its output); only the arguments and, in the controller's process, the module's run change.
    """

    # What _configure_module found can run in the controller's process: (module payload, Python module name,
    # module arguments, serialization profile); the run with that payload takes it.
    _in_controller = None

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

    def _configure_module(self, module_name, module_args, task_vars):
        configured = super()._configure_module(module_name, module_args, task_vars)
        if len(configured) == 2:  # ansible-core 2.19 and later: (the built module, its path)
            built, path = configured
            style, shebang, payload, profile = built.module_style, built.shebang, built.b_module_data, built.serialization_profile
        else:  # before: (style, interpreter line, payload, path)
            (style, shebang, payload, path), profile = configured, None
        name = collection_module(path)
        runs_here = name is not None and style == "new" and self._runs_in_controller(shebang, task_vars)
        self._in_controller = (payload, name, module_args, profile) if runs_here else None
        return configured

    def _runs_in_controller(self, shebang, task_vars) -> bool:
        """True where the module's own process would be the controller's Python on this machine, and not turned off."""
        connection = self._connection
        if (connection.transport != "local" or connection.become or self._task.async_val or C.DEFAULT_KEEP_REMOTE_FILES
                or not is_controller_python(shebang)):
            return False
        host_vars = task_vars or {}
        if self._task.delegate_to:
            host_vars = (host_vars.get("ansible_delegated_vars") or {}).get(self._task.delegate_to, host_vars)
        wanted = self._templar.template(host_vars.get(IN_CONTROLLER_VAR, True))
        try:
            return boolean(wanted, strict=True)
        except TypeError:
            raise AnsibleError("%s must be true or false, not %r." % (IN_CONTROLLER_VAR, wanted)) from None

    def _low_level_execute_command(self, cmd, sudoable=True, in_data=None, *args, **kwargs):  # pylint: disable=keyword-arg-before-vararg
        pending = self._in_controller
        if pending is not None and in_data is not None and in_data is pending[0]:  # the module's own run, pipelined
            self._in_controller = None
            return self._run_in_controller(*pending[1:])
        return super()._low_level_execute_command(cmd, sudoable, in_data, *args, **kwargs)

    def _run_in_controller(self, name, module_args, profile) -> dict:
        environment = {}
        self._compute_environment_string(raw_environment_out=environment)
        display.vvv("jsm.ops: running %s in the controller's Python process" % self._task.action, host=self._play_context.remote_addr)
        # The local connection starts a module's process in the task's base directory (the playbook's or the role's).
        return run_module(name, module_args, profile, environment, self._loader.get_basedir())
