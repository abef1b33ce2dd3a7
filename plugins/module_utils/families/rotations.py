# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rotations of a schedule: option conversion, validation, comparison and the API calls."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import SCHEDULES, list_rotations
from ansible_collections.jsm.ops.plugins.module_utils.core.state import Resource

ROTATION = SCHEDULES + "/{}/rotations"
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
    given = sorted(key for key in ("id", "email", "name") if participant.get(key))
    allowed = {"user": (["email"], ["id"]), "team": (["id"], ["name"]), "escalation": (["id"],), "noone": ([],)}[kind]
    if given not in allowed:
        wants = {"user": "id (the account id) or email", "team": "id or name", "escalation": "id", "noone": "no id, email or name"}[kind]
        raise ConfigurationError("%s: a %s participant takes %s; got %s." % (where, kind, wants, ", ".join(given) or "none of them"))
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


def rotation_desired(resolver, params: dict) -> dict:
    """The API fields of the options the user set."""
    wanted = {"name": params["name"]}
    if params.get("type") is not None:
        wanted["type"] = params["type"]
    if params.get("length") is not None:
        if params["length"] < 1:
            raise ConfigurationError("length must be 1 or more; got %d." % params["length"])
        wanted["length"] = params["length"]
    for option, field in (("start_date", "startDate"), ("end_date", "endDate")):
        if params.get(option) is not None:
            wanted[field] = api_datetime(params[option], option)
    if "startDate" in wanted and "endDate" in wanted and wanted["endDate"] <= wanted["startDate"]:
        raise ConfigurationError("end_date must be after start_date.")
    if params.get("participants") is not None:
        wanted["participants"] = [
            participant_for_api(resolver, item, "participants[%d]" % number) for number, item in enumerate(params["participants"])
        ]
    if params.get("time_restriction") is not None:
        wanted["timeRestriction"] = time_restriction_for_api(params["time_restriction"])
    return wanted


def find_rotation(client, schedule_id: str, name: str) -> dict | None:
    rotations = list_rotations(client, schedule_id)
    exact = [rotation for rotation in rotations if rotation.get("name") == name]
    if exact:
        return exact[0]
    folded = [rotation for rotation in rotations if (rotation.get("name") or "").casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def _check_creatable(desired: dict) -> None:
    missing = [option for option, field in (("type", "type"), ("start_date", "startDate")) if field not in desired]
    if missing:
        raise ConfigurationError("%s %s required to create rotation %r." % (" and ".join(missing), "is" if len(missing) == 1 else "are", desired["name"]))


def rotation_resource(client, schedule_id: str) -> Resource:
    base = client.path(ROTATION, schedule_id)

    def create(desired):
        _check_creatable(desired)
        return client.request("POST", base, body=desired).data

    def update(current, changes):
        return client.request("PATCH", base + client.path("/{}", current["id"]), body=changes).data

    def delete(current):
        client.request("DELETE", base + client.path("/{}", current["id"]), missing_ok=True)

    def predict(current, changes):
        if current is None:
            _check_creatable(changes)
        after = dict(current) if current else {"length": 1}
        after.update(changes)
        return after

    return Resource(
        create,
        update,
        delete,
        predict,
        equal={"startDate": same_instant, "endDate": same_instant, "participants": same_participants, "timeRestriction": same_restriction},
        find=lambda desired: find_rotation(client, schedule_id, desired["name"]),
        retries=client.config.retries, pause=client.pause,
    )
