#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_notification_policy
short_description: Create, change, order and delete the notification policies of a team
version_added: 0.2.0
description:
  - A notification policy changes how the team is notified of the alerts that match its O(criteria) - it delays or
    suppresses the notifications, de-duplicates them, or closes and restarts alerts on its own.
  - The policy is found by its O(name) (in any case) among the team's notification policies.
  - The API replaces a whole policy on update. The module merges the options that are set into the policy as it is, compares the
    merged policy and sends it, so the fields a task leaves out keep their value. The conditions of O(criteria) are compared
    as a set; each action (O(delay), O(auto_close), O(auto_restart), O(deduplication)) on the settings it gives.
  - O(enabled) changes through the API's enable and disable endpoints; O(order) through its change-order endpoint, with at most
    one call.
options:
  team:
    description:
      - The team whose policy it is, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the policy, its key among the team's notification policies.
    type: str
    required: true
  state:
    description:
      - V(present) creates the policy or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - Description of the policy.
    type: str
  enabled:
    description:
      - Whether the policy applies. A new policy is on unless this says otherwise.
    type: bool
  suppress:
    description:
      - Send no notifications at all for the matching alerts.
    type: bool
  delay:
    description:
      - Hold the notifications back, for a duration or until a time of day.
      - A delay for a duration reaches the API as its C(waitDuration) in C(durationFormat), the fields the API reads for that
        option (a duration put in its C(delayTime) is ignored).
    type: dict
    suboptions:
      option:
        description:
          - V(for-duration) waits O(delay.duration); the others wait until O(delay.time) on the next day, weekday or the named day.
        type: str
        required: true
        choices: [for-duration, next-time, next-weekday, next-monday, next-tuesday, next-wednesday, next-thursday, next-friday,
                  next-saturday, next-sunday]
      duration:
        description:
          - How long to wait, in O(delay.unit), for V(for-duration); 1 or more.
        type: int
      unit:
        description:
          - The unit of O(delay.duration).
        type: str
        choices: [minutes, hours, days]
        default: minutes
      time:
        description:
          - The time of day to wait until, as V(HH:MM), for the next-... options.
        type: str
  auto_close:
    description:
      - Close the alert after a while.
    type: dict
    suboptions:
      duration:
        description:
          - How long after the alert was created; 1 or more.
        type: int
        required: true
      unit:
        description:
          - The unit of O(auto_close.duration).
        type: str
        choices: [minutes, hours, days]
        default: minutes
  auto_restart:
    description:
      - Restart the notifications of an alert that is still open after a while.
    type: dict
    suboptions:
      duration:
        description:
          - How long to wait before each restart; 1 or more.
        type: int
        required: true
      unit:
        description:
          - The unit of O(auto_restart.duration).
        type: str
        choices: [minutes, hours, days]
        default: minutes
      max_repeat_count:
        description:
          - How many times at most, from 1 to 20.
        type: int
        required: true
  deduplication:
    description:
      - Notify again only when an alert is de-duplicated often enough.
    type: dict
    suboptions:
      type:
        description:
          - V(value-based) counts the de-duplications; V(frequency-based) counts them within O(deduplication.frequency).
        type: str
        required: true
        choices: [value-based, frequency-based]
      count:
        description:
          - How many de-duplications make a notification; 1 or more.
        type: int
        required: true
      frequency:
        description:
          - For V(frequency-based), the window the count is taken in (the API's C(frequency)); 1 or more.
        type: int
      duration:
        description:
          - How long the policy waits (the API's C(waitDuration)); 1 or more.
        type: int
        required: true
      unit:
        description:
          - The unit of O(deduplication.duration).
        type: str
        choices: [minutes, hours, days]
        default: minutes
  order:
    description:
      - The policy's 0-based position among the team's notification policies.
    type: int
notes:
  - An action the policy has (a delay, say) is not removed by leaving its option out; delete the policy and create it again
    without it.
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
  - jsm.ops.criteria
seealso:
  - module: jsm.ops.jsmops_notification_policy_info
  - module: jsm.ops.jsmops_alert_policy
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: P4 and P5 alerts notify the Platform team 30 minutes late
  jsm.ops.jsmops_notification_policy:
    team: Platform
    name: Low priority waits
    criteria:
      type: match-any-condition
      conditions:
        - {field: priority, operation: equals, expected_value: P4}
        - {field: priority, operation: equals, expected_value: P5}
    delay:
      option: for-duration
      duration: 30

- name: Nightly batch alerts wait for the morning and close themselves after a day
  jsm.ops.jsmops_notification_policy:
    team: Platform
    name: Batch waits for the morning
    criteria:
      type: match-all-conditions
      conditions:
        - {field: source, operation: equals, expected_value: batch}
    delay:
      option: next-weekday
      time: "08:30"
    auto_close:
      duration: 1
      unit: days
"""

RETURN = r"""
notification_policy:
  description:
    - The policy after the task, with the API's field names. In check mode, the predicted one.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 5422f159-0ca5-4fd9-9f73-770b2778baa3
    type: notification
    name: Low priority waits
    enabled: true
    order: 0
    suppress: false
    delayAction: {delayOption: forMinutes, waitDuration: 30, durationFormat: minutes, delayTime: {hours: 0, minutes: 0}}
team_id:
  description: ID of the team.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.policies import (
    NOTIFICATION_POLICIES,
    NOTIFICATION_POLICY_OPTIONS,
    NOTIFICATION_POLICY_CONSTRAINTS,
)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(NOTIFICATION_POLICY_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **NOTIFICATION_POLICY_CONSTRAINTS)
    error, result = execute(module, NOTIFICATION_POLICIES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
