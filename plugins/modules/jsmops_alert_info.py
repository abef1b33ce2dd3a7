#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_alert_info
short_description: Find alerts by id, by alias, or with a search
version_added: 0.1.0
description:
  - Returns one alert by O(id) or O(alias), or the alerts a search finds, reading every page up to O(limit).
  - The API serves no search result at offset 20000 or beyond, so O(limit) is at most 19999; narrow the search with
    O(query), O(from) and O(to) to reach older alerts.
  - An alert that does not exist gives an empty list.
options:
  id:
    description:
      - ID of one alert.
    type: str
  alias:
    description:
      - Alias of one alert.
    type: str
  query:
    description:
      - A search in the API's alert search syntax, such as V(status:open AND tag:backup). A blank one is the same as none.
    type: str
  from:
    description:
      - Only alerts created from this moment on, as an ISO 8601 date and time with a UTC offset.
    type: str
  to:
    description:
      - Only alerts created before this moment, in the same form.
    type: str
  sort:
    description:
      - Field to sort by.
    type: str
    choices: [createdAt, insertedAt, lastOccurredAt, priority]
  order:
    description:
      - Sort order.
    type: str
    choices: [asc, desc]
  limit:
    description:
      - The most alerts to return, from 1 to 19999.
    type: int
    default: 100
  logs:
    description:
      - Add each alert's activity log (C(logTime), C(logType), C(log), C(owner)) as C(logs), every page of it; one request or
        more per alert.
    type: bool
    default: false
  notes:
    description:
      - Add each alert's notes (C(id), C(note), C(owner), C(createdAt)) as C(notes), every page of them; one request or more
        per alert. A note's C(id) is what O(jsm.ops.jsmops_alert#module:note_id) and
        O(jsm.ops.jsmops_alert#module:remove_notes) take.
    type: bool
    default: false
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_alert
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Open P1 alerts
  jsm.ops.jsmops_alert_info:
    query: "status:open AND priority:P1"
    limit: 500
  register: p1

- name: The alert our pipeline raises
  jsm.ops.jsmops_alert_info:
    alias: nightly-backup-failed

- name: What happened to it, and its notes
  jsm.ops.jsmops_alert_info:
    alias: nightly-backup-failed
    logs: true
    notes: true
  register: history
"""

RETURN = r"""
alerts:
  description:
    - The alerts, with the API's field names; with O(logs), each with its C(logs), and with O(notes), each with its C(notes).
  returned: always
  type: list
  elements: dict
"""


from ansible_collections.jsm.ops.plugins.module_utils.families.alerts import alert_logs, alert_notes, epoch_seconds, get_alert, search_alerts
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    if params["id"] or params["alias"]:
        alert = unless_hidden(lambda: get_alert(client, params["id"], params["alias"]), None)
        return False, {"alerts": with_history(client, [] if alert is None else [alert], params)}, None
    alerts = search_alerts(
        client,
        query=params["query"],
        since=epoch_seconds(params["from"], "from") if params["from"] else None,
        until=epoch_seconds(params["to"], "to") if params["to"] else None,
        sort=params["sort"],
        order=params["order"],
        limit=params["limit"],
    )
    return False, {"alerts": with_history(client, alerts, params)}, None


def with_history(client, alerts: list, params: dict) -> list:
    """The alerts, each with its log and notes when asked for."""
    for alert in alerts:
        if params["logs"]:
            alert["logs"] = alert_logs(client, alert["id"])
        if params["notes"]:
            alert["notes"] = alert_notes(client, alert["id"])
    return alerts


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        id=dict(type="str"),
        alias=dict(type="str"),
        query=dict(type="str"),
        sort=dict(type="str", choices=["createdAt", "insertedAt", "lastOccurredAt", "priority"]),
        order=dict(type="str", choices=["asc", "desc"]),
        limit=dict(type="int", default=100),
        logs=dict(type="bool", default=False),
        notes=dict(type="bool", default=False),
    )
    argument_spec["from"] = dict(type="str")
    argument_spec["to"] = dict(type="str")
    module = JsmOpsModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("id", "alias", "query"), ("id", "alias", "from"), ("id", "alias", "to")],
        supports_check_mode=True,
    )
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
