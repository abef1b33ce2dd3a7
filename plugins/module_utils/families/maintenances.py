# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Maintenance windows, global or of a team, found by id or by their description."""

from __future__ import annotations

import collections
import datetime
import re

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, parse_datetime, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.state import Resource

GLOBAL = "/v1/maintenances"
TEAM = "/v1/teams/{}/maintenances"
PAGE_SIZE = 100
OPEN_STATUSES = ("planned", "active")
_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$", re.IGNORECASE)

# Where rule entities are listed, to turn their names into ids.
ENTITY_LISTS = {"integration": "/v1/integrations", "policy": "/v1/alerts/policies", "sync": "/v1/syncs"}
TEAM_POLICIES = "/v1/teams/{}/policies"
TEAM_POLICIES_PAGE_SIZE = 50  # the API's maximum there; 100 elsewhere
DESCRIPTION_LIMIT = 200  # characters; the API refuses longer descriptions

RULE_SPEC = dict(
    type=dict(type="str", required=True, choices=["integration", "policy", "sync"]),
    id=dict(type="str"),
    name=dict(type="str"),
    state=dict(type="str", choices=["enabled", "disabled"], default="disabled"),
)


def base_path(client, team_id: str | None) -> str:
    return client.path(TEAM, team_id) if team_id else GLOBAL


def list_maintenances(client, team_id: str | None, kind: str = "all") -> list[dict]:
    return list(client.paginate(base_path(client, team_id), {"type": kind}, page_size=PAGE_SIZE))


def get_maintenance(client, team_id: str | None, maintenance_id: str) -> dict | None:
    return client.get(base_path(client, team_id) + client.path("/{}", maintenance_id), missing_ok=True)


def find_by_description(client, team_id: str | None, description: str) -> dict | None:
    """The planned or active window with this description.  Past and cancelled windows are history: they are never matched,
    so the same task next week opens a new window."""
    found = [item for item in list_maintenances(client, team_id) if item.get("description") == description]
    current = [item for item in found if item.get("status") in OPEN_STATUSES]
    if len(current) > 1:
        raise ConfigurationError(
            "description %r matches %d planned or active maintenance windows; give the window's id instead." % (description, len(current))
        )
    return current[0] if current else None


def parse_duration(value: str) -> datetime.timedelta:
    match = _DURATION.match(value or "")
    if not value or not match or not any(match.groups()):
        raise ConfigurationError("duration must look like 90m, 2h, 1d or 1h30m; got %r." % value)
    days, hours, minutes = (int(group or 0) for group in match.groups())
    span = datetime.timedelta(days=days, hours=hours, minutes=minutes)
    if span <= datetime.timedelta(0):
        raise ConfigurationError("duration must be longer than zero; got %r." % value)
    return span


def _entities(client, kind: str, team_id: str | None) -> list[dict]:
    """What rules of a kind can name: a team window also sees the team's own alert policies."""
    found = list(client.paginate(ENTITY_LISTS[kind], page_size=PAGE_SIZE))
    if kind == "policy" and team_id:
        found += list(client.paginate(client.path(TEAM_POLICIES, team_id), {"type": "alert"}, page_size=TEAM_POLICIES_PAGE_SIZE))
    return found


def entity_id(client, resolved: dict, rule: dict, where: str, team_id: str | None = None) -> str:
    if rule.get("id") and rule.get("name") or not (rule.get("id") or rule.get("name")):
        raise ConfigurationError("%s: give the %s's id or its name (one of them)." % (where, rule["type"]))
    if rule.get("id"):
        return rule["id"]
    kind = rule["type"]
    if kind not in resolved:
        resolved[kind] = _entities(client, kind, team_id)
    matches = [item["id"] for item in resolved[kind] if (item.get("name") or "").casefold() == rule["name"].casefold()]
    if len(matches) != 1:
        problem = "no %s the account can see has that name" % kind if not matches else "%d %ss have that name; give its id" % (len(matches), kind)
        raise ConfigurationError("%s: %r: %s." % (where, rule["name"], problem))
    return matches[0]


def maintenance_desired(client, params: dict, current: dict | None, now: datetime.datetime | None = None, team_id: str | None = None) -> dict:
    """The fields the user set; a ``duration`` only dates a new window (repeating the task inside it changes nothing)."""
    wanted = {"description": params["description"]} if params.get("description") is not None else {}
    if len(params.get("description") or "") > DESCRIPTION_LIMIT:
        raise ConfigurationError("description must be at most %d characters; got %d." % (DESCRIPTION_LIMIT, len(params["description"])))
    if params.get("duration"):
        if current is None:
            start = now or datetime.datetime.now(datetime.timezone.utc)
            wanted["startDate"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
            wanted["endDate"] = (start + parse_duration(params["duration"])).strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            parse_duration(params["duration"])
    for option, field in (("start_date", "startDate"), ("end_date", "endDate")):
        if params.get(option):
            wanted[field] = api_datetime(params[option], option)
    if "startDate" in wanted and "endDate" in wanted and wanted["endDate"] <= wanted["startDate"]:
        raise ConfigurationError("end_date must be after start_date.")
    if params.get("rules") is not None:
        resolved: dict = {}
        wanted["rules"] = []
        for number, rule in enumerate(params["rules"]):
            if rule["type"] != "policy" and rule["state"] == "enabled":
                raise ConfigurationError(
                    "rules[%d]: a maintenance window can only disable %s (only policies can be enabled); set state: disabled."
                    % (number, "an integration" if rule["type"] == "integration" else "a sync")
                )
            entity = {"id": entity_id(client, resolved, rule, "rules[%d]" % number, team_id), "type": rule["type"]}
            earlier = [index for index, other in enumerate(wanted["rules"]) if other["entity"] == entity]
            if earlier:
                raise ConfigurationError("rules[%d] names the same %s as rules[%d]; give each one rule only." % (number, rule["type"], earlier[0]))
            wanted["rules"].append({"entity": entity, "state": rule["state"]})
    return wanted


def _rule_keys(rules) -> collections.Counter:
    # Counted, not sorted: the spec makes entity id and type optional, and None does not sort with text.
    return collections.Counter(((rule.get("entity") or {}).get("type"), (rule.get("entity") or {}).get("id"), rule.get("state")) for rule in rules or [])


def same_rules(current, wanted) -> bool:
    """Rules compare as a set: their order means nothing."""
    return _rule_keys(current) == _rule_keys(wanted)


def _check_creatable(desired: dict) -> None:
    missing = [option for option, field in (("rules", "rules"), ("start_date (or duration)", "startDate"), ("end_date (or duration)", "endDate"))
               if field not in desired]
    if missing:
        raise ConfigurationError("%s %s required to create a maintenance window." % (" and ".join(missing), "is" if len(missing) == 1 else "are"))


def maintenance_resource(client, team_id: str | None) -> Resource:
    base = base_path(client, team_id)

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
        after = dict(current) if current else {}
        after.update(changes)
        if current is None:
            started = "startDate" in after and parse_datetime(after["startDate"], "start_date") <= datetime.datetime.now(datetime.timezone.utc)
            after["status"] = "active" if started else "planned"
        return after

    return Resource(
        create, update, delete, predict,
        equal={"startDate": same_instant, "endDate": same_instant, "rules": same_rules},
        find=lambda desired: find_by_description(client, team_id, desired["description"]) if desired.get("description") else None,
        retries=client.config.retries, pause=client.pause,
    )


def cancel(client, team_id: str | None, current: dict) -> dict:
    return client.request("POST", base_path(client, team_id) + client.path("/{}/cancel", current["id"])).data
