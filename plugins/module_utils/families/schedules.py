# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedules: how to read them (shared by every schedule-related module) and how jsmops_schedule writes them."""

from __future__ import annotations

from zoneinfo import available_timezones

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConfigurationError, unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.core.state import Resource

SCHEDULES = "/v1/schedules"
PAGE_SIZE = 50  # the API's maximum for schedules, rotations and overrides


def _expand(expand) -> dict:
    return {"expand": ",".join(expand)} if expand else {}


def name_matches(pattern: str, name: str) -> bool:
    """The API's ``query`` rule: exact and case-insensitive, or a prefix match when it ends with ``*``."""
    pattern, name = pattern.casefold(), (name or "").casefold()
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern


def list_schedules(client, name: str | None = None, expand=None) -> list[dict]:
    """Every schedule the account can see, or those whose name matches ``name`` (see name_matches)."""
    params = _expand(expand)
    if name:
        params["query"] = name
    schedules = list(client.paginate(SCHEDULES, params, page_size=PAGE_SIZE))
    if name:
        schedules = [schedule for schedule in schedules if name_matches(name, schedule.get("name"))]
    return schedules


def get_schedule(client, schedule_id: str, expand=None) -> dict | None:
    """One schedule by id, or None when it does not exist or the account cannot see it.

    The single-schedule endpoint has no ``expand``; rotations are read from
    the schedule's rotations list instead.
    """
    schedule = unless_hidden(lambda: client.get(client.path(SCHEDULES + "/{}", schedule_id), missing_ok=True), None)
    if schedule is not None and expand and "rotation" in expand:
        schedule["rotations"] = list_rotations(client, schedule_id)
    return schedule


def list_rotations(client, schedule_id: str) -> list[dict]:
    return list(client.paginate(client.path(SCHEDULES + "/{}/rotations", schedule_id), page_size=PAGE_SIZE))


# -- writing --------------------------------------------------------------------

DEFAULT_TIMEZONE = "America/New_York"


def check_timezone(value: str, option: str = "timezone") -> str:
    """Refuse a time zone the IANA database does not know: the API would silently store America/New_York."""
    zones = available_timezones()
    if zones and value not in zones:
        raise ConfigurationError(
            "%s %r is not an IANA time zone name such as Europe/Berlin or America/New_York "
            "(the API would silently use %s instead)." % (option, value, DEFAULT_TIMEZONE)
        )
    return value


def check_stored_timezone(schedule: dict | None, wanted: str | None) -> None:
    """After a write: the API replaces a time zone it does not know instead of refusing it."""
    if schedule and wanted and schedule.get("timezone") != wanted:
        raise ApiError(
            "The API stored time zone %r instead of %r for schedule %r; it does not know %r. "
            "Choose another name for the same zone." % (schedule.get("timezone"), wanted, schedule.get("name"), wanted)
        )


def _blank_equals_absent(current, wanted) -> bool:
    return (current or "") == (wanted or "")


def schedule_resource(client) -> Resource:
    """Create with POST, change with PATCH (only the differences), delete with DELETE."""

    def create(desired):
        body = {key: value for key, value in desired.items() if not (key == "teamId" and value == "")}
        return client.request("POST", SCHEDULES, body=body).data

    def update(current, changes):
        return client.request("PATCH", client.path(SCHEDULES + "/{}", current["id"]), body=changes).data

    def delete(current):
        client.request("DELETE", client.path(SCHEDULES + "/{}", current["id"]), missing_ok=True)

    def predict(current, changes):
        after = dict(current) if current else {"timezone": DEFAULT_TIMEZONE, "enabled": True}
        after.update(changes)
        if after.get("teamId") == "":
            del after["teamId"]
        return after

    def find(desired):
        named = [item for item in list_schedules(client, desired["name"]) if (item.get("name") or "").casefold() == desired["name"].casefold()]
        return named[0] if len(named) == 1 else None

    return Resource(create, update, delete, predict, equal={"teamId": _blank_equals_absent, "description": _blank_equals_absent},
                    find=find, retries=client.config.retries, pause=client.pause)
