# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Escalations of a team, under /v1/teams/{teamId}/escalations.

Names may repeat (the spec documents no 409). The spec writes the length limits of ``name`` (100)
and ``description`` (200) as ``maximum``, which does not apply to strings, so they are checked
here. A rule's recipient must exist: an account id for ``user``, a schedule id for ``schedule``,
a team id for ``team``.
"""

from __future__ import annotations

import copy
import uuid

from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .team_ops_store import ops_team

# EscalationResponse's properties, in the spec's order.
ESCALATION_FIELDS = ("id", "name", "description", "rules", "enabled", "repeat")
LIMITS = {"name": 100, "description": 200}
CONDITIONS = ("if-not-acked", "if-not-closed")
NOTIFY_TYPES = ("default", "next", "previous", "users", "admins", "all", "random")
RECIPIENT_TYPES = ("user", "schedule", "team")
REPEAT_DEFAULTS = {"waitInterval": 0, "count": 1, "resetRecipientStates": False, "closeAlertAfterAll": False}


def escalation_view(escalation: dict) -> dict:
    return {key: copy.deepcopy(escalation[key]) for key in ESCALATION_FIELDS if key in escalation}


def _whole(value, minimum: int, maximum: int | None = None) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value >= minimum and (maximum is None or value <= maximum)


def _recipient(ctx: Context, value) -> dict:
    if not isinstance(value, dict) or value.get("type") not in RECIPIENT_TYPES:
        raise ApiError(422, f"Each rule needs a 'recipient' with a 'type' of {', '.join(RECIPIENT_TYPES)}")
    kind, ident = value["type"], value.get("id")
    if not isinstance(ident, str) or not ident:
        raise ApiError(422, "Each rule's 'recipient' needs an 'id'")
    exists = {
        "user": lambda: ctx.store.account(ident) is not None,
        "schedule": lambda: ident in ctx.store.schedules,
        "team": lambda: ctx.store.team(ident) is not None,
    }[kind]()
    if not exists:
        raise ApiError(422, f"There is no {kind} with id '{ident}'")
    return {"id": ident, "type": kind}


def _rules(ctx: Context, value) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise ApiError(422, "'rules' must be a non-empty list")
    rules = []
    for rule in value:
        if not isinstance(rule, dict):
            raise ApiError(422, "Each rule must be an object")
        if rule.get("condition") not in CONDITIONS:
            raise ApiError(422, f"Each rule needs a 'condition' of {', '.join(CONDITIONS)}")
        if rule.get("notifyType") not in NOTIFY_TYPES:
            raise ApiError(422, f"Each rule needs a 'notifyType' of {', '.join(NOTIFY_TYPES)}")
        if not _whole(rule.get("delay"), 1):
            raise ApiError(422, "Each rule needs a 'delay' in minutes, 1 or more")
        rules.append({"condition": rule["condition"], "notifyType": rule["notifyType"], "delay": rule["delay"],
                      "recipient": _recipient(ctx, rule.get("recipient"))})
    return rules


def _repeat(value, current: dict) -> dict:
    """The repeat settings with the given ones applied over ``current``."""
    if not isinstance(value, dict):
        raise ApiError(422, "'repeat' must be an object")
    repeat = dict(current)
    if value.get("waitInterval") is not None:
        if not _whole(value["waitInterval"], 0):
            raise ApiError(422, "'repeat.waitInterval' must be a whole number of minutes, 0 or more")
        repeat["waitInterval"] = value["waitInterval"]
    if value.get("count") is not None:
        if not _whole(value["count"], 1, 20):
            raise ApiError(422, "'repeat.count' must be between 1 and 20")
        repeat["count"] = value["count"]
    for key in ("resetRecipientStates", "closeAlertAfterAll"):
        if value.get(key) is not None:
            if not isinstance(value[key], bool):
                raise ApiError(422, f"'repeat.{key}' must be true or false")
            repeat[key] = value[key]
    return repeat


def _apply(ctx: Context, escalation: dict, data: dict, creating: bool) -> dict:
    """The escalation with the request's fields applied, checked (422)."""
    result = copy.deepcopy(escalation)
    if data.get("name") is not None or creating:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > LIMITS["name"]:
            raise ApiError(422, f"'name' is required: a string of at most {LIMITS['name']} characters")
        result["name"] = name
    if data.get("description") is not None:
        if not isinstance(data["description"], str) or len(data["description"]) > LIMITS["description"]:
            raise ApiError(422, f"'description' must be a string of at most {LIMITS['description']} characters")
        result["description"] = data["description"]
    if data.get("rules") is not None or creating:
        if data.get("rules") is None:
            raise ApiError(422, "'rules' is required")
        result["rules"] = _rules(ctx, data["rules"])
    if data.get("enabled") is not None:
        if not isinstance(data["enabled"], bool):
            raise ApiError(422, "'enabled' must be true or false")
        result["enabled"] = data["enabled"]
    if data.get("repeat") is not None:
        result["repeat"] = _repeat(data["repeat"], result.get("repeat") or REPEAT_DEFAULTS)
    return result


def _find(ctx: Context, team: dict) -> dict:
    escalation = ctx.store.team_ops.escalations.get(ctx.params["id"])
    if escalation is None or escalation["teamId"] != team["teamId"]:
        raise ApiError(404, "Escalation not found")
    return escalation


@route("GET", "/v1/teams/{teamId}/escalations")
def list_escalations(ctx: Context):
    """In the order they were created; ``size`` 1 to 100 (default 20), ``offset``."""
    team = ops_team(ctx, ctx.params["teamId"])
    found = [escalation_view(escalation) for escalation in ctx.store.team_ops.team_escalations(team["teamId"])]
    page, links = ctx.paginate(found, f"/v1/teams/{team['teamId']}/escalations", default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/teams/{teamId}/escalations")
def create_escalation(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    base = {"id": str(uuid.uuid4()), "teamId": team["teamId"], "description": "", "enabled": True, "repeat": dict(REPEAT_DEFAULTS)}
    escalation = _apply(ctx, base, ctx.json_object(), creating=True)
    ctx.store.team_ops.escalations[escalation["id"]] = escalation
    return json_reply(201, escalation_view(escalation))


@route("GET", "/v1/teams/{teamId}/escalations/{id}")
def get_escalation(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    return json_reply(200, escalation_view(_find(ctx, team)))


@route("PATCH", "/v1/teams/{teamId}/escalations/{id}")
def update_escalation(ctx: Context):
    """Changes the fields given; ``rules`` are replaced whole, ``repeat`` field by field."""
    team = ops_team(ctx, ctx.params["teamId"])
    current = _find(ctx, team)
    updated = _apply(ctx, current, ctx.json_object(), creating=False)
    ctx.store.team_ops.escalations[current["id"]] = updated
    return json_reply(200, escalation_view(updated))


@route("DELETE", "/v1/teams/{teamId}/escalations/{id}")
def delete_escalation(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    del ctx.store.team_ops.escalations[_find(ctx, team)["id"]]
    return empty_reply(204)
