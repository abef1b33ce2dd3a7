# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alert policies (global, or of a team) and notification policies (of a team).

An update is a PUT of the whole policy, so the options the task sets are merged into the policy as it is and the merged
policy is compared and sent (``update="PUT"``: the fields the task leaves out keep their value). ``enabled`` changes through
the enable and disable endpoints, though a create must carry it; order through change-order. The conditions of a filter
are compared as a set; responders and actions stay in their order, which means something to the API.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import (
    Family,
    Field,
    Order,
    TEAM_SCOPE,
    Toggle,
    asks_the_api,
    blank_equals_absent,
    not_blank,
    same_items,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import check_reference
from ansible_collections.jsm.ops.plugins.module_utils.families.alerts import RESPONDER_SPEC, responders_for_api
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import CRITERIA_SPEC, MATCH_ALL, criteria_for_api, same_criteria

UNITS = ["minutes", "hours", "days"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# The delay options of the module and the API's names for them: a delay for a duration, or until a time of day.
DELAY_OPTIONS = dict([("for-duration", "forMinutes"), ("next-time", "nextTime"), ("next-weekday", "nextWeekday")]
                     + [("next-" + day, "next" + day.capitalize()) for day in WEEKDAYS])
DEDUPLICATION_TYPES = {"value-based": "valueBased", "frequency-based": "frequencyBased"}

DURATION_SPEC = dict(duration=dict(type="int", required=True), unit=dict(type="str", choices=UNITS, default="minutes"))
DELAY_SPEC = dict(
    option=dict(type="str", required=True, choices=list(DELAY_OPTIONS)),
    duration=dict(type="int"),
    unit=dict(type="str", choices=UNITS, default="minutes"),
    time=dict(type="str"),
)
AUTO_RESTART_SPEC = dict(DURATION_SPEC, max_repeat_count=dict(type="int", required=True))
DEDUPLICATION_SPEC = dict(
    type=dict(type="str", required=True, choices=list(DEDUPLICATION_TYPES)),
    count=dict(type="int", required=True),
    frequency=dict(type="int"),
    duration=dict(type="int", required=True),
    unit=dict(type="str", choices=UNITS, default="minutes"),
)


def policy_filter(value, option, ctx):
    """The kit's criteria; the policy's create requires ``conditions`` even where they are none."""
    criteria = criteria_for_api(value, option, ctx)
    return dict(criteria, conditions=criteria.get("conditions") or [])


def same_given(current, wanted) -> bool:
    """An action object compared on the settings the task sends; what else the API adds does not count."""
    current = current or {}
    return all(current.get(key) == value for key, value in (wanted or {}).items())


def _duration(value: dict, option: str) -> dict:
    if value.get("duration") is None:
        raise ConfigurationError("%s.duration is required (1 or more)." % option)
    if value["duration"] < 1:
        raise ConfigurationError("%s.duration must be 1 or more; got %s." % (option, value.get("duration")))
    return {"waitDuration": value["duration"], "durationFormat": value.get("unit") or "minutes"}


def delay(value, option, ctx):  # pylint: disable=unused-argument
    """A delay for a duration goes to the API as ``waitDuration`` in ``durationFormat`` (``delayTime`` is the time of day of
    the next-... options, and a duration put there is ignored); a delay until a time of day as ``delayTime``."""
    kind = DELAY_OPTIONS[value["option"]]
    if kind == "forMinutes":
        if value.get("time"):
            raise ConfigurationError("%s.time is for the next-... options; a for-duration delay takes %s.duration." % (option, option))
        return dict(_duration(value, option), delayOption=kind, delayTime={"hours": 0, "minutes": 0})
    if value.get("duration") is not None:
        raise ConfigurationError("%s.duration is for option for-duration; %s waits until %s.time." % (option, value["option"], option))
    hours, minutes = _time_of_day(value.get("time"), option + ".time")
    return {"delayOption": kind, "delayTime": {"hours": hours, "minutes": minutes}, "waitDuration": 0, "durationFormat": "minutes"}


def _time_of_day(text, option: str) -> tuple:
    parts = str(text or "").split(":")
    if len(parts) != 2 or not all(part.isdigit() for part in parts) or int(parts[0]) > 23 or int(parts[1]) > 59:
        raise ConfigurationError("%s must be a time of day as HH:MM, such as 09:30; got %r." % (option, text))
    return int(parts[0]), int(parts[1])


def auto_close(value, option, ctx):  # pylint: disable=unused-argument
    return _duration(value, option)


def auto_restart(value, option, ctx):  # pylint: disable=unused-argument
    if not 1 <= value["max_repeat_count"] <= 20:
        raise ConfigurationError("%s.max_repeat_count must be from 1 to 20; got %d." % (option, value["max_repeat_count"]))
    return dict(_duration(value, option), maxRepeatCount=value["max_repeat_count"])


def deduplication(value, option, ctx):  # pylint: disable=unused-argument
    if value["count"] < 1:
        raise ConfigurationError("%s.count must be 1 or more; got %d." % (option, value["count"]))
    frequency = value.get("frequency")
    if value["type"] == "frequency-based" and (frequency is None or frequency < 1):
        raise ConfigurationError("%s.frequency (1 or more) is required for a frequency-based de-duplication." % option)
    return dict(_duration(value, option), deduplicationActionType=DEDUPLICATION_TYPES[value["type"]], countValueLimit=value["count"],
                frequency=frequency or 0)


@asks_the_api
def responders(value, option, ctx):  # pylint: disable=unused-argument
    """Teams and schedules by name or id, users by email or account id, escalations by id; in the order given, as an alert's."""
    return responders_for_api(ctx.resolver, value)


def check_responders(desired, ctx) -> None:  # pylint: disable=unused-argument
    """Each responder named one way only, before any request."""
    for number, responder in enumerate(ctx.params.get("responders") or []):
        check_reference(responder, "responders[%d]" % number, "responder")


def same_responders(current, wanted) -> bool:
    return [(item.get("type"), item.get("id")) for item in current or []] == [(item.get("type"), item.get("id")) for item in wanted or []]


def settle_policy(kind: str):
    """A create carries the policy's type and ``enabled`` (on unless the task says otherwise); ``priority`` turns the priority
    update on."""
    def settle(desired: dict, current: dict | None, ctx) -> dict:  # pylint: disable=unused-argument
        if "priorityValue" in desired:
            desired = dict(desired, updatePriority=True)
        if current is None:
            desired = dict({"type": kind, "enabled": True}, **desired)
        return desired
    return settle


COMMON_FIELDS = [
    Field("name", convert=not_blank),
    Field("description", compare=blank_equals_absent),
    Field("enabled"),
    Field("filter", "criteria", convert=policy_filter, compare=same_criteria),
]
POLICY_TOGGLE = Toggle("enabled", "/enable", "/disable", method="POST", in_create=True)
POLICY_ORDER = Order("index", "/change-order", "order", method="POST")
AMBIGUOUS = "{option} {value!r} matches {count} {plural} ({ids}); rename one in Jira Service Management first."

ALERT_POLICIES = Family(
    "alert_policy", "/v1/teams/{}/policies", title="alert policy", plural="alert policies", page_size=50,
    scope=TEAM_SCOPE, path_without_parent="/v1/alerts/policies",  # a team's, or global without a team
    list_params=lambda ctx: {"type": "alert"} if ctx.parent else {},
    summary_list=True, match="casefold", ambiguous=AMBIGUOUS,
    update="PUT",
    writable=("type", "name", "description", "enabled", "filter", "timeRestriction", "alias", "message", "alertDescription", "source",
              "entity", "responders", "actions", "tags", "details", "continue", "updatePriority", "priorityValue",
              "keepOriginalResponders", "keepOriginalDetails", "keepOriginalActions", "keepOriginalTags"),
    toggle=POLICY_TOGGLE,
    fields=COMMON_FIELDS + [
        Field("message", "alert_message", convert=not_blank),
        Field("alias"),
        Field("alertDescription", "alert_description"),
        Field("source"),
        Field("entity"),
        Field("responders", convert=responders, compare=same_responders),
        Field("actions"),
        Field("tags", compare=same_items),
        Field("details"),
        Field("continue", "continue_policies"),
        Field("priorityValue", "priority"),
        Field("keepOriginalResponders", "keep_original_responders"),
        Field("keepOriginalDetails", "keep_original_details"),
        Field("keepOriginalActions", "keep_original_actions"),
        Field("keepOriginalTags", "keep_original_tags"),
    ],
    checks=[check_responders],
    settle=settle_policy("alert"),
    requires=[("alert_message", "message")],
    new={"alias": "{{alias}}", "alertDescription": "{{description}}", "source": "{{source}}", "entity": "{{entity}}", "responders": [],
         "actions": [], "tags": [], "details": {}, "continue": False, "updatePriority": False, "keepOriginalResponders": True,
         "keepOriginalDetails": True, "keepOriginalActions": True, "keepOriginalTags": True, "filter": {"type": MATCH_ALL, "conditions": []}},
    order=POLICY_ORDER,
    results="alert_policies",
)

NOTIFICATION_POLICIES = Family(
    "notification_policy", "/v1/teams/{}/policies", title="notification policy", plural="notification policies", page_size=50,
    scope=TEAM_SCOPE, list_params={"type": "notification"},
    summary_list=True, match="casefold", ambiguous=AMBIGUOUS,
    update="PUT",
    writable=("type", "name", "description", "enabled", "filter", "timeRestriction", "suppress", "delayAction", "autoCloseAction",
              "autoRestartAction", "deduplicationAction"),
    toggle=POLICY_TOGGLE,
    fields=COMMON_FIELDS + [
        Field("suppress"),
        Field("delayAction", "delay", convert=delay, compare=same_given),
        Field("autoCloseAction", "auto_close", convert=auto_close, compare=same_given),
        Field("autoRestartAction", "auto_restart", convert=auto_restart, compare=same_given),
        Field("deduplicationAction", "deduplication", convert=deduplication, compare=same_given),
    ],
    settle=settle_policy("notification"),
    new={"suppress": False, "filter": {"type": MATCH_ALL, "conditions": []}},
    order=POLICY_ORDER,
    results="notification_policies",
)


# The options of jsmops_alert_policy besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared alert policy against.
ALERT_POLICY_OPTIONS = dict(
    name=dict(type="str", required=True),
    team=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    description=dict(type="str"),
    enabled=dict(type="bool"),
    criteria=dict(type="dict", options=CRITERIA_SPEC),
    alert_message=dict(type="str"),
    alias=dict(type="str"),
    alert_description=dict(type="str"),
    source=dict(type="str"),
    entity=dict(type="str"),
    responders=dict(type="list", elements="dict", options=RESPONDER_SPEC),
    actions=dict(type="list", elements="str"),
    tags=dict(type="list", elements="str"),
    details=dict(type="dict"),
    priority=dict(type="str", choices=["P1", "P2", "P3", "P4", "P5"]),
    continue_policies=dict(type="bool"),
    keep_original_responders=dict(type="bool"),
    keep_original_details=dict(type="bool"),
    keep_original_actions=dict(type="bool"),
    keep_original_tags=dict(type="bool"),
    order=dict(type="int"),
)
ALERT_POLICY_CONSTRAINTS: dict = {}


# The options of jsmops_notification_policy besides the connection, and the rules across them: the module's argument spec, which
# jsmops_config also checks each declared notification policy against.
NOTIFICATION_POLICY_OPTIONS = dict(
    team=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    description=dict(type="str"),
    enabled=dict(type="bool"),
    criteria=dict(type="dict", options=CRITERIA_SPEC),
    suppress=dict(type="bool"),
    delay=dict(type="dict", options=DELAY_SPEC),
    auto_close=dict(type="dict", options=DURATION_SPEC),
    auto_restart=dict(type="dict", options=AUTO_RESTART_SPEC),
    deduplication=dict(type="dict", options=DEDUPLICATION_SPEC),
    order=dict(type="int"),
)
NOTIFICATION_POLICY_CONSTRAINTS: dict = {}
