# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who is on call when, laid out for a report: shared by the jsm.ops.oncall_segments and jsm.ops.local_time filters.

Pure functions over the answer of jsmops_schedule_timeline_info; nothing here talks to the API,
so every rule is unit-tested on plain data. Instants are read with their UTC offset and shown in
the time zone the caller names (an IANA name such as ``Europe/Berlin``).
"""

from __future__ import annotations

import datetime
import zoneinfo

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import parse_datetime
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

UTC = datetime.timezone.utc
DEFAULT_FORMAT = "%a %d %b %H:%M"
DEFAULT_DAY_FORMAT = "%a %d %b"


class ReportError(ValueError):
    """A value the report cannot use; the message says which and why."""


def zone(name) -> datetime.tzinfo:
    """The time zone of an IANA name; UTC for ``UTC``."""
    if not isinstance(name, str) or not name.strip():
        raise ReportError("timezone must be an IANA time zone name such as Europe/Berlin or UTC; got %r." % (name,))
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ReportError("timezone %r is not a known IANA time zone name (such as Europe/Berlin or UTC)." % name) from None


def instant(value, what: str = "date") -> datetime.datetime:
    """An aware datetime from an ISO 8601 string with a UTC offset, or from an aware datetime."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ReportError("%s must carry a UTC offset; got %s." % (what, value.isoformat()))
        return value
    try:
        return parse_datetime(value, what)
    except (ConfigurationError, ValueError) as exc:
        raise ReportError(str(exc)) from None


def api_text(moment: datetime.datetime) -> str:
    """UTC with a ``Z``, seconds precision, as the API writes instants."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(value, timezone: str = "UTC", fmt: str = "%Y-%m-%d %H:%M %Z") -> str:
    """An instant written in a time zone with a strftime format."""
    return instant(value).astimezone(zone(timezone)).strftime(fmt)


def _responder_label(responder: dict, names: dict) -> dict:
    ident, kind = responder.get("id"), responder.get("type") or "user"
    name = (names.get(ident) or {}).get("name") if ident else None
    if not name:
        name = ident if kind == "user" else "%s %s" % (kind, ident)
    elif kind != "user":
        name = "%s (%s)" % (name, kind)
    return {"id": ident, "type": kind, "name": name}


def _periods(timeline: dict):
    """``(start, end, responder, rotation name)`` of every on-call period of the final timeline; ``noone`` periods are left out."""
    for rotation in (timeline.get("finalTimeline") or {}).get("rotations") or []:
        for period in rotation.get("periods") or []:
            responder = period.get("responder") or {}
            if responder.get("type") == "noone" or not responder.get("id"):
                continue
            yield (instant(period.get("startDate"), "startDate"), instant(period.get("endDate"), "endDate"), responder,
                   rotation.get("name") or "")


def _day_ticks(start, end, tz, span, day_format):
    """The local midnights strictly inside (start, end), with their place in percent."""
    ticks = []
    local = start.astimezone(tz)
    day = local.date() + datetime.timedelta(days=1)
    while True:
        midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
        if midnight.astimezone(UTC) >= end:
            break
        if midnight.astimezone(UTC) > start:
            ticks.append({"at": api_text(midnight), "offset": _percent(midnight - start, span), "label": midnight.strftime(day_format)})
        day += datetime.timedelta(days=1)
    return ticks


def _percent(part: datetime.timedelta, whole: datetime.timedelta) -> float:
    return round(100.0 * part.total_seconds() / whole.total_seconds(), 4)


def segments(result: dict, start, days=None, end=None, timezone: str = "UTC", fmt: str = DEFAULT_FORMAT,
             day_format: str = DEFAULT_DAY_FORMAT) -> dict:
    """The window [start, end) of a timeline cut into stretches with the same people on call.

    ``result`` is what jsmops_schedule_timeline_info returned (``timeline`` and, with
    ``responder_names``, ``responders``), or the ``timeline`` alone. Rotations are merged: each
    segment lists everyone on call in any rotation, and a segment without anyone is ``nobody``.
    Neighbouring segments with the same people are joined.
    """
    if not isinstance(result, dict):
        raise ReportError("oncall_segments expects the result of jsm.ops.jsmops_schedule_timeline_info; got %s." % type(result).__name__)
    timeline = result.get("timeline") if "timeline" in result else result
    timeline = timeline if isinstance(timeline, dict) else {}
    names = result.get("responders") or {}
    tz = zone(timezone)
    begin = instant(start, "start").astimezone(UTC)
    if (days is None) == (end is None):
        raise ReportError("give either days or end, not both or neither.")
    if end is None:
        try:
            length = float(days)
        except (TypeError, ValueError):
            raise ReportError("days must be a number; got %r." % (days,)) from None
        finish = begin + datetime.timedelta(days=length)
    else:
        finish = instant(end, "end").astimezone(UTC)
    if finish <= begin:
        raise ReportError("the end of the window (%s) must be after its start (%s)." % (api_text(finish), api_text(begin)))

    periods = [(max(first, begin), min(last, finish), responder, rotation) for first, last, responder, rotation in _periods(timeline)
               if first < finish and last > begin and first < last]
    cuts = sorted({begin, finish} | {moment for first, last, _r, _n in periods for moment in (first, last)})
    span = finish - begin
    found: list[dict] = []
    for first, last in zip(cuts, cuts[1:]):
        people: list[dict] = []
        rotations: list[str] = []
        for p_first, p_last, responder, rotation in periods:
            if p_first <= first and last <= p_last:
                label = _responder_label(responder, names)
                if all(label["id"] != known["id"] for known in people):
                    people.append(label)
                if rotation and rotation not in rotations:
                    rotations.append(rotation)
        ids = [person["id"] for person in people]
        if found and [person["id"] for person in found[-1]["responders"]] == ids:
            found[-1]["_end"] = last
            found[-1]["rotations"] += [name for name in rotations if name not in found[-1]["rotations"]]
            continue
        found.append({"_start": first, "_end": last, "responders": people, "rotations": rotations})

    for segment in found:
        first, last = segment.pop("_start"), segment.pop("_end")
        segment.update({
            "start": api_text(first),
            "end": api_text(last),
            "start_local": first.astimezone(tz).strftime(fmt),
            "end_local": last.astimezone(tz).strftime(fmt),
            "offset": _percent(first - begin, span),
            "width": _percent(last - first, span),
            "hours": round((last - first).total_seconds() / 3600.0, 2),
            "names": [person["name"] for person in segment["responders"]],
            "nobody": not segment["responders"],
        })
    everyone: list[str] = []
    for segment in found:
        everyone += [name for name in segment["names"] if name not in everyone]
    return {
        "start": api_text(begin),
        "end": api_text(finish),
        "start_local": begin.astimezone(tz).strftime(fmt),
        "end_local": finish.astimezone(tz).strftime(fmt),
        "timezone": timezone.strip(),
        "segments": found,
        "names": everyone,
        "nobody_hours": round(sum(segment["hours"] for segment in found if segment["nobody"]), 2),
        "days": _day_ticks(begin, finish, tz, span, day_format),
    }
