# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the module jsm.ops.jsmops_schedule_override_info through the collection's action, which keeps the API token out of debug output."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.plugin_utils.action import JsmOpsAction


class ActionModule(JsmOpsAction):
    """See plugins/plugin_utils/action.py."""
