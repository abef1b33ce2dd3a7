# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of every jsm.ops module, not only of jsm.ops.jsmops_schedule_info: it keeps the API token out of debug output.

It is the collection's one action plugin. It bears the name of the module jsm.ops.jsmops_schedule_info
because ansible-test's ``action-plugin-docs`` sanity test wants every action plugin to share its name with
a module, whose documentation it then uses; ``meta/runtime.yml`` routes each other module of the
collection here (``plugin_routing: modules: <name>: action_plugin: jsm.ops.jsmops_schedule_info``), so a
new module needs a line there and no action file. The class itself, and why it exists, is in
``plugins/plugin_utils/action.py``.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.plugin_utils.action import JsmOpsAction


class ActionModule(JsmOpsAction):
    """The action of every jsm.ops module; see plugins/plugin_utils/action.py."""
