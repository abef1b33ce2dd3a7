# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alerts: create, delete and every action are requests processed later (see ``alert_engine``); reads and notes are immediate.

A write answers at once (create 200, delete and actions 202) with ``{result, requestId, took}``
after checking only the payload (422). Whether the alert exists, may be seen by the caller and is
in a state that allows the action is decided when the request is processed, and reported by
``GET /v1/alerts/requests/{id}``, which answers 404 until then.
"""

from __future__ import annotations

import fnmatch
import shlex

from .alert_engine import add_log, add_note, alert_view, can_see_alert, log_view, note_view, request_view
from .common import ApiError, api_date, empty_reply, json_reply, parse_date
from .incidents_store import PRIORITIES, SETTINGS, now_utc
from .routing import Context, route

ACCEPTED = "Request will be processed"
MAX_WINDOW = 20000  # offset + size must stay below this
SORTS = ("createdAt", "insertedAt", "lastOccurredAt", "priority")
RESPONDER_TYPES = ("team", "user", "escalation", "schedule")
VISIBLE_TO_TYPES = ("team", "user")
# Lengths the spec gives (as "maximum") for alert fields.
LIMITS = {"message": 130, "alias": 512, "entity": 512, "source": 100, "description": 15000, "note": 25000}
# Query fields compared with the whole value (ignoring case; ``*`` is a wildcard).
EXACT_FIELDS = {"status": "status", "alias": "alias", "id": "id", "tinyid": "tinyId", "entity": "entity", "source": "source",
                "owner": "owner", "priority": "priority"}
TEXT_FIELDS = ("message", "description")
FLAG_FIELDS = ("acknowledged", "snoozed", "seen")


# payload checks (422)


def _text(data: dict, key: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ApiError(422, f"'{key}' is required")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(422, f"'{key}' must be a non-empty string" if required else f"'{key}' must be a string")
    limit = LIMITS.get(key)
    if limit is not None and len(value) > limit:
        raise ApiError(422, f"'{key}' must be at most {limit} characters long")
    return value


def _strings(data: dict, key: str, required: bool = False) -> list[str] | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ApiError(422, f"'{key}' is required")
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ApiError(422, f"'{key}' must be a list of non-empty strings")
    return list(value)


def _participants(data: dict, key: str, types: tuple[str, ...]) -> list[dict] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 50:
        raise ApiError(422, f"'{key}' must be a list of at most 50 items")
    result = []
    for item in value:
        if not isinstance(item, dict) or item.get("type") not in types or not isinstance(item.get("id"), str) or not item["id"]:
            raise ApiError(422, f"Each of '{key}' needs an 'id' and a 'type' of {', '.join(types)}")
        result.append({"id": item["id"], "type": item["type"]})
    return result


def _properties(data: dict, key: str) -> dict | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise ApiError(422, f"'{key}' must be an object of string values")
    return dict(value)


def _priority(data: dict, required: bool = False) -> str | None:
    value = data.get("priority")
    if value is None and not required:
        return None
    if value not in PRIORITIES:
        raise ApiError(422, f"'priority' must be one of {', '.join(PRIORITIES)}")
    return value


def create_payload(data: dict) -> dict:
    payload = {
        "message": _text(data, "message", required=True),
        "alias": _text(data, "alias"),
        "description": _text(data, "description"),
        "entity": _text(data, "entity"),
        "source": _text(data, "source"),
        "note": _text(data, "note"),
        "responders": _participants(data, "responders", RESPONDER_TYPES),
        "visibleTo": _participants(data, "visibleTo", VISIBLE_TO_TYPES),
        "tags": _strings(data, "tags"),
        "actions": _strings(data, "actions"),
        "extraProperties": _properties(data, "extraProperties"),
        "priority": _priority(data),
    }
    return {key: value for key, value in payload.items() if value is not None}


# helpers


def _incidents(ctx: Context):
    incidents = ctx.store.incidents
    incidents.process(ctx.store)
    return incidents


def _accept(ctx: Context, action: str, alert_id: str | None = None, payload: dict | None = None, status: int = 202):
    incidents = _incidents(ctx)
    settings = getattr(ctx, "settings", None)
    request = incidents.submit(action, ctx.account, alert_id, payload, settings if settings is not None else dict(SETTINGS))
    return json_reply(status, {"result": ACCEPTED, "requestId": request["id"], "took": 0})


def _visible_alert(ctx: Context, alert_id: str) -> dict:
    alert = _incidents(ctx).alerts.get(alert_id)
    if alert is None:
        raise ApiError(404, "Alert does not exist")
    if not can_see_alert(ctx.store, ctx.account, alert):
        raise ApiError(403, "You do not have permission to see this alert")
    return alert


def _who(ctx: Context) -> str:
    return ctx.account.get("email") or ctx.account.get("accountId")


def _cursor_page(ctx: Context, items: list[dict], key: str, path: str) -> tuple[list[dict], dict]:
    """A page of ``items`` (newest first) after the item whose ``key`` is the ``after`` cursor."""
    size = ctx.int_arg("size", 20, 1, 100)
    after = ctx.args.get("after")
    start = 0
    if after:
        keys = [item[key] for item in items]
        if after not in keys:
            raise ApiError(422, "Invalid 'after' cursor")
        start = keys.index(after) + 1
    page = items[start:start + size]
    links = {}
    if start + size < len(items):
        links["next"] = ctx.link(path, [("after", page[-1][key]), ("size", str(size))])
    return page, links


# query


def _flag(value: str, field: str) -> bool:
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise ApiError(422, f"Invalid query: '{field}' takes true or false")
    return lowered == "true"


def _matches(pattern: str, value) -> bool:
    value = str(value or "").lower()
    pattern = pattern.lower()
    return fnmatch.fnmatchcase(value, pattern) if "*" in pattern else value == pattern


def _term(field: str | None, value: str, team_names: dict):
    """A predicate over an alert view for one query term; ``team_names`` maps team ids to names (for ``teams``)."""
    if field is None:
        return lambda alert: value.lower() in str(alert.get("message") or "").lower()
    if field in EXACT_FIELDS:
        key = EXACT_FIELDS[field]
        return lambda alert: _matches(value, alert.get(key))
    if field in ("tag", "tags"):
        return lambda alert: any(_matches(value, tag) for tag in alert.get("tags") or [])
    if field in ("team", "teams"):
        return lambda alert: any(
            _matches(value, team_names.get(responder.get("id")))
            for responder in alert.get("responders") or [] if responder.get("type") == "team"
        )
    if field in TEXT_FIELDS:
        return lambda alert: value.lower() in str(alert.get(field) or "").lower()
    if field in FLAG_FIELDS:
        wanted = _flag(value, field)
        return lambda alert: bool(alert.get(field)) is wanted
    raise ApiError(422, f"Invalid query: the emulator does not search the field '{field}'")


def parse_query(query: str | None, team_names: dict | None = None):
    """Terms joined by AND: ``field:value`` (or ``field: value``, ``field=value``), or free text matched in the message.

    ``teams:<name>`` matches alerts that have the team of that name among their responders; ``team_names``
    maps team ids to names.
    """
    if not query:
        return lambda alert: True
    try:
        tokens = shlex.split(query)
    except ValueError as exc:
        raise ApiError(422, f"Invalid query: {exc}") from exc
    terms = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.upper() == "AND":
            continue
        if token.upper() in ("OR", "NOT"):
            raise ApiError(422, f"Invalid query: the emulator does not support {token.upper()}")
        separator = min((position for position in (token.find(":"), token.find("=")) if position > 0), default=-1)
        if separator < 0:
            terms.append(_term(None, token, team_names or {}))
            continue
        field, value = token[:separator].lower(), token[separator + 1:]
        if not value:
            if index >= len(tokens):
                raise ApiError(422, f"Invalid query: no value for '{field}'")
            value = tokens[index]
            index += 1
        terms.append(_term(field, value, team_names or {}))
    return lambda alert: all(term(alert) for term in terms)


def _sort_key(sort: str):
    if sort == "insertedAt":
        return lambda item: item[0]
    field = "lastOccuredAt" if sort == "lastOccurredAt" else sort
    return lambda item: (str(item[1].get(field) or ""), item[0])


# endpoints


@route("GET", "/v1/alerts")
def list_alerts(ctx: Context):
    size = ctx.int_arg("size", 20, 1, 100)
    offset = ctx.int_arg("offset", 0, 0)
    if offset + size >= MAX_WINDOW:
        raise ApiError(422, f"The sum of offset and size must be lower than {MAX_WINDOW}")
    sort = ctx.args.get("sort") or "insertedAt"
    if sort not in SORTS:
        raise ApiError(422, f"'sort' must be one of {', '.join(SORTS)}")
    order = ctx.args.get("order") or "desc"
    if order not in ("asc", "desc"):
        raise ApiError(422, "'order' must be asc or desc")
    matches = parse_query(ctx.args.get("query"), {team["teamId"]: team["teamName"] for team in ctx.store.teams})
    since = ctx.int_arg("from", None, -2 ** 31)
    until = ctx.int_arg("to", None, -2 ** 31)
    incidents = _incidents(ctx)
    now = now_utc()
    found = []
    for index, alert in enumerate(incidents.alerts.values()):
        if not can_see_alert(ctx.store, ctx.account, alert):
            continue
        view = alert_view(alert, now)
        created = parse_date(view["createdAt"], "createdAt").timestamp()
        if (since is not None and created < since) or (until is not None and created >= until) or not matches(view):
            continue
        found.append((index, view))
    found.sort(key=_sort_key(sort), reverse=order == "desc")
    page = [view for _index, view in found[offset:offset + size]]
    links = {}
    following = offset + size
    next_size = min(size, MAX_WINDOW - 1 - following)
    if following < len(found) and next_size >= 1:
        params = [("offset", str(following)), ("size", str(next_size))]
        params.extend((key, value) for key, value in ctx.args.items(multi=True) if key not in ("offset", "size"))
        links["next"] = ctx.link("/v1/alerts", params)
    return json_reply(200, {"values": page, "count": len(found), "links": links})


@route("POST", "/v1/alerts")
def create_alert(ctx: Context):
    payload = create_payload(ctx.json_object())
    payload.setdefault("source", getattr(ctx, "remote_addr", None) or "")  # the spec: defaults to the IP address of the request
    return _accept(ctx, "create", payload=payload, status=200)


@route("GET", "/v1/alerts/alias")
def get_alert_by_alias(ctx: Context):
    """The open alert with this alias or, when none is open, the latest closed one."""
    alias = ctx.args.get("alias")
    if not alias:
        raise ApiError(422, "Query parameter 'alias' is required")
    candidates = [alert for alert in _incidents(ctx).alerts.values() if alert.get("alias") == alias]
    if not candidates:
        raise ApiError(404, "Alert does not exist")
    current = [alert for alert in candidates if alert.get("status") != "closed"]
    alert = current[0] if current else max(candidates, key=lambda item: (item["createdAt"], candidates.index(item)))
    if not can_see_alert(ctx.store, ctx.account, alert):
        raise ApiError(403, "You do not have permission to see this alert")
    return json_reply(200, alert_view(alert, now_utc()))


@route("GET", "/v1/alerts/requests/{id}")
def get_request_status(ctx: Context):
    request = _incidents(ctx).requests.get(ctx.params["id"])
    if request is None or not request["processed"]:
        raise ApiError(404, "Request not found. It might not be processed yet.")
    return json_reply(200, request_view(request))


@route("GET", "/v1/alerts/{id}")
def get_alert(ctx: Context):
    return json_reply(200, alert_view(_visible_alert(ctx, ctx.params["id"]), now_utc()))


@route("DELETE", "/v1/alerts/{id}")
def delete_alert(ctx: Context):
    return _accept(ctx, "delete", ctx.params["id"])


@route("POST", "/v1/alerts/{id}/acknowledge")
def acknowledge_alert(ctx: Context):
    return _accept(ctx, "acknowledge", ctx.params["id"])


@route("POST", "/v1/alerts/{id}/unacknowledge")
def unacknowledge_alert(ctx: Context):
    return _accept(ctx, "unacknowledge", ctx.params["id"])


@route("POST", "/v1/alerts/{id}/close")
def close_alert(ctx: Context):
    return _accept(ctx, "close", ctx.params["id"])


@route("POST", "/v1/alerts/{id}/assign")
def assign_alert(ctx: Context):
    data = ctx.json_object()
    account_id = data.get("accountId")
    if not isinstance(account_id, str) or not account_id:
        raise ApiError(422, "'accountId' is required")
    return _accept(ctx, "assign", ctx.params["id"], {"accountId": account_id})


@route("POST", "/v1/alerts/{id}/responders")
def add_responder(ctx: Context):
    data = ctx.json_object()
    responder = _participants({"responder": [data]}, "responder", RESPONDER_TYPES)[0]
    return _accept(ctx, "responder", ctx.params["id"], responder)


@route("POST", "/v1/alerts/{id}/escalate")
def escalate_alert(ctx: Context):
    escalation_id = ctx.json_object().get("escalationId")
    if not isinstance(escalation_id, str) or not escalation_id:
        raise ApiError(422, "'escalationId' is required")
    return _accept(ctx, "escalate", ctx.params["id"], {"escalationId": escalation_id})


@route("POST", "/v1/alerts/{id}/action")
def execute_custom_action(ctx: Context):
    name = ctx.json_object().get("actionName")
    if not isinstance(name, str) or not name:
        raise ApiError(422, "'actionName' is required")
    return _accept(ctx, "action", ctx.params["id"], {"actionName": name})


@route("POST", "/v1/alerts/{id}/snooze")
def snooze_alert(ctx: Context):
    data = ctx.json_object()
    if data.get("endTime") is None:
        raise ApiError(422, "'endTime' is required")
    end = parse_date(data["endTime"], "endTime")
    if end <= now_utc():
        raise ApiError(422, "'endTime' must be in the future")
    return _accept(ctx, "snooze", ctx.params["id"], {"endTime": data["endTime"]})


@route("POST", "/v1/alerts/{id}/tags")
def add_tags(ctx: Context):
    return _accept(ctx, "add_tags", ctx.params["id"], {"tags": _non_empty(_strings(ctx.json_object(), "tags", required=True), "tags")})


@route("DELETE", "/v1/alerts/{id}/tags")
def remove_tags(ctx: Context):
    return _accept(ctx, "remove_tags", ctx.params["id"], {"tags": _non_empty(_strings(ctx.json_object(), "tags", required=True), "tags")})


@route("POST", "/v1/alerts/{id}/extra-properties")
def add_extra_properties(ctx: Context):
    properties = _properties(ctx.json_object(), "extraProperties")
    if not properties:
        raise ApiError(422, "'extraProperties' is required and must not be empty")
    return _accept(ctx, "add_properties", ctx.params["id"], {"extraProperties": properties})


@route("DELETE", "/v1/alerts/{id}/extra-properties")
def delete_extra_properties(ctx: Context):
    keys = _non_empty(_strings(ctx.json_object(), "keys", required=True), "keys")
    return _accept(ctx, "remove_properties", ctx.params["id"], {"keys": keys})


@route("PATCH", "/v1/alerts/{id}/priority")
def update_priority(ctx: Context):
    return _accept(ctx, "priority", ctx.params["id"], {"priority": _priority(ctx.json_object(), required=True)})


@route("PATCH", "/v1/alerts/{id}/message")
def update_message(ctx: Context):
    return _accept(ctx, "message", ctx.params["id"], {"message": _text(ctx.json_object(), "message", required=True)})


@route("PATCH", "/v1/alerts/{id}/description")
def update_description(ctx: Context):
    return _accept(ctx, "description", ctx.params["id"], {"description": _text(ctx.json_object(), "description", required=True)})


def _non_empty(values: list, key: str) -> list:
    if not values:
        raise ApiError(422, f"'{key}' must not be empty")
    return values


# notes and logs (immediate, not requests)


@route("GET", "/v1/alerts/{id}/notes")
def list_notes(ctx: Context):
    alert = _visible_alert(ctx, ctx.params["id"])
    notes = list(reversed(alert.get("notes") or []))
    page, links = _cursor_page(ctx, notes, "id", f"/v1/alerts/{alert['id']}/notes")
    return json_reply(200, {"values": [note_view(note) for note in page], "links": links})


@route("POST", "/v1/alerts/{id}/notes")
def add_alert_note(ctx: Context):
    alert = _visible_alert(ctx, ctx.params["id"])
    text = _text(ctx.json_object(), "note", required=True)
    note = add_note(ctx.store.incidents, alert, ctx.account, text, api_date(now_utc()))
    add_log(ctx.store.incidents, alert, note["createdAt"], "Added a note", _who(ctx))
    return json_reply(200, note_view(note))


def _note(ctx: Context) -> tuple[dict, int, dict]:
    alert = _visible_alert(ctx, ctx.params["alertId"])
    for index, note in enumerate(alert.get("notes") or []):
        if note.get("id") == ctx.params["id"]:
            if not ctx.account.get("admin") and note.get("ownerAccountId") != ctx.account.get("accountId"):
                raise ApiError(403, "Only the owner of a note or an admin may change it")
            return alert, index, note
    raise ApiError(404, "Note not found")


@route("PATCH", "/v1/alerts/{alertId}/notes/{id}")
def update_note(ctx: Context):
    alert, _index, note = _note(ctx)
    text = _text(ctx.json_object(), "note", required=True)
    note.update(note=text, updatedAt=api_date(now_utc()))
    add_log(ctx.store.incidents, alert, note["updatedAt"], "Updated a note", _who(ctx))
    return json_reply(200, note_view(note))


@route("DELETE", "/v1/alerts/{alertId}/notes/{id}")
def delete_note(ctx: Context):
    alert, index, _note_found = _note(ctx)
    del alert["notes"][index]
    add_log(ctx.store.incidents, alert, api_date(now_utc()), "Deleted a note", _who(ctx))
    return empty_reply(204)


@route("GET", "/v1/alerts/{id}/logs")
def list_logs(ctx: Context):
    alert = _visible_alert(ctx, ctx.params["id"])
    logs = list(reversed(alert.get("logs") or []))
    page, links = _cursor_page(ctx, logs, "offset", f"/v1/alerts/{alert['id']}/logs")
    return json_reply(200, {"values": [log_view(log) for log in page], "links": links})
