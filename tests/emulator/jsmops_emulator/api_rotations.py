# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rotations of a schedule.

A rotation is stored inside its schedule, in the order rotations were added, exactly as the API
returns it. Creating a schedule with ``rotations`` goes through the same checks as creating one
rotation (``build_rotations``).
"""

from __future__ import annotations

import copy

from .access import editable_schedule, visible_schedule
from .common import ApiError, api_date, empty_reply, json_reply, parse_date, to_utc
from .routing import Context, route
from .store import forget_rotations, new_id

ROTATION_TYPES = ("daily", "weekly", "hourly")
PARTICIPANT_TYPES = ("user", "team", "escalation", "noone")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_OF_DAY = "time-of-day"
WEEKDAY_AND_TIME_OF_DAY = "weekday-and-time-of-day"
# The Rotation schema's properties, in the order the API writes them.
ROTATION_FIELDS = ("id", "name", "startDate", "endDate", "type", "length", "participants", "timeRestriction")
CLOCK_FIELDS = (("startHour", 23), ("startMin", 59), ("endHour", 23), ("endMin", 59))


def _participant(store, data) -> dict:
    """A ResponderInfo; a ``noone`` participant has no ``id`` (the spec's ``id`` is not nullable)."""
    if not isinstance(data, dict):
        raise ApiError(422, "Each participant must be an object")
    kind = data.get("type")
    if kind not in PARTICIPANT_TYPES:
        raise ApiError(422, f"Participant type must be one of {', '.join(PARTICIPANT_TYPES)}")
    if kind == "noone":
        return {"type": "noone"}
    ident = data.get("id")
    if not isinstance(ident, str) or not ident:
        raise ApiError(422, f"A participant of type {kind} needs an 'id'")
    if kind == "user" and store.account(ident) is None:
        raise ApiError(422, f"User with id '{ident}' does not exist")
    if kind == "team" and store.team(ident) is None:
        raise ApiError(422, f"Team with id '{ident}' does not exist")
    if kind == "escalation" and ident not in store.team_ops.escalations:
        raise ApiError(422, f"Escalation with id '{ident}' does not exist")
    return {"type": kind, "id": ident}


def _clock(data, where: str) -> dict:
    """Hours 0-23 and minutes 0-59, all four required as in the spec's request schemas."""
    if not isinstance(data, dict):
        raise ApiError(422, f"{where} must be an object")
    clock = {}
    for key, top in CLOCK_FIELDS:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise ApiError(422, f"{where}: '{key}' must be an integer from 0 to {top}")
        clock[key] = value
    return clock


def time_restriction(data, most: int | None = None) -> dict:
    """A TimeOfDayTimeRestriction or WeekdayTimeRestriction, as the API returns it; ``most`` bounds the weekday
    windows where the API does (routing rules take at most 15)."""
    if not isinstance(data, dict):
        raise ApiError(422, "'timeRestriction' must be an object")
    kind = data.get("type")
    if kind == TIME_OF_DAY:
        return {"type": kind, "restriction": _clock(data.get("restriction"), "timeRestriction.restriction")}
    if kind == WEEKDAY_AND_TIME_OF_DAY:
        items = data.get("restrictions")
        if not isinstance(items, list) or not items:
            raise ApiError(422, "A weekday-and-time-of-day restriction needs a non-empty 'restrictions' list")
        if most is not None and len(items) > most:
            raise ApiError(422, f"A weekday-and-time-of-day restriction takes at most {most} 'restrictions'")
        restrictions = []
        for index, item in enumerate(items):
            where = f"timeRestriction.restrictions[{index}]"
            if not isinstance(item, dict):
                raise ApiError(422, f"{where} must be an object")
            days = {}
            for key in ("startDay", "endDay"):
                if item.get(key) not in WEEKDAYS:
                    raise ApiError(422, f"{where}: '{key}' must be one of {', '.join(WEEKDAYS)}")
                days[key] = item[key]
            restrictions.append({**days, **_clock(item, where)})
        return {"type": kind, "restrictions": restrictions}
    raise ApiError(422, f"Time restriction type must be {TIME_OF_DAY} or {WEEKDAY_AND_TIME_OF_DAY}")


def _name(value) -> str:
    if not isinstance(value, str):
        raise ApiError(422, "'name' must be a string")
    if not value.strip():
        raise ApiError(422, "'name' cannot be empty")
    return value


def _length(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ApiError(422, "'length' must be a positive integer")
    return value


def build_rotation(store, data, current: dict | None = None) -> dict:
    """A stored rotation from a CreateRotationRequest, or ``current`` with an UpdateRotationRequest applied.

    Dates are kept as the API returns them: in UTC, written with ``Z``.
    """
    if not isinstance(data, dict):
        raise ApiError(422, "A rotation must be an object")
    merged = copy.deepcopy(current) if current is not None else {"length": 1, "participants": []}
    if "name" in data:
        merged["name"] = _name(data["name"])
    for key in ("startDate", "endDate"):
        if key in data:
            merged[key] = api_date(parse_date(data[key], key))
    if "type" in data:
        if data["type"] not in ROTATION_TYPES:
            raise ApiError(422, f"Rotation type must be one of {', '.join(ROTATION_TYPES)}")
        merged["type"] = data["type"]
    if "length" in data:
        merged["length"] = _length(data["length"])
    if "participants" in data:
        if not isinstance(data["participants"], list):
            raise ApiError(422, "'participants' must be a list")
        merged["participants"] = [_participant(store, item) for item in data["participants"]]
    if "timeRestriction" in data:
        merged["timeRestriction"] = time_restriction(data["timeRestriction"])
    for key in ("startDate", "type"):
        if merged.get(key) is None:
            raise ApiError(422, f"Rotation '{key}' is required")
    if merged.get("endDate") is not None:
        start, end = to_utc(merged["startDate"]), to_utc(merged["endDate"])
        if start is None or end is None or end <= start:
            raise ApiError(422, "Rotation 'endDate' must be after its 'startDate'")
    merged.setdefault("id", new_id())
    return {key: merged[key] for key in ROTATION_FIELDS if key in merged}


def check_rotation_name(rotations: list[dict], name: str | None, own_id: str | None = None) -> None:
    """409 when another rotation of the schedule has this name, ignoring case."""
    if name is None:
        return
    wanted = name.casefold()
    for other in rotations:
        if other.get("id") != own_id and str(other.get("name") or "").casefold() == wanted:
            raise ApiError(409, f"A rotation with name '{name}' already exists in this schedule")


def build_rotations(store, items) -> list[dict]:
    """The rotations of a CreateScheduleRequest or UpdateScheduleRequest."""
    if not isinstance(items, list):
        raise ApiError(422, "'rotations' must be a list")
    rotations = []
    for item in items:
        rotation = build_rotation(store, item)
        check_rotation_name(rotations, rotation.get("name"))
        rotations.append(rotation)
    return rotations


def _find(schedule: dict, rotation_id: str) -> tuple[int, dict]:
    for index, rotation in enumerate(schedule.get("rotations") or []):
        if rotation.get("id") == rotation_id:
            return index, rotation
    raise ApiError(404, "Rotation not found")


@route("GET", "/v1/schedules/{scheduleId}/rotations")
def list_rotations(ctx: Context):
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    rotations = schedule.get("rotations") or []
    page, links = ctx.paginate(rotations, f"/v1/schedules/{schedule['id']}/rotations")
    return json_reply(200, {"values": copy.deepcopy(page), "links": links})


@route("POST", "/v1/schedules/{scheduleId}/rotations")
def create_rotation(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["scheduleId"])
    rotation = build_rotation(ctx.store, ctx.json_object())
    rotations = schedule.setdefault("rotations", [])
    check_rotation_name(rotations, rotation.get("name"))
    rotations.append(rotation)
    return json_reply(201, copy.deepcopy(rotation))


@route("GET", "/v1/schedules/{scheduleId}/rotations/{id}")
def get_rotation(ctx: Context):
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    return json_reply(200, copy.deepcopy(_find(schedule, ctx.params["id"])[1]))


@route("PATCH", "/v1/schedules/{scheduleId}/rotations/{id}")
def update_rotation(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["scheduleId"])
    index, current = _find(schedule, ctx.params["id"])
    body = ctx.json_object()
    rotation = build_rotation(ctx.store, body, current)
    if "name" in body:
        check_rotation_name(schedule["rotations"], rotation["name"], own_id=current["id"])
    schedule["rotations"][index] = rotation
    return json_reply(200, copy.deepcopy(rotation))


@route("DELETE", "/v1/schedules/{scheduleId}/rotations/{id}")
def delete_rotation(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["scheduleId"])
    index, rotation = _find(schedule, ctx.params["id"])
    del schedule["rotations"][index]
    forget_rotations(schedule, [rotation["id"]])
    return empty_reply(204)
