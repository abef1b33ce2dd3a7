#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_forwarding_rule_info
short_description: List forwarding rules
version_added: 0.2.0
description:
  - Lists the forwarding rules the account can see (an admin sees every rule; another account, the rules that forward its
    notifications or to it), those of O(from_user) and O(to_user) when given, or the one with O(id).
options:
  from_user:
    description:
      - Only rules forwarding this user's notifications, by account id or email address (needs O(site) for an email).
    type: str
  to_user:
    description:
      - Only rules forwarding to this user, by account id or email address.
    type: str
  id:
    description:
      - ID of one rule.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_forwarding_rule
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Where Dana's notifications go
  jsm.ops.jsmops_forwarding_rule_info:
    from_user: dana.platform@example.com
  register: dana_forwarding
"""

RETURN = r"""
forwarding_rules:
  description: The rules (C(id), C(fromUserId), C(toUserId), C(startDate), C(endDate)).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.forwarding_rules import run_info


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        from_user=dict(type="str"),
        to_user=dict(type="str"),
        id=dict(type="str"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run_info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
