# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Heartbeats of a team, keyed by name (unique within the team, case-sensitive).

Requests send ``intervalUnit`` in lower case and responses carry it capitalised, as the spec's
schemas say. The response's ``status`` is derived: ``Off`` when disabled; ``Pending`` while no
ping has arrived since it was enabled and the interval has not yet passed; ``Responsive`` within
one interval of the last ping; ``Unresponsive`` otherwise. The time of the last ping is kept as
``lastPingAt`` (seen in the emulator's state, not served by the API).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .common import ApiError, api_date, empty_reply, json_reply, to_utc
from .incidents_store import INTERVAL_UNITS, PRIORITIES, member_team, now_utc
from .routing import Context, route

# Heartbeat's properties, in the spec's order.
HEARTBEAT_FIELDS = ("name", "description", "interval", "intervalUnit", "enabled", "status", "ownerTeamId", "alertMessage", "alertTags", "alertPriority")
LIMITS = {"name": 200, "description": 10000, "alertMessage": 130}
PONG = {"message": "PONG - Heartbeat received"}


def heartbeat_status(heartbeat: dict, now: datetime) -> str:
    if not heartbeat.get("enabled"):
        return "Off"
    interval = timedelta(**{heartbeat["intervalUnit"]: heartbeat["interval"]})
    enabled_at = to_utc(heartbeat.get("enabledAt"))
    last_ping = to_utc(heartbeat.get("lastPingAt"))
    if last_ping is not None and (enabled_at is None or last_ping >= enabled_at):
        return "Responsive" if now - last_ping <= interval else "Unresponsive"
    if enabled_at is None or now - enabled_at <= interval:
        return "Pending"
    return "Unresponsive"


def heartbeat_view(heartbeat: dict, now: datetime) -> dict:
    view = {key: heartbeat[key] for key in HEARTBEAT_FIELDS if heartbeat.get(key) is not None}
    view["intervalUnit"] = heartbeat["intervalUnit"].capitalize()
    view["status"] = heartbeat_status(heartbeat, now)
    view["alertTags"] = list(heartbeat.get("alertTags") or [])
    return {key: view[key] for key in HEARTBEAT_FIELDS if key in view}


def _team(ctx: Context) -> dict:
    """404 for an unknown team, 403 for a non-member, 402 when the team's plan has no heartbeats."""
    team = member_team(ctx, ctx.params["teamId"])
    if not ctx.store.incidents.heartbeats_allowed(team):
        raise ApiError(402, "Your plan does not include heartbeats")
    return team


def _name_arg(ctx: Context) -> str:
    name = ctx.args.get("name")
    if not name:
        raise ApiError(422, "Query parameter 'name' is required")
    return name


def _find(ctx: Context, team: dict) -> dict:
    heartbeat = ctx.store.incidents.heartbeat(team["teamId"], _name_arg(ctx))
    if heartbeat is None:
        raise ApiError(404, "Heartbeat not found")
    return heartbeat


def _fields(data: dict, creating: bool) -> dict:
    """The heartbeat fields of a create or update request, checked (422)."""
    fields = {}
    for key in ("description", "alertMessage"):
        if data.get(key) is not None:
            if not isinstance(data[key], str) or len(data[key]) > LIMITS[key]:
                raise ApiError(422, f"'{key}' must be a string of at most {LIMITS[key]} characters")
            fields[key] = data[key]
    if data.get("interval") is not None or creating:
        interval = data.get("interval")
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
            raise ApiError(422, "'interval' is required and must be a whole number, 1 or more")
        fields["interval"] = interval
    if data.get("intervalUnit") is not None or creating:
        if data.get("intervalUnit") not in INTERVAL_UNITS:
            raise ApiError(422, f"'intervalUnit' must be one of {', '.join(INTERVAL_UNITS)}")
        fields["intervalUnit"] = data["intervalUnit"]
    if data.get("enabled") is not None:
        if not isinstance(data["enabled"], bool):
            raise ApiError(422, "'enabled' must be true or false")
        fields["enabled"] = data["enabled"]
    if data.get("alertTags") is not None:
        if not isinstance(data["alertTags"], list) or not all(isinstance(tag, str) for tag in data["alertTags"]):
            raise ApiError(422, "'alertTags' must be a list of strings")
        fields["alertTags"] = list(data["alertTags"])
    if data.get("alertPriority") is not None:
        if data["alertPriority"] not in PRIORITIES:
            raise ApiError(422, f"'alertPriority' must be one of {', '.join(PRIORITIES)}")
        fields["alertPriority"] = data["alertPriority"]
    return fields


@route("GET", "/v1/teams/{teamId}/heartbeats")
def list_heartbeats(ctx: Context):
    """``name`` keeps only the heartbeat with exactly that name."""
    team = _team(ctx)
    name = ctx.args.get("name")
    found = [heartbeat for heartbeat in ctx.store.incidents.heartbeats
             if heartbeat["ownerTeamId"] == team["teamId"] and (not name or heartbeat["name"] == name)]
    page, links = ctx.paginate(found, f"/v1/teams/{team['teamId']}/heartbeats", default_size=20, max_size=100)
    now = now_utc()
    return json_reply(200, {"values": [heartbeat_view(heartbeat, now) for heartbeat in page], "links": links})


@route("POST", "/v1/teams/{teamId}/heartbeats")
def create_heartbeat(ctx: Context):
    team = _team(ctx)
    data = ctx.json_object()
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > LIMITS["name"]:
        raise ApiError(422, f"'name' is required: a string of at most {LIMITS['name']} characters")
    fields = _fields(data, creating=True)
    if ctx.store.incidents.heartbeat(team["teamId"], name) is not None:
        raise ApiError(409, f"A heartbeat named '{name}' already exists")
    now = now_utc()
    heartbeat = {"name": name, "ownerTeamId": team["teamId"], "enabled": False, "alertMessage": f"{name} is expired", "alertTags": [],
                 "alertPriority": "P3"}
    heartbeat.update(fields)
    if heartbeat["enabled"]:
        heartbeat["enabledAt"] = api_date(now)
    ctx.store.incidents.heartbeats.append(heartbeat)
    return json_reply(201, heartbeat_view(heartbeat, now))


@route("PATCH", "/v1/teams/{teamId}/heartbeats")
def update_heartbeat(ctx: Context):
    """The body must carry the heartbeat's name too (the spec requires it); a different name is refused, as names cannot change."""
    team = _team(ctx)
    heartbeat = _find(ctx, team)
    data = ctx.json_object()
    if data.get("name") is None:
        raise ApiError(422, "'name' is required")
    if data["name"] != heartbeat["name"]:
        raise ApiError(422, "The name of a heartbeat cannot be changed")
    fields = _fields(data, creating=False)
    now = now_utc()
    if fields.get("enabled") and not heartbeat.get("enabled"):
        heartbeat["enabledAt"] = api_date(now)
    heartbeat.update(fields)
    return json_reply(201, heartbeat_view(heartbeat, now))


@route("DELETE", "/v1/teams/{teamId}/heartbeats")
def delete_heartbeat(ctx: Context):
    team = _team(ctx)
    heartbeat = _find(ctx, team)
    ctx.store.incidents.heartbeats.remove(heartbeat)
    return empty_reply(204)


@route("GET", "/v1/teams/{teamId}/heartbeats/ping")
def ping_heartbeat(ctx: Context):
    """202 PONG whether or not the heartbeat exists; an existing one records the ping."""
    team = _team(ctx)
    heartbeat = ctx.store.incidents.heartbeat(team["teamId"], _name_arg(ctx))
    if heartbeat is not None:
        heartbeat["lastPingAt"] = api_date(now_utc())
    return json_reply(202, dict(PONG))
