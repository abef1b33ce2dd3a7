# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schedules: the family declaration, and how every schedule-related module finds a schedule."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Family, Field, Scope, blank_equals_absent, not_blank, team

PAGE_SIZE = 50  # the API's maximum for schedules, rotations and overrides
DEFAULT_TIMEZONE = "America/New_York"


_ZONES = []  # the IANA names, read once per run: reading them walks the whole time zone database


def check_timezone(value: str, option: str = "timezone", ctx=None) -> str:  # pylint: disable=unused-argument
    """Refuse a time zone the IANA database does not know: the API would silently store America/New_York."""
    if not _ZONES:
        from zoneinfo import available_timezones  # pylint: disable=import-outside-toplevel  # only a write with a time zone needs it

        _ZONES.append(frozenset(available_timezones()))
    zones = _ZONES[0]
    if zones and value not in zones:
        raise ConfigurationError(
            "%s %r is not an IANA time zone name such as Europe/Berlin or America/New_York "
            "(the API would silently use %s instead)." % (option, value, DEFAULT_TIMEZONE)
        )
    return value


def check_stored_timezone(schedule: dict | None, wanted: dict) -> None:
    """After a write: the API replaces a time zone it does not know instead of refusing it."""
    zone = wanted.get("timezone")
    if schedule and zone and schedule.get("timezone") != zone:
        raise ApiError(
            "The API stored time zone %r instead of %r for schedule %r; it does not know %r. "
            "Choose another name for the same zone." % (schedule.get("timezone"), zone, schedule.get("name"), zone)
        )


SCHEDULES = Family(
    "schedule", "/v1/schedules",
    id_option="id", unknown_id="id {value} is not a schedule the account can see; leave id out to create a schedule by name.",
    match="casefold", key_query="query", key_may_be_id=True, hidden_as_absent=True, page_size=PAGE_SIZE,
    fields=[
        Field("name", convert=not_blank),
        Field("description", compare=blank_equals_absent),
        Field("timezone", convert=check_timezone),
        Field("enabled"),
        Field("teamId", "team", convert=team, blank_is_absent=True),  # "" on update makes it a global schedule
    ],
    new={"timezone": DEFAULT_TIMEZONE, "enabled": True},
    after_write=check_stored_timezone,
)


def name_matches(pattern: str, name: str) -> bool:
    """The API's ``query`` rule: exact and case-insensitive, or a prefix match when it ends with ``*``."""
    pattern, name = pattern.casefold(), (name or "").casefold()
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern


def list_schedules(client, name: str | None = None, expand=None) -> list[dict]:
    """Every schedule the account can see, or those whose name matches ``name`` (see name_matches)."""
    params = {"expand": ",".join(expand)} if expand else {}
    if name:
        params["query"] = name
    schedules = Collection(SCHEDULES, client).list(params)
    if name:
        schedules = [schedule for schedule in schedules if name_matches(name, schedule.get("name"))]
    return schedules


def get_schedule(client, schedule_id: str) -> dict | None:
    """One schedule by id, or None when it does not exist or the account cannot see it."""
    return Collection(SCHEDULES, client).get(schedule_id)


def find_schedule(client, value: str, option: str = "schedule") -> dict | None:
    """A schedule by id or by name (an exact spelling first, else any case); None when the account sees none."""
    return Collection(SCHEDULES, client).find({"name": value}, option=option)


def schedule_id(ctx, value: str) -> str | None:
    schedule = find_schedule(ctx.client, value)
    return schedule["id"] if schedule else None


# The parent of rotations and overrides.
SCHEDULE_SCOPE = Scope("schedule", "schedule_id", schedule_id,
                       missing="schedule %r is not a schedule the account can see; create it first or check the name.")


# The options of jsmops_schedule besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared schedule against.
SCHEDULE_OPTIONS = dict(
    name=dict(type="str"),
    id=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    description=dict(type="str"),
    timezone=dict(type="str"),
    enabled=dict(type="bool"),
    team=dict(type="str"),
)
SCHEDULE_CONSTRAINTS = dict(
    required_one_of=[("name", "id")],
)
