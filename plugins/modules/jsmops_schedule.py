#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule
short_description: Create, change and delete on-call schedules of Jira Service Management operations
version_added: 0.1.0
description:
  - Makes an on-call schedule exist with the given settings, or makes it absent.
  - The schedule is found by O(id) when given, else by its exact O(name).
  - Only the options that are set are compared and changed; the change is sent as one C(PATCH) with the differences.
  - The time zone is checked against the IANA time zone database before anything is sent, because the API silently
    replaces a time zone it does not know with C(America/New_York); after a write the stored time zone is compared with the one asked for.
options:
  name:
    description:
      - Name of the schedule, unique on the site (the API compares names case-insensitively).
      - Finds the schedule when O(id) is not given; renames it when O(id) is given.
      - Required unless O(id) is given.
    type: str
  id:
    description:
      - ID of an existing schedule. Use it to rename a schedule or to act on it regardless of its name.
    type: str
  state:
    description:
      - V(present) creates the schedule or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - Description of the schedule. V("") clears it.
    type: str
  timezone:
    description:
      - IANA time zone of the schedule, such as V(Europe/Berlin). A new schedule without it gets C(America/New_York).
    type: str
  enabled:
    description:
      - Whether the schedule is enabled. A new schedule without it is enabled.
    type: bool
  team:
    description:
      - The team that owns the schedule, by id or by name (names are resolved through the teams the account can see).
      - V("") makes it a global schedule that belongs to no team.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_schedule_info
  - module: jsm.ops.jsmops_schedule_rotation
  - module: jsm.ops.jsmops_schedule_override
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: A schedule for the Platform team
  jsm.ops.jsmops_schedule:
    name: Platform Primary
    description: Platform on-call, first line
    timezone: Europe/Berlin
    team: Platform
  register: platform

- name: Rename it, found by id
  jsm.ops.jsmops_schedule:
    id: "{{ platform.schedule.id }}"
    name: Platform First Line

- name: Make it a global schedule and disable it
  jsm.ops.jsmops_schedule:
    name: Platform First Line
    team: ""
    enabled: false

- name: Delete it
  jsm.ops.jsmops_schedule:
    name: Platform First Line
    state: absent
"""

RETURN = r"""
schedule:
  description:
    - The schedule after the task, with the API's field names. In check mode, the predicted schedule (a new one has no C(id)).
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: f8f2a4ec-54b2-4513-865b-8cb3b81c9544
    name: Platform Primary
    description: Platform on-call, first line
    timezone: Europe/Berlin
    enabled: true
    teamId: cd68207b-c55d-4611-ab25-72fd0c439e9f
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import SCHEDULES, SCHEDULE_OPTIONS, SCHEDULE_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(SCHEDULE_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **SCHEDULE_CONSTRAINTS)
    error, result = execute(module, SCHEDULES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
