#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_oncall_info
short_description: Who is on call now, next, or at a given time, across many schedules at once
version_added: 0.1.0
description:
  - Returns who is on call in each chosen schedule (or in every schedule the account can see) at O(date), and optionally who is next.
  - Each schedule's answer comes in the form O(form) picks, the on-call user ids (the default), the nested participants (teams,
    escalations), or both. Each form costs one request per schedule, and O(next) one more per form.
  - Schedules are read concurrently by at most O(concurrency) workers, each on its own keep-alive connection; when the API
    answers HTTP 429 the whole pool waits out its C(Retry-After) together.
  - A schedule that does not exist or that the account cannot see gets no entry; its name is listed in RV(missing).
options:
  schedules:
    description:
      - Schedules by id or exact (case-insensitive) name. Not set or empty means every schedule the account can see.
    type: list
    elements: str
    default: []
  date:
    description:
      - The moment to ask about, as an ISO 8601 date and time with a UTC offset. Defaults to now.
    type: str
  next:
    description:
      - Also return who is on call next in each schedule.
    type: bool
    default: false
  form:
    description:
      - Which of the API's two forms of the answer to fetch.
      - V(users) returns RV(on_calls[].users), the account ids of the users on call, with teams and escalations resolved to
        users. This is one request per schedule.
      - V(participants) returns RV(on_calls[].participants), the participants as the API nests them (users, teams,
        escalations). This is one request per schedule.
      - V(both) returns both, at two requests per schedule.
      - Before version 0.2.0 the module always fetched both.
    type: str
    choices: [users, participants, both]
    default: users
    version_added: 0.2.0
  concurrency:
    description:
      - How many schedules are read at the same time, from 1 to 32.
    type: int
    default: 8
  continue_on_error:
    description:
      - By default the first schedule that cannot be read fails the task with a message naming it.
        With V(true) the task goes on and lists such schedules in RV(errors).
    type: bool
    default: false
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - plugin: jsm.ops.jsmops_oncall
    plugin_type: lookup
  - module: jsm.ops.jsmops_schedule_timeline_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Who is on call in two schedules, and who is next
  jsm.ops.jsmops_oncall_info:
    schedules: [Platform Primary, Database Primary]
    next: true
  register: oncall

- name: The participants as the API nests them (teams, escalations), besides the user ids
  jsm.ops.jsmops_oncall_info:
    schedules: [Platform Primary]
    form: both

- name: Refuse a risky deploy when nobody is on call for Platform
  ansible.builtin.assert:
    that: oncall.on_calls | selectattr('schedule_name', 'equalto', 'Platform Primary') | map(attribute='users') | first | length > 0
    fail_msg: Nobody is on call for Platform; not deploying.

- name: Every schedule at the start of the holidays, carrying on past schedules that fail
  jsm.ops.jsmops_oncall_info:
    date: "2026-12-24T18:00:00+01:00"
    concurrency: 16
    continue_on_error: true
"""

RETURN = r"""
date:
  description: The moment the answers are for, in UTC.
  returned: always
  type: str
  sample: "2026-12-24T17:00:00Z"
on_calls:
  description: One entry per schedule, in the order asked for (or the API's order for all schedules).
  returned: always
  type: list
  elements: dict
  contains:
    schedule_id:
      description: ID of the schedule.
      type: str
      returned: always
    schedule_name:
      description: Name of the schedule.
      type: str
      returned: always
    users:
      description: Account ids of the users on call (the API's C(onCallUsers), with teams and escalations resolved to users).
      type: list
      elements: str
      returned: when O(form) is V(users) (the default) or V(both)
    participants:
      description: The on-call participants as the API nests them (C(onCallParticipants)).
      type: list
      elements: dict
      returned: when O(form) is V(participants) or V(both)
    next_users:
      description: Account ids of the users on call next (C(nextOnCallUsers)).
      type: list
      elements: str
      returned: when O(next=true) and O(form) is V(users) or V(both)
    next_participants:
      description: The next on-call participants as the API nests them (C(nextOnCallParticipants)).
      type: list
      elements: dict
      returned: when O(next=true) and O(form) is V(participants) or V(both)
errors:
  description: Schedules that could not be read, with the reason; only with O(continue_on_error=true).
  returned: always
  type: list
  elements: dict
  sample:
    - schedule_id: f8f2a4ec-54b2-4513-865b-8cb3b81c9544
      schedule_name: Platform Primary
      msg: "GET /v1/schedules/f8f2a4ec-54b2-4513-865b-8cb3b81c9544/on-calls returned HTTP 500: ..."
missing:
  description: Names or ids in O(schedules) that match no schedule the account can see.
  returned: always
  type: list
  elements: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import DEFAULT_CONCURRENCY, DEFAULT_FORM, FORMS, on_calls
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    result = on_calls(
        client, params["schedules"], date=params["date"], include_next=params["next"],
        concurrency=params["concurrency"], continue_on_error=params["continue_on_error"], form=params["form"],
    )
    return False, result, None


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        schedules=dict(type="list", elements="str", default=[]),
        date=dict(type="str"),
        next=dict(type="bool", default=False),
        form=dict(type="str", choices=list(FORMS), default=DEFAULT_FORM),
        concurrency=dict(type="int", default=DEFAULT_CONCURRENCY),
        continue_on_error=dict(type="bool", default=False),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
