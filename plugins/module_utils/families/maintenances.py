# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Maintenance windows, global or of a team, found by id or by their description."""

from __future__ import annotations

import collections
import datetime

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, changed_fields, make_diff, parse_datetime, parse_duration, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Family, Field, TEAM_SCOPE, end_after_start

GLOBAL = "/v1/maintenances"
TEAM = "/v1/teams/{}/maintenances"
PAGE_SIZE = 100
OPEN_STATUSES = ("planned", "active")
CLOSED_STATUSES = ("past", "cancelled")  # the API refuses to change these

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


def list_maintenances(client, team_id: str | None, kind: str = "all") -> list[dict]:
    return Collection(MAINTENANCES, client, team_id).list({"type": kind})


def get_maintenance(client, team_id: str | None, maintenance_id: str) -> dict | None:
    return Collection(MAINTENANCES, client, team_id).get(maintenance_id)


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


def maintenance_desired(params: dict, ctx) -> dict:
    """The fields the user set; a ``duration`` dates a new window from now (see settle_duration)."""
    wanted = {"description": params["description"]} if params.get("description") is not None else {}
    if len(params.get("description") or "") > DESCRIPTION_LIMIT:
        raise ConfigurationError("description must be at most %d characters; got %d." % (DESCRIPTION_LIMIT, len(params["description"])))
    if params.get("duration"):
        start = ctx.now or datetime.datetime.now(datetime.timezone.utc)
        wanted["startDate"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        wanted["endDate"] = (start + parse_duration(params["duration"])).strftime("%Y-%m-%dT%H:%M:%SZ")
    for option, field in (("start_date", "startDate"), ("end_date", "endDate")):
        if params.get(option):
            wanted[field] = api_datetime(params[option], option)
    end_after_start(wanted, ctx)  # before the rules' names are looked up
    if params.get("rules") is not None:
        resolved: dict = {}
        wanted["rules"] = []
        for number, rule in enumerate(params["rules"]):
            if rule["type"] != "policy" and rule["state"] == "enabled":
                raise ConfigurationError(
                    "rules[%d]: a maintenance window can only disable %s (only policies can be enabled); set state: disabled."
                    % (number, "an integration" if rule["type"] == "integration" else "a sync")
                )
            entity = {"id": entity_id(ctx.client, resolved, rule, "rules[%d]" % number, ctx.parent), "type": rule["type"]}
            earlier = [index for index, other in enumerate(wanted["rules"]) if other["entity"] == entity]
            if earlier:
                raise ConfigurationError("rules[%d] names the same %s as rules[%d]; give each one rule only." % (number, rule["type"], earlier[0]))
            wanted["rules"].append({"entity": entity, "state": rule["state"]})
    return wanted


def settle_duration(wanted: dict, current: dict | None, ctx) -> dict:
    """A ``duration`` only dates a new window: repeating the task inside an open one changes nothing.

    A past or cancelled window (named by id) cannot be changed: the API refuses it, so check mode refuses it too."""
    if current is not None and ctx.params.get("duration"):
        wanted = {key: value for key, value in wanted.items() if key not in ("startDate", "endDate")}
    if current is not None and current.get("status") in CLOSED_STATUSES and changed_fields(current, wanted, MAINTENANCES.equal):
        raise ConfigurationError("id %s is a %s maintenance window, which the API cannot change; leave id out to open a new one."
                                 % (current.get("id"), current.get("status") or "closed"))
    return wanted


def _rule_keys(rules) -> collections.Counter:
    # Counted, not sorted: the spec makes entity id and type optional, and None does not sort with text.
    return collections.Counter(((rule.get("entity") or {}).get("type"), (rule.get("entity") or {}).get("id"), rule.get("state")) for rule in rules or [])


def same_rules(current, wanted) -> bool:
    """Rules compare as a set: their order means nothing."""
    return _rule_keys(current) == _rule_keys(wanted)


def _predicted(after: dict, current, collection) -> dict:  # pylint: disable=unused-argument
    if current is None:
        started = "startDate" in after and parse_datetime(after["startDate"], "start_date") <= datetime.datetime.now(datetime.timezone.utc)
        after["status"] = "active" if started else "planned"
    return after


def cancel(collection, current: dict | None, check_mode: bool):
    """state cancelled: end a planned or active window now; a past or cancelled one is left alone."""
    if current is None or current.get("status") not in OPEN_STATUSES:
        return False, current, make_diff(None, None)
    if check_mode:
        after = dict(current, status="cancelled")
    else:
        after = collection.client.request("POST", collection.base + collection.client.path("/{}/cancel", current["id"])).data
    return True, after, make_diff(current, after, keys=["status"])


MAINTENANCES = Family(
    "maintenance", TEAM, title="maintenance window", path_without_parent=GLOBAL, page_size=PAGE_SIZE, list_params={"type": "all"},
    scope=TEAM_SCOPE,
    id_option="id", unknown_id="id {value} is not a maintenance window the account can see; leave id out to open a new one.",
    key="description", candidates=lambda item: item.get("status") in OPEN_STATUSES,  # past and cancelled windows are history
    ambiguous="{option} {value!r} matches {count} planned or active maintenance windows; give the window's id instead.",
    fields=[Field("description"), Field("startDate", compare=same_instant), Field("endDate", compare=same_instant), Field("rules", compare=same_rules)],
    build=maintenance_desired, settle=settle_duration,
    requires=[("rules", "rules"), ("start_date (or duration)", "startDate"), ("end_date (or duration)", "endDate")],
    new_title="a maintenance window", predicted=_predicted, states={"cancelled": cancel},
)
