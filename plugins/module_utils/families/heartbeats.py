# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Heartbeats of a team, keyed by name (the API has no heartbeat ids)."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import scrub_none
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.state import Resource

HEARTBEATS = "/v1/teams/{}/heartbeats"
PAGE_SIZE = 100


def list_heartbeats(client, team_id: str, name: str | None = None) -> list[dict]:
    params = {"name": name} if name else {}
    return list(client.paginate(client.path(HEARTBEATS, team_id), params, page_size=PAGE_SIZE))


def find_heartbeat(client, team_id: str, name: str) -> dict | None:
    """The heartbeat with exactly this name (the list's ``name`` filter may be looser)."""
    matches = [heartbeat for heartbeat in list_heartbeats(client, team_id, name) if heartbeat.get("name") == name]
    return matches[0] if matches else None


# The API's longest texts (422 beyond them), checked before anything is sent.
TEXT_LIMITS = (("name", 200), ("description", 10000), ("alert_message", 130))


def heartbeat_desired(params: dict) -> dict:
    if params.get("interval") is not None and params["interval"] < 1:
        raise ConfigurationError("interval must be 1 or more; got %d." % params["interval"])
    for option, limit in TEXT_LIMITS:
        if len(params.get(option) or "") > limit:
            raise ConfigurationError("%s must be at most %d characters; got %d." % (option, limit, len(params[option])))
    return scrub_none({
        "name": params["name"],
        "description": params.get("description"),
        "interval": params.get("interval"),
        "intervalUnit": params.get("interval_unit"),
        "enabled": params.get("enabled"),
        "alertMessage": params.get("alert_message"),
        "alertTags": params.get("alert_tags"),
        "alertPriority": params.get("alert_priority"),
    })


def _same_unit(current, wanted) -> bool:
    """The API answers ``Minutes`` where it was sent ``minutes``."""
    return (current or "").lower() == (wanted or "").lower()


def _same_tags(current, wanted) -> bool:
    return sorted(current or []) == sorted(wanted or [])


def _blank_equals_absent(current, wanted) -> bool:
    return (current or "") == (wanted or "")


def _check_creatable(desired: dict) -> None:
    missing = [option for option, field in (("interval", "interval"), ("interval_unit", "intervalUnit")) if field not in desired]
    if missing:
        raise ConfigurationError("%s %s required to create heartbeat %r." % (" and ".join(missing), "is" if len(missing) == 1 else "are", desired["name"]))


def heartbeat_resource(client, team_id: str) -> Resource:
    base = client.path(HEARTBEATS, team_id)

    def create(desired):
        _check_creatable(desired)
        return client.request("POST", base, body=desired).data

    def update(current, changes):
        # The update request names the heartbeat in the query and (as the spec requires) in the body.
        body = dict(changes, name=current["name"])
        return client.request("PATCH", base, params={"name": current["name"]}, body=body).data

    def delete(current):
        client.request("DELETE", base, params={"name": current["name"]}, missing_ok=True)

    def predict(current, changes):
        if current is None:
            _check_creatable(changes)
        after = dict(current) if current else {"enabled": False, "alertPriority": "P3", "ownerTeamId": team_id}
        after.update(changes)
        if current is None:
            after["intervalUnit"] = after["intervalUnit"].capitalize()  # the API answers Minutes where it was sent minutes
        return after

    equal = {"intervalUnit": _same_unit, "alertTags": _same_tags, "description": _blank_equals_absent, "alertMessage": _blank_equals_absent}
    return Resource(create, update, delete, predict, equal=equal,
                    find=lambda desired: find_heartbeat(client, team_id, desired["name"]), retries=client.config.retries, pause=client.pause)


def ping(client, team_id: str, name: str) -> dict:
    """Send a ping; the API answers 202 whether or not the heartbeat exists."""
    return client.get(client.path(HEARTBEATS + "/ping", team_id), {"name": name}) or {}
