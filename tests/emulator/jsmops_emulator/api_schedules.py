# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedules (their rotations and overrides are in api_rotations.py and api_overrides.py)."""

from __future__ import annotations

import copy
import functools
import zoneinfo

from .access import editable_schedule, visible_schedule
from .api_rotations import build_rotations
from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .store import forget_rotations, new_id

DEFAULT_TIMEZONE = "America/New_York"
SCHEDULE_FIELDS = ("id", "name", "description", "timezone", "enabled", "teamId")


@functools.cache
def _timezones() -> frozenset:
    return frozenset(zoneinfo.available_timezones())


def effective_timezone(value) -> str:
    """The API silently replaces a time zone it does not know with its default."""
    zones = _timezones()
    if isinstance(value, str) and (value in zones or not zones):
        return value
    return DEFAULT_TIMEZONE


def schedule_view(schedule: dict, with_rotations: bool = False) -> dict:
    view = {key: copy.deepcopy(schedule[key]) for key in SCHEDULE_FIELDS if key in schedule}
    if with_rotations:
        view["rotations"] = copy.deepcopy(schedule.get("rotations") or [])
    return view


def _text(body: dict, key: str, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise ApiError(422, f"'{key}' is required")
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"'{key}' must be a string")
    if required and not value.strip():
        raise ApiError(422, f"'{key}' cannot be empty")
    return value


def _team_id(ctx: Context, body: dict) -> str | None:
    """The requested team: None for a global schedule (absent, null or empty string)."""
    team_id = _text(body, "teamId")
    if not team_id:
        return None
    if ctx.store.team(team_id) is None:
        raise ApiError(422, f"Team with id '{team_id}' does not exist")
    return team_id


def _rotations(ctx: Context, body: dict) -> list[dict] | None:
    if body.get("rotations") is None:
        return None
    return build_rotations(ctx.store, body["rotations"])


def _check_name_free(ctx: Context, name: str, own_id: str | None = None) -> None:
    other = ctx.store.schedule_by_name(name)
    if other is not None and other["id"] != own_id:
        raise ApiError(409, f"A schedule with name '{name}' already exists")


@route("GET", "/v1/schedules")
def list_schedules(ctx: Context):
    query = ctx.args.get("query") or ""
    folded = query.casefold()
    expand = "rotation" in ctx.expand()
    found = []
    for schedule in ctx.store.schedules.values():
        if not ctx.store.can_see_schedule(ctx.account, schedule):
            continue
        name = str(schedule.get("name", "")).casefold()
        if folded.endswith("*"):
            if not name.startswith(folded[:-1]):
                continue
        elif folded and name != folded:
            continue
        found.append(schedule)
    page, links = ctx.paginate(found, "/v1/schedules")
    return json_reply(200, {
        "values": [schedule_view(schedule, with_rotations=expand) for schedule in page],
        "links": links,
        "_expands": ["rotation"],
    })


@route("POST", "/v1/schedules")
def create_schedule(ctx: Context):
    body = ctx.json_object()
    name = _text(body, "name", required=True)
    team_id = _team_id(ctx, body)
    if not ctx.store.can_assign_team(ctx.account, team_id):
        raise ApiError(403, "You do not have permission to create a schedule for this team")
    _check_name_free(ctx, name)
    enabled = body.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ApiError(422, "'enabled' must be a boolean")
    description = _text(body, "description")
    schedule = {"id": new_id(), "name": name}
    if description is not None:
        schedule["description"] = description
    schedule["timezone"] = effective_timezone(body.get("timezone", DEFAULT_TIMEZONE))
    schedule["enabled"] = enabled
    if team_id:
        schedule["teamId"] = team_id
    schedule["rotations"] = _rotations(ctx, body) or []
    schedule["overrides"] = []
    ctx.store.schedules[schedule["id"]] = schedule
    return json_reply(201, schedule_view(schedule))


@route("GET", "/v1/schedules/{id}")
def get_schedule(ctx: Context):
    return json_reply(200, schedule_view(visible_schedule(ctx, ctx.params["id"])))


@route("PATCH", "/v1/schedules/{id}")
def update_schedule(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["id"])
    body = ctx.json_object()
    changes = {}
    if "name" in body:
        changes["name"] = _text(body, "name", required=True)
        _check_name_free(ctx, changes["name"], own_id=schedule["id"])
    if "description" in body:
        changes["description"] = _text(body, "description") or ""
    if "timezone" in body:
        changes["timezone"] = effective_timezone(body["timezone"])
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            raise ApiError(422, "'enabled' must be a boolean")
        changes["enabled"] = body["enabled"]
    if "teamId" in body:
        team_id = _team_id(ctx, body)
        if not ctx.store.can_assign_team(ctx.account, team_id):
            raise ApiError(403, "You do not have permission to move this schedule to that team")
        changes["teamId"] = team_id
    rotations = _rotations(ctx, body)
    if rotations is not None:
        changes["rotations"] = rotations
    replaced = [rotation.get("id") for rotation in schedule.get("rotations") or []] if rotations is not None else []
    for key, value in changes.items():
        if key == "teamId" and value is None:
            schedule.pop("teamId", None)
        else:
            schedule[key] = value
    forget_rotations(schedule, replaced)
    return json_reply(200, schedule_view(schedule))


@route("DELETE", "/v1/schedules/{id}")
def delete_schedule(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["id"])
    del ctx.store.schedules[schedule["id"]]
    return empty_reply(204)
