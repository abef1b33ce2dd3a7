#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_timeline_info
short_description: The on-call timeline of a schedule over an interval
version_added: 0.1.0
description:
  - Returns who is on call when in a schedule, from O(date) over O(interval) days, weeks or months, as the API computes it
    (the final timeline, and on request the base, override and forwarding layers).
  - The API serves at most one year back and two years ahead of today, in whole days, weeks or months of the schedule's time zone;
    a range beyond that is refused before the timeline is asked for.
  - A schedule that does not exist or that the account cannot see gives an empty RV(timeline).
options:
  schedule:
    description:
      - The schedule, by id or by exact name.
    type: str
    required: true
  date:
    description:
      - Start of the timeline, as an ISO 8601 date and time with a UTC offset. Defaults to now.
    type: str
  interval:
    description:
      - Length of the timeline, in O(interval_unit).
    type: int
    default: 1
  interval_unit:
    description:
      - Unit of O(interval).
    type: str
    choices: [days, weeks, months]
    default: weeks
  expand:
    description:
      - Layers to return besides the final timeline.
    type: list
    elements: str
    choices: [base, forwarding, override]
    default: []
  responder_names:
    description:
      - Also return RV(responders), the names of the users and teams on call in the timeline's periods.
      - Users are looked up through the site's Jira user search, which needs O(site); without O(site) their names are V(null)
        and a warning says so. Teams are looked up in the team list. Escalations get no name.
    type: bool
    default: false
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_oncall_info
  - module: jsm.ops.jsmops_schedule_export
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: The next two weeks of the Platform schedule, with its overrides
  jsm.ops.jsmops_schedule_timeline_info:
    schedule: Platform Primary
    interval: 2
    interval_unit: weeks
    expand: [override]
  register: timeline

- name: Every on-call period of the final timeline
  ansible.builtin.debug:
    msg: "{{ timeline.timeline.finalTimeline.rotations | map(attribute='periods') | flatten }}"

- name: Two days of the Database schedule, with the names of the people on call (needs site)
  jsm.ops.jsmops_schedule_timeline_info:
    schedule: Database Primary
    interval: 2
    interval_unit: days
    responder_names: true
    site: example.atlassian.net
  register: database

- name: Who is on call when
  ansible.builtin.debug:
    msg: "{{ item.startDate }}: {{ database.responders[item.responder.id].name if item.responder.id is defined else 'nobody' }}"
  loop: "{{ database.timeline.finalTimeline.rotations | map(attribute='periods') | flatten }}"
"""

RETURN = r"""
timeline:
  description:
    - The API's timeline (C(startDate), C(endDate), C(finalTimeline) and the expanded layers), with its own field names.
    - Empty when the schedule was not found.
  returned: always
  type: dict
schedule_id:
  description: ID of the schedule; V(null) when it was not found.
  returned: always
  type: str
schedule_name:
  description: Name of the schedule; V(null) when it was not found.
  returned: always
  type: str
schedule_timezone:
  description: Time zone of the schedule (IANA name); V(null) when it was not found.
  returned: always
  type: str
responders:
  description:
    - The responders of every period of every layer of RV(timeline), by id, each with its C(type) and C(name).
    - C(name) is the user's display name or the team's name; V(null) where it could not be looked up (an escalation, a user without O(site),
      a user or team the account cannot see).
  returned: when O(responder_names=true)
  type: dict
  sample:
    "712020:5b2b0e011b3a756623f4e25e": {type: user, name: Dana Platform}
    "bc667897-cb21-496f-a46e-7c05ff0419dd": {type: team, name: Platform}
"""

import datetime


from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.timeline import TIMELINE, check_range
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule


def timeline_responders(timeline: dict) -> dict:
    """``{id: type}`` of the responders of every period of every layer, in order of first appearance."""
    found: dict = {}
    for key, layer in timeline.items():
        if not key.endswith("Timeline") or not isinstance(layer, dict):
            continue
        for rotation in layer.get("rotations") or []:
            for period in rotation.get("periods") or []:
                for responder in [period.get("responder")] + list(period.get("flattenedResponders") or []):
                    if isinstance(responder, dict) and responder.get("id") and responder.get("type") != "noone":
                        found.setdefault(responder["id"], responder.get("type"))
    return found


def responder_names(module, resolver: Resolver, timeline: dict) -> dict:
    """``{id: {"type", "name"}}`` for the responders of the timeline."""
    names = {}
    unnamed_users = False
    for ident, kind in timeline_responders(timeline).items():
        name = None
        if kind == "team":
            name = next((team.get("teamName") for team in resolver.teams() if team.get("teamId") == ident), None)
        elif kind == "user":
            if resolver.client.config.site:
                try:
                    name = resolver.user(ident, "responder").get("displayName")
                except ConfigurationError:
                    name = None
            else:
                unnamed_users = True
        names[ident] = {"type": kind, "name": name}
    if unnamed_users:
        module.warn("responder_names: set site (or JSM_OPS_SITE) to get the names of users; they are null without it.")
    return names


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    # A date or range that no time zone could make valid fails before any request; the exact check needs the schedule's zone.
    check_range(params["date"], params["interval"], params["interval_unit"], slack=datetime.timedelta(days=1))
    resolver = Resolver(client)
    schedule = find_schedule(client, params["schedule"])
    if schedule is None:
        result = {"timeline": {}, "schedule_id": None, "schedule_name": None, "schedule_timezone": None}
        if params["responder_names"]:
            result["responders"] = {}
        return False, result, None
    date = check_range(params["date"], params["interval"], params["interval_unit"], timezone=schedule.get("timezone"))
    query = {"interval": params["interval"], "intervalUnit": params["interval_unit"]}
    if date:
        query["date"] = date
    if params["expand"]:
        query["expand"] = ",".join(params["expand"])
    timeline = unless_hidden(lambda: client.get(client.path(TIMELINE, schedule["id"]), query, missing_ok=True), None) or {}
    result = {"timeline": timeline, "schedule_id": schedule["id"], "schedule_name": schedule.get("name"), "schedule_timezone": schedule.get("timezone")}
    if params["responder_names"]:
        result["responders"] = responder_names(module, resolver, timeline)
    return False, result, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        schedule=dict(type="str", required=True),
        date=dict(type="str"),
        interval=dict(type="int", default=1),
        interval_unit=dict(type="str", choices=["days", "weeks", "months"], default="weeks"),
        expand=dict(type="list", elements="str", choices=["base", "forwarding", "override"], default=[]),
        responder_names=dict(type="bool", default=False),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
