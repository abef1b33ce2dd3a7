# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who is on call: turns, time restrictions and overrides of a schedule, computed for real.

Pure functions over a schedule as the store keeps it (``timezone``, ``rotations`` in order,
``overrides``), with no HTTP in them. Every instant is an aware datetime; results are in UTC.

- A rotation's turns start at its ``startDate``. A turn lasts ``length`` hours (``hourly``:
  absolute hours) or ``length`` days or weeks (``daily``, ``weekly``) counted on the schedule's
  wall clock, so a daily hand-off at 09:00 local stays at 09:00 local across a DST change.
  Participants take turns in list order and cycle; a ``noone`` participant means nobody for that
  turn. Before ``startDate`` and from ``endDate`` on, the rotation has no turns.
- A time restriction masks time (in the schedule's time zone) without pausing the turns:
  ``time-of-day`` keeps [start, end) of every day, an end before the start spanning midnight and
  an end equal to the start meaning the whole day; ``weekday-and-time-of-day`` keeps each period
  from startDay startHour:startMin to endDay endHour:endMin, every week, wrapping over the end of
  the week when the end is not after the start.
- An override applies during [startDate, endDate) to the rotations it names (every rotation when
  ``rotationIds`` is absent or empty) and replaces whoever the rotation has on call then, ``noone``
  turns included, with its responder. It applies only while the rotation is on call (inside its
  dates and time restriction). Where overrides of one rotation overlap, the one that starts last
  wins (the later in the list on a tie).

The result for a rotation is a list of pieces: stretches of time with one responder, cut at turn
boundaries, restriction boundaries and override boundaries. The timeline merges touching pieces
with the same type and responder into periods.
"""

from __future__ import annotations

import calendar
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from .common import to_utc

UTC = timezone.utc
NOBODY = {"type": "noone"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
# How far ahead next_on_call looks for the next on-call period: from 8 days (a week of time
# restrictions and then some), doubling up to this many days after the later of the instant and
# the rotation's start.
NEXT_FIRST_HORIZON_DAYS = 8
NEXT_MAX_HORIZON_DAYS = 1024
TIMELINE_UNITS = ("days", "weeks", "months")


@dataclass(frozen=True)
class Piece:
    """A stretch [start, end) of one rotation with one responder; ``kind`` is ``base`` or ``override``."""

    start: datetime
    end: datetime
    kind: str
    responder: dict


# time zones and wall clock


def schedule_zone(schedule: dict) -> zoneinfo.ZoneInfo | timezone:
    """The schedule's time zone; UTC when it names none the system knows."""
    name = schedule.get("timezone")
    if isinstance(name, str) and name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def wall_to_utc(local: datetime, zone) -> datetime:
    """A naive wall-clock time in ``zone`` as UTC.

    A time skipped by a DST change is read with the offset before the change (02:30 on the
    spring-forward night in Berlin is 01:30Z); a repeated one is its first occurrence.
    """
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _midnight(day: date, zone) -> datetime:
    return wall_to_utc(datetime.combine(day, time()), zone)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# responders


def responder_of(data) -> dict:
    """A participant or override responder as ``{"type", "id"}``, or NOBODY for ``noone`` and anything unusable."""
    if not isinstance(data, dict):
        return dict(NOBODY)
    kind, ident = data.get("type"), data.get("id")
    if kind in ("user", "team", "escalation") and isinstance(ident, str) and ident:
        return {"type": kind, "id": ident}
    return dict(NOBODY)


def is_nobody(responder: dict) -> bool:
    return responder.get("type") == "noone"


# rotations and turns


class _Turns:
    """The turns of one rotation in one time zone."""

    def __init__(self, rotation: dict, zone):
        self.zone = zone
        self.start = to_utc(rotation.get("startDate"))
        self.end = to_utc(rotation.get("endDate")) if rotation.get("endDate") is not None else None
        self.kind = rotation.get("type")
        length = rotation.get("length")
        self.length = length if isinstance(length, int) and not isinstance(length, bool) and length > 0 else 1
        self.participants = [responder_of(item) for item in rotation.get("participants") or []]
        self.usable = self.start is not None and self.kind in ("hourly", "daily", "weekly") and bool(self.participants)
        if self.usable:
            self.start_local = self.start.astimezone(zone).replace(tzinfo=None)
            self.step_days = self.length * (7 if self.kind == "weekly" else 1)

    def turn_start(self, index: int) -> datetime:
        if index == 0:
            return self.start
        if self.kind == "hourly":
            return self.start + timedelta(hours=self.length * index)
        return wall_to_utc(self.start_local + timedelta(days=self.step_days * index), self.zone)

    def turn_index(self, moment: datetime) -> int:
        """The turn that contains ``moment`` (at or after the start)."""
        if self.kind == "hourly":
            return (moment - self.start) // timedelta(hours=self.length)
        local = moment.astimezone(self.zone).replace(tzinfo=None)
        index = max(0, (local - self.start_local) // timedelta(days=self.step_days))
        while index > 0 and self.turn_start(index) > moment:
            index -= 1
        while self.turn_start(index + 1) <= moment:
            index += 1
        return index

    def participant(self, index: int) -> dict:
        return self.participants[index % len(self.participants)]

    def span(self, start: datetime, end: datetime) -> tuple[datetime, datetime] | None:
        """[start, end) cut to the rotation's own dates, or None when nothing is left."""
        if not self.usable:
            return None
        low = max(start, self.start)
        high = min(end, self.end) if self.end is not None else end
        return (low, high) if low < high else None

    def turns(self, start: datetime, end: datetime):
        """``(start, end, participant)`` of every turn within [start, end), cut to it and to the rotation's dates."""
        span = self.span(start, end)
        if span is None:
            return
        low, high = span
        index = self.turn_index(low)
        while True:
            begins, ends = self.turn_start(index), self.turn_start(index + 1)
            if begins >= high:
                return
            yield max(begins, low), min(ends, high), self.participant(index)
            index += 1


# time restrictions


def _clock(data: dict, hour: str, minute: str) -> int:
    return int(data.get(hour) or 0) * 60 + int(data.get(minute) or 0)


def _local_windows(restriction: dict, first: date, last: date) -> list[tuple[datetime, datetime]]:
    """Naive wall-clock windows of a time restriction over the local days ``first`` to ``last``."""
    windows = []
    kind = restriction.get("type")
    if kind == "time-of-day":
        rule = restriction.get("restriction") or {}
        begin, finish = _clock(rule, "startHour", "startMin"), _clock(rule, "endHour", "endMin")
        length = finish - begin if finish > begin else finish - begin + MINUTES_PER_DAY
        day = first
        while day <= last:
            base = datetime.combine(day, time())
            windows.append((base + timedelta(minutes=begin), base + timedelta(minutes=begin + length)))
            day += timedelta(days=1)
    elif kind == "weekday-and-time-of-day":
        monday = first - timedelta(days=first.weekday())
        while monday <= last:
            base = datetime.combine(monday, time())
            for rule in restriction.get("restrictions") or []:
                if rule.get("startDay") not in WEEKDAYS or rule.get("endDay") not in WEEKDAYS:
                    continue
                begin = WEEKDAYS.index(rule["startDay"]) * MINUTES_PER_DAY + _clock(rule, "startHour", "startMin")
                finish = WEEKDAYS.index(rule["endDay"]) * MINUTES_PER_DAY + _clock(rule, "endHour", "endMin")
                if finish <= begin:
                    finish += MINUTES_PER_WEEK
                windows.append((base + timedelta(minutes=begin), base + timedelta(minutes=finish)))
            monday += timedelta(days=7)
    return windows


def merge_spans(spans) -> list[tuple[datetime, datetime]]:
    """Sorted, non-overlapping union of [start, end) spans (touching spans are joined)."""
    merged: list[list[datetime]] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(item[0], item[1]) for item in merged]


def restriction_windows(restriction, zone, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The UTC spans within [start, end) during which a time restriction lets the rotation be on call.

    No restriction (or one of a type the API does not have) leaves all of [start, end).
    """
    if not isinstance(restriction, dict) or restriction.get("type") not in ("time-of-day", "weekday-and-time-of-day"):
        return [(start, end)] if start < end else []
    first = start.astimezone(zone).date() - timedelta(days=8)
    last = end.astimezone(zone).date() + timedelta(days=1)
    spans = []
    for local_start, local_end in _local_windows(restriction, first, last):
        low, high = max(wall_to_utc(local_start, zone), start), min(wall_to_utc(local_end, zone), end)
        if low < high:
            spans.append((low, high))
    return merge_spans(spans)


# overrides


def _override_segments(overrides, rotation_id, start: datetime, end: datetime) -> list[tuple[datetime, datetime, dict]]:
    """Non-overlapping ``(start, end, responder)`` within [start, end) where an override replaces the rotation's responder."""
    candidates = []
    for index, override in enumerate(overrides or []):
        named = override.get("rotationIds")
        if named and rotation_id not in named:
            continue
        begins, ends = to_utc(override.get("startDate")), to_utc(override.get("endDate"))
        if begins is None or ends is None:
            continue
        low, high = max(begins, start), min(ends, end)
        if low < high:
            candidates.append((low, high, (begins, index), responder_of(override.get("responder"))))
    if not candidates:
        return []
    bounds = sorted({item[0] for item in candidates} | {item[1] for item in candidates})
    segments: list[list] = []
    for low, high in zip(bounds, bounds[1:]):
        covering = [item for item in candidates if item[0] <= low and item[1] >= high]
        if not covering:
            continue
        winner = max(covering, key=lambda item: item[2])
        if segments and segments[-1][1] == low and segments[-1][3] == winner[2]:
            segments[-1][1] = high
        else:
            segments.append([low, high, winner[3], winner[2]])
    return [(low, high, responder) for low, high, responder, _key in segments]


# pieces and layers


def _base_pieces(turns: _Turns, restriction, start: datetime, end: datetime) -> list[Piece]:
    span = turns.span(start, end)
    if span is None:
        return []
    windows = restriction_windows(restriction, turns.zone, span[0], span[1])
    pieces = []
    position = 0
    for begins, ends, participant in turns.turns(span[0], span[1]):
        while position < len(windows) and windows[position][1] <= begins:
            position += 1
        cursor = position
        while cursor < len(windows) and windows[cursor][0] < ends:
            low, high = max(begins, windows[cursor][0]), min(ends, windows[cursor][1])
            if low < high:
                pieces.append(Piece(low, high, "base", participant))
            cursor += 1
    return pieces


def _apply_overrides(base: list[Piece], segments) -> list[Piece]:
    final = []
    position = 0
    for piece in base:
        while position < len(segments) and segments[position][1] <= piece.start:
            position += 1
        cursor, index = piece.start, position
        while index < len(segments) and segments[index][0] < piece.end:
            low, high, responder = segments[index]
            low, high = max(low, piece.start), min(high, piece.end)
            if cursor < low:
                final.append(Piece(cursor, low, "base", piece.responder))
            final.append(Piece(low, high, "override", responder))
            cursor = high
            index += 1
        if cursor < piece.end:
            final.append(Piece(cursor, piece.end, "base", piece.responder))
    return final


def rotation_layers(schedule: dict, rotation: dict, start: datetime, end: datetime) -> dict[str, list[Piece]]:
    """The rotation's pieces within [start, end): ``base`` (turns and restrictions), ``override`` and ``final``."""
    turns = _Turns(rotation, schedule_zone(schedule))
    base = _base_pieces(turns, rotation.get("timeRestriction"), start, end)
    if not base:
        return {"base": [], "override": [], "final": []}
    segments = _override_segments(schedule.get("overrides"), rotation.get("id"), base[0].start, base[-1].end)
    final = _apply_overrides(base, segments)
    return {"base": base, "override": [piece for piece in final if piece.kind == "override"], "final": final}


def merge_pieces(pieces: list[Piece]) -> list[Piece]:
    """Touching pieces with the same type and responder joined into one period."""
    merged: list[Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if last is not None and last.end == piece.start and last.kind == piece.kind and last.responder == piece.responder:
            merged[-1] = Piece(last.start, piece.end, last.kind, last.responder)
        else:
            merged.append(piece)
    return merged


# who is on call


def _add_distinct(found: list[dict], responder: dict) -> None:
    if not is_nobody(responder) and responder not in found:
        found.append(responder)


def rotation_on_call(schedule: dict, rotation: dict, moment: datetime) -> dict:
    """The rotation's responder at ``moment`` (overrides applied), or NOBODY."""
    pieces = rotation_layers(schedule, rotation, moment, moment + timedelta(microseconds=1))["final"]
    return dict(pieces[0].responder) if pieces else dict(NOBODY)


def on_call(schedule: dict, moment: datetime) -> list[dict]:
    """Distinct responders on call at ``moment``, rotation by rotation in the schedule's order (nobody left out)."""
    found: list[dict] = []
    for rotation in schedule.get("rotations") or []:
        _add_distinct(found, rotation_on_call(schedule, rotation, moment))
    return found


def rotation_next_on_call(schedule: dict, rotation: dict, moment: datetime) -> dict:
    """The responder of the rotation's next on-call period: the first piece that starts after ``moment`` and has somebody.

    Pieces are cut at turn, restriction and override boundaries, so this is whoever takes over at
    the next hand-off, after a restriction gap, or when an override starts or ends.
    """
    turns = _Turns(rotation, schedule_zone(schedule))
    if not turns.usable or (turns.end is not None and turns.end <= moment):
        return dict(NOBODY)
    origin = max(moment, turns.start)
    days = NEXT_FIRST_HORIZON_DAYS
    while True:
        horizon = origin + timedelta(days=days)
        for piece in rotation_layers(schedule, rotation, moment, horizon)["final"]:
            if piece.start > moment and not is_nobody(piece.responder):
                return dict(piece.responder)
        if days >= NEXT_MAX_HORIZON_DAYS or (turns.end is not None and turns.end <= horizon):
            return dict(NOBODY)
        days *= 2


def next_on_call(schedule: dict, moment: datetime) -> list[dict]:
    """Distinct responders of each rotation's next on-call period after ``moment``, in the schedule's rotation order."""
    found: list[dict] = []
    for rotation in schedule.get("rotations") or []:
        _add_distinct(found, rotation_next_on_call(schedule, rotation, moment))
    return found


def flat_users(responders: list[dict], members_of) -> list[str]:
    """Distinct user ids of the responders: users as they are, teams through ``members_of(team_id)``.

    Escalations add nobody: the emulator keeps no escalation policies to resolve them with.
    """
    users: list[str] = []
    for responder in responders:
        if responder.get("type") == "user":
            candidates = [responder["id"]]
        elif responder.get("type") == "team":
            candidates = list(members_of(responder["id"]))
        else:
            candidates = []
        for user in candidates:
            if user not in users:
                users.append(user)
    return users


# timeline ranges


def timeline_range(zone, moment: datetime, interval: int, unit: str) -> tuple[datetime, datetime]:
    """[start, end) of a timeline: from the beginning of the day, week (Monday) or month containing ``moment``
    in the schedule's time zone, ``interval`` units long on the wall clock.
    """
    if unit not in TIMELINE_UNITS:
        raise ValueError(f"unknown interval unit {unit!r}")
    day = moment.astimezone(zone).date()
    if unit == "days":
        first, last = day, day + timedelta(days=interval)
    elif unit == "weeks":
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=7 * interval)
    else:
        first = day.replace(day=1)
        last = add_months(first, interval)
    return _midnight(first, zone), _midnight(last, zone)


def timeline_limits(zone, now: datetime) -> tuple[datetime, datetime]:
    """The earliest start and latest end of a timeline: one year back from today, through two years ahead (both in the schedule's time zone)."""
    today = now.astimezone(zone).date()
    return _midnight(add_months(today, -12), zone), _midnight(add_months(today, 24) + timedelta(days=1), zone)


def months_from_this_month(zone, now: datetime, months: int) -> tuple[datetime, datetime]:
    """[start, end) from the beginning of the month containing ``now`` in ``zone``, ``months`` months long."""
    first = now.astimezone(zone).date().replace(day=1)
    return _midnight(first, zone), _midnight(add_months(first, months), zone)
