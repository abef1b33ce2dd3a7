#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_maintenance
short_description: Open, change, cancel and delete maintenance windows
version_added: 0.1.0
description:
  - A maintenance window disables (or enables) integrations, alert policies and syncs for a while, so that planned work does not page anyone.
  - Global windows by default; with O(team), the team's windows.
  - The window is found by O(id), or by its O(description) among the planned and active windows; past and cancelled windows are
    never matched, so a task that runs every week opens a new window each week.
  - With O(duration), a new window runs from now for that long; repeating the task while the window is open changes nothing.
options:
  team:
    description:
      - The team whose window it is, by id or name. Not set means a global window.
    type: str
  description:
    description:
      - What the window is for; the key that finds it again. Required unless O(id) is given. At most 200 characters.
    type: str
  id:
    description:
      - ID of an existing window.
    type: str
  state:
    description:
      - V(present) opens the window or brings it in line with the options; V(cancelled) ends a planned or active window early
        (it stays in the history); V(absent) deletes it.
    type: str
    choices: [present, absent, cancelled]
    default: present
  start_date:
    description:
      - When the window starts, as an ISO 8601 date and time with a UTC offset.
      - Mutually exclusive with O(duration).
    type: str
  end_date:
    description:
      - When the window ends, in the same form. Must be after O(start_date).
      - Mutually exclusive with O(duration).
    type: str
  duration:
    description:
      - Length of a new window that starts now, such as V(90m), V(2h), V(1d) or V(1h30m).
      - Used only to create the window; an open window with the same description is left as it is.
    type: str
  rules:
    description:
      - What the window switches. Required to create a window. Each object may appear in one rule only.
    type: list
    elements: dict
    suboptions:
      type:
        description: What kind of object the rule is about.
        type: str
        required: true
        choices: [integration, policy, sync]
      id:
        description: The object's id. One of O(rules[].id) and O(rules[].name) is required.
        type: str
      name:
        description:
          - The object's name, looked up among the integrations, alert policies or syncs the account can see
            (for a team window, the team's alert policies too).
        type: str
      state:
        description: Whether the object is disabled or enabled during the window. Integrations and syncs can only be disabled.
        type: str
        choices: [enabled, disabled]
        default: disabled
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_maintenance_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Quiet the monitoring integrations for two hours while we deploy
  jsm.ops.jsmops_maintenance:
    description: "Deploy {{ release }}"
    duration: 2h
    rules:
      - type: integration
        name: Prometheus
      - type: integration
        name: Datadog
  register: window

- name: Deploy finished early, end the window
  jsm.ops.jsmops_maintenance:
    id: "{{ window.maintenance.id }}"
    state: cancelled

- name: A planned window of the Platform team
  jsm.ops.jsmops_maintenance:
    team: Platform
    description: Database migration
    start_date: "2026-12-05T22:00:00+01:00"
    end_date: "2026-12-06T02:00:00+01:00"
    rules:
      - {type: policy, name: Page on database errors}
"""

RETURN = r"""
maintenance:
  description:
    - The window after the task, with the API's field names (C(status) is planned, active, past or cancelled).
      In check mode, the predicted window.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 8418d193-2dab-4490-b331-8c02cdd196b7
    description: Deploy 4.2.0
    status: active
    startDate: "2026-11-28T12:00:00Z"
    endDate: "2026-11-28T14:00:00Z"
    rules:
      - entity: {id: 3fa85f64-5717-4562-b3fc-2c963f66afa6, type: integration}
        state: disabled
team_id:
  description: ID of the team; V(null) for a global window.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.maintenances import MAINTENANCES, RULE_SPEC


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        team=dict(type="str"),
        description=dict(type="str"),
        id=dict(type="str"),
        state=dict(type="str", choices=["present", "absent", "cancelled"], default="present"),
        start_date=dict(type="str"),
        end_date=dict(type="str"),
        duration=dict(type="str"),
        rules=dict(type="list", elements="dict", options=RULE_SPEC),
    )
    module = JsmOpsModule(
        argument_spec=argument_spec,
        required_one_of=[("description", "id")],
        mutually_exclusive=[("duration", "start_date"), ("duration", "end_date")],
        supports_check_mode=True,
    )
    error, result = execute(module, MAINTENANCES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
