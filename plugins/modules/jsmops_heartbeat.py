#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_heartbeat
short_description: Create, change and delete heartbeats of a team
version_added: 0.1.0
description:
  - A heartbeat raises an alert when it is not pinged within its interval, for example when a nightly job stops reporting.
  - The heartbeat is found by its O(name) within the O(team). Only the options that are set are compared and changed.
  - The site's plan must include heartbeats; otherwise the API answers HTTP 402 and the task fails saying so.
options:
  team:
    description:
      - The team that owns the heartbeat, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the heartbeat, its key within the team. At most 200 characters.
    type: str
    required: true
  state:
    description:
      - V(present) creates the heartbeat or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  interval:
    description:
      - How long the heartbeat waits for a ping, in O(interval_unit). Required to create a heartbeat.
    type: int
  interval_unit:
    description:
      - Unit of O(interval). Required to create a heartbeat.
    type: str
    choices: [minutes, hours, days]
  enabled:
    description:
      - Whether the heartbeat is active. A new heartbeat without it is disabled, as the API creates it; set V(true) to start monitoring.
    type: bool
  description:
    description:
      - Description of the heartbeat. At most 10000 characters.
    type: str
  alert_message:
    description:
      - Message of the alert raised when the heartbeat expires. At most 130 characters.
    type: str
  alert_tags:
    description:
      - Tags of that alert (compared regardless of order).
    type: list
    elements: str
  alert_priority:
    description:
      - Priority of that alert. A new heartbeat without it gets P3.
    type: str
    choices: [P1, P2, P3, P4, P5]
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_heartbeat_ping
  - module: jsm.ops.jsmops_heartbeat_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: The nightly backup must report every 25 hours
  jsm.ops.jsmops_heartbeat:
    team: Platform
    name: nightly-backup
    interval: 25
    interval_unit: hours
    enabled: true
    alert_message: The nightly backup did not report
    alert_tags: [backup]
    alert_priority: P2

- name: Remove it
  jsm.ops.jsmops_heartbeat:
    team: Platform
    name: nightly-backup
    state: absent
"""

RETURN = r"""
heartbeat:
  description:
    - The heartbeat after the task, with the API's field names. In check mode, the predicted heartbeat.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    name: nightly-backup
    interval: 25
    intervalUnit: Hours
    enabled: true
    status: Pending
    ownerTeamId: 9d838765-af78-5275-921e-d62872b4dfdf
    alertMessage: The nightly backup did not report
    alertTags: [backup]
    alertPriority: P2
team_id:
  description: ID of the team.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import HEARTBEATS, HEARTBEAT_OPTIONS, HEARTBEAT_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(HEARTBEAT_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **HEARTBEAT_CONSTRAINTS)
    error, result = execute(module, HEARTBEATS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
