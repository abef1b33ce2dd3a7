#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_rotation
short_description: Create, change and delete rotations of an on-call schedule
version_added: 0.1.0
description:
  - Makes a rotation of a schedule exist with the given settings, or makes it absent. The rotation is found by its O(name) within the schedule.
  - Only the options that are set are compared and changed. Dates are compared as instants, so C(2026-03-01T10:00:00+01:00)
    equals C(2026-03-01T09:00:00Z). The order of O(participants) is the rotation order and is compared as such.
options:
  schedule:
    description:
      - The schedule, by id or by exact name.
    type: str
    required: true
  name:
    description:
      - Name of the rotation within the schedule.
    type: str
    required: true
  state:
    description:
      - V(present) creates the rotation or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - How the rotation turns over. Required to create a rotation.
    type: str
    choices: [daily, weekly, hourly]
  length:
    description:
      - How many days, weeks or hours (after O(type)) each participant is on call. A new rotation without it gets 1.
    type: int
  start_date:
    description:
      - When the rotation starts, as an ISO 8601 date and time with a UTC offset, such as V(2026-03-02T09:00:00+01:00).
      - Required to create a rotation.
    type: str
  end_date:
    description:
      - When the rotation ends, in the same form as O(start_date). Must be after O(start_date).
    type: str
  participants:
    description:
      - The participants in rotation order.
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - V(user), V(team), V(escalation), or V(noone) for a turn with nobody on call.
        type: str
        required: true
        choices: [user, team, escalation, noone]
      id:
        description:
          - The account id of a user, or the id of a team or escalation.
        type: str
      email:
        description:
          - A user's email address instead of O(participants[].id); looked up through the site's Jira user search, so O(site) must be set.
        type: str
      name:
        description:
          - A team's name instead of O(participants[].id).
        type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.time_restriction
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_schedule
  - module: jsm.ops.jsmops_schedule_rotation_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: A weekly rotation of two engineers, by email (needs site)
  jsm.ops.jsmops_schedule_rotation:
    site: example.atlassian.net
    schedule: Platform Primary
    name: Weekly
    type: weekly
    start_date: "2026-03-02T09:00:00+01:00"
    participants:
      - type: user
        email: dana@example.com
      - type: user
        id: 712020:0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12

- name: Business hours only, on weekdays
  jsm.ops.jsmops_schedule_rotation:
    schedule: Platform Secondary
    name: Business hours
    type: daily
    start_date: "2026-03-02T08:00:00Z"
    participants:
      - type: team
        name: Platform
    time_restriction:
      type: weekday-and-time-of-day
      restrictions:
        - {start_day: monday, end_day: friday, start_hour: 9, start_min: 0, end_hour: 17, end_min: 0}

- name: Nights, with a turn where nobody is on call
  jsm.ops.jsmops_schedule_rotation:
    schedule: Payments Primary
    name: Nights
    type: daily
    start_date: "2026-03-01T22:00:00Z"
    participants:
      - {type: user, id: 712020:0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12}
      - {type: noone}
    time_restriction:
      type: time-of-day
      restriction: {start_hour: 22, start_min: 0, end_hour: 6, end_min: 0}

- name: Remove a rotation
  jsm.ops.jsmops_schedule_rotation:
    schedule: Payments Primary
    name: Nights
    state: absent
"""

RETURN = r"""
rotation:
  description:
    - The rotation after the task, with the API's field names. In check mode, the predicted rotation (a new one has no C(id)).
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 3ce33f53-69be-4b92-8d34-a1df0efe642e
    name: Weekly
    type: weekly
    length: 1
    startDate: "2026-03-02T08:00:00Z"
    participants:
      - type: user
        id: 712020:0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12
schedule_id:
  description: ID of the schedule the rotation belongs to.
  returned: always
  type: str
  sample: f8f2a4ec-54b2-4513-865b-8cb3b81c9544
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import ROTATIONS, ROTATION_OPTIONS, ROTATION_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(ROTATION_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **ROTATION_CONSTRAINTS)
    error, result = execute(module, ROTATIONS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
