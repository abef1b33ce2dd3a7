# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarding rules: one user's notifications forwarded to another over a period.

As the spec describes them: create answers 201 with the rule, update is a PUT of the whole rule (all four fields
required), delete answers 204; a user id that is not an account is a 404, an end not after the start a 422. An admin
sees and changes every rule; another account only the rules that forward its own notifications or to it, and creates
and changes only rules that forward its own (403 otherwise). ``showAll`` is accepted and does not narrow the list:
the spec does not say what it would hide.
"""

from __future__ import annotations

from .common import ApiError, api_date, empty_reply, json_reply, parse_date
from .routing import Context, route
from .store import new_id

FIELDS = ("id", "fromUserId", "toUserId", "startDate", "endDate")


def _view(rule: dict) -> dict:
    return {key: rule[key] for key in FIELDS if rule.get(key) is not None}


def _visible(ctx: Context, rule: dict) -> bool:
    own = ctx.account.get("accountId")
    return bool(ctx.account.get("admin")) or own in (rule["fromUserId"], rule["toUserId"])


def _rule(ctx: Context) -> dict:
    rule = next((item for item in ctx.store.forwarding_rules if item["id"] == ctx.params["id"]), None)
    if rule is None:
        raise ApiError(404, "Forwarding rule not found")
    if not _visible(ctx, rule):
        raise ApiError(403, "You do not have permission to access this forwarding rule")
    return rule


def _fields(ctx: Context) -> dict:
    body = ctx.json_object()
    missing = [name for name in ("fromUserId", "toUserId", "startDate", "endDate") if not body.get(name)]
    if missing:
        raise ApiError(422, f"{', '.join(missing)} must be given")
    for name in ("fromUserId", "toUserId"):
        if not isinstance(body[name], str) or ctx.store.account(body[name]) is None:
            raise ApiError(404, f"User with id '{body[name]}' not found")
    start, end = parse_date(body["startDate"], "startDate"), parse_date(body["endDate"], "endDate")
    if end <= start:
        raise ApiError(422, "endDate must be after startDate")
    if body["fromUserId"] == body["toUserId"]:
        raise ApiError(422, "A user's notifications cannot be forwarded to the same user")
    if not ctx.account.get("admin") and body["fromUserId"] != ctx.account.get("accountId"):
        raise ApiError(403, "You can only forward your own notifications")
    return {"fromUserId": body["fromUserId"], "toUserId": body["toUserId"], "startDate": api_date(start), "endDate": api_date(end)}


@route("GET", "/v1/forwarding-rules")
def list_forwarding_rules(ctx: Context):
    visible = [_view(rule) for rule in ctx.store.forwarding_rules if _visible(ctx, rule)]
    page, links = ctx.paginate(visible, "/v1/forwarding-rules", default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/forwarding-rules")
def create_forwarding_rule(ctx: Context):
    rule = dict(_fields(ctx), id=new_id())
    ctx.store.forwarding_rules.append(rule)
    return json_reply(201, _view(rule))


@route("GET", "/v1/forwarding-rules/{id}")
def get_forwarding_rule(ctx: Context):
    return json_reply(200, _view(_rule(ctx)))


@route("PUT", "/v1/forwarding-rules/{id}")
def update_forwarding_rule(ctx: Context):
    rule = _rule(ctx)
    if not ctx.account.get("admin") and rule["fromUserId"] != ctx.account.get("accountId"):
        raise ApiError(403, "You can only change the forwarding of your own notifications")
    rule.update(_fields(ctx))
    return json_reply(200, _view(rule))


@route("DELETE", "/v1/forwarding-rules/{id}")
def delete_forwarding_rule(ctx: Context):
    rule = _rule(ctx)
    if not ctx.account.get("admin") and rule["fromUserId"] != ctx.account.get("accountId"):
        raise ApiError(403, "You can only delete the forwarding of your own notifications")
    ctx.store.forwarding_rules.remove(rule)
    return empty_reply(204)
