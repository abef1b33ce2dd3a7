# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Overrides of a schedule: found by alias or by what they are, replaced whole with PUT as the API requires."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Family, Field, end_after_start, same_items
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import list_rotations
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import PAGE_SIZE, SCHEDULE_SCOPE


def rotation_ids(client, schedule_id: str, rotations) -> list[str] | None:
    """Rotation names or ids to ids; None (all rotations) when none are given."""
    if not rotations:
        return None
    known = list_rotations(client, schedule_id)
    ids = []
    for value in rotations:
        matches = [rotation["id"] for rotation in known if rotation.get("id") == value]
        matches = matches or [rotation["id"] for rotation in known if (rotation.get("name") or "").casefold() == value.casefold()]
        if len(matches) != 1:
            problem = "is not a rotation of the schedule" if not matches else "matches %d rotations by name; give its id" % len(matches)
            raise ConfigurationError("rotations: %r %s." % (value, problem))
        ids.append(matches[0])
    return ids


def override_dates(params: dict, ctx) -> dict:
    """What an override needs that no request decides: a responder, and its dates, the end after the start."""
    missing = [option for option in ("start_date", "end_date") if not params.get(option)]
    if not params.get("user") and not params.get("noone"):
        missing.append("user (or noone: true)")
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise ConfigurationError("%s %s required for an override with state present." % (" and ".join(missing), verb))
    dates = {"startDate": api_datetime(params["start_date"], "start_date"), "endDate": api_datetime(params["end_date"], "end_date")}
    end_after_start(dates, ctx)
    return dates


def override_desired(params: dict, ctx) -> dict:
    """The whole override as the API takes it (PUT replaces every field)."""
    dates = override_dates(params, ctx)
    responder = {"type": "noone"} if params.get("noone") else {"type": "user", "id": ctx.resolver.user_id(params["user"])}
    return dict(dates, responder=responder, rotationIds=rotation_ids(ctx.client, ctx.parent, params.get("rotations")))


def same_responder(current, wanted) -> bool:
    current, wanted = current or {}, wanted or {}
    return (current.get("type"), current.get("id")) == (wanted.get("type"), wanted.get("id"))


FIELDS = [
    Field("responder", None, compare=same_responder),
    Field("startDate", None, compare=same_instant),
    Field("endDate", None, compare=same_instant),
    Field("rotationIds", None, compare=same_items, blank_is_absent=True),  # none (or an empty list) means every rotation
]


def matches(override: dict, wanted: dict) -> bool:
    """True when an existing override already is what ``wanted`` describes (its alias aside)."""
    return all((field.compare)(override.get(field.api), wanted.get(field.api)) for field in FIELDS)


OVERRIDES = Family(
    "override", "/v1/schedules/{}/overrides", scope=SCHEDULE_SCOPE, page_size=PAGE_SIZE,
    id_field="alias", id_option="alias",  # the API generates the alias: a create request has no field for one
    unknown_id=("alias {value!r} is not an override of schedule {parent!r}; the API generates aliases, so leave alias out to "
                "create a new override (its alias is returned)."),
    match=matches, update="PUT", writable=["responder", "startDate", "endDate", "rotationIds"],
    fields=FIELDS, build=override_desired,
)


# The options of jsmops_schedule_override besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared schedule override against.
OVERRIDE_OPTIONS = dict(
    schedule=dict(type="str", required=True),
    alias=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    user=dict(type="str"),
    noone=dict(type="bool"),
    start_date=dict(type="str"),
    end_date=dict(type="str"),
    rotations=dict(type="list", elements="str"),
)
OVERRIDE_CONSTRAINTS = dict(
    mutually_exclusive=[("user", "noone")],
    required_if=[("state", "absent", ("alias",)), ("state", "present", ("start_date", "end_date"))],
)
