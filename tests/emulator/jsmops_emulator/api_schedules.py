# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedules and their rotations."""

from __future__ import annotations

import copy
import functools
import zoneinfo

from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .store import new_id

DEFAULT_TIMEZONE = "America/New_York"
SCHEDULE_FIELDS = ("id", "name", "description", "timezone", "enabled", "teamId")
ROTATION_TYPES = ("daily", "weekly", "hourly")


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


def visible_schedule(ctx: Context, schedule_id: str) -> dict:
    """The schedule, or 404 when it does not exist, or 403 when the caller cannot see it."""
    schedule = ctx.store.schedules.get(schedule_id)
    if schedule is None:
        raise ApiError(404, "Schedule not found")
    if not ctx.store.can_see_schedule(ctx.account, schedule):
        raise ApiError(403, "You do not have permission to view this schedule")
    return schedule


def editable_schedule(ctx: Context, schedule_id: str) -> dict:
    schedule = visible_schedule(ctx, schedule_id)
    if not ctx.store.can_edit_schedule(ctx.account, schedule):
        raise ApiError(403, "You do not have permission to change this schedule")
    return schedule


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


def build_rotation(data) -> dict:
    """A stored rotation from a CreateRotationRequest."""
    if not isinstance(data, dict):
        raise ApiError(422, "Each rotation must be an object")
    if data.get("type") not in ROTATION_TYPES:
        raise ApiError(422, f"Rotation type must be one of {', '.join(ROTATION_TYPES)}")
    if not isinstance(data.get("startDate"), str) or not data["startDate"]:
        raise ApiError(422, "Rotation startDate is required")
    length = data.get("length", 1)
    if not isinstance(length, int) or isinstance(length, bool) or length < 1:
        raise ApiError(422, "Rotation length must be a positive integer")
    rotation = {"id": new_id()}
    for key in ("name", "startDate", "endDate"):
        if data.get(key) is not None:
            rotation[key] = data[key]
    rotation["type"] = data["type"]
    rotation["length"] = length
    participants = []
    for participant in data.get("participants") or []:
        if not isinstance(participant, dict) or not participant.get("type"):
            raise ApiError(422, "Each participant needs a type")
        item = {"type": participant["type"]}
        if participant.get("id") is not None and participant["type"] != "noone":
            item["id"] = participant["id"]
        participants.append(item)
    rotation["participants"] = participants
    if data.get("timeRestriction") is not None:
        rotation["timeRestriction"] = copy.deepcopy(data["timeRestriction"])
    return rotation


def _rotations(body: dict) -> list[dict] | None:
    if body.get("rotations") is None:
        return None
    if not isinstance(body["rotations"], list):
        raise ApiError(422, "'rotations' must be a list")
    return [build_rotation(item) for item in body["rotations"]]


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
    schedule["rotations"] = _rotations(body) or []
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
    rotations = _rotations(body)
    if rotations is not None:
        changes["rotations"] = rotations
    for key, value in changes.items():
        if key == "teamId" and value is None:
            schedule.pop("teamId", None)
        else:
            schedule[key] = value
    return json_reply(200, schedule_view(schedule))


@route("DELETE", "/v1/schedules/{id}")
def delete_schedule(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["id"])
    del ctx.store.schedules[schedule["id"]]
    return empty_reply(204)


@route("GET", "/v1/schedules/{scheduleId}/rotations")
def list_rotations(ctx: Context):
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    rotations = schedule.get("rotations") or []
    page, links = ctx.paginate(rotations, f"/v1/schedules/{schedule['id']}/rotations")
    return json_reply(200, {"values": copy.deepcopy(page), "links": links})
