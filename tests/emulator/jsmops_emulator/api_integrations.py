# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integrations, syncs and policies, read-only: what maintenance rules name, listed so clients can turn names into ids.

They come from the seed only. Admins see every integration and sync; other accounts see those of
their own teams (the spec's permission note on the integration list).
"""

from __future__ import annotations

from .common import ApiError, json_reply
from .incidents_store import member_team
from .routing import Context, route

INTEGRATION_FIELDS = ("id", "name", "type", "enabled", "teamId")
SYNC_FIELDS = ("id", "name", "type", "enabled", "teamId")
POLICY_FIELDS = ("type", "id", "name", "enabled", "order")
POLICY_TYPES = ("alert", "notification")


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
    """A page and ``links`` with ``next`` and ``previous``, as the integration and sync lists have them."""
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


@route("GET", "/v1/integrations")
def list_integrations(ctx: Context):
    """Filters: ``type`` and ``name`` (whole value, ignoring case), ``teamId``; ``size`` defaults to 100."""
    items = _filtered(ctx, ctx.store.incidents.integrations)
    page, links = _page_with_previous(ctx, items, "/v1/integrations", 100)
    return json_reply(200, {"values": [_view(item, INTEGRATION_FIELDS) for item in page], "links": links})


@route("GET", "/v1/syncs")
def list_syncs(ctx: Context):
    items = _filtered(ctx, ctx.store.incidents.syncs)
    page, links = _page_with_previous(ctx, items, "/v1/syncs", 100)
    return json_reply(200, {"values": [_view(item, SYNC_FIELDS) for item in page], "links": links})


def _ordered(policies: list[dict]) -> list[dict]:
    return sorted(policies, key=lambda policy: (policy.get("order", 0), policies.index(policy)))


@route("GET", "/v1/alerts/policies")
def list_global_policies(ctx: Context):
    """Global alert policies (those without a ``teamId``), by ``order``."""
    policies = _ordered([policy for policy in ctx.store.incidents.policies if not policy.get("teamId") and policy.get("type", "alert") == "alert"])
    page, links = ctx.paginate(policies, "/v1/alerts/policies", default_size=20, max_size=100)
    return json_reply(200, {"values": [_view(dict(policy, type=policy.get("type", "alert")), POLICY_FIELDS) for policy in page], "links": links})


@route("GET", "/v1/teams/{teamId}/policies")
def list_team_policies(ctx: Context):
    team = member_team(ctx, ctx.params["teamId"])
    kind = ctx.args.get("type")
    if kind not in POLICY_TYPES:
        raise ApiError(422, f"Query parameter 'type' is required: {' or '.join(POLICY_TYPES)}")
    policies = _ordered([policy for policy in ctx.store.incidents.policies
                         if policy.get("teamId") == team["teamId"] and policy.get("type", "alert") == kind])
    page, links = ctx.paginate(policies, f"/v1/teams/{team['teamId']}/policies", default_size=25, max_size=50)
    return json_reply(200, {"values": [_view(dict(policy, type=kind), POLICY_FIELDS) for policy in page], "links": links})
