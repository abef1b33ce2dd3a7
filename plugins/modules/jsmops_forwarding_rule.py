#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_forwarding_rule
short_description: Forward one user's notifications to another over a period
version_added: 0.2.0
description:
  - Creates, changes and deletes a forwarding rule, which sends the notifications of O(from_user) to O(to_user) from
    O(start_date) to O(end_date), for cover during a holiday or a handover.
  - The API gives forwarding rules no name or alias, so a rule is found by its two users; O(id) picks one rule instead, for
    example where a site holds more than one rule for the same two users (the task then fails and lists their ids).
  - The API replaces a rule whole; the module sends the rule's current fields with the ones that differ.
  - An account that is not an admin can forward only its own notifications.
options:
  from_user:
    description:
      - The user whose notifications are forwarded, by account id or email address (an email is looked up through the
        site's Jira user search, so O(site) must be set).
      - With O(to_user), names the rule, unless O(id) is given.
    type: str
  to_user:
    description:
      - The user who receives them, by account id or email address.
    type: str
  id:
    description:
      - ID of an existing rule, instead of finding it by its two users.
    type: str
  start_date:
    description:
      - When forwarding starts, an ISO 8601 date and time with a UTC offset. Required to create a rule.
    type: str
  end_date:
    description:
      - When forwarding ends, in the same form, after O(start_date). Required to create a rule.
    type: str
  state:
    description:
      - V(present) creates the rule or changes the fields that differ; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_forwarding_rule_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Dana's notifications go to Erin while Dana is away
  jsm.ops.jsmops_forwarding_rule:
    from_user: dana.platform@example.com
    to_user: erin.database@example.com
    start_date: "2027-01-04T00:00:00+01:00"
    end_date: "2027-01-18T00:00:00+01:00"

- name: Dana is back early
  jsm.ops.jsmops_forwarding_rule:
    from_user: dana.platform@example.com
    to_user: erin.database@example.com
    end_date: "2027-01-11T00:00:00+01:00"

- name: No more forwarding
  jsm.ops.jsmops_forwarding_rule:
    from_user: dana.platform@example.com
    to_user: erin.database@example.com
    state: absent
"""

RETURN = r"""
forwarding_rule:
  description: The rule after the task (in check mode, as it would be); V(null) once deleted.
  returned: always
  type: dict
  sample:
    id: 6667cb5b-a5ce-4550-9469-1dbcabac6ffb
    fromUserId: "712020:6d1fd5b4-2c1e-4a5e-8f2e-3f0a9c1b7d21"
    toUserId: "712020:0b7c2e4d-9a51-4f8e-b3c6-5d2e1f0a9b84"
    startDate: "2027-01-03T23:00:00Z"
    endDate: "2027-01-17T23:00:00Z"
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.forwarding_rules import FORWARDING_RULES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        from_user=dict(type="str"),
        to_user=dict(type="str"),
        id=dict(type="str"),
        start_date=dict(type="str"),
        end_date=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, FORWARDING_RULES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
