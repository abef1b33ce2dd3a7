# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarding rules: one user's notifications forwarded to another over a period, replaced whole with PUT.

The API gives a forwarding rule no name or alias: a rule is found by its two users (or by its id), so one pair of users
has one rule; where a site holds more than one for the pair, the id picks one.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, same_instant
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, unless_hidden
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Context, Family, Field, end_after_start

PATH = "/v1/forwarding-rules"
USERS = (("from_user", "fromUserId"), ("to_user", "toUserId"))


def _named(params: dict) -> None:
    if not params.get("id") and not (params.get("from_user") and params.get("to_user")):
        raise ConfigurationError("from_user and to_user name the forwarding rule; give both, or its id.")


def _users(params: dict, ctx) -> dict:
    return {field: ctx.resolver.user_id(params[option], option=option) for option, field in USERS if params.get(option)}


def desired(params: dict, ctx) -> dict:
    """The fields the options set: users as account ids, dates in the API's form; the pair names the rule unless id does."""
    _named(params)
    wanted = {field: api_datetime(params[option], option) for option, field in (("start_date", "startDate"), ("end_date", "endDate"))
              if params.get(option)}
    if len(wanted) == 2:
        end_after_start(wanted, ctx)
    wanted.update(_users(params, ctx))
    if wanted.get("fromUserId") and wanted.get("fromUserId") == wanted.get("toUserId"):
        raise ConfigurationError("to_user must be another user than from_user: a user's notifications cannot be forwarded to the same user.")
    return wanted


def probe(params: dict, ctx) -> dict:
    """What names the rule to delete: its two users."""
    _named(params)
    return _users(params, ctx)


def same_pair(rule: dict, wanted: dict) -> bool:
    return bool(wanted.get("fromUserId")) and (rule.get("fromUserId"), rule.get("toUserId")) == (wanted.get("fromUserId"), wanted.get("toUserId"))


FORWARDING_RULES = Family(
    "forwarding_rule", PATH, title="forwarding rule", page_size=100,
    list_params={"showAll": "true"},
    id_option="id", key=None,
    unknown_id="id {value!r} is not a forwarding rule the account can see; leave id out to create a rule for from_user and to_user.",
    match=same_pair, probe=probe,
    ambiguous_match="from_user and to_user match {count} {plural} ({ids}); give the id of the one this task is about.",
    update="PUT", writable=["fromUserId", "toUserId", "startDate", "endDate"],
    fields=[
        Field("fromUserId", None),
        Field("toUserId", None),
        Field("startDate", None, compare=same_instant),
        Field("endDate", None, compare=same_instant),
    ],
    build=desired,
    requires=[("start_date", "startDate"), ("end_date", "endDate")],
    new_title="the forwarding rule",
)


def run_info(module, client) -> tuple:
    """The rules the account can see, those of from_user and to_user when given, or the one of id."""
    params = module.params
    ctx = Context(client, params=params)
    collection = Collection(FORWARDING_RULES, client)
    if params.get("id"):
        found = unless_hidden(lambda: collection.get(params["id"]), None)
        return False, {"forwarding_rules": [] if found is None else [found]}, None
    users = _users(params, ctx)
    rules = [rule for rule in unless_hidden(collection.list, []) if all(rule.get(field) == value for field, value in users.items())]
    return False, {"forwarding_rules": rules}, None
