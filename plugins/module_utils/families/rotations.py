# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rotations of a schedule: the family declaration, with the participant and time-restriction options it shares."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Family, Field, Instant, asks_the_api, at_least, end_after_start
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import check_reference
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import PAGE_SIZE, SCHEDULE_SCOPE

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_OF_DAY = "time-of-day"
WEEKDAY_AND_TIME_OF_DAY = "weekday-and-time-of-day"

_TIME_FIELDS = (("start_hour", "startHour", 23), ("start_min", "startMin", 59), ("end_hour", "endHour", 23), ("end_min", "endMin", 59))

# Argument specs shared by jsmops_schedule_rotation (and anything else that takes rotations).
PARTICIPANT_SPEC = dict(
    type=dict(type="str", required=True, choices=["user", "team", "escalation", "noone"]),
    id=dict(type="str"),
    email=dict(type="str"),
    name=dict(type="str"),
)
_TIME_SPEC = dict(
    start_hour=dict(type="int", required=True),
    start_min=dict(type="int", required=True),
    end_hour=dict(type="int", required=True),
    end_min=dict(type="int", required=True),
)
TIME_RESTRICTION_SPEC = dict(
    type=dict(type="str", required=True, choices=[TIME_OF_DAY, WEEKDAY_AND_TIME_OF_DAY]),
    restriction=dict(type="dict", options=_TIME_SPEC),
    restrictions=dict(
        type="list",
        elements="dict",
        options=dict(
            start_day=dict(type="str", required=True, choices=list(WEEKDAYS)),
            end_day=dict(type="str", required=True, choices=list(WEEKDAYS)),
            **_TIME_SPEC
        ),
    ),
)


def participant_for_api(resolver, participant: dict, where: str) -> dict:
    """``{type, id}`` for one participant option; users by account id or email, teams by id or name."""
    kind = participant["type"]
    check_reference(participant, where, "participant")
    if kind == "noone":
        return {"type": "noone"}
    if kind == "user":
        return {"type": "user", "id": resolver.user_id(participant.get("email") or participant["id"], option=where)}
    if kind == "team":
        return {"type": "team", "id": resolver.team_id(participant.get("name") or participant["id"], option=where)}
    return {"type": "escalation", "id": participant["id"]}


def _times_for_api(values: dict, where: str) -> dict:
    result = {}
    for option, field, highest in _TIME_FIELDS:
        value = values[option]
        if not 0 <= value <= highest:
            raise ConfigurationError("%s.%s must be from 0 to %d; got %d." % (where, option, highest, value))
        result[field] = value
    return result


def time_restriction_for_api(restriction: dict, where: str = "time_restriction") -> dict:
    """The API's form of a time restriction option, validated (hours 0-23, minutes 0-59, weekday names)."""
    kind = restriction["type"]
    if kind == TIME_OF_DAY:
        if not restriction.get("restriction") or restriction.get("restrictions"):
            raise ConfigurationError("%s of type time-of-day takes restriction (one start and end time), not restrictions." % where)
        return {"type": kind, "restriction": _times_for_api(restriction["restriction"], where + ".restriction")}
    if not restriction.get("restrictions") or restriction.get("restriction"):
        raise ConfigurationError("%s of type weekday-and-time-of-day takes restrictions (a list of weekday periods), not restriction." % where)
    periods = []
    for number, period in enumerate(restriction["restrictions"]):
        api_period = {"startDay": period["start_day"], "endDay": period["end_day"]}
        api_period.update(_times_for_api(period, "%s.restrictions[%d]" % (where, number)))
        periods.append(api_period)
    return {"type": kind, "restrictions": periods}


def _participant_keys(participants) -> list:
    return [(item.get("type"), item.get("id")) for item in participants or []]


def same_participants(current, wanted) -> bool:
    """Order matters: it is the rotation order."""
    return _participant_keys(current) == _participant_keys(wanted)


def _restriction_key(restriction):
    if not restriction:
        return None
    fields = ("startHour", "startMin", "endHour", "endMin")
    if restriction.get("type") == TIME_OF_DAY:
        detail = restriction.get("restriction") or {}
        return (TIME_OF_DAY, tuple(detail.get(field) for field in fields))
    return (
        restriction.get("type"),
        tuple((item.get("startDay"), item.get("endDay")) + tuple(item.get(field) for field in fields) for item in restriction.get("restrictions") or []),
    )


def same_restriction(current, wanted) -> bool:
    return _restriction_key(current) == _restriction_key(wanted)


@asks_the_api
def _participants(value, option, ctx):
    return [participant_for_api(ctx.resolver, item, "%s[%d]" % (option, number)) for number, item in enumerate(value)]


def time_restriction(value, option, ctx):  # pylint: disable=unused-argument
    """The converter of a time_restriction option, shared by the families that take one."""
    return time_restriction_for_api(value, option)


ROTATIONS = Family(
    "rotation", "/v1/schedules/{}/rotations", scope=SCHEDULE_SCOPE, match="casefold", page_size=PAGE_SIZE,
    ambiguous=None,  # as before: the first exact spelling, else the one name in another case
    fields=[
        Field("name"),
        Field("type"),
        Field("length", convert=at_least(1)),
        Instant("startDate"),
        Instant("endDate"),
        Field("participants", convert=_participants, compare=same_participants),  # in rotation order
        Field("timeRestriction", convert=time_restriction, compare=same_restriction),
    ],
    checks=[end_after_start],
    patch_keeps=("length",),  # UpdateRotationRequest gives it a default: a PATCH without it might reset it
    requires=[("type", "type"), ("start_date", "startDate")],
    new={"length": 1},
)


def list_rotations(client, schedule_id: str) -> list[dict]:
    return Collection(ROTATIONS, client, schedule_id).list()


# The options of jsmops_schedule_rotation besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared schedule rotation against.
ROTATION_OPTIONS = dict(
    schedule=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    type=dict(type="str", choices=["daily", "weekly", "hourly"]),
    length=dict(type="int"),
    start_date=dict(type="str"),
    end_date=dict(type="str"),
    participants=dict(type="list", elements="dict", options=PARTICIPANT_SPEC),
    time_restriction=dict(type="dict", options=TIME_RESTRICTION_SPEC),
)
ROTATION_CONSTRAINTS: dict = {}
