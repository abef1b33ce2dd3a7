#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_alert_policy
short_description: Create, change, order and delete alert policies, global or of a team
version_added: 0.2.0
description:
  - An alert policy changes the alerts that match its O(criteria) as they are created (message, priority, tags, responders...).
    Without O(team), the policy is global.
  - The policy is found by its O(name) (in any case) among the global policies or those of the O(team). Two policies of one name
    are refused, with their ids.
  - The API replaces a whole policy on update. The module merges the options that are set into the policy as it is, compares the
    merged policy and sends it, so the fields a task leaves out keep their value. The conditions of O(criteria) and the
    O(tags) are compared as sets; O(responders) and O(actions) keep their order.
  - O(enabled) changes through the API's enable and disable endpoints; O(order) through its change-order endpoint, with at most
    one call.
options:
  name:
    description:
      - Name of the policy, its key among the global policies or those of the team.
    type: str
    required: true
  team:
    description:
      - The team whose policy it is, by id or name. Without it, a global policy.
    type: str
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
  alert_message:
    description:
      - The message the alert gets, such as V({{message}} (from staging)) with the API's double-brace placeholders.
        Required to create a policy.
      - Named C(alert_message) because ansible-test reserves C(message).
    type: str
  alias:
    description:
      - The alias the alert gets. A new policy keeps the alert's own alias (the API's placeholder for it).
    type: str
  alert_description:
    description:
      - The description the alert gets. A new policy keeps the alert's own.
    type: str
  source:
    description:
      - The source the alert gets. A new policy keeps the alert's own.
    type: str
  entity:
    description:
      - The entity the alert gets. A new policy keeps the alert's own.
    type: str
  responders:
    description:
      - Responders added to the alert (in this order), or that replace its own with O(keep_original_responders=false).
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - The kind of responder.
        type: str
        required: true
        choices: [team, user, escalation, schedule]
      id:
        description:
          - The responder's id (a user's account id; an escalation is named by its id only).
        type: str
      name:
        description:
          - A team's or schedule's name instead of its id.
        type: str
      email:
        description:
          - A user's email address instead of the account id (needs O(site)).
        type: str
  actions:
    description:
      - Alert actions added to the alert, in this order.
    type: list
    elements: str
  tags:
    description:
      - Tags added to the alert. Their order does not matter.
    type: list
    elements: str
  details:
    description:
      - Custom properties added to the alert.
    type: dict
  priority:
    description:
      - The priority the alert gets.
    type: str
    choices: [P1, P2, P3, P4, P5]
  continue_policies:
    description:
      - Let the alert go on to the next policies after this one (the API's C(continue)). A new policy stops.
    type: bool
  keep_original_responders:
    description:
      - Keep the alert's own responders next to O(responders). A new policy keeps them.
    type: bool
  keep_original_details:
    description:
      - Keep the alert's own details next to O(details). A new policy keeps them.
    type: bool
  keep_original_actions:
    description:
      - Keep the alert's own actions next to O(actions). A new policy keeps them.
    type: bool
  keep_original_tags:
    description:
      - Keep the alert's own tags next to O(tags). A new policy keeps them.
    type: bool
  order:
    description:
      - The policy's 0-based position among the global policies or the alert policies of the team.
    type: int
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
  - jsm.ops.criteria
seealso:
  - module: jsm.ops.jsmops_alert_policy_info
  - module: jsm.ops.jsmops_notification_policy
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Staging alerts of the Platform team are P5 and tagged, first of the team's alert policies
  jsm.ops.jsmops_alert_policy:
    team: Platform
    name: Staging is P5
    order: 0
    alert_message: "{{ '{{' }}message{{ '}}' }}"
    priority: P5
    tags: [staging]
    criteria:
      type: match-all-conditions
      conditions:
        - {field: source, operation: contains, expected_value: staging}

- name: An existing global policy turned off (the rest of it is kept)
  jsm.ops.jsmops_alert_policy:
    name: Weekend noise
    enabled: false
"""

RETURN = r"""
alert_policy:
  description:
    - The policy after the task, with the API's field names. In check mode, the predicted one.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 5422f159-0ca5-4fd9-9f73-770b2778baa3
    type: alert
    name: Staging is P5
    enabled: true
    order: 0
    message: "{{message}}"
    updatePriority: true
    priorityValue: P5
    tags: [staging]
    filter:
      type: match-all-conditions
      conditions:
        - {field: source, operation: contains, expectedValue: staging, not: false, order: 0}
team_id:
  description: ID of the team; V(null) for a global policy.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.policies import ALERT_POLICIES, ALERT_POLICY_OPTIONS, ALERT_POLICY_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(ALERT_POLICY_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **ALERT_POLICY_CONSTRAINTS)
    error, result = execute(module, ALERT_POLICIES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
