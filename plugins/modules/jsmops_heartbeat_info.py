#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_heartbeat_info
short_description: List the heartbeats of a team
version_added: 0.1.0
description:
  - Returns the heartbeats of a team, or the one with a given name, with their status (for example C(Unresponsive)).
  - A heartbeat that does not exist gives an empty list.
options:
  team:
    description:
      - The team, by id or name.
    type: str
    required: true
  name:
    description:
      - Only the heartbeat with this exact name.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_heartbeat
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Heartbeats of the Platform team that stopped reporting
  jsm.ops.jsmops_heartbeat_info:
    team: Platform
  register: beats

- name: Show them
  ansible.builtin.debug:
    msg: "{{ beats.heartbeats | selectattr('status', 'equalto', 'Unresponsive') | map(attribute='name') }}"
"""

RETURN = r"""
heartbeats:
  description: The heartbeats, with the API's field names.
  returned: always
  type: list
  elements: dict
team_id:
  description: ID of the team.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.errors import unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import find_heartbeat, list_heartbeats
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    team_id = Resolver(client).team_id(params["team"])
    if params["name"]:
        heartbeat = unless_hidden(lambda: find_heartbeat(client, team_id, params["name"]), None)
        heartbeats = [] if heartbeat is None else [heartbeat]
    else:
        heartbeats = unless_hidden(lambda: list_heartbeats(client, team_id), [])
    return False, {"heartbeats": heartbeats, "team_id": team_id}, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str", required=True), name=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
