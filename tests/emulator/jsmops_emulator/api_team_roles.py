# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Team roles, under /v1/teams/{teamId}/roles.

A role has an ``id``, a ``name`` (unique within the team, ignoring case) and ``rights``: the
seventeen rights the spec's examples list, each granted or not. Responses always list every
right, in that order; a right a request does not mention is not granted (on create) or stays as
it was (on update). ``identifierType`` (``id``, the default, or ``name``) says what the
``identifier`` in the path is. Create answers 200, as the spec says.
"""

from __future__ import annotations

import uuid

from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .team_ops_store import ops_team

# The rights of the spec's TeamRoleResponse examples, in their order.
RIGHTS = (
    "access-reports", "delete-escalations", "delete-heartbeats", "delete-integrations", "delete-maintenance", "delete-policies",
    "delete-routing-rules", "delete-schedules", "delete-team-roles", "edit-escalations", "edit-heartbeats", "edit-integrations",
    "edit-maintenance", "edit-policies", "edit-routing-rules", "edit-schedules", "edit-team-roles",
)
IDENTIFIER_TYPES = ("id", "name")


def role_view(role: dict) -> dict:
    return {"id": role["id"], "name": role["name"], "rights": [{"right": right, "granted": role["rights"].get(right, False)} for right in RIGHTS]}


def _name(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ApiError(422, "'name' is required: a non-empty string")
    return value


def _rights(value, current: dict) -> dict:
    if not isinstance(value, list):
        raise ApiError(422, "'rights' must be a list")
    rights = dict(current)
    seen = set()
    for item in value:
        if not isinstance(item, dict) or item.get("right") not in RIGHTS:
            raise ApiError(422, f"Each right needs a 'right' of {', '.join(RIGHTS)}")
        if not isinstance(item.get("granted"), bool):
            raise ApiError(422, f"Right '{item['right']}' needs 'granted' true or false")
        if item["right"] in seen:
            raise ApiError(422, f"Right '{item['right']}' is given more than once")
        seen.add(item["right"])
        rights[item["right"]] = item["granted"]
    return rights


def _clash(roles: list[dict], name: str, keep: dict | None = None) -> None:
    wanted = name.casefold()
    if any(role is not keep and role["name"].casefold() == wanted for role in roles):
        raise ApiError(409, f"A team role named '{name}' already exists")


def _find(ctx: Context, team: dict) -> dict:
    kind = ctx.args.get("identifierType") or "id"
    if kind not in IDENTIFIER_TYPES:
        raise ApiError(422, f"'identifierType' must be one of {', '.join(IDENTIFIER_TYPES)}")
    identifier = ctx.params["identifier"]
    for role in ctx.store.team_ops.team_roles(team["teamId"]):
        if (kind == "id" and role["id"] == identifier) or (kind == "name" and role["name"].casefold() == identifier.casefold()):
            return role
    raise ApiError(404, "Team role not found")


@route("GET", "/v1/teams/{teamId}/roles")
def list_roles(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    return json_reply(200, [role_view(role) for role in ctx.store.team_ops.team_roles(team["teamId"])])


@route("POST", "/v1/teams/{teamId}/roles")
def create_role(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    data = ctx.json_object()
    name = _name(data.get("name"))
    rights = _rights(data["rights"], {}) if data.get("rights") is not None else {}
    _clash(ctx.store.team_ops.team_roles(team["teamId"]), name)
    role = {"id": str(uuid.uuid4()), "name": name, "rights": rights}
    ctx.store.team_ops.add_team_role(team["teamId"], role)
    return json_reply(200, role_view(role))


@route("GET", "/v1/teams/{teamId}/roles/{identifier}")
def get_role(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    return json_reply(200, role_view(_find(ctx, team)))


@route("PATCH", "/v1/teams/{teamId}/roles/{identifier}")
def update_role(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    role = _find(ctx, team)
    data = ctx.json_object()
    name = _name(data["name"]) if data.get("name") is not None else role["name"]
    rights = _rights(data["rights"], role["rights"]) if data.get("rights") is not None else role["rights"]
    _clash(ctx.store.team_ops.team_roles(team["teamId"]), name, keep=role)
    role.update(name=name, rights=rights)
    return json_reply(200, role_view(role))


@route("DELETE", "/v1/teams/{teamId}/roles/{identifier}")
def delete_role(ctx: Context):
    team = ops_team(ctx, ctx.params["teamId"])
    ctx.store.team_ops.team_roles(team["teamId"]).remove(_find(ctx, team))
    return empty_reply(204)
