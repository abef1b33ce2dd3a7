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


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import HEARTBEATS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str", required=True), name=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, HEARTBEATS.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
