# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alerts and the asynchronous processing of alert requests.

Creating, deleting and acting on an alert only queues a request (the API answers at once with a
``requestId``). A request becomes due ``alert_processing_delay`` seconds after it was received and
is processed, in the order requests became due, the next time anything reads alerts; its outcome is
then what ``GET /v1/alerts/requests/{id}`` reports, and the time it became due is its
``processedAt``. Nothing runs in the background, so a test sees exactly one outcome per request.

An alert is stored as a dict in the API's own field names (``ALERT_FIELDS``, spelled as the spec
spells them, ``lastOccuredAt`` included) plus a few keys the API does not serve: ``visibleTo``,
``createdBy``, ``ownerAccountId``, ``notes`` and ``logs``.
"""

from __future__ import annotations

import copy
from datetime import datetime

from .common import api_date, to_utc

# AlertResponse's properties, in the spec's order.
ALERT_FIELDS = (
    "id", "tinyId", "createdAt", "updatedAt", "message", "entity", "source", "status", "alias", "tags", "extraProperties",
    "description", "acknowledged", "ackTime", "closeTime", "count", "owner", "snoozed", "snoozedUntil", "lastOccuredAt",
    "integrationType", "integrationName", "priority", "responders", "actions", "seen",
)
NOTE_FIELDS = ("id", "createdAt", "updatedAt", "note", "owner")
LOG_FIELDS = ("logTime", "logType", "log", "owner")
INTEGRATION_TYPE = "API"
INTEGRATION_NAME = "Default API"
FAILED_BY_SETTING = "The request could not be processed (failure injected by the emulator's alert_fail_next setting)"

# Request action -> the name GET /v1/alerts/requests/{id} reports for it.
ACTION_NAMES = {
    "create": "Create",
    "delete": "Delete",
    "acknowledge": "Acknowledge",
    "unacknowledge": "UnAcknowledge",
    "close": "Close",
    "assign": "AssignOwnership",
    "responder": "AddResponder",
    "escalate": "EscalateToNext",
    "action": "ExecuteCustomAction",
    "snooze": "Snooze",
    "add_tags": "AddTags",
    "remove_tags": "RemoveTags",
    "add_properties": "AddExtraProperties",
    "remove_properties": "DeleteExtraProperties",
    "priority": "UpdatePriority",
    "message": "UpdateMessage",
    "description": "UpdateDescription",
}
# Actions that need an alert that is not closed.
OPEN_ONLY = frozenset({"acknowledge", "unacknowledge", "assign", "responder", "escalate", "snooze"})


class RequestFailed(Exception):
    """A request that the API accepted but could not carry out; the message is the request's ``status``."""


# views


def snooze_over(alert: dict, now: datetime) -> bool:
    until = to_utc(alert.get("snoozedUntil"))
    return until is not None and until <= now


def alert_view(alert: dict, now: datetime) -> dict:
    """The alert as the API serves it; a snooze whose end has passed is over."""
    view = {key: copy.deepcopy(alert[key]) for key in ALERT_FIELDS if alert.get(key) is not None}
    if view.get("snoozed") and snooze_over(alert, now):
        view["snoozed"] = False
        view.pop("snoozedUntil", None)
    elif not view.get("snoozed"):
        view.pop("snoozedUntil", None)
    return view


def note_view(note: dict) -> dict:
    return {key: note[key] for key in NOTE_FIELDS if key in note}


def log_view(log: dict) -> dict:
    return {key: log[key] for key in LOG_FIELDS if key in log}


def request_view(request: dict) -> dict:
    """A processed request as GetRequestStatusResponse."""
    view = {
        "action": ACTION_NAMES[request["action"]],
        "processedAt": request["processedAt"],
        "integrationId": "",
        "isSuccess": request["isSuccess"],
        "status": request["status"],
    }
    if request.get("alertId"):
        view["alertId"] = request["alertId"]
    if request.get("alias") is not None:
        view["alias"] = request["alias"]
    return view


# visibility


def can_see_alert(store, account: dict, alert: dict) -> bool:
    """Admins see every alert. Other accounts see alerts without responders and visibleTo, alerts they created or own,
    and alerts whose responders or visibleTo name them, one of their teams or a schedule of one of their teams."""
    if account.get("admin"):
        return True
    me = account.get("accountId")
    targets = list(alert.get("responders") or []) + list(alert.get("visibleTo") or [])
    if not targets or me in (alert.get("createdBy"), alert.get("ownerAccountId")):
        return True
    teams = store.team_ids_of(account)
    for target in targets:
        kind, ident = target.get("type"), target.get("id")
        if kind == "user" and ident == me:
            return True
        if kind == "team" and ident in teams:
            return True
        if kind == "schedule" and (store.schedules.get(ident) or {}).get("teamId") in teams:
            return True
    return False


def check_participants(store, participants) -> None:
    """Responders and visibleTo entries must exist (escalations are not modelled, so any escalation id is taken)."""
    for item in participants or []:
        kind, ident = item.get("type"), item.get("id")
        if kind == "team" and store.team(ident) is None:
            raise RequestFailed(f"Team with id [{ident}] does not exist")
        if kind == "user" and store.account(ident) is None:
            raise RequestFailed(f"User with id [{ident}] does not exist")
        if kind == "schedule" and ident not in store.schedules:
            raise RequestFailed(f"Schedule with id [{ident}] does not exist")


# notes and logs


def add_log(incidents, alert: dict, when: str, text: str, owner: str) -> None:
    millis = int(to_utc(when).timestamp() * 1000)
    incidents.log_counter += 1
    alert.setdefault("logs", []).append({
        "logTime": when, "logType": "system", "log": text, "owner": owner, "offset": f"{millis}_{millis}{incidents.log_counter:06d}",
    })


def add_note(incidents, alert: dict, account: dict, text: str, when: str) -> dict:
    note = {"id": incidents.next_note_id(when), "createdAt": when, "updatedAt": when, "note": text,
            "owner": account.get("email") or account.get("accountId"), "ownerAccountId": account.get("accountId")}
    alert.setdefault("notes", []).append(note)
    return note


# processing


def process_due(incidents, store, now: datetime) -> None:
    """Carry out every request whose time has come, earliest first."""
    due = [request for request in incidents.requests.values() if not request["processed"] and to_utc(request["dueAt"]) <= now]
    due.sort(key=lambda request: (to_utc(request["dueAt"]), request["seq"]))
    for request in due:
        when = request["dueAt"]
        try:
            if request["fail"]:
                raise RequestFailed(FAILED_BY_SETTING)
            status = _apply(incidents, store, request, when, now)
            success = True
        except RequestFailed as exc:
            status = str(exc)
            success = False
        request.update(processed=True, processedAt=when, isSuccess=success, status=status)


def _apply(incidents, store, request: dict, when: str, now: datetime) -> str:
    account = store.account(request["accountId"]) or {"accountId": request["accountId"]}
    if request["action"] == "create":
        return _create(incidents, store, request, account, when)
    alert = incidents.alerts.get(request["alertId"])
    if alert is None:
        raise RequestFailed("Alert does not exist")
    request["alias"] = alert.get("alias")
    if not can_see_alert(store, account, alert):
        raise RequestFailed("User does not have permission to access this alert")
    action, payload = request["action"], request.get("payload") or {}
    who = account.get("email") or account.get("accountId")
    if action == "delete":
        del incidents.alerts[alert["id"]]
        return "Deleted alert"
    if action in OPEN_ONLY and alert["status"] == "closed":
        raise RequestFailed("Alert is closed")
    text = ACTIONS[action](store, alert, payload, account, when, now)
    alert["updatedAt"] = when
    add_log(incidents, alert, when, text, who)
    return text


def _create(incidents, store, request: dict, account: dict, when: str) -> str:
    payload = request["payload"]
    check_participants(store, payload.get("responders"))
    check_participants(store, payload.get("visibleTo"))
    who = account.get("email") or account.get("accountId")
    alias = payload.get("alias")
    if alias:
        for existing in incidents.alerts.values():
            if existing.get("alias") == alias and existing.get("status") != "closed":
                existing["count"] = int(existing.get("count") or 1) + 1
                existing["lastOccuredAt"] = when
                existing["updatedAt"] = when
                request["alertId"] = existing["id"]
                add_log(incidents, existing, when, f"Alert occurred again; count is now {existing['count']}", who)
                return "Alert already exists; its count was increased"
    alert_id = request["newAlertId"]
    request["alertId"] = alert_id
    alert = {
        "id": alert_id,
        "tinyId": incidents.next_tiny_id(),
        "createdAt": when,
        "updatedAt": when,
        "message": payload["message"],
        "entity": payload.get("entity", ""),
        "source": payload.get("source", ""),
        "status": "open",
        "alias": alias or alert_id,
        "tags": list(payload.get("tags") or []),
        "extraProperties": dict(payload.get("extraProperties") or {}),
        "description": payload.get("description", ""),
        "acknowledged": False,
        "count": 1,
        "owner": "",
        "snoozed": False,
        "lastOccuredAt": when,
        "integrationType": INTEGRATION_TYPE,
        "integrationName": INTEGRATION_NAME,
        "priority": payload.get("priority") or "P3",
        "responders": copy.deepcopy(payload.get("responders") or []),
        "actions": list(payload.get("actions") or []),
        "seen": False,
        "visibleTo": copy.deepcopy(payload.get("visibleTo") or []),
        "createdBy": account.get("accountId"),
        "ownerAccountId": None,
        "notes": [],
        "logs": [],
    }
    incidents.alerts[alert_id] = alert
    request["alias"] = alert["alias"]
    add_log(incidents, alert, when, "Alert created", who)
    if payload.get("note"):
        add_note(incidents, alert, account, payload["note"], when)
    return "Created alert"


def _owner_name(account: dict) -> str:
    return account.get("displayName") or account.get("email") or account.get("accountId") or ""


def _acknowledge(_store, alert, _payload, account, when, _now):
    if alert.get("acknowledged"):
        return "Alert is already acknowledged"
    alert.update(acknowledged=True, ackTime=when, seen=True)
    if not alert.get("owner"):
        alert.update(owner=_owner_name(account), ownerAccountId=account.get("accountId"))
    return "Acknowledged alert"


def _unacknowledge(_store, alert, _payload, _account, _when, _now):
    alert["acknowledged"] = False
    alert.pop("ackTime", None)
    return "Unacknowledged alert"


def _close(_store, alert, _payload, _account, when, _now):
    if alert["status"] == "closed":
        return "Alert is already closed"
    alert.update(status="closed", closeTime=when, snoozed=False, seen=True)
    alert.pop("snoozedUntil", None)
    return "Closed alert"


def _assign(store, alert, payload, _account, _when, _now):
    assignee = store.account(payload["accountId"])
    if assignee is None:
        raise RequestFailed(f"User with id [{payload['accountId']}] does not exist")
    alert.update(owner=_owner_name(assignee), ownerAccountId=assignee["accountId"])
    return f"Assigned the alert to {_owner_name(assignee)}"


def _responder(store, alert, payload, _account, _when, _now):
    responder = {"id": payload["id"], "type": payload["type"]}
    check_participants(store, [responder])
    responders = alert.setdefault("responders", [])
    if responder in responders:
        return "Responder is already on the alert"
    responders.append(responder)
    return f"Added {responder['type']} responder [{responder['id']}]"


def _escalate(_store, alert, payload, _account, _when, _now):
    responder = {"id": payload["escalationId"], "type": "escalation"}
    responders = alert.setdefault("responders", [])
    if responder not in responders:
        responders.append(responder)
    return f"Escalated the alert with escalation [{responder['id']}]"


def _custom_action(_store, alert, payload, _account, _when, _now):
    name = payload["actionName"]
    if name not in (alert.get("actions") or []):
        raise RequestFailed(f"Action [{name}] is not available for this alert")
    return f"Executed action [{name}]"


def _snooze(_store, alert, payload, _account, _when, now):
    end = to_utc(payload["endTime"])
    if end <= now:
        raise RequestFailed("Snooze end time has already passed")
    alert.update(snoozed=True, snoozedUntil=api_date(end))
    return f"Snoozed the alert until {api_date(end)}"


def _add_tags(_store, alert, payload, _account, _when, _now):
    tags = alert.setdefault("tags", [])
    tags.extend(tag for tag in dict.fromkeys(payload["tags"]) if tag not in tags)
    return "Added tags " + ", ".join(payload["tags"])


def _remove_tags(_store, alert, payload, _account, _when, _now):
    alert["tags"] = [tag for tag in alert.get("tags") or [] if tag not in payload["tags"]]
    return "Removed tags " + ", ".join(payload["tags"])


def _add_properties(_store, alert, payload, _account, _when, _now):
    alert.setdefault("extraProperties", {}).update(payload["extraProperties"])
    return "Added extra properties " + ", ".join(payload["extraProperties"])


def _remove_properties(_store, alert, payload, _account, _when, _now):
    properties = alert.setdefault("extraProperties", {})
    for key in payload["keys"]:
        properties.pop(key, None)
    return "Deleted extra properties " + ", ".join(payload["keys"])


def _priority(_store, alert, payload, _account, _when, _now):
    alert["priority"] = payload["priority"]
    return f"Changed the priority to {payload['priority']}"


def _message(_store, alert, payload, _account, _when, _now):
    alert["message"] = payload["message"]
    return "Changed the message"


def _description(_store, alert, payload, _account, _when, _now):
    alert["description"] = payload["description"]
    return "Changed the description"


ACTIONS = {
    "acknowledge": _acknowledge,
    "unacknowledge": _unacknowledge,
    "close": _close,
    "assign": _assign,
    "responder": _responder,
    "escalate": _escalate,
    "action": _custom_action,
    "snooze": _snooze,
    "add_tags": _add_tags,
    "remove_tags": _remove_tags,
    "add_properties": _add_properties,
    "remove_properties": _remove_properties,
    "priority": _priority,
    "message": _message,
    "description": _description,
}
