#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_override
short_description: Create, change and delete overrides of an on-call schedule
version_added: 0.1.0
description:
  - An override puts someone else (or nobody) on call in a schedule for a while, in all or some of its rotations.
  - The API generates every override's alias, its key within the schedule; a chosen alias cannot be given when creating one.
  - Without O(alias), an existing override with the same responder, dates and rotations is taken as the same override, so
    repeating the task creates nothing new; otherwise a new override is created and its generated alias is returned.
  - With O(alias), that override is changed or deleted. A change replaces the whole override with C(PUT), as the API requires.
options:
  schedule:
    description:
      - The schedule, by id or by exact name.
    type: str
    required: true
  alias:
    description:
      - The alias of an existing override, as returned when it was created (or listed by M(jsm.ops.jsmops_schedule_override_info)).
      - Required with O(state=absent) and to change an override's responder, dates or rotations.
      - With O(state=present), an alias that does not exist is an error, because the API cannot create an override with a chosen alias.
    type: str
  state:
    description:
      - V(present) creates the override or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  user:
    description:
      - The user who takes over, by account id or by email address (looked up through the site's Jira user search, so O(site) must be set).
      - One of O(user) or O(noone) is required with O(state=present).
    type: str
  noone:
    description:
      - V(true) puts nobody on call for the override's time.
    type: bool
  start_date:
    description:
      - When the override starts, as an ISO 8601 date and time with a UTC offset. Required with O(state=present).
    type: str
  end_date:
    description:
      - When the override ends, in the same form. Must be after O(start_date). Required with O(state=present).
    type: str
  rotations:
    description:
      - The rotations the override applies to, by name or id. Not set or empty means all rotations of the schedule.
    type: list
    elements: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_schedule_override_info
  - module: jsm.ops.jsmops_schedule_rotation
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Dana covers the weekly rotation during a conference (the alias is generated)
  jsm.ops.jsmops_schedule_override:
    site: example.atlassian.net
    schedule: Platform Primary
    user: dana@example.com
    start_date: "2026-11-10T08:00:00+01:00"
    end_date: "2026-11-14T18:00:00+01:00"
    rotations: [Weekly]
  register: cover

- name: Noel takes over that override instead, for one more day
  jsm.ops.jsmops_schedule_override:
    site: example.atlassian.net
    schedule: Platform Primary
    alias: "{{ cover.override.alias }}"
    user: noel@example.com
    start_date: "2026-11-10T08:00:00+01:00"
    end_date: "2026-11-15T18:00:00+01:00"
    rotations: [Weekly]

- name: Nobody on call during the company offsite (all rotations)
  jsm.ops.jsmops_schedule_override:
    schedule: Platform Primary
    noone: true
    start_date: "2026-12-01T00:00:00Z"
    end_date: "2026-12-02T00:00:00Z"
  register: offsite

- name: Remove it again
  jsm.ops.jsmops_schedule_override:
    schedule: Platform Primary
    alias: "{{ offsite.override.alias }}"
    state: absent
"""

RETURN = r"""
override:
  description:
    - The override after the task, with the API's field names. In check mode, the predicted override
      (a new one without O(alias) has no C(alias) yet).
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    alias: c73c3ffa-dcc3-4f28-ad13-d150ec108fc9
    responder:
      type: user
      id: 712020:0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12
    startDate: "2026-11-10T07:00:00Z"
    endDate: "2026-11-14T17:00:00Z"
    rotationIds: [3ce33f53-69be-4b92-8d34-a1df0efe642e]
schedule_id:
  description: ID of the schedule the override belongs to.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.overrides import OVERRIDES, OVERRIDE_OPTIONS, OVERRIDE_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(OVERRIDE_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **OVERRIDE_CONSTRAINTS)
    error, result = execute(module, OVERRIDES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
