#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_info
short_description: List on-call schedules of Jira Service Management operations
version_added: 0.1.0
description:
  - Returns every on-call schedule the account can see, one schedule by O(id), or the schedules whose name matches O(name);
    O(team) keeps only the schedules of one team.
  - A schedule that does not exist, or that the account cannot see, gives an empty list rather than a failure.
  - Never reports a change.
options:
  id:
    description:
      - ID of one schedule.
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Schedule name to look for. The match is exact and case-insensitive; a trailing C(*) makes it a prefix match
        (C(Platform*) matches C(Platform Primary) and C(platform secondary)).
      - Mutually exclusive with O(id).
    type: str
  team:
    description:
      - Only the schedules that belong to this team, by id or by name (names are resolved through the teams the account can see).
      - V("") keeps only the global schedules, which belong to no team.
      - The API cannot filter by team, so the schedules are listed and then filtered.
    type: str
  expand:
    description:
      - Parts of the schedules to include. V(rotation) adds each schedule's rotations under C(rotations).
    type: list
    elements: str
    choices: [rotation]
    default: []
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - name: JSM Ops REST API, Schedules
    description: Atlassian's reference for the schedules endpoints.
    link: https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/api-group-schedules/
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: List every schedule the account can see
  jsm.ops.jsmops_schedule_info:
    api_email: ops-bot@example.com
    api_token: "{{ vault_jsm_ops_token }}"
    site: example.atlassian.net
  register: all_schedules

- name: Look up one schedule by name, with its rotations (credentials from JSM_OPS_* variables)
  jsm.ops.jsmops_schedule_info:
    name: Platform Primary
    expand: [rotation]
  register: platform

- name: Print the rotation names
  ansible.builtin.debug:
    msg: "{{ platform.schedules | map(attribute='rotations') | flatten | map(attribute='name') }}"

- name: Every schedule whose name starts with "Platform"
  jsm.ops.jsmops_schedule_info:
    name: Platform*

- name: Every schedule of the Platform team
  jsm.ops.jsmops_schedule_info:
    team: Platform

- name: One schedule by id, with the connection set once for a block of jsm.ops tasks
  module_defaults:
    group/jsm.ops.jsmops:
      api_email: ops-bot@example.com
      api_token: "{{ vault_jsm_ops_token }}"
      cloud_id: 1a2b3c4d-0000-4000-8000-0123456789ab
  block:
    - name: One schedule by id
      jsm.ops.jsmops_schedule_info:
        id: f8f2a4ec-54b2-4513-865b-8cb3b81c9544
"""

RETURN = r"""
schedules:
  description:
    - The matching schedules, with the API's own field names. Empty when nothing matches or the account cannot see it.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the schedule.
      type: str
      returned: always
      sample: f8f2a4ec-54b2-4513-865b-8cb3b81c9544
    name:
      description: Name of the schedule.
      type: str
      returned: always
      sample: Platform Primary
    description:
      description: Description of the schedule.
      type: str
      returned: when set
    timezone:
      description: Time zone of the schedule.
      type: str
      returned: always
      sample: Europe/Berlin
    enabled:
      description: Whether the schedule is enabled.
      type: bool
      returned: always
    teamId:
      description: ID of the team that owns the schedule; absent for a global schedule.
      type: str
      returned: when the schedule belongs to a team
    rotations:
      description: The schedule's rotations, as the API returns them.
      type: list
      elements: dict
      returned: when O(expand) contains V(rotation)
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import get_schedule, list_schedules


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    if params["id"]:
        schedule = get_schedule(client, params["id"])
        if schedule is not None and "rotation" in params["expand"]:
            # Imported here: only this path needs the rotations family, and every task pays for what it imports.
            from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import list_rotations  # pylint: disable=import-outside-toplevel

            schedule["rotations"] = list_rotations(client, schedule["id"])  # the single-schedule endpoint has no expand
        schedules = [] if schedule is None else [schedule]
    else:
        schedules = list_schedules(client, params["name"], params["expand"])
    if params["team"] is not None:
        team_id = Resolver(client).team_id(params["team"])
        schedules = [schedule for schedule in schedules if (schedule.get("teamId") or "") == team_id]
    return False, {"schedules": schedules}, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        id=dict(type="str"),
        name=dict(type="str"),
        team=dict(type="str"),
        expand=dict(type="list", elements="str", choices=["rotation"], default=[]),
    )
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("id", "name")], supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
