# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""On-calls, next on-calls, the schedule timeline and the calendar (.ics) exports.

The answers are computed by ``oncall.py`` from the schedule's rotations and overrides. ``utc_now``
is the emulator's clock for these endpoints (the default ``date``, the timeline's limits and the
export's month).
"""

from __future__ import annotations

from datetime import datetime, timezone

from . import ical, oncall
from .access import visible_schedule
from .common import ApiError, Reply, api_date, json_reply, to_utc
from .routing import Context, route

CALENDAR_TYPE = "text/calendar; charset=utf-8"
EXPANDS = ["base", "forwarding", "override"]
EXPORT_MONTHS = 12
MAX_INTERVAL = 10000
UID_DOMAIN = "jsm-ops-emulator"
TRUE_WORDS = ("true", "t", "yes", "y", "on", "1")
FALSE_WORDS = ("false", "f", "no", "n", "off", "0")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# query parameters


def _date_arg(ctx: Context) -> datetime:
    raw = ctx.args.get("date")
    if raw is None:
        return utc_now()
    moment = to_utc(raw)
    if moment is None:
        raise ApiError(422, "'date' must be a date-time with a time zone offset, like 2026-01-05T09:00:00Z")
    return moment


def _flat_arg(ctx: Context) -> bool:
    """``flat`` as a boolean: true/false and the other spellings spec validation lets through (1/0, yes/no, on/off, y/n, t/f)."""
    raw = ctx.args.get("flat")
    if raw is None:
        return False
    if raw.lower() in TRUE_WORDS + FALSE_WORDS:
        return raw.lower() in TRUE_WORDS
    raise ApiError(422, "'flat' must be true or false")


def _interval_arg(ctx: Context) -> int:
    raw = ctx.args.get("interval")
    if raw is None:
        return 1
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(422, "'interval' must be a whole number") from exc
    if value < 1:
        raise ApiError(422, "'interval' must be 1 or more")
    if value > MAX_INTERVAL:
        raise ApiError(422, "The timeline can go back at most one year and ahead at most two years from today")
    return value


# people


def _members(ctx: Context):
    def members_of(team_id: str) -> list[str]:
        return [account["accountId"] for account in ctx.store.accounts if team_id in ctx.store.team_ids_of(account)]
    return members_of


def _participant_view(responder: dict) -> dict:
    """An OnCallParticipant: ``id`` and ``type``. Teams and users are leaves, as in the spec's example."""
    return {"id": responder["id"], "type": responder["type"]}


def _who(store, responder: dict) -> str:
    kind = responder.get("type")
    if kind == "user":
        account = store.account(responder["id"])
        return (account.get("displayName") or responder["id"]) if account else responder["id"]
    if kind == "team":
        team = store.team(responder["id"])
        return (team.get("teamName") or responder["id"]) if team else responder["id"]
    if kind == "escalation":
        return f"escalation {responder['id']}"
    return "No one"


def _on_calls_reply(ctx: Context, field: str, compute) -> Reply:
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    flat = _flat_arg(ctx)
    moment = _date_arg(ctx)
    try:
        responders = compute(schedule, moment)
    except OverflowError as exc:
        raise ApiError(422, "'date' is out of range") from exc
    if flat:
        return json_reply(200, {f"{field}Users": oncall.flat_users(responders, _members(ctx))})
    return json_reply(200, {f"{field}Participants": [_participant_view(item) for item in responders]})


@route("GET", "/v1/schedules/{scheduleId}/on-calls")
def get_on_calls(ctx: Context):
    return _on_calls_reply(ctx, "onCall", oncall.on_call)


@route("GET", "/v1/schedules/{scheduleId}/next-on-calls")
def get_next_on_calls(ctx: Context):
    return _on_calls_reply(ctx, "nextOnCall", oncall.next_on_call)


# timeline


def _period_view(piece: oncall.Piece) -> dict:
    return {"startDate": api_date(piece.start), "endDate": api_date(piece.end), "type": piece.kind, "responder": dict(piece.responder)}


def _rotation_view(rotation: dict, order: int, pieces) -> dict:
    view = {"id": rotation.get("id")}
    if rotation.get("name") is not None:
        view["name"] = rotation["name"]
    view.update({"order": order, "deleted": False, "periods": [_period_view(piece) for piece in oncall.merge_pieces(pieces)]})
    return view


def schedule_layers(schedule: dict, start: datetime, end: datetime) -> list[tuple[int, dict, dict]]:
    """``(order, rotation, layers)`` of every rotation of the schedule within [start, end); order counts from 1."""
    return [(order, rotation, oncall.rotation_layers(schedule, rotation, start, end))
            for order, rotation in enumerate(schedule.get("rotations") or [], 1)]


@route("GET", "/v1/schedules/{scheduleId}/timeline")
def get_timeline(ctx: Context):
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    interval = _interval_arg(ctx)
    unit = ctx.args.get("intervalUnit") or "weeks"
    if unit not in oncall.TIMELINE_UNITS:
        raise ApiError(422, f"'intervalUnit' must be one of {', '.join(oncall.TIMELINE_UNITS)}")
    moment = _date_arg(ctx)
    zone = oncall.schedule_zone(schedule)
    earliest, latest = oncall.timeline_limits(zone, utc_now())
    try:
        start, end = oncall.timeline_range(zone, moment, interval, unit)
    except (OverflowError, ValueError):
        start = end = None
    if start is None or start < earliest or end > latest:
        raise ApiError(422, "The timeline can go back at most one year and ahead at most two years from today")
    expand = ctx.expand()
    layers = schedule_layers(schedule, start, end)
    body = {"startDate": api_date(start), "endDate": api_date(end),
            "finalTimeline": {"rotations": [_rotation_view(rotation, order, found["final"]) for order, rotation, found in layers]}}
    if "base" in expand:
        body["baseTimeline"] = {"rotations": [_rotation_view(rotation, order, found["base"]) for order, rotation, found in layers]}
    if "forwarding" in expand:
        # The emulator keeps no forwarding rules: the layer has every rotation and no periods.
        body["forwardingTimeline"] = {"rotations": [_rotation_view(rotation, order, []) for order, rotation, _found in layers]}
    if "override" in expand:
        body["overrideTimeline"] = {"rotations": [_rotation_view(rotation, order, found["override"]) for order, rotation, found in layers]}
    body["_expands"] = list(EXPANDS)
    return json_reply(200, body)


# calendar exports


def _uid(schedule: dict, rotation: dict, piece: oncall.Piece) -> str:
    return f"{schedule['id']}-{rotation.get('id')}-{ical.stamp(piece.start)}@{UID_DOMAIN}"


def _rotation_label(rotation: dict, order: int) -> str:
    return rotation.get("name") or f"Rotation {order}"


def _calendar_reply(name: str, events: list[dict]) -> Reply:
    return Reply(200, ical.calendar(name, events), CALENDAR_TYPE)


@route("GET", "/v1/schedules/{scheduleId}.ics")
def export_schedule(ctx: Context):
    """One VEVENT per final-timeline period from the start of this month (schedule time) for a year.

    DTSTAMP is the start of that range, so the file changes only when the schedule's on-call
    periods (or the month) change.
    """
    schedule = visible_schedule(ctx, ctx.params["scheduleId"])
    start, end = oncall.months_from_this_month(oncall.schedule_zone(schedule), utc_now(), EXPORT_MONTHS)
    events = []
    for order, rotation, found in schedule_layers(schedule, start, end):
        for piece in oncall.merge_pieces(found["final"]):
            label = _rotation_label(rotation, order)
            events.append({
                "uid": _uid(schedule, rotation, piece),
                "stamp": start,
                "start": piece.start,
                "end": piece.end,
                "summary": f"{_who(ctx.store, piece.responder)} on call ({schedule.get('name')}, {label})",
                "description": f"Schedule: {schedule.get('name')}\nRotation: {label}\nPeriod type: {piece.kind}",
            })
    return _calendar_reply(f"{schedule.get('name')} on-call", events)


def _account_by_identifier(store, identifier: str) -> dict | None:
    """The account with this accountId, or else with this email address (ignoring case)."""
    account = store.account(identifier)
    if account is not None:
        return account
    wanted = identifier.casefold()
    for candidate in store.accounts:
        if str(candidate.get("email", "")).casefold() == wanted:
            return candidate
    return None


def _involves(store, responder: dict, account: dict) -> bool:
    if responder.get("type") == "user":
        return responder.get("id") == account.get("accountId")
    if responder.get("type") == "team":
        return responder.get("id") in store.team_ids_of(account)
    return False


@route("GET", "/v1/schedules/on-calls/{userIdentifier}.ics")
def export_user_on_calls(ctx: Context):
    """The user's on-call periods (as a user or through one of their teams) in every schedule the user can see.

    The range is this month (UTC) and the eleven after it. Allowed for oneself and for admins.
    """
    account = _account_by_identifier(ctx.store, ctx.params["userIdentifier"])
    if account is None:
        raise ApiError(404, "User not found")
    if account.get("accountId") != ctx.account.get("accountId") and not ctx.account.get("admin"):
        raise ApiError(403, "You do not have permission to export the on-call calendar of this user")
    start, end = oncall.months_from_this_month(timezone.utc, utc_now(), EXPORT_MONTHS)
    found_events = []
    for position, schedule in enumerate(ctx.store.schedules.values()):
        if not ctx.store.can_see_schedule(account, schedule):
            continue
        for order, rotation, found in schedule_layers(schedule, start, end):
            for piece in oncall.merge_pieces(found["final"]):
                if not _involves(ctx.store, piece.responder, account):
                    continue
                label = _rotation_label(rotation, order)
                found_events.append(((piece.start, position, order), {
                    "uid": _uid(schedule, rotation, piece),
                    "stamp": start,
                    "start": piece.start,
                    "end": piece.end,
                    "summary": f"On call: {schedule.get('name')} ({label})",
                    "description": f"Schedule: {schedule.get('name')}\nRotation: {label}\nAs: {_who(ctx.store, piece.responder)}\nPeriod type: {piece.kind}",
                }))
    found_events.sort(key=lambda item: item[0])
    name = account.get("displayName") or account.get("accountId")
    return _calendar_reply(f"{name} on-call", [event for _key, event in found_events])
