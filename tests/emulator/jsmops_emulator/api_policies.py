# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Global alert policies and team policies (alert and notification).

All are kept in ``store.incidents.policies``: a global policy has no ``teamId`` and is of type
``alert``. ``order`` is a policy's index among the policies of its scope (the global alert
policies; a team's alert policies; a team's notification policies); the policies of a scope are
numbered again from 0 after every change. A create and a PUT fill in the defaults of the fields
they leave out (a PUT replaces the whole policy); seeded policies, which may lack them, are served
with the same defaults.
"""

from __future__ import annotations

import copy

from .api_routing_rules import OPERATIONS
from .common import ApiError, empty_reply, json_reply
from .incidents_store import PRIORITIES, member_team
from .routing import Context, route
from .store import new_id

POLICY_FIELDS = ("type", "id", "name", "enabled", "order")  # PolicyListResponse, in lists
POLICY_TYPES = ("alert", "notification")
MATCH_TYPES = ("match-all", "match-any-condition", "match-all-conditions")
# GetGlobalAlertPolicy / TeamAlertPolicyDto and TeamNotificationPolicyDto, in the spec's order.
COMMON_FIELDS = ("type", "id", "name", "description", "teamId", "enabled", "order", "filter", "timeRestriction")
ALERT_FIELDS = COMMON_FIELDS + ("alias", "message", "alertDescription", "source", "entity", "responders", "actions", "tags", "details", "continue",
                                "updatePriority", "priorityValue", "keepOriginalResponders", "keepOriginalDetails", "keepOriginalActions",
                                "keepOriginalTags")
NOTIFICATION_FIELDS = COMMON_FIELDS + ("delayAction", "deduplicationAction", "autoCloseAction", "autoRestartAction", "suppress")
COMMON_DEFAULTS = {"description": "", "filter": {"type": "match-all", "conditions": []}}
ALERT_DEFAULTS = dict(COMMON_DEFAULTS, alias="{{alias}}", alertDescription="{{description}}", source="{{source}}", entity="{{entity}}",
                      responders=[], actions=[], tags=[], details={}, updatePriority=False, keepOriginalResponders=True,
                      keepOriginalDetails=True, keepOriginalActions=True, keepOriginalTags=True, **{"continue": False})
NOTIFICATION_DEFAULTS = dict(COMMON_DEFAULTS, suppress=False)
ALERT_TEXTS = ("alias", "alertDescription", "source", "entity")
ALERT_FLAGS = ("continue", "updatePriority", "keepOriginalResponders", "keepOriginalDetails", "keepOriginalActions", "keepOriginalTags")
DELAY_OPTIONS = ("nextTime", "nextWeekday", "nextMonday", "nextTuesday", "nextWednesday", "nextThursday", "nextFriday", "nextSaturday",
                 "nextSunday", "forMinutes")
DURATION_FORMATS = ("nanos", "micros", "millis", "seconds", "minutes", "hours", "days")
DEDUPLICATION_TYPES = ("valueBased", "frequencyBased")
MAX_REPEAT_COUNT = 20


# the store's policies by scope


def _scope(store, team_id: str | None, kind: str) -> list[dict]:
    """The policies of one scope, by ``order`` (seeded policies may share one; then in seed order)."""
    policies = store.incidents.policies
    found = [(index, policy) for index, policy in enumerate(policies)
             if policy.get("teamId") == team_id and policy.get("type", "alert") == kind]
    return [policy for _index, policy in sorted(found, key=lambda item: (item[1].get("order", 0), item[0]))]


def _renumber(policies: list[dict]) -> None:
    for index, policy in enumerate(policies):
        policy["order"] = index


def policy_view(policy: dict) -> dict:
    """The whole policy, with the defaults of the fields a seeded policy lacks."""
    kind = policy.get("type", "alert")
    fields = ALERT_FIELDS if kind == "alert" else NOTIFICATION_FIELDS
    view = copy.deepcopy(ALERT_DEFAULTS if kind == "alert" else NOTIFICATION_DEFAULTS)
    if kind == "alert":
        view["message"] = "{{message}}"
    view.update({key: copy.deepcopy(value) for key, value in policy.items() if value is not None})
    view["type"] = kind
    view.setdefault("order", 0)
    return {key: view[key] for key in fields if key in view}


def _list_view(policy: dict) -> dict:
    view = {key: policy[key] for key in POLICY_FIELDS if policy.get(key) is not None}
    view["type"] = policy.get("type", "alert")
    view.setdefault("order", 0)
    return {key: view[key] for key in POLICY_FIELDS if key in view}


# checks


def _number(value, where: str, low: float = 0, high: float | None = None) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise ApiError(422, f"'{where}' must be a number {limit}")
    return int(value) if float(value).is_integer() else value


def _string(value, where: str) -> str:
    if not isinstance(value, str):
        raise ApiError(422, f"'{where}' must be a string")
    return value


def _one_of(value, where: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ApiError(422, f"'{where}' must be one of {', '.join(allowed)}")
    return value


def _object(data: dict, key: str, required: tuple[str, ...]) -> dict:
    value = data[key]
    if not isinstance(value, dict):
        raise ApiError(422, f"'{key}' must be an object")
    missing = [name for name in required if value.get(name) is None]
    if missing:
        raise ApiError(422, f"'{key}' needs {', '.join(repr(name) for name in missing)}")
    return value


def _condition(data, index: int) -> dict:
    where = f"filter.conditions[{index}]"
    if not isinstance(data, dict):
        raise ApiError(422, f"{where} must be an object")
    if not isinstance(data.get("field"), str) or not data["field"]:
        raise ApiError(422, f"{where}: 'field' is required")
    found = {"field": data["field"]}
    if data.get("key") is not None:
        found["key"] = _string(data["key"], f"{where}.key")
    negate = data.get("not") if data.get("not") is not None else False
    if not isinstance(negate, bool):
        raise ApiError(422, f"{where}: 'not' must be true or false")
    found["not"] = negate
    found["operation"] = _one_of(data.get("operation"), f"{where}.operation", OPERATIONS)
    if data.get("expectedValue") is not None:
        found["expectedValue"] = _string(data["expectedValue"], f"{where}.expectedValue")
    found["order"] = _number(data["order"], f"{where}.order") if data.get("order") is not None else index
    return found


def _filter(data: dict) -> dict:
    value = _object(data, "filter", ("type", "conditions"))
    kind = _one_of(value["type"], "filter.type", MATCH_TYPES)
    if not isinstance(value["conditions"], list):
        raise ApiError(422, "'filter.conditions' must be a list")
    return {"type": kind, "conditions": [_condition(item, index) for index, item in enumerate(value["conditions"])]}


def _time_restriction(data: dict) -> dict:
    value = _object(data, "timeRestriction", ("enabled", "timeRestrictions", "appliedTimeZone"))
    if not isinstance(value["enabled"], bool):
        raise ApiError(422, "'timeRestriction.enabled' must be true or false")
    if not isinstance(value["timeRestrictions"], list):
        raise ApiError(422, "'timeRestriction.timeRestrictions' must be a list")
    periods = []
    for index, period in enumerate(value["timeRestrictions"]):
        where = f"timeRestriction.timeRestrictions[{index}]"
        if not isinstance(period, dict) or any(period.get(key) is None for key in ("startHour", "startMinute", "endHour", "endMinute")):
            raise ApiError(422, f"{where} needs 'startHour', 'startMinute', 'endHour' and 'endMinute'")
        periods.append({key: _number(period[key], f"{where}.{key}", 0, 23 if key.endswith("Hour") else 59)
                        for key in ("startHour", "startMinute", "endHour", "endMinute")})
    return {"enabled": value["enabled"], "timeRestrictions": periods, "appliedTimeZone": _string(value["appliedTimeZone"], "timeRestriction.appliedTimeZone")}


def _responders(value) -> list[dict]:
    if not isinstance(value, list):
        raise ApiError(422, "'responders' must be a list")
    found = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str) or not item["type"]:
            raise ApiError(422, f"'responders[{index}]' must be an object with a 'type' (and an 'id')")
        responder = {"type": item["type"]}
        if item.get("id") is not None:
            responder["id"] = _string(item["id"], f"responders[{index}].id")
        found.append(responder)
    return found


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(422, f"'{where}' must be a list of strings")
    return list(value)


def _alert_fields(data: dict) -> dict:
    fields = {}
    message = data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ApiError(422, "'message' is required for an alert policy")
    fields["message"] = message
    for key in ALERT_TEXTS:
        if data.get(key) is not None:
            fields[key] = _string(data[key], key)
    for key in ALERT_FLAGS:
        if data.get(key) is not None:
            if not isinstance(data[key], bool):
                raise ApiError(422, f"'{key}' must be true or false")
            fields[key] = data[key]
    if data.get("responders") is not None:
        fields["responders"] = _responders(data["responders"])
    for key in ("actions", "tags"):
        if data.get(key) is not None:
            fields[key] = _strings(data[key], key)
    if data.get("details") is not None:
        if not isinstance(data["details"], dict):
            raise ApiError(422, "'details' must be an object")
        fields["details"] = copy.deepcopy(data["details"])
    if data.get("priorityValue") is not None:
        fields["priorityValue"] = _one_of(data["priorityValue"], "priorityValue", PRIORITIES)
    return fields


def _delay_action(data: dict) -> dict:
    value = _object(data, "delayAction", ("delayOption", "waitDuration", "delayTime"))
    found = {"delayOption": _one_of(value["delayOption"], "delayAction.delayOption", DELAY_OPTIONS),
             "waitDuration": _number(value["waitDuration"], "delayAction.waitDuration")}
    if value.get("durationFormat") is not None:
        found["durationFormat"] = _one_of(value["durationFormat"], "delayAction.durationFormat", DURATION_FORMATS)
    moment = _object(value, "delayTime", ("hours", "minutes"))
    found["delayTime"] = {"hours": _number(moment["hours"], "delayAction.delayTime.hours", 0, 23),
                          "minutes": _number(moment["minutes"], "delayAction.delayTime.minutes", 0, 59)}
    return found


def _notification_fields(data: dict) -> dict:
    fields = {}
    if data.get("suppress") is not None:
        if not isinstance(data["suppress"], bool):
            raise ApiError(422, "'suppress' must be true or false")
        fields["suppress"] = data["suppress"]
    if data.get("delayAction") is not None:
        fields["delayAction"] = _delay_action(data)
    if data.get("autoCloseAction") is not None:
        value = _object(data, "autoCloseAction", ("waitDuration", "durationFormat"))
        fields["autoCloseAction"] = {"waitDuration": _number(value["waitDuration"], "autoCloseAction.waitDuration"),
                                     "durationFormat": _one_of(value["durationFormat"], "autoCloseAction.durationFormat", DURATION_FORMATS)}
    if data.get("autoRestartAction") is not None:
        value = _object(data, "autoRestartAction", ("waitDuration", "durationFormat", "maxRepeatCount"))
        fields["autoRestartAction"] = {
            "waitDuration": _number(value["waitDuration"], "autoRestartAction.waitDuration"),
            "durationFormat": _one_of(value["durationFormat"], "autoRestartAction.durationFormat", DURATION_FORMATS),
            "maxRepeatCount": _number(value["maxRepeatCount"], "autoRestartAction.maxRepeatCount", 1, MAX_REPEAT_COUNT)}
    if data.get("deduplicationAction") is not None:
        value = _object(data, "deduplicationAction", ("deduplicationActionType", "frequency", "countValueLimit", "waitDuration"))
        found = {"deduplicationActionType": _one_of(value["deduplicationActionType"], "deduplicationAction.deduplicationActionType",
                                                    DEDUPLICATION_TYPES)}
        for key in ("frequency", "countValueLimit", "waitDuration"):
            found[key] = _number(value[key], f"deduplicationAction.{key}")
        if value.get("durationFormat") is not None:
            found["durationFormat"] = _one_of(value["durationFormat"], "deduplicationAction.durationFormat", DURATION_FORMATS)
        fields["deduplicationAction"] = found
    return fields


def _policy_fields(data: dict, kind: str) -> dict:
    """The whole policy a create or PUT describes, checked (422), with the defaults of the fields it leaves out."""
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(422, "'name' is required")
    if not isinstance(data.get("enabled"), bool):
        raise ApiError(422, "'enabled' is required: true or false")
    fields = copy.deepcopy(ALERT_DEFAULTS if kind == "alert" else NOTIFICATION_DEFAULTS)
    fields.update({"type": kind, "name": name, "enabled": data["enabled"]})
    if data.get("description") is not None:
        fields["description"] = _string(data["description"], "description")
    if data.get("filter") is not None:
        fields["filter"] = _filter(data)
    if data.get("timeRestriction") is not None:
        fields["timeRestriction"] = _time_restriction(data)
    fields.update(_alert_fields(data) if kind == "alert" else _notification_fields(data))
    return fields


def _kind(data: dict, allowed: tuple[str, ...]) -> str:
    """The policy ``type`` of a body, compared ignoring case and given in lower case."""
    value = data.get("type")
    if not isinstance(value, str) or value.lower() not in allowed:
        raise ApiError(422, f"'type' is required: {' or '.join(allowed)}")
    return value.lower()


def _order(data: dict, count: int) -> int:
    value = data.get("order")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer() or not 0 <= value < count:
        raise ApiError(422, f"'order' is required: a whole number from 0 to {count - 1}")
    return int(value)


def _move(store, policy: dict, data: dict) -> None:
    """``change-order``: the policy takes index ``order`` in its scope; the others shift."""
    policies = _scope(store, policy.get("teamId"), policy.get("type", "alert"))
    order = _order(data, len(policies))
    policies.remove(policy)
    policies.insert(order, policy)
    _renumber(policies)


def _remove(store, policy: dict) -> None:
    store.incidents.policies.remove(policy)
    _renumber(_scope(store, policy.get("teamId"), policy.get("type", "alert")))


def _replace(store, policy: dict, fields: dict) -> None:
    """A PUT: every field is replaced but the id, order and team."""
    kept = {key: policy[key] for key in ("id", "order", "teamId") if key in policy}
    policy.clear()
    policy.update(fields)
    policy.update(kept)
    _renumber(_scope(store, policy.get("teamId"), policy["type"]))


def _add(store, fields: dict, team_id: str | None) -> dict:
    """A new policy, last in its scope."""
    policies = _scope(store, team_id, fields["type"])
    policy = {"id": new_id()}
    if team_id is not None:
        policy["teamId"] = team_id
    policy.update(fields)
    policy["order"] = len(policies)
    store.incidents.policies.append(policy)
    _renumber(policies + [policy])
    return policy


# global alert policies


def _global_policy(ctx: Context) -> dict:
    policy = ctx.store.incidents.entity("policy", ctx.params["policyId"])
    if policy is None or policy.get("teamId") or policy.get("type", "alert") != "alert":
        raise ApiError(404, "Policy not found")
    return policy


def _global_writer(ctx: Context) -> None:
    if not ctx.account.get("admin"):
        raise ApiError(403, "Only admins may change global policies")


@route("GET", "/v1/alerts/policies")
def list_global_policies(ctx: Context):
    """Global alert policies (those without a ``teamId``), by ``order``."""
    policies = _scope(ctx.store, None, "alert")
    page, links = ctx.paginate(policies, "/v1/alerts/policies", default_size=20, max_size=100)
    return json_reply(200, {"values": [_list_view(policy) for policy in page], "links": links})


@route("POST", "/v1/alerts/policies")
def create_global_policy(ctx: Context):
    """200 with the whole policy (the spec's answer schema, a page, has no required properties), last in order."""
    _global_writer(ctx)
    data = ctx.json_object()
    fields = _policy_fields(data, _kind(data, ("alert",)))
    return json_reply(200, policy_view(_add(ctx.store, fields, None)))


@route("GET", "/v1/alerts/policies/{policyId}")
def get_global_policy(ctx: Context):
    return json_reply(200, policy_view(_global_policy(ctx)))


@route("PUT", "/v1/alerts/policies/{policyId}")
def replace_global_policy(ctx: Context):
    """Replaces the whole policy (absent fields get their defaults again); keeps its id and order."""
    policy = _global_policy(ctx)
    _global_writer(ctx)
    data = ctx.json_object()
    _replace(ctx.store, policy, _policy_fields(data, _kind(data, ("alert",))))
    return json_reply(200, policy_view(policy))


@route("DELETE", "/v1/alerts/policies/{policyId}")
def delete_global_policy(ctx: Context):
    policy = _global_policy(ctx)
    _global_writer(ctx)
    _remove(ctx.store, policy)
    return empty_reply(204)


@route("POST", "/v1/alerts/policies/{policyId}/change-order")
def change_global_policy_order(ctx: Context):
    policy = _global_policy(ctx)
    _global_writer(ctx)
    _move(ctx.store, policy, ctx.json_object())
    return empty_reply(204)


def _toggle_global(ctx: Context, enabled: bool):
    policy = _global_policy(ctx)
    _global_writer(ctx)
    policy["enabled"] = enabled
    return json_reply(200, policy_view(policy))


@route("POST", "/v1/alerts/policies/{policyId}/enable")
def enable_global_policy(ctx: Context):
    return _toggle_global(ctx, True)


@route("POST", "/v1/alerts/policies/{policyId}/disable")
def disable_global_policy(ctx: Context):
    return _toggle_global(ctx, False)


# team policies


def _team_policy(ctx: Context) -> dict:
    """404 for an unknown team or policy, or a policy of another team; 403 for a caller neither admin nor member."""
    team = member_team(ctx, ctx.params["teamId"])
    policy = ctx.store.incidents.entity("policy", ctx.params["policyId"])
    if policy is None or policy.get("teamId") != team["teamId"]:
        raise ApiError(404, "Policy not found")
    return policy


@route("GET", "/v1/teams/{teamId}/policies")
def list_team_policies(ctx: Context):
    team = member_team(ctx, ctx.params["teamId"])
    kind = ctx.args.get("type")
    if kind not in POLICY_TYPES:
        raise ApiError(422, f"Query parameter 'type' is required: {' or '.join(POLICY_TYPES)}")
    policies = _scope(ctx.store, team["teamId"], kind)
    page, links = ctx.paginate(policies, f"/v1/teams/{team['teamId']}/policies", default_size=25, max_size=50)
    return json_reply(200, {"values": [_list_view(policy) for policy in page], "links": links})


@route("POST", "/v1/teams/{teamId}/policies")
def create_team_policy(ctx: Context):
    """200 with the policy, last among the team's policies of its type."""
    team = member_team(ctx, ctx.params["teamId"])
    data = ctx.json_object()
    fields = _policy_fields(data, _kind(data, POLICY_TYPES))
    return json_reply(200, policy_view(_add(ctx.store, fields, team["teamId"])))


@route("GET", "/v1/teams/{teamId}/policies/{policyId}")
def get_team_policy(ctx: Context):
    return json_reply(200, policy_view(_team_policy(ctx)))


@route("PUT", "/v1/teams/{teamId}/policies/{policyId}")
def replace_team_policy(ctx: Context):
    """Replaces the whole policy; its type cannot change (422); a body without ``type`` keeps it."""
    policy = _team_policy(ctx)
    data = ctx.json_object()
    kind = policy.get("type", "alert")
    if data.get("type") is not None and _kind(data, POLICY_TYPES) != kind:
        raise ApiError(422, f"The type of a policy cannot change: this is an {kind} policy")
    _replace(ctx.store, policy, _policy_fields(data, kind))
    return json_reply(200, policy_view(policy))


@route("DELETE", "/v1/teams/{teamId}/policies/{policyId}")
def delete_team_policy(ctx: Context):
    _remove(ctx.store, _team_policy(ctx))
    return empty_reply(204)


@route("POST", "/v1/teams/{teamId}/policies/{policyId}/change-order")
def change_team_policy_order(ctx: Context):
    """204; ``order`` is the index among the team's policies of the same type."""
    policy = _team_policy(ctx)
    _move(ctx.store, policy, ctx.json_object())
    return empty_reply(204)


def _toggle_team(ctx: Context, enabled: bool):
    """200 with the policy: the spec declares the team policy DTOs as the answer."""
    policy = _team_policy(ctx)
    policy["enabled"] = enabled
    return json_reply(200, policy_view(policy))


@route("POST", "/v1/teams/{teamId}/policies/{policyId}/enable")
def enable_team_policy(ctx: Context):
    return _toggle_team(ctx, True)


@route("POST", "/v1/teams/{teamId}/policies/{policyId}/disable")
def disable_team_policy(ctx: Context):
    return _toggle_team(ctx, False)
