#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_team_role
short_description: Create, change and delete custom roles of a team
version_added: 0.2.0
description:
  - A team role is a set of rights over the team's operations configuration (editing escalations, deleting schedules, ...)
    that the team's members can be given.
  - The role is found by its O(name) within the O(team), in any case (the API keeps role names unique within a team whatever their case).
  - With O(rights), the role grants exactly those rights and no others.
options:
  team:
    description:
      - The team that owns the role, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the role, its key within the team.
      - With O(id), the name the role is given.
    type: str
    required: true
  id:
    description:
      - The role's id, to rename a role.
    type: str
  state:
    description:
      - V(present) creates the role or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  rights:
    description:
      - The rights the role grants; every right not listed is not granted. A new role without it grants nothing.
    type: list
    elements: str
    choices: [access-reports, delete-escalations, delete-heartbeats, delete-integrations, delete-maintenance, delete-policies,
              delete-routing-rules, delete-schedules, delete-team-roles, edit-escalations, edit-heartbeats, edit-integrations,
              edit-maintenance, edit-policies, edit-routing-rules, edit-schedules, edit-team-roles]
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_team_role_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Members who look after the routing
  jsm.ops.jsmops_team_role:
    team: Platform
    name: Routing editors
    rights: [edit-routing-rules, edit-escalations, access-reports]

- name: Remove it
  jsm.ops.jsmops_team_role:
    team: Platform
    name: Routing editors
    state: absent
"""

RETURN = r"""
team_role:
  description:
    - The role after the task, with the API's field names (every right, granted or not). In check mode, the predicted role.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 68200526-6e67-44e2-8507-1f2aad059478
    name: Routing editors
    rights:
      - {right: access-reports, granted: true}
      - {right: delete-escalations, granted: false}
team_id:
  description: ID of the team.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.team_roles import TEAM_ROLES, TEAM_ROLE_OPTIONS, TEAM_ROLE_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(TEAM_ROLE_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **TEAM_ROLE_CONSTRAINTS)
    error, result = execute(module, TEAM_ROLES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
