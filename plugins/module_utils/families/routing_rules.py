# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing rules of a team: which alerts go to which escalation or schedule, when, and in which order."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import (
    Collection,
    Family,
    Field,
    Order,
    TEAM_SCOPE,
    asks_the_api,
    not_blank,
)
from ansible_collections.jsm.ops.plugins.module_utils.families.escalations import ESCALATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import TIME_RESTRICTION_SPEC, same_restriction, time_restriction
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule

MATCH_ALL = "match-all"
CRITERIA_TYPES = [MATCH_ALL, "match-any-condition", "match-all-conditions"]
CONDITION_FIELDS = ["message", "alias", "description", "source", "entity", "tags", "actions", "extra-properties", "priority",
                    "details", "responders"]
OPERATIONS = ["matches", "contains", "starts-with", "ends-with", "equals", "contains-key", "contains-value", "greater-than",
              "less-than", "is-empty", "equals-ignore-whitespace"]
NOTIFY_TYPES = ["escalation", "schedule", "none"]
MAX_ORDER = 100  # the spec's highest order

# Argument specs of jsmops_routing_rule's criteria and notify options.
CONDITION_SPEC = dict(
    field=dict(type="str", required=True, choices=CONDITION_FIELDS),
    key=dict(type="str", no_log=False),
    negate=dict(type="bool", default=False),
    operation=dict(type="str", required=True, choices=OPERATIONS),
    expected_value=dict(type="str", default=""),
)
CRITERIA_SPEC = dict(
    type=dict(type="str", required=True, choices=CRITERIA_TYPES),
    conditions=dict(type="list", elements="dict", options=CONDITION_SPEC),
)
NOTIFY_SPEC = dict(
    type=dict(type="str", required=True, choices=NOTIFY_TYPES),
    id=dict(type="str"),
    name=dict(type="str"),
)


def criteria_for_api(value, option, ctx):  # pylint: disable=unused-argument
    kind, conditions = value["type"], value.get("conditions")
    if kind == MATCH_ALL:
        if conditions:
            raise ConfigurationError("%s of type match-all matches every alert and takes no conditions; use match-any-condition or "
                                     "match-all-conditions to list conditions." % option)
        return {"type": MATCH_ALL}
    if not conditions:
        raise ConfigurationError("%s of type %s needs at least one condition in %s.conditions." % (option, kind, option))
    api = []
    for number, condition in enumerate(conditions):
        if condition["field"] in ("extra-properties", "details") and not condition.get("key"):
            raise ConfigurationError("%s.conditions[%d]: a condition on %s needs key (the property's name)." % (option, number, condition["field"]))
        item = {"field": condition["field"], "not": condition["negate"], "operation": condition["operation"],
                "expectedValue": condition["expected_value"]}
        if condition.get("key"):
            item["key"] = condition["key"]
        api.append(item)
    return {"type": kind, "conditions": api}


def _condition_key(condition: dict) -> tuple:
    return (condition.get("field"), condition.get("key") or None, bool(condition.get("not")), condition.get("operation"),
            condition.get("expectedValue") or "")


def same_criteria(current, wanted) -> bool:
    """The conditions of a match-any or match-all list are compared as a set: the API applies them as one, whatever their order."""
    current, wanted = current or {"type": MATCH_ALL}, wanted or {"type": MATCH_ALL}
    if current.get("type") != wanted.get("type"):
        return False
    return sorted(map(_condition_key, current.get("conditions") or [])) == sorted(map(_condition_key, wanted.get("conditions") or []))


def check_notify(desired, ctx):  # pylint: disable=unused-argument
    notify = ctx.params.get("notify")
    if not notify:
        return
    given = sorted(key for key in ("id", "name") if notify.get(key))
    if notify["type"] == "none" and given:
        raise ConfigurationError("notify of type none notifies nobody and takes no id or name; got %s." % ", ".join(given))
    if notify["type"] != "none" and len(given) != 1:
        raise ConfigurationError("notify of type %s takes the %s's id or its name (one of them); got %s."
                                 % (notify["type"], notify["type"], ", ".join(given) or "neither"))


@asks_the_api
def _notify(value, option, ctx):
    kind = value["type"]
    if kind == "none":
        return {"type": "none"}
    if value.get("id"):
        return {"type": kind, "id": value["id"]}  # the API checks it
    if kind == "schedule":
        found = find_schedule(ctx.client, value["name"], option=option + ".name")
        what = "a schedule the account can see"
    else:
        found = Collection(ESCALATIONS, ctx.client, ctx.parent).find({"name": value["name"]}, option=option + ".name")
        what = "an escalation of team %r" % ctx.params.get("team")
    if found is None:
        raise ConfigurationError("%s.name %r is not %s; create it first or check the name." % (option, value["name"], what))
    return {"type": kind, "id": found["id"]}


def same_notify(current, wanted) -> bool:
    current, wanted = current or {}, wanted or {}
    return (current.get("type"), current.get("id")) == (wanted.get("type"), wanted.get("id"))


def _check_name(value, option, ctx):
    return not_blank(value, option, ctx)


def settle_default_rule(desired: dict, current, ctx) -> dict:  # pylint: disable=unused-argument
    """The team's default rule matches every alert: its notify, time zone and time restriction can change, its criteria cannot."""
    if current and current.get("isDefault") and desired.get("criteria", {"type": MATCH_ALL}).get("type") != MATCH_ALL:
        raise ConfigurationError("%r is the team's default routing rule, which matches every alert: its criteria cannot change; "
                                 "add a rule of its own for these conditions." % current.get("name"))
    return desired


def default_rule_stays(rule: dict) -> str | None:
    if rule.get("isDefault"):
        return ("%r is the team's default routing rule, which the API does not delete; set its notify to type none to route "
                "nothing through it." % rule.get("name"))
    return None


def _predicted(after: dict, current, collection) -> dict:  # pylint: disable=unused-argument
    if current is None:
        after.setdefault("isDefault", False)
    return after


ROUTING_RULES = Family(
    "routing_rule", "/v1/teams/{}/routing-rules", title="routing rule", page_size=100,
    scope=TEAM_SCOPE,
    id_option="id", unknown_id="id {value} is not a routing rule of team {parent!r}; leave id out to create one by name.",
    # The API makes names optional and allows two rules of one name: such a name is refused with their ids.
    ambiguous="{option} {value!r} matches {count} routing rules of the team ({ids}); give the rule's id instead.",
    fields=[
        Field("name", convert=_check_name),
        Field("criteria", convert=criteria_for_api, compare=same_criteria),
        Field("timezone"),
        Field("timeRestriction", convert=time_restriction, compare=same_restriction),
        Field("notify", convert=_notify, compare=same_notify),
    ],
    checks=[check_notify],
    settle=settle_default_rule,
    undeletable=default_rule_stays,
    requires=[("notify", "notify")],
    new={"isDefault": False, "criteria": {"type": MATCH_ALL}},
    predicted=_predicted,
    # The position among the team's rules: PATCH .../change-order {"order": n}. The default rule stays last.
    order=Order("index", "/change-order", "order", method="PATCH", fixed=lambda rule: bool(rule.get("isDefault")), on_create=True,
                highest=MAX_ORDER),
)


# The options of jsmops_routing_rule besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared routing rule against.
ROUTING_RULE_OPTIONS = dict(
    team=dict(type="str", required=True),
    name=dict(type="str", required=True),
    id=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    criteria=dict(type="dict", options=CRITERIA_SPEC),
    timezone=dict(type="str"),
    time_restriction=dict(type="dict", options=TIME_RESTRICTION_SPEC),
    notify=dict(type="dict", options=NOTIFY_SPEC),
    order=dict(type="int"),
)
ROUTING_RULE_CONSTRAINTS: dict = {}
