# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Escalations of a team: who is notified, in which order, after how long, and how often it repeats."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import (
    Family,
    Field,
    TEAM_SCOPE,
    asks_the_api,
    at_most_chars,
    blank_equals_absent,
    not_blank,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import check_reference
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule

CONDITIONS = ["if-not-acked", "if-not-closed"]
NOTIFY_TYPES = ["default", "next", "previous", "users", "admins", "all", "random"]
REPEAT_COUNT = (1, 20)
# What the API answers for the repeat settings of an escalation created without them.
REPEAT_DEFAULTS = {"waitInterval": 0, "count": 1, "resetRecipientStates": False, "closeAlertAfterAll": False}

# Argument specs of jsmops_escalation's rules and repeat options.
RECIPIENT_SPEC = dict(
    type=dict(type="str", required=True, choices=["user", "schedule", "team"]),
    id=dict(type="str"),
    name=dict(type="str"),
    email=dict(type="str"),
)
RULE_SPEC = dict(
    condition=dict(type="str", choices=CONDITIONS, default="if-not-acked"),
    notify_type=dict(type="str", choices=NOTIFY_TYPES, default="default"),
    delay=dict(type="int", required=True),
    recipient=dict(type="dict", required=True, options=RECIPIENT_SPEC),
)
REPEAT_SPEC = dict(
    wait_interval=dict(type="int"),
    count=dict(type="int"),
    reset_recipient_states=dict(type="bool"),
    close_alert_after_all=dict(type="bool"),
)
_REPEAT_FIELDS = (("wait_interval", "waitInterval"), ("count", "count"), ("reset_recipient_states", "resetRecipientStates"),
                  ("close_alert_after_all", "closeAlertAfterAll"))


def recipient_for_api(ctx, recipient: dict, where: str) -> dict:
    """``{type, id}`` for a recipient: an id as given; a user's email, a schedule's or a team's name looked up."""
    kind = recipient["type"]
    if recipient.get("id"):
        return {"type": kind, "id": recipient["id"]}  # the API checks it: the account may not see every team or schedule
    if kind == "user":
        return {"type": "user", "id": ctx.resolver.user_id(recipient["email"], option=where)}
    if kind == "team":
        return {"type": "team", "id": ctx.resolver.team_id(recipient["name"], option=where)}
    schedule = find_schedule(ctx.client, recipient["name"], option=where)
    if schedule is None:
        raise ConfigurationError("%s: %r is not a schedule the account can see." % (where, recipient["name"]))
    return {"type": "schedule", "id": schedule["id"]}


def check_rules(desired, ctx):  # pylint: disable=unused-argument
    """The rules' numbers, before any name in them is looked up."""
    rules = ctx.params.get("rules")
    if rules is None:
        return
    if not rules:
        raise ConfigurationError("rules must list at least one rule: an escalation notifies someone.")
    for number, rule in enumerate(rules):
        if rule["delay"] < 1:
            raise ConfigurationError("rules[%d].delay must be 1 or more minutes; got %d." % (number, rule["delay"]))
        check_reference(rule["recipient"], "rules[%d].recipient" % number, "recipient")


@asks_the_api
def _rules(rules, option, ctx):
    return [
        {"condition": rule["condition"], "notifyType": rule["notify_type"], "delay": rule["delay"],
         "recipient": recipient_for_api(ctx, rule["recipient"], "%s[%d].recipient" % (option, number))}
        for number, rule in enumerate(rules)
    ]


def _repeat(value, option, ctx):  # pylint: disable=unused-argument
    repeat = {field: value[key] for key, field in _REPEAT_FIELDS if value.get(key) is not None}
    if "count" in repeat and not REPEAT_COUNT[0] <= repeat["count"] <= REPEAT_COUNT[1]:
        raise ConfigurationError("%s.count must be from %d to %d; got %d." % ((option,) + REPEAT_COUNT + (repeat["count"],)))
    if repeat.get("waitInterval", 0) < 0:
        raise ConfigurationError("%s.wait_interval must be 0 (no repeat) or more minutes; got %d." % (option, repeat["waitInterval"]))
    return repeat


def _rule_key(rule: dict) -> tuple:
    recipient = rule.get("recipient") or {}
    return (rule.get("condition"), rule.get("notifyType"), rule.get("delay"), recipient.get("type"), recipient.get("id"))


def same_rules(current, wanted) -> bool:
    """In order: the order of the rules is the order of the escalation.  Fields the API adds are not compared."""
    return [_rule_key(rule) for rule in current or []] == [_rule_key(rule) for rule in wanted or []]


def same_repeat(current, wanted) -> bool:
    """Only the repeat settings the user gave are compared; the API fills in the others."""
    current = current or {}
    return all(current.get(field) == value for field, value in (wanted or {}).items())


def merge_repeat(wanted: dict, current: dict | None, ctx) -> dict:  # pylint: disable=unused-argument
    """A change to some repeat settings sends the others as they are, so they are not reset."""
    if current and "repeat" in wanted and isinstance(current.get("repeat"), dict):
        wanted = dict(wanted, repeat=dict(current["repeat"], **wanted["repeat"]))
    return wanted


def _predicted(after: dict, current, collection) -> dict:  # pylint: disable=unused-argument
    """A new escalation's repeat settings as the API fills them in."""
    if current is None:
        after["repeat"] = dict(REPEAT_DEFAULTS, **(after.get("repeat") or {}))
    return after


def _check_name(value, option, ctx):
    return at_most_chars(100)(not_blank(value, option, ctx), option, ctx)


# The spec writes the text limits as "maximum" on strings, which no validator applies: they are checked here.
ESCALATIONS = Family(
    "escalation", "/v1/teams/{}/escalations", page_size=100,
    scope=TEAM_SCOPE,
    id_option="id", unknown_id="id {value} is not an escalation of team {parent!r}; leave id out to create one by name.",
    # The API allows two escalations of one name: such a name is refused with their ids.
    ambiguous="{option} {value!r} matches {count} escalations of the team ({ids}); give the escalation's id instead.",
    fields=[
        Field("name", convert=_check_name),
        Field("description", convert=at_most_chars(200), compare=blank_equals_absent),
        Field("enabled"),
        Field("rules", convert=_rules, compare=same_rules),
        Field("repeat", convert=_repeat, compare=same_repeat),
    ],
    checks=[check_rules],
    settle=merge_repeat,
    patch_keeps=("enabled",),  # UpdateEscalationRequest gives it a default: a PATCH without it might reset it
    requires=[("rules", "rules")],
    new={"enabled": True, "description": ""},
    predicted=_predicted,
)


# The options of jsmops_escalation besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared escalation against.
ESCALATION_OPTIONS = dict(
    team=dict(type="str", required=True),
    name=dict(type="str", required=True),
    id=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    description=dict(type="str"),
    enabled=dict(type="bool"),
    rules=dict(type="list", elements="dict", options=RULE_SPEC),
    repeat=dict(type="dict", options=REPEAT_SPEC),
)
ESCALATION_CONSTRAINTS: dict = {}
