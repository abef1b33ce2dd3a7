# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Maintenances: global ones under /v1/maintenances, a team's under /v1/teams/{teamId}/maintenances.

The two sets are separate: the global endpoints serve only maintenances without a team, the team
endpoints only that team's. ``status`` is derived: ``cancelled`` once cancelled, else ``planned``
before ``startDate``, ``active`` until ``endDate``, then ``past``. Lists are ordered by start.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from .common import ApiError, api_date, empty_reply, json_reply, parse_date, to_utc
from .incidents_store import RULE_TYPES, member_team, now_utc
from .routing import Context, route

# GetTeamMaintenance's properties (GetGlobalMaintenance has no teamId), in the spec's order.
MAINTENANCE_FIELDS = ("teamId", "id", "status", "description", "startDate", "endDate", "rules")
LIST_TYPES = {"all": None, "non-expired": ("planned", "active"), "past": ("past", "cancelled")}
DESCRIPTION_LIMIT = 200


def maintenance_status(maintenance: dict, now: datetime) -> str:
    if maintenance.get("cancelledAt"):
        return "cancelled"
    if now < to_utc(maintenance["startDate"]):
        return "planned"
    if now < to_utc(maintenance["endDate"]):
        return "active"
    return "past"


def maintenance_view(maintenance: dict, now: datetime) -> dict:
    view = dict(maintenance, status=maintenance_status(maintenance, now))
    view["rules"] = [{"entity": dict(rule["entity"]), "state": rule["state"]} for rule in maintenance.get("rules") or []]
    return {key: view[key] for key in MAINTENANCE_FIELDS if view.get(key) is not None}


def _rules(ctx: Context, value, team_id: str | None) -> list[dict]:
    """Rules naming known entities (of the team, for a team maintenance); integrations and syncs can only be disabled."""
    if not isinstance(value, list):
        raise ApiError(422, "'rules' must be a list")
    rules = []
    seen = set()
    for rule in value:
        entity = rule.get("entity") if isinstance(rule, dict) else None
        if not isinstance(entity, dict) or entity.get("type") not in RULE_TYPES or not isinstance(entity.get("id"), str):
            raise ApiError(422, f"Each rule needs an 'entity' with an 'id' and a 'type' of {', '.join(RULE_TYPES)}")
        state = rule.get("state")
        if state not in ("enabled", "disabled"):
            raise ApiError(422, "Each rule needs a 'state' of enabled or disabled")
        kind, ident = entity["type"], entity["id"]
        found = ctx.store.incidents.entity(kind, ident)
        if found is None:
            raise ApiError(422, f"There is no {kind} with id '{ident}'")
        if team_id is not None and found.get("teamId") != team_id:
            raise ApiError(422, f"The {kind} with id '{ident}' does not belong to this team")
        if state == "enabled" and kind != "policy":
            raise ApiError(422, f"A maintenance can only disable an {kind}" if kind == "integration" else "A maintenance can only disable a sync")
        if (kind, ident) in seen:
            raise ApiError(422, f"The {kind} with id '{ident}' is named by more than one rule")
        seen.add((kind, ident))
        rules.append({"entity": {"id": ident, "type": kind}, "state": state})
    return rules


def _apply(ctx: Context, maintenance: dict, data: dict, team_id: str | None, creating: bool) -> dict:
    """The maintenance with the request's fields applied, checked as a whole (422)."""
    result = dict(maintenance)
    if data.get("description") is not None:
        if not isinstance(data["description"], str) or len(data["description"]) > DESCRIPTION_LIMIT:
            raise ApiError(422, f"'description' must be a string of at most {DESCRIPTION_LIMIT} characters")
        result["description"] = data["description"]
    for key in ("startDate", "endDate"):
        if data.get(key) is not None:
            result[key] = api_date(parse_date(data[key], key))
        elif creating:
            raise ApiError(422, f"'{key}' is required")
    if data.get("rules") is not None or creating:
        if data.get("rules") is None:
            raise ApiError(422, "'rules' is required")
        result["rules"] = _rules(ctx, data["rules"], team_id)
    if to_utc(result["endDate"]) <= to_utc(result["startDate"]):
        raise ApiError(422, "'endDate' must be after 'startDate'")
    return result


def _scope(ctx: Context) -> str | None:
    """The team id of a team-scoped request (404 unknown team, 403 non-member), None for a global one."""
    team_id = ctx.params.get("teamId")
    if team_id is None:
        return None
    return member_team(ctx, team_id)["teamId"]


def _may_change(ctx: Context, team_id: str | None) -> None:
    if team_id is None and not ctx.account.get("admin"):
        raise ApiError(403, "Only admins may change global maintenances")


def _find(ctx: Context, team_id: str | None) -> dict:
    maintenance = ctx.store.incidents.maintenances.get(ctx.params["id"])
    if maintenance is None or maintenance.get("teamId") != team_id:
        raise ApiError(404, "Maintenance not found")
    return maintenance


def _list(ctx: Context):
    team_id = _scope(ctx)
    kind = ctx.args.get("type") or "all"
    if kind not in LIST_TYPES:
        raise ApiError(422, f"'type' must be one of {', '.join(LIST_TYPES)}")
    now = now_utc()
    found = [maintenance for maintenance in ctx.store.incidents.maintenances.values() if maintenance.get("teamId") == team_id]
    found.sort(key=lambda maintenance: to_utc(maintenance["startDate"]))
    views = [maintenance_view(maintenance, now) for maintenance in found]
    if LIST_TYPES[kind] is not None:
        views = [view for view in views if view["status"] in LIST_TYPES[kind]]
    path = f"/v1/teams/{team_id}/maintenances" if team_id else "/v1/maintenances"
    page, links = ctx.paginate(views, path, default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


def _create(ctx: Context):
    team_id = _scope(ctx)
    _may_change(ctx, team_id)
    base = {"id": str(uuid.uuid4())}
    if team_id is not None:
        base["teamId"] = team_id
    maintenance = _apply(ctx, base, ctx.json_object(), team_id, creating=True)
    ctx.store.incidents.maintenances[maintenance["id"]] = maintenance
    return json_reply(201, maintenance_view(maintenance, now_utc()))


def _get(ctx: Context):
    team_id = _scope(ctx)
    return json_reply(200, maintenance_view(_find(ctx, team_id), now_utc()))


def _update(ctx: Context):
    """Only a planned or active maintenance can be changed."""
    team_id = _scope(ctx)
    _may_change(ctx, team_id)
    current = _find(ctx, team_id)
    now = now_utc()
    status = maintenance_status(current, now)
    if status in ("past", "cancelled"):
        raise ApiError(422, f"A {status} maintenance cannot be changed")
    updated = _apply(ctx, current, ctx.json_object(), team_id, creating=False)
    ctx.store.incidents.maintenances[current["id"]] = updated
    return json_reply(200, maintenance_view(updated, now))


def _delete(ctx: Context):
    team_id = _scope(ctx)
    _may_change(ctx, team_id)
    del ctx.store.incidents.maintenances[_find(ctx, team_id)["id"]]
    return empty_reply(204)


def _cancel(ctx: Context):
    """A planned maintenance is cancelled as it is; an active one also ends now."""
    team_id = _scope(ctx)
    _may_change(ctx, team_id)
    maintenance = _find(ctx, team_id)
    now = now_utc()
    status = maintenance_status(maintenance, now)
    if status in ("past", "cancelled"):
        raise ApiError(422, f"A {status} maintenance cannot be cancelled")
    maintenance["cancelledAt"] = api_date(now)
    if status == "active":
        maintenance["endDate"] = api_date(now)
    return json_reply(200, maintenance_view(maintenance, now))


for _prefix in ("/v1/maintenances", "/v1/teams/{teamId}/maintenances"):
    route("GET", _prefix)(_list)
    route("POST", _prefix)(_create)
    route("GET", _prefix + "/{id}")(_get)
    route("PATCH", _prefix + "/{id}")(_update)
    route("DELETE", _prefix + "/{id}")(_delete)
    route("POST", _prefix + "/{id}/cancel")(_cancel)
