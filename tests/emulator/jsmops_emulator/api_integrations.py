# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integrations, their actions and outgoing alert filter; the sync list.

Admins see and change every integration; other accounts those of their own teams (the spec's
permission notes). An integration is kept in ``store.incidents.integrations`` with its ``actions``
(in order: a direction's actions keep their order among themselves; lists serve incoming actions
first) and its ``outgoingAlertFilter``; a seeded integration without them has no actions and the
filter that matches all alerts. The API key of a new integration is kept as ``apiKey`` and served
only in the answer of the create.
"""

from __future__ import annotations

import copy
import uuid

from .api_routing_rules import OPERATIONS
from .common import ApiError, Reply, json_reply
from .routing import Context, route
from .store import new_id

INTEGRATION_FIELDS = ("id", "name", "type", "enabled", "teamId")  # IntegrationDetail, in lists
SYNC_FIELDS = ("id", "name", "type", "enabled", "teamId")
# Integration (answer of create and update) and IntegrationResponse (answer of get), in the spec's order. Neither has the
# description a create or update takes: it is kept, and never answered.
INTEGRATION_OBJECT_FIELDS = ("id", "type", "name", "enabled", "teamId", "typeSpecificProperties")
INTEGRATION_RESPONSE_FIELDS = ("id", "name", "type", "enabled", "teamId", "advanced", "directions", "domains", "typeSpecificProperties")
# Types whose integrations are made in the chat tool, not through the API (the spec's note on createIntegration).
UNCREATABLE_TYPES = ("slack", "slackapp", "microsoftteams", "microsoftteamsv2")
KEYLESS_TYPES = ("email",)
DIRECTIONS = ("incoming", "outgoing")
DOMAINS = ("alert",)
INCOMING_TYPES = ("create", "close", "acknowledge", "addNote", "ignore")
GROUP_TYPES = ("forwarding", "updating", "checkbox")
MATCH_TYPES = ("match-all", "match-any-condition", "match-all-conditions")
# IntegrationAction and ActionDetail, in the spec's order (``enabled`` last: the create request has it).
ACTION_FIELDS = ("id", "type", "name", "domain", "direction", "actionMapping", "groupType", "extraField", "filter", "typeSpecificProperties",
                 "fieldMappings", "enabled")
ACTION_DETAIL_FIELDS = ("id", "name", "type", "direction", "domain", "actionMappingType", "groupType")
DEFAULT_ACTIONS = (("Create Alert", "create"), ("Close Alert", "close"), ("Acknowledge Alert", "acknowledge"), ("Add Note", "addNote"))


def _view(item: dict, fields: tuple[str, ...]) -> dict:
    return {key: item[key] for key in fields if item.get(key) is not None}


def _visible(ctx: Context, items: list[dict]) -> list[dict]:
    if ctx.account.get("admin"):
        return list(items)
    own = ctx.store.team_ids_of(ctx.account)
    return [item for item in items if item.get("teamId") in own]


def _whole_number(ctx: Context, name: str, default: int, minimum: int) -> int:
    """Also for the sync list, whose ``offset`` and ``size`` the spec types as strings."""
    raw = ctx.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(422, f"Invalid value for query parameter '{name}'") from exc
    if value < minimum:
        raise ApiError(422, f"Query parameter '{name}' must be {minimum} or more")
    return value


def _page_with_previous(ctx: Context, items: list, path: str, default_size: int) -> tuple[list, dict]:
    """A page and ``links`` with ``next`` and ``previous``, as the integration, action and sync lists have them."""
    size = _whole_number(ctx, "size", default_size, 1)
    offset = _whole_number(ctx, "offset", 0, 0)
    others = [(key, value) for key, value in ctx.args.items(multi=True) if key not in ("offset", "size")]
    links = {}
    if offset + size < len(items):
        links["next"] = ctx.link(path, [("offset", str(offset + size)), ("size", str(size))] + others)
    if offset > 0:
        links["previous"] = ctx.link(path, [("offset", str(max(0, offset - size))), ("size", str(size))] + others)
    return items[offset:offset + size], links


def _filtered(ctx: Context, items: list[dict]) -> list[dict]:
    kind, team_id, name = ctx.args.get("type"), ctx.args.get("teamId"), ctx.args.get("name")
    found = _visible(ctx, items)
    if kind:
        found = [item for item in found if str(item.get("type", "")).casefold() == kind.casefold()]
    if team_id:
        found = [item for item in found if item.get("teamId") == team_id]
    if name:
        found = [item for item in found if str(item.get("name", "")).casefold() == name.casefold()]
    return found


# checks shared by integrations, actions and filters


def _text(data: dict, key: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ApiError(422, f"'{key}' is required")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(422, f"'{key}' must be a non-empty string" if required else f"'{key}' must be a string")
    return value


def _flag(data: dict, key: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise ApiError(422, f"'{key}' must be true or false")
    return value


def _mapping(data: dict, key: str) -> dict | None:
    value = data.get(key)
    if value is not None and not isinstance(value, dict):
        raise ApiError(422, f"'{key}' must be an object")
    return copy.deepcopy(value)


def condition(data, index: int, where: str) -> dict:
    """A filter condition: ``field`` and ``operation`` (the spec's enum) required; ``not`` false and ``order`` its index by default."""
    where = f"{where}.conditions[{index}]"
    if not isinstance(data, dict):
        raise ApiError(422, f"{where} must be an object")
    if not isinstance(data.get("field"), str) or not data["field"]:
        raise ApiError(422, f"{where}: 'field' is required")
    if data.get("operation") not in OPERATIONS:
        raise ApiError(422, f"{where}: 'operation' must be one of {', '.join(OPERATIONS)}")
    found = {"field": data["field"]}
    for key in ("key", "expectedValue"):
        if data.get(key) is not None:
            if not isinstance(data[key], str):
                raise ApiError(422, f"{where}: '{key}' must be a string")
            found[key] = data[key]
    negate = data.get("not") if data.get("not") is not None else False
    if not isinstance(negate, bool):
        raise ApiError(422, f"{where}: 'not' must be true or false")
    order = data.get("order") if data.get("order") is not None else index
    if not isinstance(order, int) or isinstance(order, bool):
        raise ApiError(422, f"{where}: 'order' must be an integer")
    found.update({"not": negate, "operation": data["operation"], "order": order, "systemCondition": False})
    return found


def _conditions(value, where: str) -> list[dict]:
    if not isinstance(value, list):
        raise ApiError(422, f"'{where}.conditions' must be a list")
    return [condition(item, index, where) for index, item in enumerate(value)]


def _filter(value, where: str, current: dict | None = None) -> dict:
    """An action's or the outgoing filter: given fields replace those of ``current`` (match-all, no conditions by default)."""
    if not isinstance(value, dict):
        raise ApiError(422, f"'{where}' must be an object")
    found = copy.deepcopy(current) if current is not None else default_filter()
    if value.get("conditionMatchType") is not None:
        if value["conditionMatchType"] not in MATCH_TYPES:
            raise ApiError(422, f"'{where}.conditionMatchType' must be one of {', '.join(MATCH_TYPES)}")
        found["conditionMatchType"] = value["conditionMatchType"]
    if value.get("conditions") is not None:
        found["conditions"] = _conditions(value["conditions"], where)
    return found


def default_filter() -> dict:
    return {"conditionMatchType": "match-all", "conditions": []}


# integrations


def _integration(ctx: Context, name: str) -> dict:
    """The integration of the path parameter ``name``: 404 when unknown, 403 when the caller may not see it."""
    integration = ctx.store.incidents.entity("integration", ctx.params[name])
    if integration is None:
        raise ApiError(404, "Integration not found")
    if not _visible(ctx, [integration]):
        raise ApiError(403, "You may only see and change integrations of your own teams")
    return integration


def _team_id(ctx: Context, value) -> str:
    """A ``teamId`` of a create or update: a team of the site (422), one of the caller's unless an admin (403)."""
    if not isinstance(value, str) or ctx.store.team(value) is None:
        raise ApiError(422, f"Team with id '{value}' does not exist")
    if not ctx.account.get("admin") and value not in ctx.store.team_ids_of(ctx.account):
        raise ApiError(403, "You may only create and change integrations of your own teams")
    return value


def _unique_name(ctx: Context, name: str, itself: dict | None = None) -> None:
    other = ctx.store.incidents.integration_named(name)
    if other is not None and other is not itself:
        raise ApiError(422, f"An integration named '{name}' already exists")


def _actions(integration: dict) -> list[dict]:
    """The integration's actions as stored, made on the first write (a seeded integration may have none)."""
    return integration.setdefault("actions", [])


def _stored_actions(integration: dict) -> list[dict]:
    """The integration's actions, for reading: the store is left as it is."""
    return integration.get("actions") or []


def _ordered_actions(integration: dict) -> list[dict]:
    """Incoming actions in their order, then outgoing ones in theirs."""
    actions = _stored_actions(integration)
    return [action for direction in DIRECTIONS for action in actions if action.get("direction") == direction]


def _outgoing_filter(integration: dict) -> dict:
    """The stored filter, or the one that matches all alerts (left unstored until changed)."""
    return integration.get("outgoingAlertFilter") or default_filter()


def _default_action(name: str, kind: str) -> dict:
    return {"id": new_id(), "type": kind, "name": name, "domain": "alert", "direction": "incoming", "extraField": "", "filter": default_filter(),
            "typeSpecificProperties": {}, "fieldMappings": {"message": "{{message}}"} if kind == "create" else {}, "enabled": True}


def integration_object(integration: dict) -> dict:
    """The Integration the create and update answer (never the API key)."""
    view = _view(integration, INTEGRATION_OBJECT_FIELDS)
    view["enabled"] = bool(integration.get("enabled"))
    view["typeSpecificProperties"] = copy.deepcopy(integration.get("typeSpecificProperties") or {})
    return {key: view[key] for key in INTEGRATION_OBJECT_FIELDS if key in view}


def integration_response(integration: dict) -> dict:
    """The IntegrationResponse of getting an integration."""
    view = integration_object(integration)
    directions = {action.get("direction") for action in _stored_actions(integration)}
    view.update({"advanced": False, "directions": ["incoming", "outgoing"] if "outgoing" in directions else ["incoming"], "domains": ["alert"]})
    return {key: view[key] for key in INTEGRATION_RESPONSE_FIELDS if key in view}


@route("GET", "/v1/integrations")
def list_integrations(ctx: Context):
    """Filters: ``type`` and ``name`` (whole value, ignoring case), ``teamId``; ``size`` defaults to 100."""
    items = _filtered(ctx, ctx.store.incidents.integrations)
    page, links = _page_with_previous(ctx, items, "/v1/integrations", 100)
    return json_reply(200, {"values": [_view(item, INTEGRATION_FIELDS) for item in page], "links": links})


@route("POST", "/v1/integrations")
def create_integration(ctx: Context):
    """200 with the Integration and, for every type but Email, its ``apiKey`` (served this once); four default incoming actions."""
    data = ctx.json_object()
    name = _text(data, "name", required=True)
    kind = _text(data, "type", required=True)
    if kind.casefold() in UNCREATABLE_TYPES:
        raise ApiError(422, f"Integrations of type {kind} cannot be created through the API")
    enabled = _flag(data, "enabled")
    description = _text(data, "description")
    properties = _mapping(data, "typeSpecificProperties")
    if data.get("teamId") is not None:
        team_id = _team_id(ctx, data["teamId"])
    elif not ctx.account.get("admin"):
        raise ApiError(403, "Only admins may create global integrations")
    else:
        team_id = None
    _unique_name(ctx, name)
    integration = {"id": new_id(), "name": name, "type": kind, "enabled": bool(enabled), "typeSpecificProperties": properties or {}}
    if team_id is not None:
        integration["teamId"] = team_id
    if description is not None:
        integration["description"] = description
    integration["actions"] = [_default_action(action_name, action_type) for action_name, action_type in DEFAULT_ACTIONS]
    integration["outgoingAlertFilter"] = default_filter()
    answer = integration_object(integration)
    if kind.casefold() not in KEYLESS_TYPES:
        integration["apiKey"] = str(uuid.uuid4())
        answer["apiKey"] = integration["apiKey"]
    ctx.store.incidents.integrations.append(integration)
    return json_reply(200, answer)


@route("GET", "/v1/integrations/{id}")
def get_integration(ctx: Context):
    return json_reply(200, integration_response(_integration(ctx, "id")))


@route("PATCH", "/v1/integrations/{id}")
def update_integration(ctx: Context):
    """Changes the given fields; ``typeSpecificProperties`` is merged key by key into the stored map."""
    integration = _integration(ctx, "id")
    data = ctx.json_object()
    name = _text(data, "name")
    if name is not None:
        if not name.strip():
            raise ApiError(422, "'name' must be a non-empty string")
        _unique_name(ctx, name, integration)
    enabled = _flag(data, "enabled")
    description = _text(data, "description")
    properties = _mapping(data, "typeSpecificProperties")
    team_id = _team_id(ctx, data["teamId"]) if data.get("teamId") is not None else None
    for key, value in (("name", name), ("enabled", enabled), ("description", description), ("teamId", team_id)):
        if value is not None:
            integration[key] = value
    if properties is not None:
        integration.setdefault("typeSpecificProperties", {}).update(properties)
    return json_reply(200, integration_object(integration))


@route("DELETE", "/v1/integrations/{id}")
def delete_integration(ctx: Context):
    """200 with an empty body; its actions and filter go with it."""
    integration = _integration(ctx, "id")
    ctx.store.incidents.integrations.remove(integration)
    return Reply(200)


# actions


def action_view(action: dict) -> dict:
    """The IntegrationAction, its filter with ``conditionsEmpty`` computed."""
    view = {key: copy.deepcopy(action[key]) for key in ACTION_FIELDS if action.get(key) is not None}
    stored = action.get("filter") or default_filter()
    view["filter"] = {"conditionsEmpty": not stored.get("conditions"), "conditionMatchType": stored.get("conditionMatchType", "match-all"),
                      "conditions": copy.deepcopy(stored.get("conditions") or [])}
    for key in ("typeSpecificProperties", "fieldMappings"):
        view.setdefault(key, {})
    view.setdefault("extraField", "")
    view["enabled"] = bool(action.get("enabled"))
    return {key: view[key] for key in ACTION_FIELDS if key in view}


def _action_detail(action: dict) -> dict:
    view = _view(action, ACTION_DETAIL_FIELDS)
    mapping = action.get("actionMapping")
    if isinstance(mapping, dict) and mapping.get("type"):
        view["actionMappingType"] = mapping["type"]
    return {key: view[key] for key in ACTION_DETAIL_FIELDS if key in view}


def _action(ctx: Context) -> tuple[dict, dict]:
    integration = _integration(ctx, "integrationId")
    for action in _stored_actions(integration):
        if action.get("id") == ctx.params["id"]:
            return integration, action
    raise ApiError(404, "Integration action not found")


def _unique_action_name(integration: dict, name: str, itself: dict | None = None) -> None:
    for action in _stored_actions(integration):
        if action is not itself and str(action.get("name", "")).casefold() == name.casefold():
            raise ApiError(422, f"The integration has an action named '{name}' already")


def _action_mapping(data: dict) -> dict | None:
    value = data.get("actionMapping")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("type"), str) or not value["type"]:
        raise ApiError(422, "'actionMapping' must be an object with a 'type'")
    if value.get("parameter") is not None and not isinstance(value["parameter"], dict):
        raise ApiError(422, "'actionMapping.parameter' must be an object")
    return copy.deepcopy(value)


def _changes(data: dict) -> dict:
    """The fields an action's create and update share, checked; absent and null fields are left out."""
    fields = {"enabled": _flag(data, "enabled"), "typeSpecificProperties": _mapping(data, "typeSpecificProperties"),
              "fieldMappings": _mapping(data, "fieldMappings"), "actionMapping": _action_mapping(data)}
    if data.get("filter") is not None:
        fields["filter"] = _filter(data["filter"], "filter")
    return {key: value for key, value in fields.items() if value is not None}


@route("GET", "/v1/integrations/{integrationId}/actions")
def list_actions(ctx: Context):
    """Incoming actions first; filters ``type``, ``direction``, ``domain`` and ``name`` (whole value, ignoring case); ``size`` defaults to 50."""
    integration = _integration(ctx, "integrationId")
    found = _ordered_actions(integration)
    for key in ("type", "direction", "domain", "name"):
        wanted = ctx.args.get(key)
        if wanted:
            found = [action for action in found if str(action.get(key, "")).casefold() == wanted.casefold()]
    page, links = _page_with_previous(ctx, found, f"/v1/integrations/{integration['id']}/actions", 50)
    return json_reply(200, {"values": [_action_detail(action) for action in page], "links": links})


@route("POST", "/v1/integrations/{integrationId}/actions")
def create_action(ctx: Context):
    """200 with the action, placed last among the integration's actions of its direction."""
    integration = _integration(ctx, "integrationId")
    data = ctx.json_object()
    if data.get("direction") not in DIRECTIONS:
        raise ApiError(422, f"'direction' is required: one of {', '.join(DIRECTIONS)}")
    if data.get("domain") not in DOMAINS:
        raise ApiError(422, f"'domain' is required: one of {', '.join(DOMAINS)}")
    if data.get("filter") is None:
        raise ApiError(422, "'filter' is required")
    name = _text(data, "name", required=True)
    kind = _text(data, "type", required=True)
    direction = data["direction"]
    if direction == "incoming" and kind not in INCOMING_TYPES:
        raise ApiError(422, f"The type of an incoming action must be one of {', '.join(INCOMING_TYPES)}")
    if direction == "outgoing" and data.get("groupType") not in GROUP_TYPES:
        raise ApiError(422, f"Outgoing actions need a 'groupType': one of {', '.join(GROUP_TYPES)}")
    extra = _text(data, "extraField")
    fields = _changes(data)
    _unique_action_name(integration, name)
    action = {"id": new_id(), "type": kind, "name": name, "domain": data["domain"], "direction": direction, "extraField": extra or "",
              "filter": default_filter(), "typeSpecificProperties": {}, "fieldMappings": {}, "enabled": False}
    if direction == "outgoing":
        action["groupType"] = data["groupType"]
    action.update(fields)
    _actions(integration).append(action)
    return json_reply(200, action_view(action))


@route("GET", "/v1/integrations/{integrationId}/actions/{id}")
def get_action(ctx: Context):
    return json_reply(200, action_view(_action(ctx)[1]))


@route("PATCH", "/v1/integrations/{integrationId}/actions/{id}")
def update_action(ctx: Context):
    """The given fields replace the stored ones (``filter`` whole); 200 with the action."""
    integration, action = _action(ctx)
    data = ctx.json_object()
    name = _text(data, "name")
    if name is not None:
        if not name.strip():
            raise ApiError(422, "'name' must be a non-empty string")
        _unique_action_name(integration, name, action)
    fields = _changes(data)
    if name is not None:
        fields["name"] = name
    action.update(fields)
    return json_reply(200, action_view(action))


@route("DELETE", "/v1/integrations/{integrationId}/actions/{id}")
def delete_action(ctx: Context):
    integration, action = _action(ctx)
    _actions(integration).remove(action)
    return Reply(200)


@route("PATCH", "/v1/integrations/{integrationId}/actions/{id}/order")
def reorder_action(ctx: Context):
    """The action goes just before ``successorId`` (another action of the same direction, else 422), or last without one; 200, no body."""
    integration, action = _action(ctx)
    data = ctx.json_object() if ctx.body else {}
    successor_id = data.get("successorId")
    actions = _actions(integration)
    if successor_id is None:
        actions.remove(action)
        actions.append(action)
        return Reply(200)
    successor = next((item for item in actions if item.get("id") == successor_id), None)
    if successor is None or successor is action or successor.get("direction") != action.get("direction"):
        raise ApiError(422, "'successorId' must be the id of another action of the integration with the same direction")
    actions.remove(action)
    actions.insert(actions.index(successor), action)
    return Reply(200)


# outgoing alert filter


@route("GET", "/v1/integrations/{integrationId}/outgoing/alert-filter/main")
def get_outgoing_filter(ctx: Context):
    return json_reply(200, copy.deepcopy(_outgoing_filter(_integration(ctx, "integrationId"))))


@route("PATCH", "/v1/integrations/{integrationId}/outgoing/alert-filter/main")
def update_outgoing_filter(ctx: Context):
    """The given fields replace the stored ones; 200 with the filter."""
    integration = _integration(ctx, "integrationId")
    integration["outgoingAlertFilter"] = _filter(ctx.json_object(), "filter", _outgoing_filter(integration))
    return json_reply(200, copy.deepcopy(integration["outgoingAlertFilter"]))


# syncs


@route("GET", "/v1/syncs")
def list_syncs(ctx: Context):
    items = _filtered(ctx, ctx.store.incidents.syncs)
    page, links = _page_with_previous(ctx, items, "/v1/syncs", 100)
    return json_reply(200, {"values": [_view(item, SYNC_FIELDS) for item in page], "links": links})
