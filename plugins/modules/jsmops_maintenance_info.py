#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_maintenance_info
short_description: List maintenance windows
version_added: 0.1.0
description:
  - Returns global maintenance windows, or a team's with O(team); all of them, the open or the past ones, or one by O(id) or O(description).
  - A window that does not exist gives an empty list.
options:
  team:
    description:
      - The team, by id or name. Not set means global windows.
    type: str
  id:
    description:
      - Only the window with this id.
    type: str
  description:
    description:
      - Only windows with exactly this description.
    type: str
  type:
    description:
      - V(non-expired) for planned and active windows, V(past) for the ended ones, V(all) for both.
    type: str
    choices: [all, non-expired, past]
    default: all
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_maintenance
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Open global windows
  jsm.ops.jsmops_maintenance_info:
    type: non-expired
  register: windows
"""

RETURN = r"""
maintenances:
  description: The windows, with the API's field names.
  returned: always
  type: list
  elements: dict
team_id:
  description: ID of the team; V(null) for global windows.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.errors import unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.families.maintenances import get_maintenance, list_maintenances
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    team_id = Resolver(client).team_id(params["team"]) if params["team"] else None
    if params["id"]:
        window = unless_hidden(lambda: get_maintenance(client, team_id, params["id"]), None)
        windows = [] if window is None else [window]
    else:
        windows = unless_hidden(lambda: list_maintenances(client, team_id, params["type"]), [])
    if params["description"] is not None:
        windows = [window for window in windows if window.get("description") == params["description"]]
    return False, {"maintenances": windows, "team_id": team_id}, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        team=dict(type="str"),
        id=dict(type="str"),
        description=dict(type="str"),
        type=dict(type="str", choices=["all", "non-expired", "past"], default="all"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
