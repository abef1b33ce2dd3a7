#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_escalation
short_description: Create, change and delete escalations of a team
version_added: 0.2.0
description:
  - An escalation decides who is notified about an alert, in which order and after how long, and whether it starts over.
    A routing rule of the team sends alerts to it.
  - The escalation is found by its O(name) within the O(team). The API allows two escalations of one name; such a name is
    refused with both ids, and O(id) then names the one meant.
  - Only the options that are set are compared and changed. O(rules) are compared in order, because their order is the
    order of the escalation.
options:
  team:
    description:
      - The team that owns the escalation, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the escalation, its key within the team. At most 100 characters.
      - With O(id), the name the escalation is given.
    type: str
    required: true
  id:
    description:
      - The escalation's id, where two escalations of the team have the same name.
    type: str
  state:
    description:
      - V(present) creates the escalation or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - Description of the escalation. At most 200 characters.
    type: str
  enabled:
    description:
      - Whether the escalation is active. A new one is enabled.
    type: bool
  rules:
    description:
      - The escalation's steps, in order. Required to create an escalation.
    type: list
    elements: dict
    suboptions:
      condition:
        description:
          - Notify while the alert is not acknowledged, or while it is not closed.
        type: str
        choices: [if-not-acked, if-not-closed]
        default: if-not-acked
      notify_type:
        description:
          - Whom of the recipient to notify. V(default) is who is on call (of a schedule) or the user or team itself;
            V(next) and V(previous) are the next and previous on call; V(users), V(admins), V(all) and V(random) pick members of a team.
        type: str
        choices: [default, next, previous, users, admins, all, random]
        default: default
      delay:
        description:
          - Minutes after the alert was raised (or the escalation started over) before this step notifies. At least 1.
        type: int
        required: true
      recipient:
        description:
          - Who is notified.
        type: dict
        required: true
        suboptions:
          type:
            description:
              - What the recipient is.
            type: str
            required: true
            choices: [user, schedule, team]
          id:
            description:
              - The recipient's id (an account id for a user).
            type: str
          name:
            description:
              - A schedule's or a team's name, instead of O(rules[].recipient.id).
            type: str
          email:
            description:
              - A user's email, instead of O(rules[].recipient.id); looked up through the site's Jira user search, so O(site) must be set.
            type: str
  repeat:
    description:
      - Whether and how the escalation starts over after its last step. Only the settings given are compared and changed.
    type: dict
    suboptions:
      wait_interval:
        description:
          - Minutes after the last step before starting over; V(0) turns repeating off.
        type: int
      count:
        description:
          - How many times the escalation starts over, from 1 to 20.
        type: int
      reset_recipient_states:
        description:
          - Whether the alert's acknowledged and seen states are reset on each repeat.
        type: bool
      close_alert_after_all:
        description:
          - Whether the alert is closed after the last repeat.
        type: bool
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_escalation_info
  - module: jsm.ops.jsmops_schedule
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Page who is on call, then the team lead, and start over twice
  jsm.ops.jsmops_escalation:
    team: Platform
    name: Platform escalation
    description: Alerts of the platform team
    rules:
      - delay: 1
        recipient: {type: schedule, name: Platform Primary}
      - delay: 15
        recipient: {type: user, email: dana.platform@example.com}
      - condition: if-not-closed
        notify_type: all
        delay: 30
        recipient: {type: team, name: Platform}
    repeat:
      wait_interval: 10
      count: 2

- name: Remove it
  jsm.ops.jsmops_escalation:
    team: Platform
    name: Platform escalation
    state: absent
"""

RETURN = r"""
escalation:
  description:
    - The escalation after the task, with the API's field names. In check mode, the predicted escalation.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 69291859-ed73-4396-8b74-c61a3c810cdf
    name: Platform escalation
    description: Alerts of the platform team
    enabled: true
    rules:
      - condition: if-not-acked
        notifyType: default
        delay: 1
        recipient: {type: schedule, id: aed0e0f1-1474-5690-b7e6-d6cd3139bc2c}
    repeat: {waitInterval: 10, count: 2, resetRecipientStates: false, closeAlertAfterAll: false}
team_id:
  description: ID of the team.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.escalations import ESCALATIONS, ESCALATION_OPTIONS, ESCALATION_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(ESCALATION_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **ESCALATION_CONSTRAINTS)
    error, result = execute(module, ESCALATIONS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
