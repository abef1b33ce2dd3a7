#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_team_role_info
short_description: List the custom roles of a team
version_added: 0.2.0
description:
  - Returns the custom roles of a team, one by name (in any case), or one by id, with every right and whether it is granted.
  - A role that does not exist, or that the account may not see, gives an empty list.
options:
  team:
    description:
      - The team, by id or name.
    type: str
    required: true
  name:
    description:
      - Only the role with this name, in any case.
    type: str
  id:
    description:
      - Only the role with this id.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_team_role
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Roles of the Platform team
  jsm.ops.jsmops_team_role_info:
    team: Platform
  register: found

- name: What each role grants
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.rights | selectattr('granted') | map(attribute='right') | join(', ') }}"
  loop: "{{ found.roles }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
roles:
  description: The roles, with the API's field names.
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
from ansible_collections.jsm.ops.plugins.module_utils.families.team_roles import TEAM_ROLES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str", required=True), name=dict(type="str"), id=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("id", "name")], supports_check_mode=True)
    error, result = execute(module, TEAM_ROLES.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
