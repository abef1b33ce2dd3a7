# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alerts: planning idempotent actions, and waiting for the API's asynchronous processing.

The API takes alert writes (create, close, acknowledge, tags, ...) as requests
that it processes later: it answers 200/202 with a ``requestId`` whose outcome
is read from ``/v1/alerts/requests/{id}``.
"""

from __future__ import annotations

import json

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, make_diff, parse_datetime, same_instant, scrub_none
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, ResponseFormatError
from ansible_collections.jsm.ops.plugins.module_utils.core.policy import RequestTracker
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import check_reference
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule

ALERTS = "/v1/alerts"
REQUESTS = ALERTS + "/requests/{}"
MAX_RESULTS = 19999  # offset + size must stay below 20000
PAGE_SIZE = 100

RESPONDER_SPEC = dict(
    type=dict(type="str", required=True, choices=["team", "user", "escalation", "schedule"]),
    id=dict(type="str"),
    name=dict(type="str"),
    email=dict(type="str"),
)


def get_alert(client, alert_id=None, alias=None) -> dict | None:
    if alert_id:
        return client.get(client.path(ALERTS + "/{}", alert_id), missing_ok=True)
    return client.get(ALERTS + "/alias", {"alias": alias}, missing_ok=True)


def open_alert(client, body: dict) -> dict:
    """POST a new alert; return the API's answer (with ``requestId``), or ``{"alertId": ...}`` for a create found after a failure.

    The client never sends a POST again whose answer was lost or that failed at a gateway: the API may have
    taken it.  With an alias (an alert's natural key) the policy looks such a create up first and sends it
    again only when no open alert has the alias.  The API de-duplicates open alerts by alias, so a create it
    has taken but not yet processed is not raised twice either.
    """

    def find():
        found = get_alert(client, alias=body["alias"])
        return {"alertId": found["id"]} if found is not None and found.get("status") != "closed" else None

    # Open alerts may share an alias (the API de-duplicates them), so a conflict says nothing about the first try.
    return client.policy.write_once(lambda: client.request("POST", ALERTS, body=body, expect=dict).data, find if body.get("alias") else None,
                                    conflict_means_sent=False)


def alert_logs(client, alert_id: str) -> list[dict]:
    """The alert's activity log, every page (the list pages by a cursor, ``after``)."""
    return list(client.paginate(client.path(ALERTS + "/{}/logs", alert_id), page_size=100, offset=False))


def alert_notes(client, alert_id: str) -> list[dict]:
    """The alert's notes, every page."""
    return list(client.paginate(client.path(ALERTS + "/{}/notes", alert_id), page_size=100, offset=False))


def search_alerts(client, query=None, since=None, until=None, sort=None, order=None, limit=100) -> list[dict]:
    """All pages of a search, up to ``limit``, within the API's offset + size < 20000 rule."""
    if not 1 <= limit <= MAX_RESULTS:
        raise ConfigurationError(
            "limit must be from 1 to %d: the API serves no result at offset 20000 or beyond; narrow the search with query, from or to." % MAX_RESULTS
        )
    # A blank query (a template that rendered to nothing) asks for every alert, as no query does; the API refuses an empty one.
    params = scrub_none({"query": query if query and query.strip() else None, "from": since, "to": until, "sort": sort, "order": order})
    found: list[dict] = []
    offset = 0
    while len(found) < limit:
        size = min(PAGE_SIZE, limit - len(found))  # offset + size <= limit < 20000
        page = client.get(ALERTS, dict(params, offset=offset, size=size))
        values = page.get("values")
        if not isinstance(values, list) or not all(isinstance(item, dict) for item in values):
            raise ResponseFormatError("GET %s returned no 'values' list of objects." % ALERTS)
        found.extend(values[: limit - len(found)])
        if len(values) < size or not (page.get("links") or {}).get("next"):
            break
        offset += len(values)
    return found


def epoch_seconds(value, option: str) -> int:
    """The alert list's ``from``/``to`` take epoch seconds; users give ISO 8601."""
    return int(parse_datetime(value, option).timestamp())


def _request_outcome(report: dict) -> str | None:
    if report.get("isSuccess"):
        return "done"
    return "failed" if report.get("processedAt") and report.get("isSuccess") is False else None


# Alert writes are processed asynchronously: their outcome is read from /v1/alerts/requests/{id}.
ALERT_REQUESTS = RequestTracker(REQUESTS, _request_outcome, lambda report: report.get("status"))


class AlertPlan:
    """The actions that bring an alert where the user wants it, found by comparing with the alert as it is."""

    def __init__(self):
        self.steps: list[tuple[str, str, str, dict | None, dict]] = []  # (action, method, path, body, change to predict)

    def add(self, action, method, path, body, change):
        self.steps.append((action, method, path, body, change))

    def __bool__(self):
        return bool(self.steps)


def responders_for_api(resolver, responders) -> list[dict]:
    result = []
    for number, responder in enumerate(responders or []):
        where = "responders[%d]" % number
        kind = responder["type"]
        check_reference(responder, where, "responder")
        if kind == "user":
            result.append({"type": "user", "id": resolver.user_id(responder.get("email") or responder["id"], option=where)})
        elif kind == "team":
            result.append({"type": "team", "id": resolver.team_id(responder.get("name") or responder["id"], option=where)})
        elif kind == "schedule" and responder.get("name"):
            schedule = find_schedule(resolver.client, responder["name"], option=where)
            if schedule is None:
                raise ConfigurationError("%s: %r is not a schedule the account can see." % (where, responder["name"]))
            result.append({"type": "schedule", "id": schedule["id"]})
        else:
            result.append({"type": kind, "id": responder["id"]})
    return result


def details_as_text(details) -> dict | None:
    """The API's extraProperties are strings: 3 becomes "3", true becomes "true", lists and maps become JSON."""
    if details is None:
        return None
    return {str(key): value if isinstance(value, str) else json.dumps(value) for key, value in details.items()}


def create_body(params: dict, responders: list[dict]) -> dict:
    if not params.get("alert_message"):
        raise ConfigurationError("alert_message is required to open a new alert.")
    return scrub_none({
        "message": params["alert_message"],
        "alias": params.get("alias"),
        "description": params.get("description"),
        "priority": params.get("priority"),
        "responders": responders or None,
        "tags": params.get("tags"),
        "extraProperties": details_as_text(params.get("details")),
        "entity": params.get("entity"),
        "source": params.get("source"),
        "note": params.get("note"),
    })


def plan_updates(client, alert: dict, params: dict, assignee: dict | None, notes_of, responders=()) -> AlertPlan:
    """Only what differs: tags not there yet, details with other values, another priority, a note not yet written, ..."""
    plan = AlertPlan()
    base = client.path(ALERTS + "/{}", alert["id"])
    if params.get("alert_message") and alert.get("message") != params["alert_message"]:
        plan.add("change the message", "PATCH", base + "/message", {"message": params["alert_message"]}, {"message": params["alert_message"]})
    if params.get("description") is not None and (alert.get("description") or "") != params["description"]:
        plan.add("change the description", "PATCH", base + "/description", {"description": params["description"]},
                 {"description": params["description"]})
    present = list(alert.get("responders") or [])
    for responder in responders:
        if not any(item.get("type") == responder["type"] and item.get("id") == responder["id"] for item in present):
            present = present + [responder]
            plan.add("add a responder", "POST", base + "/responders", dict(responder), {"responders": present})
    tags = list(alert.get("tags") or [])
    missing = [tag for tag in params.get("tags") or [] if tag not in tags]
    if missing:
        plan.add("add tags", "POST", base + "/tags", {"tags": missing}, {"tags": tags + missing})
        tags = tags + missing
    present = [tag for tag in params.get("remove_tags") or [] if tag in tags]
    if present:
        plan.add("remove tags", "DELETE", base + "/tags", {"tags": present}, {"tags": [tag for tag in tags if tag not in present]})
    details = dict(alert.get("extraProperties") or {})
    differing = {key: value for key, value in (details_as_text(params.get("details")) or {}).items() if details.get(key) != value}
    if differing:
        plan.add("add details", "POST", base + "/extra-properties", {"extraProperties": differing}, {"extraProperties": dict(details, **differing)})
        details.update(differing)
    keys = [key for key in params.get("remove_details") or [] if key in details]
    if keys:
        plan.add("remove details", "DELETE", base + "/extra-properties", {"keys": keys},
                 {"extraProperties": {key: value for key, value in details.items() if key not in keys}})
    if params.get("priority") and alert.get("priority") != params["priority"]:
        plan.add("change the priority", "PATCH", base + "/priority", {"priority": params["priority"]}, {"priority": params["priority"]})
    # The alert shows its owner by display name, so the assignee is compared by name (and id or email, to be lenient).
    names = {assignee.get(key) for key in ("displayName", "accountId", "emailAddress")} - {None, ""} if assignee else set()
    if assignee and alert.get("owner") not in names:
        owner = assignee.get("displayName") or assignee["accountId"]
        plan.add("assign the alert", "POST", base + "/assign", {"accountId": assignee["accountId"]}, {"owner": owner})
    if params.get("escalation"):
        responders = alert.get("responders") or []
        if not any(item.get("type") == "escalation" and item.get("id") == params["escalation"] for item in responders):
            plan.add("escalate the alert", "POST", base + "/escalate", {"escalationId": params["escalation"]},
                     {"responders": responders + [{"type": "escalation", "id": params["escalation"]}]})
    plan_notes(client, alert, params, notes_of, plan)
    return plan


def plan_notes(client, alert: dict, params: dict, notes_of, plan: AlertPlan) -> None:
    """A note added unless written already, one note's text replaced (``note_id``), notes removed by id or text."""
    if not (params.get("note") or params.get("remove_notes")):
        return
    notes = notes_of(alert["id"])
    if params.get("note_id"):
        found = next((item for item in notes if item.get("id") == params["note_id"]), None)
        if found is None:
            raise ConfigurationError("note_id %r is not a note of alert %s; the alert's notes are read with jsmops_alert_info."
                                     % (params["note_id"], alert["id"]))
        if found.get("note") != params["note"]:
            plan.add("change a note", "PATCH", client.path(ALERTS + "/{}/notes/{}", alert["id"], found["id"]), {"note": params["note"]}, {})
    elif params.get("note") and params["note"] not in [item.get("note") for item in notes]:
        plan.add("add a note", "POST", client.path(ALERTS + "/{}/notes", alert["id"]), {"note": params["note"]}, {})
    wanted = set(params.get("remove_notes") or [])
    for item in notes:
        if item.get("id") in wanted or item.get("note") in wanted:
            plan.add("remove a note", "DELETE", client.path(ALERTS + "/{}/notes/{}", alert["id"], item["id"]), None, {})


def plan_state(client, alert: dict, params: dict, plan: AlertPlan) -> None:
    base = client.path(ALERTS + "/{}", alert["id"])
    state = params["state"]
    if state == "deleted":
        plan.add("delete the alert", "DELETE", base, None, {})
    elif state == "closed" and alert.get("status") != "closed":
        plan.add("close the alert", "POST", base + "/close", None, {"status": "closed"})
    elif state == "acknowledged" and not alert.get("acknowledged"):
        plan.add("acknowledge the alert", "POST", base + "/acknowledge", None, {"acknowledged": True})
    elif state == "unacknowledged" and alert.get("acknowledged"):
        plan.add("unacknowledge the alert", "POST", base + "/unacknowledge", None, {"acknowledged": False})
    elif state == "snoozed":
        end = api_datetime(params["end_time"], "end_time")
        if not (alert.get("snoozed") and same_instant(alert.get("snoozedUntil"), end)):
            plan.add("snooze the alert", "POST", base + "/snooze", {"endTime": end}, {"snoozed": True, "snoozedUntil": end})


def diff_of(before: dict | None, after: dict | None) -> dict:
    keys = ("status", "acknowledged", "snoozed", "snoozedUntil", "priority", "tags", "extraProperties", "owner", "responders", "message",
            "description", "alias")
    before, after = before or {}, after or {}
    changed = [key for key in keys if before.get(key) != after.get(key)]
    return make_diff(before, after, keys=changed)
