# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing rules of a team.

The store keeps them in ``store.routing_rules``, a dict of team id to the team's rules in order
(made when first needed). Every team has exactly one default rule (``isDefault``), made the first
time the team's rules are used if no one made it before: it matches all alerts, notifies nobody
and always stays last, as the default rule of Atlassian's (and Opsgenie's) routing does. The
``order`` of a rule is its index in the list, computed when it is served.

- A new rule goes just before the default rule; with ``order`` it is inserted at that index, or
  just before the default rule when the index is past it (the spec allows 0-100 whatever the
  number of rules).
- ``PATCH .../{id}`` changes the fields it is given. An ``order`` in it is accepted (the spec has
  it) but does not move the rule: moving is ``PATCH .../{id}/change-order``, as the Opsgenie API
  behind this one does.
- ``PATCH .../{id}/change-order`` takes the rule out and puts it back at index ``order``, which
  must leave the default rule last (422 otherwise); the default rule itself cannot be moved (403)
  nor deleted (403), and its criteria stay ``match-all`` (422).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .api_rotations import time_restriction
from .common import ApiError, empty_reply, json_reply
from .team_ops_store import DEFAULT_RULE_TIMEZONE as DEFAULT_TIMEZONE, default_rule, ops_team
from .routing import Context, route
from .store import new_id

# RoutingRuleResponse's properties, in the spec's order.
RULE_FIELDS = ("id", "name", "isDefault", "order", "criteria", "timezone", "timeRestriction", "notify")
NOTIFY_TYPES = ("escalation", "schedule", "none")
MATCH_ALL = "match-all"
CONDITION_MATCHES = ("match-any-condition", "match-all-conditions")
CONDITION_FIELDS = ("message", "alias", "description", "source", "entity", "tags", "actions", "extra-properties", "priority", "details",
                    "responders")
OPERATIONS = ("matches", "contains", "starts-with", "ends-with", "equals", "contains-key", "contains-value", "greater-than", "less-than",
              "is-empty", "equals-ignore-whitespace")
MAX_WEEKDAY_RESTRICTIONS = 15
MAX_ORDER = 100


def team_rules(store, team_id: str) -> list[dict]:
    """The team's rules in order, made on first use so that the team has its one default rule, last."""
    rules_by_team = getattr(store, "routing_rules", None)
    if rules_by_team is None:
        rules_by_team = {}
        store.routing_rules = rules_by_team
    rules = rules_by_team.setdefault(team_id, [])
    defaults = [rule for rule in rules if rule.get("isDefault")]
    if not defaults:
        rules.append(default_rule())
    elif rules[-1] is not defaults[0]:
        rules.remove(defaults[0])
        rules.append(defaults[0])
    return rules


def rule_view(rule: dict, order: int) -> dict:
    view = {key: rule[key] for key in RULE_FIELDS if rule.get(key) is not None}
    view["isDefault"] = bool(rule.get("isDefault"))
    view["order"] = order
    return {key: view[key] for key in RULE_FIELDS if key in view}


def _escalation_exists(store, ident: str, team_id: str) -> bool:
    """Whether the team has the escalation (a rule notifies an escalation of its own team)."""
    escalation = store.team_ops.escalations.get(ident)
    return escalation is not None and escalation.get("teamId") == team_id


def _notify(store, data, team_id: str) -> dict:
    if not isinstance(data, dict):
        raise ApiError(422, "'notify' is required: an object with a 'type' of escalation, schedule or none")
    kind = data.get("type")
    if kind not in NOTIFY_TYPES:
        raise ApiError(422, f"'notify.type' must be one of {', '.join(NOTIFY_TYPES)}")
    if kind == "none":
        return {"type": "none"}
    ident = data.get("id")
    if not isinstance(ident, str) or not ident:
        raise ApiError(422, f"'notify.id' is required for a notify of type {kind}")
    if kind == "schedule" and ident not in store.schedules:
        raise ApiError(422, f"Schedule with id '{ident}' does not exist")
    if kind == "escalation" and not _escalation_exists(store, ident, team_id):
        raise ApiError(422, f"Escalation with id '{ident}' does not exist")
    return {"type": kind, "id": ident}


def _condition(data, index: int) -> dict:
    where = f"criteria.conditions[{index}]"
    if not isinstance(data, dict):
        raise ApiError(422, f"{where} must be an object")
    if data.get("field") not in CONDITION_FIELDS:
        raise ApiError(422, f"{where}: 'field' must be one of {', '.join(CONDITION_FIELDS)}")
    if data.get("operation") not in OPERATIONS:
        raise ApiError(422, f"{where}: 'operation' must be one of {', '.join(OPERATIONS)}")
    condition = {"field": data["field"]}
    if data.get("key") is not None:
        if not isinstance(data["key"], str):
            raise ApiError(422, f"{where}: 'key' must be a string")
        condition["key"] = data["key"]
    negate = data.get("not", False)
    if not isinstance(negate, bool):
        raise ApiError(422, f"{where}: 'not' must be true or false")
    expected = data.get("expectedValue", "")
    if not isinstance(expected, str):
        raise ApiError(422, f"{where}: 'expectedValue' must be a string")
    order = data.get("order", index)
    if not isinstance(order, int) or isinstance(order, bool):
        raise ApiError(422, f"{where}: 'order' must be an integer")
    condition.update({"not": negate, "operation": data["operation"], "expectedValue": expected, "order": order})
    return condition


def _criteria(data) -> dict:
    if not isinstance(data, dict):
        raise ApiError(422, "'criteria' must be an object")
    kind = data.get("type")
    if kind == MATCH_ALL:
        return {"type": MATCH_ALL}
    if kind not in CONDITION_MATCHES:
        raise ApiError(422, f"'criteria.type' must be one of {', '.join((MATCH_ALL,) + CONDITION_MATCHES)}")
    conditions = data.get("conditions")
    if not isinstance(conditions, list) or not conditions:
        raise ApiError(422, f"Criteria of type {kind} need a non-empty 'conditions' list")
    return {"type": kind, "conditions": [_condition(item, index) for index, item in enumerate(conditions)]}


def _timezone(value) -> str:
    if not isinstance(value, str) or not value:
        raise ApiError(422, "'timezone' must be a time zone name such as Europe/Berlin")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ApiError(422, f"Unknown time zone '{value}'") from exc
    return value


def _order(value, top: int | None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or (top is not None and value > top):
        limit = f"from 0 to {top}" if top is not None else "0 or more"
        raise ApiError(422, f"'order' must be an integer {limit}")
    return value


def _fields(store, data: dict, creating: bool, team_id: str) -> dict:
    """The rule fields of a create or update request, checked (422); absent and null fields are left out."""
    fields = {}
    if data.get("name") is not None:
        if not isinstance(data["name"], str):
            raise ApiError(422, "'name' must be a string")
        fields["name"] = data["name"]
    if creating or data.get("notify") is not None:
        fields["notify"] = _notify(store, data.get("notify"), team_id)
    if data.get("criteria") is not None:
        fields["criteria"] = _criteria(data["criteria"])
    if data.get("timeRestriction") is not None:
        fields["timeRestriction"] = time_restriction(data["timeRestriction"], most=MAX_WEEKDAY_RESTRICTIONS)
    if data.get("timezone") is not None:
        fields["timezone"] = _timezone(data["timezone"])
    if data.get("order") is not None:
        _order(data["order"], MAX_ORDER)
    return fields


def _find(ctx: Context) -> tuple[dict, list[dict], dict]:
    """The team (404 or 403 as for its other resources), its rules and the rule of the path (404)."""
    team = ops_team(ctx, ctx.params["teamId"])
    rules = team_rules(ctx.store, team["teamId"])
    for rule in rules:
        if rule["id"] == ctx.params["id"]:
            return team, rules, rule
    raise ApiError(404, "Routing rule not found")


@route("GET", "/v1/teams/{teamId}/routing-rules")
def list_routing_rules(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    rules = team_rules(ctx.store, team["teamId"])
    ordered = [rule_view(rule, index) for index, rule in enumerate(rules)]
    page, links = ctx.paginate(ordered, f"/v1/teams/{team['teamId']}/routing-rules", default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/teams/{teamId}/routing-rules")
def create_routing_rule(ctx: Context):
    """201 with the rule; it goes at index ``order`` but never after the default rule."""
    team = ops_team(ctx, ctx.params["teamId"])
    data = ctx.json_object()
    fields = _fields(ctx.store, data, creating=True, team_id=team["teamId"])
    rules = team_rules(ctx.store, team["teamId"])
    last = len(rules) - 1  # the default rule's index
    position = last if data.get("order") is None else min(data["order"], last)
    rule = {"id": new_id(), "isDefault": False, "criteria": {"type": MATCH_ALL}, "timezone": DEFAULT_TIMEZONE}
    rule.update(fields)
    rules.insert(position, rule)
    return json_reply(201, rule_view(rule, position))


@route("GET", "/v1/teams/{teamId}/routing-rules/{id}")
def get_routing_rule(ctx: Context):
    _team, rules, rule = _find(ctx)
    return json_reply(200, rule_view(rule, rules.index(rule)))


@route("PATCH", "/v1/teams/{teamId}/routing-rules/{id}")
def update_routing_rule(ctx: Context):
    """200 with the rule; ``order`` does not move it (change-order does), the default rule keeps matching all alerts."""
    team, rules, rule = _find(ctx)
    data = ctx.json_object()
    fields = _fields(ctx.store, data, creating=False, team_id=team["teamId"])
    if rule.get("isDefault") and fields.get("criteria", {"type": MATCH_ALL})["type"] != MATCH_ALL:
        raise ApiError(422, "The criteria of the default routing rule cannot be changed: it matches all alerts")
    rule.update(fields)
    return json_reply(200, rule_view(rule, rules.index(rule)))


@route("DELETE", "/v1/teams/{teamId}/routing-rules/{id}")
def delete_routing_rule(ctx: Context):
    _team, rules, rule = _find(ctx)
    if rule.get("isDefault"):
        raise ApiError(403, "The default routing rule cannot be deleted")
    rules.remove(rule)
    return empty_reply(204)


@route("PATCH", "/v1/teams/{teamId}/routing-rules/{id}/change-order")
def change_routing_rule_order(ctx: Context):
    """204; the rule takes index ``order`` among the team's rules, which must leave the default rule last."""
    _team, rules, rule = _find(ctx)
    data = ctx.json_object()
    if data.get("order") is None:
        raise ApiError(422, "'order' is required")
    if rule.get("isDefault"):
        raise ApiError(403, "The order of the default routing rule cannot be changed")
    order = _order(data["order"], None)
    if order > len(rules) - 2:
        raise ApiError(422, f"'order' must be from 0 to {len(rules) - 2}: the default routing rule stays last")
    rules.remove(rule)
    rules.insert(order, rule)
    return empty_reply(204)
