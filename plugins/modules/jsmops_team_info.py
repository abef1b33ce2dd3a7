#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_team_info
short_description: List the operations teams the account can see, with their ids
version_added: 0.2.0
description:
  - Returns the teams whose operations are on and that the account can see (an admin sees all of them, anyone else the teams
    they belong to), with their ids and names.
  - Teams whose operations are off are not listed by the API; M(jsm.ops.jsmops_team) turns them on by id.
options:
  team:
    description:
      - Only the team with this name, in any case.
    type: str
  id:
    description:
      - Only the team with this id.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_team
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Every operations team, with its id
  jsm.ops.jsmops_team_info:
  register: found

- name: Name to id
  ansible.builtin.debug:
    msg: "{{ found.teams | items2dict(key_name='teamName', value_name='teamId') }}"
"""

RETURN = r"""
teams:
  description: The teams, with the API's field names (C(teamId), C(teamName)).
  returned: always
  type: list
  elements: dict
  sample:
    - {teamId: 9d838765-af78-5275-921e-d62872b4dfdf, teamName: Platform}
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.teams import TEAMS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str"), id=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("id", "team")], supports_check_mode=True)
    error, result = execute(module, TEAMS.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
