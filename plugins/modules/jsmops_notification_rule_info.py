#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_notification_rule_info
short_description: List the calling account's notification rules with their steps
version_added: 0.2.0
description:
  - Lists the notification rules of the account the module signs in with, each with its steps, or the one named.
options:
  name:
    description:
      - Only the rule with this name.
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
  - module: jsm.ops.jsmops_notification_rule
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: How I am notified
  jsm.ops.jsmops_notification_rule_info:
  register: my_rules
"""

RETURN = r"""
notification_rules:
  description: The rules, with the API's field names, each with its C(steps).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.notification_rules import NOTIFICATION_RULES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        name=dict(type="str"),
        id=dict(type="str"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, NOTIFICATION_RULES.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
