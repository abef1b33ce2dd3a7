# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers for state modules: what the user asked for, what differs, and the diff to show.

Nothing here talks to the API, so every rule is unit-tested on plain data.
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

# Dates are bounded before any arithmetic on them; durations too.
EARLIEST_YEAR = 1970
LATEST_YEAR = 9000
MAX_DURATION_DAYS = 3660
_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$", re.IGNORECASE)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def scrub_none(data: dict) -> dict:
    """Drop the keys whose value is None: options the user did not set never count as wishes."""
    return {key: value for key, value in data.items() if value is not None}


def changed_fields(current: dict, desired: dict, equal=None) -> dict:
    """The desired fields whose value differs from the current object's.

    ``equal`` maps a field to a comparison function for fields that need more
    than ``==`` (dates compared as instants, for example).
    """
    equal = equal or {}
    return {
        key: value
        for key, value in desired.items()
        if not equal.get(key, _same)(current.get(key), value)
    }


def _same(left, right) -> bool:
    return left == right


def make_diff(before: dict | None, after: dict | None, keys=None) -> dict:
    """Ansible's ``diff`` of the given keys (all keys of both when None); absent objects are empty."""
    before, after = before or {}, after or {}
    if keys is None:
        keys = sorted(set(before) | set(after))
    return {
        "before": {key: before[key] for key in keys if key in before},
        "after": {key: after[key] for key in keys if key in after},
    }


def parse_datetime(value, option: str, bounded: bool = True) -> datetime.datetime:
    """Parse an ISO 8601 date-time that carries its offset (``Z`` or ``+02:00``); a bad one names the option."""
    text = str(value).strip()
    if not _ISO.match(text):
        raise ConfigurationError(
            "%s must be an ISO 8601 date and time with a UTC offset, such as 2026-03-01T09:00:00Z or "
            "2026-03-01T10:00:00+01:00; got %r." % (option, text)
        )
    text = text.replace(" ", "T")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    elif re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        moment = datetime.datetime.fromisoformat(text)
        utc = moment.astimezone(datetime.timezone.utc)  # an offset that pushes it past year 1 or 9999 fails here
    except (ValueError, OverflowError):
        raise ConfigurationError("%s is not a valid date and time: %r." % (option, str(value).strip())) from None
    if bounded and not EARLIEST_YEAR <= utc.year <= LATEST_YEAR:
        # Bounded before any arithmetic: a date plus an interval or a duration must not leave what datetime can hold.
        raise ConfigurationError("%s must be a date from the year %d to %d; got %r." % (option, EARLIEST_YEAR, LATEST_YEAR, str(value).strip()))
    return moment


def in_future(value, option: str, now: datetime.datetime | None = None) -> str:
    """A date-time option the API refuses unless it lies ahead (a snooze's end), in the API's form: checked before
    anything is sent, so check mode predicts the refusal too."""
    moment = parse_datetime(value, option)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if moment <= now:
        raise ConfigurationError("%s %r is not in the future; give a later date and time." % (option, str(value).strip()))
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_duration(value, option: str = "duration") -> datetime.timedelta:
    """A span written as ``90m``, ``2h``, ``1d`` or ``1h30m``: longer than zero and at most MAX_DURATION_DAYS days."""
    text = str(value or "")
    match = _DURATION.match(text)
    if not text or not match or not any(match.groups()):
        raise ConfigurationError("%s must look like 90m, 2h, 1d or 1h30m; got %r." % (option, value))
    days, hours, minutes = (int(group or 0) for group in match.groups())
    total_minutes = (days * 24 + hours) * 60 + minutes  # plain integers: no overflow before the bound
    if total_minutes <= 0:
        raise ConfigurationError("%s must be longer than zero; got %r." % (option, value))
    if total_minutes > MAX_DURATION_DAYS * 24 * 60:
        raise ConfigurationError("%s must be at most %d days; got %r." % (option, MAX_DURATION_DAYS, value))
    return datetime.timedelta(minutes=total_minutes)


def api_datetime(value, option: str) -> str:
    """The API's form of a date-time: UTC with a ``Z``, seconds precision."""
    return parse_datetime(value, option).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def same_instant(left, right) -> bool:
    """True when two date-time strings name the same instant (``None`` equals only ``None``)."""
    if left is None or right is None:
        return left is None and right is None
    try:
        return parse_datetime(left, "date", bounded=False) == parse_datetime(right, "date", bounded=False)
    except ConfigurationError:
        return left == right
