#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_heartbeat_ping
short_description: Ping a heartbeat, as a job does when it succeeds
version_added: 0.1.0
description:
  - Tells Jira Service Management operations that the job behind a heartbeat is alive.
  - Reports no change, since a ping changes no configuration.
  - The API accepts a ping for a heartbeat that does not exist, so by default the module first checks that the
    heartbeat exists and fails if it does not (O(check_exists)).
options:
  team:
    description:
      - The team that owns the heartbeat, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the heartbeat.
    type: str
    required: true
  check_exists:
    description:
      - Check that the heartbeat exists before pinging it, and fail if it does not.
      - V(false) saves one request; a ping for a missing heartbeat then silently does nothing.
    type: bool
    default: true
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
attributes:
  check_mode:
    support: full
    details: In check mode nothing is sent except the existence check; RV(pinged) is V(false).
  diff_mode:
    support: N/A
    details: A ping changes no configuration.
seealso:
  - module: jsm.ops.jsmops_heartbeat
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: The nightly backup finished
  jsm.ops.jsmops_heartbeat_ping:
    team: Platform
    name: nightly-backup
"""

RETURN = r"""
pinged:
  description: Whether a ping was sent (V(false) in check mode).
  returned: always
  type: bool
message:
  description: The API's answer, for example C(PONG - Heartbeat received).
  returned: when a ping was sent
  type: str
team_id:
  description: ID of the team.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import find_heartbeat, ping
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    team_id = Resolver(client).team_id(params["team"])
    if params["check_exists"] and find_heartbeat(client, team_id, params["name"]) is None:
        raise ConfigurationError(
            "heartbeat %r does not exist in team %r; the API would accept the ping and drop it. Create it with "
            "jsm.ops.jsmops_heartbeat, or set check_exists: false." % (params["name"], params["team"])
        )
    result = {"pinged": False, "team_id": team_id}
    if not module.check_mode:
        answer = ping(client, team_id, params["name"])
        result.update(pinged=True, message=answer.get("message", ""))
    return False, result, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(team=dict(type="str", required=True), name=dict(type="str", required=True), check_exists=dict(type="bool", default=True))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
