# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers for state modules: what the user asked for, what differs, and the diff to show.

Nothing here talks to the API, so every rule is unit-tested on plain data.
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

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


def parse_datetime(value, option: str) -> datetime.datetime:
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
        moment.astimezone(datetime.timezone.utc)  # an offset that pushes it past year 1 or 9999 fails here
        return moment
    except (ValueError, OverflowError):
        raise ConfigurationError("%s is not a valid date and time: %r." % (option, str(value).strip())) from None


def api_datetime(value, option: str) -> str:
    """The API's form of a date-time: UTC with a ``Z``, seconds precision."""
    return parse_datetime(value, option).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def same_instant(left, right) -> bool:
    """True when two date-time strings name the same instant (``None`` equals only ``None``)."""
    if left is None or right is None:
        return left is None and right is None
    try:
        return parse_datetime(left, "date") == parse_datetime(right, "date")
    except ConfigurationError:
        return left == right
