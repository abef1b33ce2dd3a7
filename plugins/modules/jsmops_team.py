#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_team
short_description: Turn operations on for an Atlassian team
version_added: 0.2.0
description:
  - Turns on operations (schedules, escalations, routing rules, alerts) for an existing Atlassian team. A team whose
    operations are on already is left as it is.
  - Creating an Atlassian team is not part of this API; create it in Atlassian Home (or through the Atlassian Teams API) first.
    Turning operations off is not part of this API either.
  - The API lists only teams whose operations are on, so a team whose operations are still off is named by its id (the last
    part of its address in Atlassian Home); a team whose operations are on can be named by id or name.
  - The API turns operations on asynchronously. With O(wait) (the default) the module waits until the API reports the
    request processed and fails clearly if it failed or did not finish within O(wait_timeout).
  - Turning operations on gives the team a default schedule, a default escalation that pages it and a default routing rule that
    notifies that escalation. O(delete_default_resources) removes them on the run that turns operations on.
  - The P(jsm.ops.team#role) role turns operations on with this module and declares the team's routing in variables.
options:
  team:
    description:
      - The team, by id; or by name once its operations are on.
    type: str
    required: true
  state:
    description:
      - V(enabled) turns the team's operations on.
    type: str
    choices: [enabled]
    default: enabled
  admins:
    description:
      - Users made admins of the team's operations when they are turned on, by account id or email (an email is looked up
        through the site's Jira user search, so O(site) must be set). Not compared on later runs.
    type: list
    elements: str
  delete_default_resources:
    description:
      - On the run that turns operations on, delete the default escalation and the default schedule it pages, and make the
        default routing rule notify nobody (the API does not delete a team's default routing rule). Needs O(wait).
      - Runs against a team whose operations are on already change nothing, whatever this option says.
    type: bool
    default: false
  wait:
    description:
      - Wait until the API reports the request processed.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the request to be processed, 1 or more.
    type: int
    default: 60
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_team_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Turn operations on for the Support team, without its default resources
  jsm.ops.jsmops_team:
    team: 085ab363-1476-56b3-84c9-d26ac3709494
    admins: [dana.platform@example.com]
    delete_default_resources: true
  register: support

- name: What was removed
  ansible.builtin.debug:
    var: support.default_resources
"""

RETURN = r"""
team:
  description:
    - The team (C(teamId), C(teamName)) once its operations are on; in check mode, or with O(wait=false), only C(teamId)
      for a team whose operations were off.
  returned: always
  type: dict
  sample: {teamId: 085ab363-1476-56b3-84c9-d26ac3709494, teamName: Support}
team_id:
  description: ID of the team.
  returned: always
  type: str
request_id:
  description: ID of the API's request that turned operations on; V(null) in check mode.
  returned: when operations were turned on
  type: str
default_resources:
  description:
    - What O(delete_default_resources) removed, by kind (C(escalation), C(schedules)), and the default C(routing_rule) it
      made notify nobody; empty when nothing was removed.
  returned: when operations were turned on
  type: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.teams import TEAMS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        team=dict(type="str", required=True),
        state=dict(type="str", choices=["enabled"], default="enabled"),
        admins=dict(type="list", elements="str"),
        delete_default_resources=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=60),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, TEAMS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
