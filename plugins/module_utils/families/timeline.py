# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedule timelines and calendar exports."""

from __future__ import annotations

import calendar
import datetime
import zoneinfo

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import parse_datetime
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

TIMELINE = "/v1/schedules/{}/timeline"
SCHEDULE_ICS = "/v1/schedules/{}.ics"
USER_ICS = "/v1/schedules/on-calls/{}.ics"
# The longest interval of each unit within the three years the API serves.
MAX_INTERVAL = {"days": 1100, "weeks": 160, "months": 37}


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def timeline_end(start: datetime.datetime, interval: int, unit: str) -> datetime.datetime:
    if unit == "months":
        return add_months(start, interval)
    return start + datetime.timedelta(days=interval * (7 if unit == "weeks" else 1))


def unit_start(moment: datetime.datetime, unit: str) -> datetime.datetime:
    """The API's timeline starts at the beginning of the day, week (Monday) or month that holds ``date``."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "weeks":
        return day - datetime.timedelta(days=day.weekday())
    if unit == "months":
        return day.replace(day=1)
    return day


def _zone(name: str | None) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.timezone.utc


def check_range(date, interval: int, unit: str, now: datetime.datetime | None = None, timezone: str | None = None,
                slack: datetime.timedelta = datetime.timedelta(0)) -> str | None:
    """Refuse a range the API would refuse: at most one year back and two years ahead of today, counted in
    whole days, weeks or months of the schedule's time zone, as the API counts them.

    ``slack`` widens the limits, for a first check before the schedule (and so its time zone) is known.
    Returns the date in the API's form (None for now).
    """
    if interval < 1:
        raise ConfigurationError("interval must be 1 or more; got %d." % interval)
    if interval > MAX_INTERVAL[unit]:  # bounded before any arithmetic on dates
        raise ConfigurationError(
            "interval must be at most %d %s: the API serves timelines from one year back to two years ahead; got %d."
            % (MAX_INTERVAL[unit], unit, interval)
        )
    zone = _zone(timezone)
    now = (now or datetime.datetime.now(datetime.timezone.utc)).astimezone(zone)
    given = parse_datetime(date, "date").astimezone(zone) if date else now
    start = unit_start(given, unit)
    end = timeline_end(start, interval, unit)
    today = unit_start(now, "days")
    earliest, latest = add_months(today, -12), add_months(today, 24) + datetime.timedelta(days=1)
    if start < earliest - slack or end > latest + slack:
        raise ConfigurationError(
            "date and interval ask for %s to %s; the API serves timelines from one year back to two years ahead "
            "(%s to %s). Move date or shorten interval." % (_day(start), _day(end), _day(earliest), _day(latest))
        )
    return given.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if date else None


def _day(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M ") + (moment.tzname() or "UTC")
