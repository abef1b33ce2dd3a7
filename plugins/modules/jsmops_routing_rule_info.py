#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_routing_rule_info
short_description: List the routing rules of a team, in order
version_added: 0.2.0
description:
  - Returns the routing rules of a team in the order the API tries them (the default rule last), those with a given name,
    or one by id. Each rule's C(order) is its position.
  - A rule that does not exist, or that the account may not see, gives an empty list.
options:
  team:
    description:
      - The team, by id or name.
    type: str
    required: true
  name:
    description:
      - Only the rules with this exact name (the API allows more than one).
    type: str
  id:
    description:
      - Only the rule with this id.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_routing_rule
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Routing rules of the Platform team
  jsm.ops.jsmops_routing_rule_info:
    team: Platform
  register: found

- name: Their names, in the order they are tried
  ansible.builtin.debug:
    msg: "{{ found.routing_rules | map(attribute='name') }}"
"""

RETURN = r"""
routing_rules:
  description: The rules in order, with the API's field names.
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
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import ROUTING_RULES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str", required=True), name=dict(type="str"), id=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("id", "name")], supports_check_mode=True)
    error, result = execute(module, ROUTING_RULES.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
