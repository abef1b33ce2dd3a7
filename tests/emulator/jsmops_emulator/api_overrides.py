# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Overrides of a schedule, keyed by alias.

An override is stored inside its schedule (``schedule["overrides"]``). The API generates the alias
of a new override: CreateOverrideRequest has no ``alias`` property, so one sent by a client is
ignored like any other unknown property. An update (PUT) replaces everything but the alias.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone

from .access import editable_schedule, visible_schedule
from .common import ApiError, api_date, empty_reply, json_reply, parse_date, to_utc
from .routing import Context, route
from .store import new_id

RESPONDER_TYPES = ("user", "noone")
# The Override schema's properties, in the order the API writes them.
OVERRIDE_FIELDS = ("alias", "responder", "startDate", "endDate", "rotationIds")


def override_view(override: dict) -> dict:
    return {key: copy.deepcopy(override[key]) for key in OVERRIDE_FIELDS if key in override}


def _responder(store, data) -> dict:
    """An OverrideResponderInfo; ``noone`` has no ``id`` (the spec's ``id`` is not nullable)."""
    if data is None:
        raise ApiError(422, "Override 'responder' is required")
    if not isinstance(data, dict):
        raise ApiError(422, "Override 'responder' must be an object")
    kind = data.get("type")
    if kind not in RESPONDER_TYPES:
        raise ApiError(422, f"Responder type must be one of {', '.join(RESPONDER_TYPES)}")
    if kind == "noone":
        return {"type": "noone"}
    ident = data.get("id")
    if not isinstance(ident, str) or not ident:
        raise ApiError(422, "A responder of type user needs an 'id'")
    if store.account(ident) is None:
        raise ApiError(422, f"User with id '{ident}' does not exist")
    return {"type": "user", "id": ident}


def _date(data: dict, key: str) -> datetime:
    if data.get(key) is None:
        raise ApiError(422, f"Override '{key}' is required")
    return parse_date(data[key], key)


def _rotation_ids(schedule: dict, value) -> list[str] | None:
    """None (or absent) applies the override to all rotations; otherwise ids of this schedule's rotations."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(422, "'rotationIds' must be a list of rotation ids")
    known = {rotation.get("id") for rotation in schedule.get("rotations") or []}
    for item in value:
        if item not in known:
            raise ApiError(422, f"Rotation with id '{item}' is not a rotation of this schedule")
    return list(value)


def build_override(store, schedule: dict, data, alias: str) -> dict:
    """A stored override from a CreateOverrideRequest or UpdateOverrideRequest (all of it)."""
    if not isinstance(data, dict):
        raise ApiError(422, "The payload must be a JSON object")
    start, end = _date(data, "startDate"), _date(data, "endDate")
    responder = _responder(store, data.get("responder"))
    if end <= start:
        raise ApiError(422, "Override 'endDate' must be after its 'startDate'")
    override = {"alias": alias, "responder": responder, "startDate": api_date(start), "endDate": api_date(end)}
    rotation_ids = _rotation_ids(schedule, data.get("rotationIds"))
    if rotation_ids is not None:
        override["rotationIds"] = rotation_ids
    return override


def _find(schedule: dict, alias: str) -> tuple[int, dict]:
    for index, override in enumerate(schedule.get("overrides") or []):
        if override.get("alias") == alias:
            return index, override
    raise ApiError(404, "Override not found")


def _sort_key(override: dict):
    return to_utc(override.get("startDate")) or datetime.min.replace(tzinfo=timezone.utc)


@route("GET", "/v1/schedules/{scheduleId}/overrides")
def list_overrides(ctx: Context):
    """Ongoing and future overrides only (ending after now), earliest start first."""
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    now = datetime.now(timezone.utc)
    current = [override for override in schedule.get("overrides") or [] if (to_utc(override.get("endDate")) or now) > now]
    current.sort(key=_sort_key)
    page, links = ctx.paginate(current, f"/v1/schedules/{schedule['id']}/overrides")
    return json_reply(200, {"values": [override_view(override) for override in page], "links": links})


@route("POST", "/v1/schedules/{scheduleId}/overrides")
def create_override(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["scheduleId"])
    overrides = schedule.setdefault("overrides", [])
    taken = {override.get("alias") for override in overrides}
    alias = new_id()
    while alias in taken:
        alias = new_id()
    override = build_override(ctx.store, schedule, ctx.json_object(), alias)
    overrides.append(override)
    return json_reply(201, override_view(override))


@route("GET", "/v1/schedules/{scheduleId}/overrides/{alias}")
def get_override(ctx: Context):
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    return json_reply(200, override_view(_find(schedule, ctx.params["alias"])[1]))


@route("PUT", "/v1/schedules/{scheduleId}/overrides/{alias}")
def update_override(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["scheduleId"])
    index, current = _find(schedule, ctx.params["alias"])
    override = build_override(ctx.store, schedule, ctx.json_object(), current["alias"])
    schedule["overrides"][index] = override
    return json_reply(200, override_view(override))


@route("DELETE", "/v1/schedules/{scheduleId}/overrides/{alias}")
def delete_override(ctx: Context):
    schedule = editable_schedule(ctx, ctx.params["scheduleId"])
    index = _find(schedule, ctx.params["alias"])[0]
    del schedule["overrides"][index]
    return empty_reply(204)
