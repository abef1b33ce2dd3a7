# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The calling account's notification rules (when and how it is notified) and their steps (which contact, after how long).

A rule's ``order`` is its index among the account's rules of the same action type, sent in the rule's own PATCH. The
API requires ``name``, ``actionType`` and ``enabled`` in every PATCH, so they are sent with each change. A step is found
by its contact, which must be one of the account's contact methods.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Family, Field, Scope, asks_the_api, at_least, not_blank, same_items
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import looks_like_uuid
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import MATCH_ALL, criteria_for_api, same_criteria
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import same_restriction, time_restriction
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule

ACTION_TYPES = ["create-alert", "acknowledged-alert", "closed-alert", "assigned-alert", "add-note", "schedule-start", "schedule-end",
                "incoming-call-routing"]
NOTIFICATION_TIMES = ["just-before", "15-minutes-ago", "1-hour-ago", "1-day-ago"]
CONTACT_METHODS = ["email", "sms", "voice", "mobile"]
REPEAT_SPEC = dict(loop_after=dict(type="int"), enabled=dict(type="bool"))


@asks_the_api
def _schedules(value, option, ctx):
    ids = []
    for name in value:
        found = find_schedule(ctx.client, name, option=option)
        if found is None:
            raise ConfigurationError("%s: %r is not a schedule the account can see." % (option, name))
        ids.append(found["id"])
    return ids


def _repeat(value, option, ctx):  # pylint: disable=unused-argument
    if value.get("loop_after") is not None and value["loop_after"] < 0:
        raise ConfigurationError("%s.loop_after must be 0 or more minutes; got %d." % (option, value["loop_after"]))
    return {api: value[key] for key, api in (("loop_after", "loopAfter"), ("enabled", "enabled")) if value.get(key) is not None}


def same_repeat(current, wanted) -> bool:
    """Only the repeat settings given are compared."""
    current = current or {}
    return all(current.get(key) == value for key, value in (wanted or {}).items())


def schedule_rules_need_times(desired: dict, ctx) -> None:  # pylint: disable=unused-argument
    if desired.get("actionType") in ("schedule-start", "schedule-end") and "notificationTime" in desired and not desired["notificationTime"]:
        raise ConfigurationError("notification_time must name at least one time for a %s rule." % desired["actionType"])


def on_unless_said(desired: dict, current, ctx) -> dict:  # pylint: disable=unused-argument
    """The API requires ``enabled`` in a create: a new rule is on unless the task says otherwise."""
    return dict(desired, enabled=desired.get("enabled", True)) if current is None else desired


NOTIFICATION_RULES = Family(
    "notification_rule", "/v1/notification-rules", title="notification rule", page_size=100,
    id_option="id", unknown_id="id {value} is not a notification rule of the calling account; leave id out to create one by name.",
    ambiguous="{option} {value!r} matches {count} notification rules ({ids}); give the rule's id instead.",
    patch_keeps=("name", "actionType", "enabled"),
    fields=[
        Field("name", convert=not_blank),
        Field("actionType"),
        Field("criteria", convert=criteria_for_api, compare=same_criteria),
        Field("notificationTime", compare=same_items),
        Field("timeRestriction", convert=time_restriction, compare=same_restriction),
        Field("schedules", convert=_schedules, compare=same_items),
        Field("order", convert=at_least(0)),
        Field("repeat", convert=_repeat, compare=same_repeat),
        Field("enabled"),
    ],
    checks=[schedule_rules_need_times],
    settle=on_unless_said,
    requires=[("action_type", "actionType")],
    new={"criteria": {"type": MATCH_ALL}, "steps": [], "enabled": True},
)


def rule_id(ctx, value: str) -> str | None:
    """A notification rule of the calling account by id or name; None when there is none."""
    rules = Collection(NOTIFICATION_RULES, ctx.client)
    found = rules.get(value) if looks_like_uuid(value) else None
    return (found or rules.find({"name": value}, option="rule") or {}).get("id")


def _contact(params: dict) -> dict:
    to = (params.get("to") or "").strip()
    if not to:
        raise ConfigurationError("to must not be empty.")
    return {"method": params["method"], "to": to}


def step_desired(params: dict, ctx) -> dict:  # pylint: disable=unused-argument
    wanted = {"contact": _contact(params)}
    if params.get("send_after") is not None:
        wanted["sendAfter"] = at_least(0)(params["send_after"], "send_after", ctx)
    if params.get("enabled") is not None:
        wanted["enabled"] = params["enabled"]
    return wanted


def same_contact(current, wanted) -> bool:
    current, wanted = current or {}, wanted or {}
    return current.get("method") == wanted.get("method") and str(current.get("to", "")).casefold() == str(wanted.get("to", "")).casefold()


STEPS = Family(
    "step", "/v1/notification-rules/{}/steps", title="notification rule step", page_size=100,
    scope=Scope("rule", "rule_id", rule_id,
                missing="rule %r is not a notification rule of the calling account; create it with jsm.ops.jsmops_notification_rule first."),
    key=None, match=lambda step, wanted: same_contact(step.get("contact"), wanted.get("contact")), probe=step_desired,
    ambiguous_match="contact matches {count} steps of the rule ({ids}); remove the extra ones in Jira Service Management.",
    fields=[
        Field("contact", None, compare=same_contact),
        Field("sendAfter", None),
        Field("enabled", None),
    ],
    build=step_desired,
    requires=[("enabled", "enabled")],
    new={"sendAfter": 0},
    new_title="the step",
)
