#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_integration_outgoing_filter
short_description: Read or set which alerts an integration sends out
version_added: 0.2.0
description:
  - The outgoing alert filter of an integration decides which alerts its outgoing actions send to the integration's tool.
  - Without O(criteria), the module reads the filter and never changes anything. With it, the filter is brought in line;
    its conditions are compared as a set.
options:
  integration:
    description:
      - The integration, by id or name.
    type: str
    required: true
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
  - jsm.ops.criteria
seealso:
  - module: jsm.ops.jsmops_integration
  - module: jsm.ops.jsmops_integration_action
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Send only P1 and P2 alerts to the tool
  jsm.ops.jsmops_integration_outgoing_filter:
    integration: ServiceNow
    criteria:
      type: match-any-condition
      conditions:
        - {field: priority, operation: equals, expected_value: P1}
        - {field: priority, operation: equals, expected_value: P2}

- name: Read the filter
  jsm.ops.jsmops_integration_outgoing_filter:
    integration: ServiceNow
  register: outgoing
"""

RETURN = r"""
filter:
  description: The filter after the task (C(conditionMatchType) and C(conditions)); in check mode, the predicted one.
  returned: always
  type: dict
  sample:
    conditionMatchType: match-any-condition
    conditions:
      - {field: priority, operation: equals, expectedValue: P1, not: false, order: 0}
integration_id:
  description: ID of the integration.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import run_outgoing_filter
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import CRITERIA_SPEC


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(integration=dict(type="str", required=True), criteria=dict(type="dict", options=CRITERIA_SPEC))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run_outgoing_filter)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
