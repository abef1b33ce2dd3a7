#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_notification_rule
short_description: Create, change, order and delete the calling account's notification rules
version_added: 0.2.0
description:
  - Manages one notification rule of the account the module signs in with (O(api_email)), by name; when it is notified
    (an alert is created, acknowledged, closed, assigned or gets a note, an on-call shift starts or ends) and on which
    conditions. Which contacts it notifies, and after how long, are its steps (M(jsm.ops.jsmops_notification_rule_step)).
  - The API acts for the calling account only; to manage another person's rules, run the task with that person's
    credentials.
  - Only the options given are compared; the conditions of O(criteria) are compared as a set.
options:
  name:
    description:
      - Name of the rule, its key among the account's rules.
      - With O(id), the name the rule is given.
    type: str
    required: true
  id:
    description:
      - The rule's id, where two rules have the same name.
    type: str
  action_type:
    description:
      - What the rule notifies about. Required to create a rule.
    type: str
    choices: [create-alert, acknowledged-alert, closed-alert, assigned-alert, add-note, schedule-start, schedule-end,
              incoming-call-routing]
  notification_time:
    description:
      - For V(schedule-start) and V(schedule-end) rules, when before the shift to notify; compared as a set. Required to create
        such a rule.
    type: list
    elements: str
    choices: [just-before, 15-minutes-ago, 1-hour-ago, 1-day-ago]
  schedules:
    description:
      - For V(schedule-start) and V(schedule-end) rules, the schedules whose shifts it is about, by name or id; compared as a set.
    type: list
    elements: str
  order:
    description:
      - The rule's 0-based position among the account's rules of the same O(action_type), sent in the rule's update. A new rule
        without it goes last.
    type: int
  repeat:
    description:
      - Repeat the steps until the alert is acknowledged; only the settings given are compared.
    type: dict
    suboptions:
      loop_after:
        description: Minutes after which the steps start again, 0 or more.
        type: int
      enabled:
        description: Whether the steps repeat.
        type: bool
  enabled:
    description:
      - Whether the rule is on. A new rule without it is on.
    type: bool
  state:
    description:
      - V(present) creates the rule or changes what differs; V(absent) deletes it (and its steps).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - jsm.ops.criteria
  - jsm.ops.time_restriction
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_notification_rule_step
  - module: jsm.ops.jsmops_notification_rule_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Tell me about P1 alerts, also at night
  jsm.ops.jsmops_notification_rule:
    name: P1 alerts
    action_type: create-alert
    criteria:
      type: match-all-conditions
      conditions:
        - {field: priority, operation: equals, expected_value: P1}
    repeat: {loop_after: 5, enabled: true}
    order: 0

- name: Remind me a day and an hour before my shift
  jsm.ops.jsmops_notification_rule:
    name: Shift reminder
    action_type: schedule-start
    notification_time: [1-day-ago, 1-hour-ago]
    schedules: [Platform Primary]
"""

RETURN = r"""
notification_rule:
  description: The rule after the task, with the API's field names and its C(steps); V(null) once deleted.
  returned: always
  type: dict
  sample:
    id: 7a1b0a53-8f47-4a83-bcbf-3d3e2ad1d0c2
    name: P1 alerts
    actionType: create-alert
    criteria: {type: match-all-conditions, conditions: [{field: priority, operation: equals, expectedValue: P1, not: false}]}
    order: 0
    repeat: {loopAfter: 5, enabled: true}
    steps: []
    enabled: true
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.notification_rules import (
    ACTION_TYPES,
    NOTIFICATION_RULES,
    NOTIFICATION_TIMES,
    REPEAT_SPEC,
)
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import TIME_RESTRICTION_SPEC
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import CRITERIA_SPEC


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        name=dict(type="str", required=True),
        id=dict(type="str"),
        action_type=dict(type="str", choices=ACTION_TYPES),
        criteria=dict(type="dict", options=CRITERIA_SPEC),
        notification_time=dict(type="list", elements="str", choices=NOTIFICATION_TIMES),
        time_restriction=dict(type="dict", options=TIME_RESTRICTION_SPEC),
        schedules=dict(type="list", elements="str"),
        order=dict(type="int"),
        repeat=dict(type="dict", options=REPEAT_SPEC),
        enabled=dict(type="bool"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, NOTIFICATION_RULES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
