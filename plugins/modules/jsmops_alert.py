#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_alert
short_description: Open, acknowledge, snooze and close alerts, safely repeatable
version_added: 0.1.0
description:
  - Opens an alert, or acts on an existing one found by O(alias) or O(id).
  - Idempotent by alias, so a retried pipeline job does no harm. An open alert with the same alias is not raised again, a closed
    one is not closed again, a tag that is there is not added again, a note already written is not written again.
  - The API processes alert writes asynchronously. With O(wait) (the default) the module waits until the API reports each request
    processed, fails clearly if a request failed or did not finish within O(wait_timeout), and returns the alert as it is then.
options:
  alias:
    description:
      - The alert's alias, its key for de-duplication. Without an alias, a task that opens an alert opens a new one every run.
    type: str
  id:
    description:
      - ID of an existing alert, instead of O(alias).
    type: str
  state:
    description:
      - V(open) raises the alert unless an open alert with the alias exists (O(alert_message) is required to raise it).
      - V(acknowledged), V(unacknowledged), V(closed) and V(snoozed) (until O(end_time)) act on the existing alert.
        Closing an alert that does not exist or is closed changes nothing; the other states need an open alert.
      - V(deleted) deletes the alert, open or closed; an alert that does not exist changes nothing. Nothing else is
        changed on an alert that is deleted.
    type: str
    choices: [open, acknowledged, unacknowledged, closed, snoozed, deleted]
    default: open
  alert_message:
    description:
      - Short summary of the alert (the API's C(message), 130 characters at most). Required to raise a new alert; changes the
        message of an existing one where it differs.
      - It is not called C(message) because ansible-core reserves that name for itself, as an option and as an alias.
    type: str
  description:
    description:
      - Longer description of the alert; changes the description of an existing one where it differs.
    type: str
  priority:
    description:
      - Priority of the alert; changes the priority of an existing one. A new alert without it gets P3.
    type: str
    choices: [P1, P2, P3, P4, P5]
  responders:
    description:
      - Who a new alert is routed to; on an existing alert, the responders that are missing are added (none is removed).
    type: list
    elements: dict
    suboptions:
      type:
        description: Kind of responder.
        type: str
        required: true
        choices: [team, user, escalation, schedule]
      id:
        description: The responder's id (a user's account id).
        type: str
      name:
        description: A team's or schedule's name instead of its id.
        type: str
      email:
        description: A user's email address instead of the account id (needs O(site)).
        type: str
  tags:
    description:
      - Tags of a new alert; on an existing alert, the tags that are missing are added.
    type: list
    elements: str
  remove_tags:
    description:
      - Tags to remove from an existing alert.
    type: list
    elements: str
  details:
    description:
      - Custom properties (the API's C(extraProperties)) of a new alert; on an existing one, keys with other values are set.
    type: dict
  remove_details:
    description:
      - Keys of custom properties to remove from an existing alert.
    type: list
    elements: str
  entity:
    description:
      - What the alert is about, such as a host or service, for a new alert.
    type: str
  source:
    description:
      - Where a new alert comes from, such as the pipeline's name.
    type: str
  note:
    description:
      - A note to add, unless the alert already has a note with exactly this text.
      - With O(note_id), the new text of that note instead.
    type: str
  note_id:
    description:
      - ID of a note of the alert whose text becomes O(note), unless it is that text already. Needs O(note).
    type: str
  remove_notes:
    description:
      - Notes to remove from an existing alert, each by its ID or its exact text; a note that is not there changes nothing.
    type: list
    elements: str
  assignee:
    description:
      - Assign the alert to this user, by account id or email address.
      - Needs O(site), because the alert names its owner by display name, which comes from the site's Jira user search.
    type: str
  escalation:
    description:
      - ID of an escalation to escalate the alert to, unless it is already a responder.
    type: str
  end_time:
    description:
      - Until when the alert is snoozed, as an ISO 8601 date and time with a UTC offset. Required with O(state=snoozed).
    type: str
  wait:
    description:
      - Wait until the API reports every request processed.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for each request to be processed, 1 or more.
    type: int
    default: 30
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_alert_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: The nightly job failed; raise an alert (a retry of the job raises nothing new)
  jsm.ops.jsmops_alert:
    alias: nightly-backup-failed
    alert_message: Nightly backup failed
    description: "See {{ job_url }}"
    priority: P2
    responders:
      - {type: team, name: Platform}
    tags: [backup, nightly]
    details:
      job: "{{ job_id }}"
    source: ci

- name: The cause is known; say so in the message and page the database team too
  jsm.ops.jsmops_alert:
    alias: nightly-backup-failed
    alert_message: Nightly backup failed; the disk of db-1 is full
    responders:
      - {type: team, name: Database}

- name: Snooze it until Monday morning
  jsm.ops.jsmops_alert:
    alias: nightly-backup-failed
    state: snoozed
    end_time: "2026-11-30T09:00:00+01:00"

- name: The next run recovered; close the alert with a note (nothing happens if there is no open alert)
  jsm.ops.jsmops_alert:
    alias: nightly-backup-failed
    state: closed
    note: Recovered in run {{ job_id }}

- name: Remove the alert entirely once it is dealt with
  jsm.ops.jsmops_alert:
    alias: nightly-backup-failed
    state: deleted
"""

RETURN = r"""
alert:
  description:
    - The alert after the task, with the API's field names. In check mode, or with O(wait=false), the predicted alert.
    - V(null) when there is no such alert and none was opened.
  returned: always
  type: dict
  sample:
    id: 70413a06-38d6-4c85-92b8-5ebc900d42e2
    tinyId: "1791"
    alias: nightly-backup-failed
    message: Nightly backup failed
    status: open
    acknowledged: false
    priority: P2
    tags: [backup, nightly]
    count: 1
alert_id:
  description: ID of the alert; V(null) if unknown (check mode before it exists, or O(wait=false) for a new alert).
  returned: always
  type: str
requests:
  description:
    - The requests sent, each with C(action) (what was done, in words), C(requestId), and the API's report of its processing
      (C(isSuccess), C(status), C(alertId), ...) when O(wait=true).
    - A new alert whose create was answered by a lost connection or a gateway error, and which was then found by its O(alias),
      has C(alertId) and no C(requestId).
  returned: always
  type: list
  elements: dict
  sample:
    - action: close the alert
      requestId: 43a29c5c-3dbf-4fa4-9c26-f4f71023e120
      isSuccess: true
      status: Closed alert
"""

from ansible_collections.jsm.ops.plugins.module_utils.families.alerts import (
    ALERT_REQUESTS,
    RESPONDER_SPEC,
    AlertPlan,
    alert_notes,
    create_body,
    diff_of,
    get_alert,
    open_alert,
    plan_state,
    plan_updates,
    responders_for_api,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.compare import in_future
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute


def send(client, waiter, action, method, path, body):
    """Send one request; wait for its processing when it is asynchronous and waiting is on."""
    return settle(waiter, action, client.request(method, path, body=body).data or {})


def settle(waiter, action, data):
    """What one request did, from the API's answer ``data``; waits for its processing when it is asynchronous and waiting is on."""
    report = {key: data[key] for key in ("requestId", "alertId") if data.get(key)}
    if waiter and data.get("requestId"):
        report.update(waiter(data["requestId"], action))
    report["action"] = action  # what the module did, in words; the API's own name for it is dropped
    return report


def run(module, client):
    """Return (changed, result, diff)."""
    params = module.params
    if params["state"] == "snoozed" and not params["end_time"]:
        raise ConfigurationError("end_time is required with state snoozed.")
    if params["state"] == "snoozed":
        in_future(params["end_time"], "end_time")  # the API refuses a snooze that has ended; check mode says so too
    if params["wait"] and params["wait_timeout"] < 1:
        raise ConfigurationError("wait_timeout must be 1 or more seconds; got %d (set wait: false to return without waiting)." % params["wait_timeout"])
    resolver = Resolver(client)
    assignee = resolver.user(params["assignee"], option="assignee") if params["assignee"] else None
    current = get_alert(client, params["id"], params["alias"]) if (params["id"] or params["alias"]) else None
    closed = current is not None and current.get("status") == "closed"
    if params["id"] and params["state"] == "open" and (current is None or closed):
        raise ConfigurationError(
            "Alert %s %s; an id names one alert and cannot raise a new one: use alias to raise an alert again."
            % (params["id"], "is closed" if closed else "does not exist or the account cannot see it")
        )
    if closed and params["state"] in ("acknowledged", "unacknowledged", "snoozed"):
        raise ConfigurationError("state %s needs an open alert, but %s is closed%s." % (
            params["state"], "alert %s" % params["id"] if params["id"] else "the alert with alias %r" % params["alias"],
            "" if params["id"] else "; state open raises a new alert with this alias"))
    if closed and params["state"] == "open":
        current = None  # a closed alert's alias opens a new alert
    waiter = (lambda request_id, action: ALERT_REQUESTS.wait(client, request_id, action, params["wait_timeout"])) if params["wait"] else None
    result = {"alert": current, "alert_id": current["id"] if current else None, "requests": []}

    if current is None:
        if params["state"] != "open":
            if params["id"] is None and params["alias"] is None:
                raise ConfigurationError("state %s acts on an existing alert: give its alias or id." % params["state"])
            if params["state"] in ("closed", "deleted"):
                return False, result, diff_of(None, None)
            raise ConfigurationError("There is no open alert with %s; it cannot be %s." % (
                "id %s" % params["id"] if params["id"] else "alias %r" % params["alias"], params["state"]))
        body = create_body(params, responders_for_api(resolver, params["responders"]))
        predicted = dict(body, status="open", acknowledged=False, count=1)
        predicted.pop("note", None)
        if module.check_mode:
            return True, dict(result, alert=predicted), diff_of(None, predicted)
        report = settle(waiter, "open the alert", open_alert(client, body))
        result["requests"].append(report)
        alert_id = report.get("alertId")
        alert = get_alert(client, alert_id=alert_id) if alert_id else None
        result.update(alert=alert or predicted, alert_id=alert_id)
        return True, result, diff_of(None, result["alert"])

    if params["state"] == "deleted":
        plan = AlertPlan()  # nothing else is worth changing on an alert about to go
        plan_state(client, current, params, plan)
    else:
        responders = responders_for_api(resolver, params["responders"]) if params["responders"] else ()
        plan = plan_updates(client, current, params, assignee, lambda alert_id: alert_notes(client, alert_id), responders)
        if current.get("status") != "closed":
            plan_state(client, current, params, plan)
    if not plan:
        return False, result, diff_of(current, current)
    predicted = dict(current)
    for _action, _method, _path, _body, change in plan.steps:
        predicted.update(change)
    if module.check_mode:
        if params["state"] == "deleted":
            return True, dict(result, alert=None), diff_of(current, None)
        return True, dict(result, alert=predicted), diff_of(current, predicted)
    for action, method, path, body, _change in plan.steps:
        try:
            result["requests"].append(send(client, waiter, action, method, path, body))
        except JsmOpsError as exc:
            # Earlier steps were applied: say so with the failure.
            exc.result = {"changed": bool(result["requests"]), "requests": result["requests"], "alert_id": current["id"]}
            raise
    if params["state"] == "deleted":
        result["alert"] = None
        return True, result, diff_of(current, None)
    after = get_alert(client, alert_id=current["id"]) if waiter else None
    result["alert"] = after or predicted
    return True, result, diff_of(current, result["alert"])


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        alias=dict(type="str"),
        id=dict(type="str"),
        state=dict(type="str", choices=["open", "acknowledged", "unacknowledged", "closed", "snoozed", "deleted"], default="open"),
        alert_message=dict(type="str"),
        description=dict(type="str"),
        priority=dict(type="str", choices=["P1", "P2", "P3", "P4", "P5"]),
        responders=dict(type="list", elements="dict", options=RESPONDER_SPEC),
        tags=dict(type="list", elements="str"),
        remove_tags=dict(type="list", elements="str"),
        details=dict(type="dict"),
        remove_details=dict(type="list", elements="str"),
        entity=dict(type="str"),
        source=dict(type="str"),
        note=dict(type="str"),
        note_id=dict(type="str"),
        remove_notes=dict(type="list", elements="str"),
        assignee=dict(type="str"),
        escalation=dict(type="str"),
        end_time=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=30),
    )
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("alias", "id")], required_by={"note_id": "note"},
                          supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
