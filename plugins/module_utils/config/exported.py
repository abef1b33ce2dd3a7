# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API objects as the options of the state modules that manage them: a declaration read back from a live setup.

Each function takes one object as the API answers it (for a family whose list names objects only, as the object's
own endpoint answers it) and ``refs``, which names what the object refers to by id:

- ``refs.user(account_id)``: the user's email, or the account id when no email is known;
- ``refs.team(team_id)``, ``refs.schedule(schedule_id)``, ``refs.escalation(escalation_id)`` (within the team) and
  ``refs.rotation(schedule_id, rotation_id)``: the name, or the id when no name is known;
- ``refs.now``: the moment of the export, an aware datetime.

A reference whose name is unknown is given by its id. The result holds the state module's options without its
parent, ``state``, ``id`` and ``order`` (the caller nests and orders the objects), in the order of the module's
argument spec and without None values. Converging those options against the same object changes nothing: what the
options cannot say as the family compares it is left out, and the converge leaves it as it is. Lists whose order
means something (rules, participants, responders) keep the API's order; lists the family compares as a set (tags,
rights, conditions) are sorted. Nothing secret is exported: no API key, and no property whose name or value looks
like a credential.
"""

from __future__ import annotations

import copy
import re

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import parse_datetime, scrub_none
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import GROUP_TYPES
from ansible_collections.jsm.ops.plugins.module_utils.families.policies import (
    DEDUPLICATION_TYPES,
    DELAY_OPTIONS,
    UNITS,
    auto_close,
    auto_restart,
    deduplication,
    delay,
    same_given,
)
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import TIME_OF_DAY, WEEKDAY_AND_TIME_OF_DAY, WEEKDAYS
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import CONDITION_FIELDS, CRITERIA_TYPES, MATCH_ALL, OPERATIONS
from ansible_collections.jsm.ops.plugins.module_utils.families.team_roles import RIGHTS, granted

_CLOCK = (("start_hour", "startHour"), ("start_min", "startMin"), ("end_hour", "endHour"), ("end_min", "endMin"))
_REPEAT = (("wait_interval", "waitInterval"), ("count", "count"), ("reset_recipient_states", "resetRecipientStates"),
           ("close_alert_after_all", "closeAlertAfterAll"))
_KEEP_ORIGINAL = (("keep_original_responders", "keepOriginalResponders"), ("keep_original_details", "keepOriginalDetails"),
                  ("keep_original_actions", "keepOriginalActions"), ("keep_original_tags", "keepOriginalTags"))
_KEYED_FIELDS = ("extra-properties", "details")  # conditions on them need a key
_DELAY_OPTIONS = {api: option for option, api in DELAY_OPTIONS.items()}
_DEDUPLICATION_TYPES = {api: option for option, api in DEDUPLICATION_TYPES.items()}
# Property names that hold credentials; a name ending in "key" (apiKey, routingKey, serviceKey) counts too.
_SECRET_WORDS = ("password", "passwd", "passphrase", "secret", "token", "credential", "authorization", "privatekey")
_URL_WITH_LOGIN = re.compile(r"://[^/\s@:]+:[^/\s@]+@")


# -- shared pieces ----------------------------------------------------------------------------------------------

def _text(value):
    """A text option, left out when blank: the families compare a blank text as an absent one."""
    return value or None


def _sorted(values):
    """A list the family compares as a set, sorted so that the export is the same whatever the API's order."""
    return None if values is None else sorted(values)


def _each(items, convert):
    """``convert`` applied to each object of a list, in the API's order; None when there is no list or one item cannot be
    said as an option."""
    if items is None or not all(isinstance(item, dict) for item in items):
        return None
    converted = [convert(item) for item in items]
    return None if None in converted else converted


def _reference(kind: str, ident, name, key: str = "name") -> dict | None:
    """``{"type": kind, key: name}``, or ``{"type": kind, "id": ident}`` when refs knows no name (it answered the id)."""
    if not ident:
        return None
    if not name or name == ident:
        return {"type": kind, "id": ident}
    return {"type": kind, key: name}


def _user(refs, ident) -> dict | None:
    """A user reference by email, else by account id."""
    return _reference("user", ident, refs.user(ident) if ident else None, "email")


def _team(refs, ident) -> dict | None:
    """A team reference by name, else by id."""
    return _reference("team", ident, refs.team(ident) if ident else None)


def _schedule(refs, ident) -> dict | None:
    """A schedule reference by name, else by id."""
    return _reference("schedule", ident, refs.schedule(ident) if ident else None)


def _clock(period: dict) -> dict | None:
    """The start and end time of a period as options; None unless all four are whole numbers."""
    values = {option: period.get(field) for option, field in _CLOCK}
    return values if all(isinstance(value, int) for value in values.values()) else None


def _period(period: dict) -> dict | None:
    """One weekday period of a time restriction as an option."""
    clock = _clock(period)
    if clock is None or period.get("startDay") not in WEEKDAYS or period.get("endDay") not in WEEKDAYS:
        return None
    return dict(start_day=period["startDay"], end_day=period["endDay"], **clock)


def _time_restriction(value) -> dict | None:
    """The time_restriction option of an API time restriction, the inverse of ``time_restriction_for_api``; None for none."""
    value = value or {}
    kind = value.get("type")
    if kind == TIME_OF_DAY:
        clock = _clock(value.get("restriction") or {})
        return {"type": kind, "restriction": clock} if clock else None
    if kind == WEEKDAY_AND_TIME_OF_DAY:
        periods = _each(value.get("restrictions"), _period)
        return {"type": kind, "restrictions": periods} if periods else None
    return None


def _condition(condition: dict) -> dict | None:
    """One condition option; the options' defaults (negate false, expected_value "") are left out, as the family compares them so."""
    field, operation = condition.get("field"), condition.get("operation")
    if field not in CONDITION_FIELDS or operation not in OPERATIONS or (field in _KEYED_FIELDS and not condition.get("key")):
        return None
    return scrub_none({"field": field, "key": condition.get("key") or None, "negate": True if condition.get("not") else None,
                       "operation": operation, "expected_value": condition.get("expectedValue") or None})


def _condition_order(option: dict) -> tuple:
    """The sort key of a condition option, its defaults filled in."""
    return (option["field"], option.get("key", ""), option.get("negate", False), option["operation"], option.get("expected_value", ""))


def _criteria(kind, conditions) -> dict | None:
    """The criteria option of a filter's type and conditions, the inverse of ``criteria_for_api`` (conditions sorted:
    the family compares them as a set); None when the options cannot say it."""
    conditions = conditions or []
    if kind not in CRITERIA_TYPES or (kind == MATCH_ALL and conditions) or (kind != MATCH_ALL and not conditions):
        return None
    options = _each(conditions, _condition)
    if options is None:
        return None
    return {"type": kind, "conditions": sorted(options, key=_condition_order)} if options else {"type": kind}


def _secret(name, value) -> bool:
    """Whether a property is, or holds, a credential: by its name, or a URL with a password in it."""
    folded = "".join(letter for letter in str(name).casefold() if letter.isalnum())
    if folded.endswith("key") or any(word in folded for word in _SECRET_WORDS):
        return True
    if isinstance(value, dict):
        return any(_secret(key, item) for key, item in value.items())
    if isinstance(value, list):
        return any(_secret("", item) for item in value)
    return isinstance(value, str) and bool(_URL_WITH_LOGIN.search(value))


def _properties(value) -> dict | None:
    """Type-specific properties without the credentials among them.  The families set only the keys given, so a key
    left out keeps its value."""
    kept = {key: copy.deepcopy(item) for key, item in (value or {}).items() if not _secret(key, item)}
    return kept or None


def _given(value):
    """A map or list as the API answers it, copied; None when absent."""
    return copy.deepcopy(value) if value is not None else None


# -- schedules ------------------------------------------------------------------------------------------------

def schedule(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_schedule: name, description, timezone, enabled.  The caller nests the schedule under its team and adds its
    rotations and overrides."""
    return scrub_none({"name": item.get("name"), "description": _text(item.get("description")), "timezone": item.get("timezone"),
                       "enabled": item.get("enabled")})


def _participant(refs, participant: dict) -> dict | None:
    """One rotation participant as an option; None for a type the module does not take."""
    kind, ident = participant.get("type"), participant.get("id")
    if kind == "noone":
        return {"type": "noone"}
    if kind == "user":
        return _user(refs, ident)
    if kind == "team":
        return _team(refs, ident)
    if kind == "escalation" and ident:
        return {"type": "escalation", "id": ident}
    return None


def rotation(item: dict, refs) -> dict:
    """jsmops_schedule_rotation: name, type, length, start_date, end_date, participants (users by email, teams by name,
    escalations by id, in rotation order), time_restriction."""
    return scrub_none({
        "name": item.get("name"),
        "type": item.get("type"),
        "length": item.get("length"),
        "start_date": item.get("startDate"),
        "end_date": item.get("endDate"),
        "participants": _each(item.get("participants"), lambda participant: _participant(refs, participant)),
        "time_restriction": _time_restriction(item.get("timeRestriction")),
    })


def override(item: dict, refs, schedule_id: str | None = None) -> dict | None:
    """jsmops_schedule_override: alias, user (email or account id) or noone, start_date, end_date, rotations (names,
    sorted: the family compares them as a set).  ``schedule_id`` is the schedule the override was listed under (the
    override does not name it), for ``refs.rotation``.  None for an override that has ended by ``refs.now``."""
    end = item.get("endDate")
    if not end or parse_datetime(end, "endDate", bounded=False) <= refs.now:
        return None
    responder = item.get("responder") or {}
    user = refs.user(responder["id"]) if responder.get("type") == "user" and responder.get("id") else None
    return scrub_none({
        "alias": item.get("alias"),
        "user": user,
        "noone": True if responder.get("type") == "noone" else None,
        "start_date": item.get("startDate"),
        "end_date": end,
        "rotations": _sorted([refs.rotation(schedule_id, ident) for ident in item.get("rotationIds") or []]) or None,
    })


# -- team routing -----------------------------------------------------------------------------------------------

def _recipient(refs, recipient: dict) -> dict | None:
    """A user, team or schedule an escalation rule (or a policy) notifies, as an option."""
    kind, ident = recipient.get("type"), recipient.get("id")
    if kind == "user":
        return _user(refs, ident)
    if kind == "team":
        return _team(refs, ident)
    if kind == "schedule":
        return _schedule(refs, ident)
    return None


def _escalation_rule(refs, rule: dict) -> dict | None:
    """One escalation rule as an option; None when its recipient or delay cannot be said."""
    recipient = _recipient(refs, rule.get("recipient") or {})
    if recipient is None or not isinstance(rule.get("delay"), int):
        return None
    return scrub_none({"condition": rule.get("condition"), "notify_type": rule.get("notifyType"), "delay": rule["delay"], "recipient": recipient})


def escalation(item: dict, refs) -> dict:
    """jsmops_escalation: name, description, enabled, rules (in order; recipients by email or name), repeat."""
    repeat = item.get("repeat") or {}
    return scrub_none({
        "name": item.get("name"),
        "description": _text(item.get("description")),
        "enabled": item.get("enabled"),
        "rules": _each(item.get("rules"), lambda rule: _escalation_rule(refs, rule)) or None,  # the module refuses an empty list
        "repeat": scrub_none({option: repeat.get(field) for option, field in _REPEAT}) or None,
    })


def _notify(refs, notify) -> dict | None:
    """What a routing rule notifies, as an option: an escalation or a schedule by name, else by id, or none."""
    notify = notify or {}
    kind, ident = notify.get("type"), notify.get("id")
    if kind == "none":
        return {"type": "none"}
    if kind == "escalation":
        return _reference("escalation", ident, refs.escalation(ident) if ident else None)
    if kind == "schedule":
        return _schedule(refs, ident)
    return None


def routing_rule(item: dict, refs) -> dict:
    """jsmops_routing_rule: name, criteria, timezone, time_restriction, notify (escalations and schedules by name).  The
    team's default rule has ``default: true`` after its name, which is no module option, and no criteria (the API keeps
    them: match all)."""
    default = bool(item.get("isDefault"))
    found = item.get("criteria")
    return scrub_none({
        "name": item.get("name"),
        "default": True if default else None,
        "criteria": _criteria(found.get("type"), found.get("conditions")) if found and not default else None,
        "timezone": item.get("timezone"),
        "time_restriction": _time_restriction(item.get("timeRestriction")),
        "notify": _notify(refs, item.get("notify")),
    })


def team_role(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_team_role: name, rights (the granted ones the module knows, sorted)."""
    rights = item.get("rights")
    return scrub_none({"name": item.get("name"), "rights": None if rights is None else [right for right in granted(rights) if right in RIGHTS]})


def heartbeat(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_heartbeat: name, interval, interval_unit (in lower case, as the module takes it), enabled, description,
    alert_message, alert_tags (sorted), alert_priority."""
    return scrub_none({
        "name": item.get("name"),
        "interval": item.get("interval"),
        "interval_unit": _text((item.get("intervalUnit") or "").lower()),
        "enabled": item.get("enabled"),
        "description": _text(item.get("description")),
        "alert_message": _text(item.get("alertMessage")),
        "alert_tags": _sorted(item.get("alertTags")),
        "alert_priority": item.get("alertPriority"),
    })


# -- integrations -----------------------------------------------------------------------------------------------

def integration(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_integration: name, type, enabled, description (when the API answers one), properties without credentials.
    Never the API key; the caller nests the integration under its team."""
    return scrub_none({
        "name": item.get("name"),
        "type": item.get("type"),
        "enabled": item.get("enabled"),
        "description": _text(item.get("description")),
        "properties": _properties(item.get("typeSpecificProperties")),
    })


def integration_action(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_integration_action: name, direction, type, group_type (outgoing actions), enabled, criteria, field_mappings,
    properties (without credentials), action_mapping.  Empty maps are left out: the family sets only the keys given."""
    found = item.get("filter")
    group = item.get("groupType")
    return scrub_none({
        "name": item.get("name"),
        "direction": item.get("direction"),
        "type": item.get("type"),
        "group_type": group if item.get("direction") == "outgoing" and group in GROUP_TYPES else None,
        "enabled": item.get("enabled"),
        "criteria": _criteria(found.get("conditionMatchType") or MATCH_ALL, found.get("conditions")) if found is not None else None,
        "field_mappings": _given(item.get("fieldMappings")) or None,
        "properties": _properties(item.get("typeSpecificProperties")),
        "action_mapping": _given(item.get("actionMapping")) or None,
    })


# -- policies ---------------------------------------------------------------------------------------------------

def _responder(refs, responder: dict) -> dict | None:
    """One alert policy responder as an option; escalations by id, which is all the module takes for them."""
    kind, ident = responder.get("type"), responder.get("id")
    if kind == "escalation" and ident:
        return {"type": "escalation", "id": ident}
    return _recipient(refs, responder)


def _filter_criteria(item: dict) -> dict | None:
    """The criteria option of a policy's filter."""
    found = item.get("filter")
    return _criteria(found.get("type"), found.get("conditions")) if found is not None else None


def alert_policy(item: dict, refs) -> dict:
    """jsmops_alert_policy: every option but team and order; responders in order (users by email, teams and schedules
    by name, escalations by id), tags sorted.  priority only where the policy updates the priority: the module turns
    the update on with it."""
    return scrub_none(dict({
        "name": item.get("name"),
        "description": _text(item.get("description")),
        "enabled": item.get("enabled"),
        "criteria": _filter_criteria(item),
        "alert_message": _text(item.get("message")),
        "alias": item.get("alias"),
        "alert_description": item.get("alertDescription"),
        "source": item.get("source"),
        "entity": item.get("entity"),
        "responders": _each(item.get("responders"), lambda responder: _responder(refs, responder)),
        "actions": _given(item.get("actions")),
        "tags": _sorted(item.get("tags")),
        "details": _given(item.get("details")),
        "priority": item.get("priorityValue") if item.get("updatePriority") else None,
        "continue_policies": item.get("continue"),
    }, **{option: item.get(field) for option, field in _KEEP_ORIGINAL}))


def _if_same(convert, option: str, value: dict, action) -> dict | None:
    """``value`` (its None values left out) when the family's converter turns it back into ``action`` as the family
    compares it, else None."""
    value = scrub_none(value)
    if not action or value.get("unit", "minutes") not in UNITS:
        return None
    try:
        wanted = convert(value, option, None)
    except (ConfigurationError, KeyError, TypeError):  # the API's values are not ones the options can say
        return None
    return value if same_given(action, wanted) else None


def _duration(action: dict) -> dict:
    """The duration and unit options of a policy action."""
    return {"duration": action.get("waitDuration"), "unit": action.get("durationFormat")}


def _delay(action) -> dict | None:
    """The delay option of a notification policy's delay action: for a duration, or until a time of day."""
    action = action or {}
    option = _DELAY_OPTIONS.get(action.get("delayOption"))
    if option == "for-duration":
        value = dict(option=option, **_duration(action))
    else:
        moment = action.get("delayTime") or {}
        if not isinstance(moment.get("hours"), int) or not isinstance(moment.get("minutes"), int):
            return None
        value = {"option": option, "time": "%02d:%02d" % (moment["hours"], moment["minutes"])}
    return _if_same(delay, "delay", value, action)


def notification_policy(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_notification_policy: every option but team and order.  delay, auto_close, auto_restart and deduplication are
    the inverse of the family's converters, and each is left out when the options cannot say the API's settings."""
    close = item.get("autoCloseAction") or {}
    restart = item.get("autoRestartAction") or {}
    dedup = item.get("deduplicationAction") or {}
    restart_option = dict(_duration(restart), max_repeat_count=restart.get("maxRepeatCount"))
    dedup_option = {
        "type": _DEDUPLICATION_TYPES.get(dedup.get("deduplicationActionType")),
        "count": dedup.get("countValueLimit"),
        "frequency": dedup.get("frequency") or None,  # the family sends 0 for none
        "duration": dedup.get("waitDuration"),
        "unit": dedup.get("durationFormat"),
    }
    return scrub_none({
        "name": item.get("name"),
        "description": _text(item.get("description")),
        "enabled": item.get("enabled"),
        "criteria": _filter_criteria(item),
        "suppress": item.get("suppress"),
        "delay": _delay(item.get("delayAction")),
        "auto_close": _if_same(auto_close, "auto_close", _duration(close), close),
        "auto_restart": _if_same(auto_restart, "auto_restart", restart_option, restart),
        "deduplication": _if_same(deduplication, "deduplication", dedup_option, dedup),
    })


def custom_role(item: dict, refs) -> dict:  # pylint: disable=unused-argument
    """jsmops_custom_role: name, granted_rights, disallowed_rights (sorted: the family compares them as sets)."""
    return scrub_none({"name": item.get("name"), "granted_rights": _sorted(item.get("grantedRights")),
                       "disallowed_rights": _sorted(item.get("disallowedRights"))})
