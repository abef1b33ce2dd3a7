#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_alert_policy_info
short_description: List alert policies, in order
version_added: 0.2.0
description:
  - Returns the alert policies in the order the API applies them, or the one with a given name, each whole (one request per
    policy, as the list names them only).
  - An unknown team is an error that names it.
options:
  team:
    description:
      - The team, by id or name. Without it, the global alert policies.
    type: str
  name:
    description:
      - Only the policy with this name, in any case.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_alert_policy
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: The global alert policies, in order
  jsm.ops.jsmops_alert_policy_info:
  register: found

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ found.alert_policies | map(attribute='name') }}"
"""

RETURN = r"""
alert_policies:
  description: The policies, with the API's field names, in the API's order.
  returned: always
  type: list
  elements: dict
team_id:
  description: ID of the team; V(null) for the global policies.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.policies import ALERT_POLICIES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str"), name=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, ALERT_POLICIES.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
