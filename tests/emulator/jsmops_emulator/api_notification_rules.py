# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The calling account's notification rules and their steps (``/v1/notification-rules``).

Each account has its own rules; another account's rule is a 404. ``order`` is a rule's index among the account's rules
of the same ``actionType``: a create or update that gives it puts the rule there and shifts the others; without it a new
rule goes last. Schedule start and end rules need ``notificationTime`` (422 otherwise), as the spec says. A step's
``contact`` must be one of the account's contacts (422 otherwise). Create answers 201 with the rule (or the step);
update is a PATCH of the fields given; delete answers 204. Steps are listed in the order they were added.
"""

from __future__ import annotations

from .common import ApiError, empty_reply, json_reply
from .routing import Context, route
from .store import new_id

RULE_FIELDS = ("id", "name", "actionType", "criteria", "notificationTime", "timeRestriction", "schedules", "order", "steps", "repeat",
               "enabled")
SCHEDULE_ACTIONS = ("schedule-start", "schedule-end")


def _rules(ctx: Context, writing: bool = False) -> list:
    """The account's rules; only a write makes the account a list of its own (a read leaves the state as it is)."""
    if writing:
        return ctx.store.notification_rules.setdefault(ctx.account["accountId"], [])
    return ctx.store.notification_rules.get(ctx.account["accountId"], [])


def _same_action(ctx: Context, action: str) -> list:
    return [rule for rule in _rules(ctx) if rule["actionType"] == action]


def _view(ctx: Context, rule: dict) -> dict:
    view = dict(rule, order=_same_action(ctx, rule["actionType"]).index(rule), steps=[dict(step) for step in rule["steps"]])
    return {key: view[key] for key in RULE_FIELDS if view.get(key) is not None}


def _rule(ctx: Context, key: str = "id") -> dict:
    found = next((rule for rule in _rules(ctx) if rule["id"] == ctx.params[key]), None)
    if found is None:
        raise ApiError(404, "Notification rule not found")
    return found


def _contact(ctx: Context, contact) -> dict:
    if not isinstance(contact, dict):
        raise ApiError(422, "A step needs a contact")
    own = ctx.store.contacts.get(ctx.account["accountId"], [])
    if not any(item["method"] == contact.get("method") and item["to"].casefold() == str(contact.get("to", "")).casefold() for item in own):
        raise ApiError(422, f"{contact.get('method')} {contact.get('to')} is not a contact of the user")
    return {"method": contact["method"], "to": contact["to"]}


def _step(ctx: Context, body: dict, current: dict | None = None) -> dict:
    step = dict(current or {"id": new_id(), "sendAfter": 0, "enabled": True})
    if "contact" in body or current is None:
        step["contact"] = _contact(ctx, body.get("contact"))
    if "sendAfter" in body:
        if not isinstance(body["sendAfter"], int) or body["sendAfter"] < 0:
            raise ApiError(422, "sendAfter must be 0 or more minutes")
        step["sendAfter"] = body["sendAfter"]
    if "enabled" in body:
        step["enabled"] = bool(body["enabled"])
    return step


def _place(ctx: Context, rule: dict, order) -> None:
    """Put ``rule`` at index ``order`` among the account's rules of its action type (last when None)."""
    rules = _rules(ctx, writing=True)
    if rule in rules:
        rules.remove(rule)
    siblings = [item for item in rules if item["actionType"] == rule["actionType"]]
    if order is None or order >= len(siblings):
        rules.append(rule)
        return
    if not isinstance(order, int) or order < 0:
        raise ApiError(422, "order must be 0 or more")
    rules.insert(rules.index(siblings[order]), rule)


def _apply(ctx: Context, rule: dict, body: dict) -> None:
    for key in ("name", "actionType", "criteria", "notificationTime", "timeRestriction", "schedules", "repeat", "enabled"):
        if key in body:
            rule[key] = body[key]
    if not isinstance(rule.get("name"), str) or not rule["name"].strip():
        raise ApiError(422, "name must be given")
    if rule["actionType"] in SCHEDULE_ACTIONS and not rule.get("notificationTime"):
        raise ApiError(422, "notificationTime is required for schedule start and end rules")
    for schedule_id in rule.get("schedules") or []:
        if schedule_id not in ctx.store.schedules:
            raise ApiError(422, f"There is no schedule with id '{schedule_id}'")


@route("GET", "/v1/notification-rules")
def list_rules(ctx: Context):
    views = [_view(ctx, rule) for rule in _rules(ctx)]
    page, links = ctx.paginate(views, "/v1/notification-rules", default_size=20, max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/notification-rules")
def create_rule(ctx: Context):
    body = ctx.json_object()
    rule = {"id": new_id(), "criteria": {"type": "match-all"}, "steps": [], "enabled": True, "actionType": body.get("actionType")}
    _apply(ctx, rule, body)
    rule["steps"] = [_step(ctx, step) for step in body.get("steps") or []]
    _place(ctx, rule, body.get("order"))
    return json_reply(201, _view(ctx, rule))


@route("GET", "/v1/notification-rules/{id}")
def get_rule(ctx: Context):
    return json_reply(200, _view(ctx, _rule(ctx)))


@route("PATCH", "/v1/notification-rules/{id}")
def update_rule(ctx: Context):
    rule = _rule(ctx)
    body = ctx.json_object()
    changed = dict(rule)
    _apply(ctx, changed, body)
    rule.update(changed)
    if "order" in body:
        _place(ctx, rule, body["order"])
    return json_reply(200, _view(ctx, rule))


@route("DELETE", "/v1/notification-rules/{id}")
def delete_rule(ctx: Context):
    _rules(ctx).remove(_rule(ctx))
    return empty_reply(204)


def _rule_step(ctx: Context) -> tuple[dict, dict]:
    rule = _rule(ctx, "ruleId")
    step = next((item for item in rule["steps"] if item["id"] == ctx.params["id"]), None)
    if step is None:
        raise ApiError(404, "Notification rule step not found")
    return rule, step


@route("GET", "/v1/notification-rules/{ruleId}/steps")
def list_steps(ctx: Context):
    rule = _rule(ctx, "ruleId")
    page, links = ctx.paginate([dict(step) for step in rule["steps"]], f"/v1/notification-rules/{rule['id']}/steps", default_size=20,
                               max_size=100)
    return json_reply(200, {"values": page, "links": links})


@route("POST", "/v1/notification-rules/{ruleId}/steps")
def create_step(ctx: Context):
    rule = _rule(ctx, "ruleId")
    step = _step(ctx, ctx.json_object())
    rule["steps"].append(step)
    return json_reply(201, dict(step))


@route("GET", "/v1/notification-rules/{ruleId}/steps/{id}")
def get_step(ctx: Context):
    return json_reply(200, dict(_rule_step(ctx)[1]))


@route("PATCH", "/v1/notification-rules/{ruleId}/steps/{id}")
def update_step(ctx: Context):
    step = _rule_step(ctx)[1]
    step.update(_step(ctx, ctx.json_object(), step))
    return json_reply(200, dict(step))


@route("DELETE", "/v1/notification-rules/{ruleId}/steps/{id}")
def delete_step(ctx: Context):
    rule, step = _rule_step(ctx)
    rule["steps"].remove(step)
    return empty_reply(204)
