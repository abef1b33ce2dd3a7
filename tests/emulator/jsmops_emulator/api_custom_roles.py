# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Custom user roles of the site, and assigning one to a user.

As the spec describes them: only admins may read or change them (403 otherwise); the list names the roles
(``{id, name}``, offset/size, default 20, at most 100); a role's own endpoint takes ``identifierType`` ``id`` (the
default) or ``name`` and answers with its ``extendedRole`` ("user") and rights; create (200) and update (a PUT of name and
rights) answer ``{"message": "Created" | "Updated", "data": {"id", "name"}}``; delete answers 204. A name another role has,
a blank name, or a right both granted and disallowed is a 400 ("a field is not properly set"). The spec lists no rights,
so any non-blank right is kept. ``POST /v1/roles/assign`` records the role on the account (404 for an unknown account or
role) and answers like create.
"""

from __future__ import annotations

from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .store import new_id

FIELDS = ("id", "name", "extendedRole", "grantedRights", "disallowedRights")


def _admin(ctx: Context) -> None:
    if not ctx.account.get("admin"):
        raise ApiError(403, "You do not have permission to manage custom user roles")


def _role(ctx: Context) -> dict:
    _admin(ctx)
    kind = ctx.args.get("identifierType") or "id"
    if kind not in ("id", "name"):
        raise ApiError(422, "identifierType must be id or name")
    found = next((role for role in ctx.store.custom_roles if role[kind] == ctx.params["identifier"]), None)
    if found is None:
        raise ApiError(404, "Custom user role not found")
    return found


def _fields(ctx: Context, current: dict | None) -> dict:
    body = ctx.json_object()
    name = body.get("name") if "name" in body or current is None else current["name"]
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "name must be given")
    if any(role["name"] == name and role is not current for role in ctx.store.custom_roles):
        raise ApiError(400, f"A custom user role named '{name}' exists")
    rights = {}
    for key in ("grantedRights", "disallowedRights"):
        value = body.get(key, [] if current is None else current[key])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ApiError(400, f"{key} must be a list of rights")
        rights[key] = list(dict.fromkeys(value))
    if set(rights["grantedRights"]) & set(rights["disallowedRights"]):
        raise ApiError(400, "A right cannot be both granted and disallowed")
    return dict(rights, name=name)


def _answer(message: str, role: dict):
    return json_reply(200, {"message": message, "data": {"id": role["id"], "name": role["name"]}})


@route("GET", "/v1/roles")
def list_roles(ctx: Context):
    _admin(ctx)
    summaries = [{"id": role["id"], "name": role["name"]} for role in ctx.store.custom_roles]
    page, links = ctx.paginate(summaries, "/v1/roles", default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/roles")
def create_role(ctx: Context):
    _admin(ctx)
    role = dict(_fields(ctx, None), id=new_id(), extendedRole="user")
    ctx.store.custom_roles.append(role)
    return _answer("Created", role)


@route("GET", "/v1/roles/{identifier}")
def get_role(ctx: Context):
    role = _role(ctx)
    return json_reply(200, {key: role[key] for key in FIELDS})


@route("PUT", "/v1/roles/{identifier}")
def update_role(ctx: Context):
    role = _role(ctx)
    role.update(_fields(ctx, role))
    return _answer("Updated", role)


@route("DELETE", "/v1/roles/{identifier}")
def delete_role(ctx: Context):
    role = _role(ctx)
    ctx.store.custom_roles.remove(role)
    return empty_reply(204)


@route("POST", "/v1/roles/assign")
def assign_role(ctx: Context):
    _admin(ctx)
    body = ctx.json_object()
    account = ctx.store.account(body.get("accountId")) if isinstance(body.get("accountId"), str) else None
    role = next((item for item in ctx.store.custom_roles if item["id"] == body.get("roleId")), None)
    if account is None or role is None:
        raise ApiError(404, "User or custom user role not found")
    account["customRoleId"] = role["id"]
    return json_reply(200, {"message": "Created", "data": {"id": role["id"], "name": role["name"]}})
