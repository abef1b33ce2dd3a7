#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_integration_action
short_description: Create, change, order and delete the actions of an integration
version_added: 0.2.0
description:
  - An action decides what an event that reaches an integration does to alerts (incoming actions such as V(create),
    V(close), V(acknowledge), V(addNote) and V(ignore)), or what alert events go out (outgoing actions).
  - The action is found by its O(name) within the O(integration) and O(direction). Only the options that are set are
    compared and changed; the conditions of O(criteria) are compared as a set, and O(field_mappings) and O(properties) set only
    the keys they give.
  - The API tries an integration's actions in order. O(order) places the action among those of its direction, with at most one
    reorder call (the API places an action right before the one that follows it).
options:
  integration:
    description:
      - The integration, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the action, its key within the integration.
    type: str
    required: true
  state:
    description:
      - V(present) creates the action or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  direction:
    description:
      - Incoming actions act on alerts; outgoing ones send alert events to the integration's tool. The API cannot change it.
    type: str
    choices: [incoming, outgoing]
    default: incoming
  type:
    description:
      - What the action does. Required to create one; the API cannot change it.
      - For incoming actions, one of V(create), V(close), V(acknowledge), V(addNote) (also spelled V(add_note)) and V(ignore).
        Outgoing types depend on the integration's tool.
    type: str
  group_type:
    description:
      - The group of an outgoing action; required to create one, and for outgoing actions only.
    type: str
    choices: [forwarding, updating, checkbox]
  enabled:
    description:
      - Whether the action runs. A new action is on unless this says otherwise.
    type: bool
  field_mappings:
    description:
      - How the event's payload fills the alert's fields (the API's C(fieldMappings)), alert fields such as C(message) or
        C(priority), each a value or a template of the payload's fields in the API's double braces. Only the keys given are
        compared and changed.
    type: dict
  properties:
    description:
      - Action-specific properties (the API's C(typeSpecificProperties)). Only the keys given are compared and changed.
    type: dict
  action_mapping:
    description:
      - For outgoing actions, the alert action mapped to this one (the API's C(actionMapping), with C(type) and C(parameter)).
    type: dict
  order:
    description:
      - The action's 0-based position among the integration's actions of its O(direction).
    type: int
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
  - jsm.ops.criteria
seealso:
  - module: jsm.ops.jsmops_integration
  - module: jsm.ops.jsmops_integration_action_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Critical events create a P1 alert, first of the integration's actions
  jsm.ops.jsmops_integration_action:
    integration: Alertmanager (Platform)
    name: Critical
    type: create
    order: 0
    criteria:
      type: match-any-condition
      conditions:
        - {field: priority, operation: equals, expected_value: P1}
        - {field: tags, operation: contains, expected_value: critical}
    field_mappings:
      priority: P1

- name: Resolved events close the alert
  jsm.ops.jsmops_integration_action:
    integration: Alertmanager (Platform)
    name: Resolved
    type: close
    order: 1
"""

RETURN = r"""
action:
  description:
    - The action after the task, with the API's field names. In check mode, the predicted one.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 4f3a8d0e-0d41-4ef1-9f6b-7d0c4b1b2e11
    name: Critical
    type: create
    direction: incoming
    domain: alert
    enabled: true
    filter:
      conditionMatchType: match-any-condition
      conditions:
        - {field: priority, operation: equals, expectedValue: P1, not: false, order: 0}
    fieldMappings: {priority: P1}
integration_id:
  description: ID of the integration.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import (
    INTEGRATION_ACTIONS,
    INTEGRATION_ACTION_OPTIONS,
    INTEGRATION_ACTION_CONSTRAINTS,
)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(INTEGRATION_ACTION_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **INTEGRATION_ACTION_CONSTRAINTS)
    error, result = execute(module, INTEGRATION_ACTIONS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
