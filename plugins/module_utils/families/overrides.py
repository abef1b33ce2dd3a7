# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Overrides of a schedule: found by alias, replaced whole with PUT as the API requires."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import PAGE_SIZE, SCHEDULES, list_rotations
from ansible_collections.jsm.ops.plugins.module_utils.core.state import Resource

OVERRIDES = SCHEDULES + "/{}/overrides"


def list_overrides(client, schedule_id: str) -> list[dict]:
    """The schedule's ongoing and future overrides (the API lists no past ones)."""
    return list(client.paginate(client.path(OVERRIDES, schedule_id), page_size=PAGE_SIZE))


def get_override(client, schedule_id: str, alias: str) -> dict | None:
    return client.get(client.path(OVERRIDES + "/{}", schedule_id, alias), missing_ok=True)


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


def override_desired(client, resolver, schedule_id: str, params: dict) -> dict:
    """The whole override as the API takes it (PUT replaces every field)."""
    missing = [option for option in ("start_date", "end_date") if not params.get(option)]
    if not params.get("user") and not params.get("noone"):
        missing.append("user (or noone: true)")
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise ConfigurationError("%s %s required for an override with state present." % (" and ".join(missing), verb))
    start, end = api_datetime(params["start_date"], "start_date"), api_datetime(params["end_date"], "end_date")
    if end <= start:
        raise ConfigurationError("end_date must be after start_date.")
    responder = {"type": "noone"} if params.get("noone") else {"type": "user", "id": resolver.user_id(params["user"])}
    return {"responder": responder, "startDate": start, "endDate": end, "rotationIds": rotation_ids(client, schedule_id, params.get("rotations"))}


def same_responder(current, wanted) -> bool:
    current, wanted = current or {}, wanted or {}
    return (current.get("type"), current.get("id")) == (wanted.get("type"), wanted.get("id"))


def same_rotation_ids(current, wanted) -> bool:
    """None and an empty list both mean every rotation; order does not matter."""
    return sorted(current or []) == sorted(wanted or [])


EQUAL = {"responder": same_responder, "startDate": same_instant, "endDate": same_instant, "rotationIds": same_rotation_ids}


def matches(override: dict, wanted: dict) -> bool:
    """True when an existing override already is what ``wanted`` describes (its alias aside)."""
    return all(EQUAL[field](override.get(field), wanted.get(field)) for field in EQUAL)


def _body(fields: dict) -> dict:
    body = {key: fields[key] for key in ("responder", "startDate", "endDate")}
    if fields.get("rotationIds"):
        body["rotationIds"] = fields["rotationIds"]
    return body


def override_resource(client, schedule_id: str) -> Resource:
    base = client.path(OVERRIDES, schedule_id)

    def create(desired):
        # The API generates the alias; the create request has no field for one.
        return client.request("POST", base, body=_body(desired)).data

    def update(current, changes):
        after = dict(current, **changes)
        return client.request("PUT", base + client.path("/{}", current["alias"]), body=_body(after)).data

    def delete(current):
        client.request("DELETE", base + client.path("/{}", current["alias"]), missing_ok=True)

    def predict(current, changes):
        after = dict(current or {})
        after.update(changes)
        if not after.get("rotationIds"):
            after.pop("rotationIds", None)  # as the API answers: no rotationIds means all rotations
        return after

    def find(desired):
        same = [override for override in list_overrides(client, schedule_id) if matches(override, desired)]
        return same[0] if same else None

    return Resource(create, update, delete, predict, equal=EQUAL, find=find, retries=client.config.retries, pause=client.pause)
