#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_integration_action_info
short_description: List the actions of an integration, in order
version_added: 0.2.0
description:
  - Returns the actions of an integration in the order the API tries them, or the one with a given name, each with its filter
    and field mappings (one request per action, as the list names them only).
  - An integration that does not exist gives an empty list.
options:
  integration:
    description:
      - The integration, by id or name.
    type: str
    required: true
  name:
    description:
      - Only the action with this name, in any case.
    type: str
  direction:
    description:
      - Only the actions of this direction.
    type: str
    choices: [incoming, outgoing]
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_integration_action
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: The incoming actions of an integration, in order
  jsm.ops.jsmops_integration_action_info:
    integration: Alertmanager (Platform)
    direction: incoming
  register: found

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ found.actions | map(attribute='name') }}"
"""

RETURN = r"""
actions:
  description: The actions, with the API's field names, in the API's order.
  returned: always
  type: list
  elements: dict
integration_id:
  description: ID of the integration; V(null) when there is none of that name.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import INTEGRATION_ACTIONS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        integration=dict(type="str", required=True),
        name=dict(type="str"),
        direction=dict(type="str", choices=["incoming", "outgoing"]),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, INTEGRATION_ACTIONS.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
