# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Teams: the operations teams the account can see, and turning operations on for an Atlassian team.

Creating an Atlassian team is not part of this API: a team is made in Atlassian Home (or through the
Teams API), and this API turns its operations on.  ``GET /v1/teams`` lists only teams whose operations
are on, so a team whose operations are off can be named only by its id.
"""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import make_diff
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Collection, Family, Field, unchanged
from ansible_collections.jsm.ops.plugins.module_utils.core.policy import RequestTracker
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import looks_like_uuid
from ansible_collections.jsm.ops.plugins.module_utils.families.escalations import ESCALATIONS

ENABLE_OPS = "/v1/teams/{}/enable-ops"
ROUTING_RULES = "/v1/teams/{}/routing-rules"
SCHEDULE = "/v1/schedules/{}"

TEAM_REQUESTS = RequestTracker(
    "/v1/teams/{}/requests/{}",
    lambda report: {"SUCCESSFUL": "done", "FAILED": "failed"}.get((report.get("status") or {}).get("value")),
    lambda report: report.get("reason") or "the team request failed",
)


def check_options(desired, ctx):  # pylint: disable=unused-argument
    params = ctx.params
    if params.get("delete_default_resources") and not params.get("wait", True):
        raise ConfigurationError("delete_default_resources needs wait: true: the default resources exist only once operations are on.")
    if params.get("wait", True) and (params.get("wait_timeout") or 0) < 1:
        raise ConfigurationError("wait_timeout must be 1 or more seconds; got %s (set wait: false to return without waiting)." % params.get("wait_timeout"))


def enable_operations(collection: Collection, current: dict | None, check_mode: bool):
    """Turn operations on for the team named by the ``team`` option, unless they are on already."""
    ctx = collection.ctx
    params, client = ctx.params, collection.client
    if current is not None:
        return False, current, unchanged(), {"team_id": current["teamId"]}
    value = params["team"]
    if not looks_like_uuid(value):
        raise ConfigurationError(
            "team %r is not an operations team the account can see. This API lists only teams whose operations are on, so it cannot "
            "find a team whose operations are off by name: give the team's id (the last part of its address in Atlassian Home), "
            "and check the account is a member or an admin." % value
        )
    admins = [ctx.resolver.user_id(admin, "admins[%d]" % number) for number, admin in enumerate(params.get("admins") or [])]
    predicted = {"teamId": value}
    more = {"team_id": value, "request_id": None, "default_resources": {}}
    if check_mode:
        return True, predicted, make_diff({"operations": False}, {"operations": True}), more
    path = client.path(ENABLE_OPS, value)
    answer = client.policy.write_once(lambda: client.request("POST", path, body={"adminAccountIds": admins}).data,
                                      lambda: collection.get(value))
    if isinstance(answer, dict) and answer.get("teamId") == value:  # a lost answer, and the team was found enabled
        return True, answer, make_diff({"operations": False}, {"operations": True}), more
    more["request_id"] = request_id = (answer or {}).get("requestId")
    if not params["wait"] or not request_id:
        return True, predicted, make_diff({"operations": False}, {"operations": True}), more
    try:
        TEAM_REQUESTS.wait(client, request_id, "turn on operations for team %s" % value, params["wait_timeout"], value,
                           advice="Run the task again later: it reports the team once its operations are on.")
    except ApiError:
        if collection.get(value) is None:  # not on after all
            raise
    after = collection.get(value) or predicted
    if params.get("delete_default_resources"):
        more["default_resources"] = delete_default_resources(client, value)
    return True, after, make_diff({"operations": False}, {"operations": True}), more


def delete_default_resources(client, team_id: str) -> dict:
    """Remove what turning operations on made: the escalation the default routing rule notifies, the team's schedules
    that escalation pages, and the rule's notify (the default rule itself stays: the API does not delete it)."""
    rules = client.paginate(client.path(ROUTING_RULES, team_id), page_size=100)
    default = next((rule for rule in rules if rule.get("isDefault")), None)
    removed = {}
    if default is None:
        return removed
    notify = default.get("notify") or {}
    escalation = None
    if notify.get("type") == "escalation" and notify.get("id"):
        escalation = Collection(ESCALATIONS, client, team_id).get(notify["id"])
    client.request("PATCH", client.path(ROUTING_RULES, team_id) + client.path("/{}", default["id"]), body={"notify": {"type": "none"}})
    removed["routing_rule"] = {"id": default["id"], "name": default.get("name"), "notify": "none"}
    if escalation is None:
        return removed
    Collection(ESCALATIONS, client, team_id).delete(escalation)
    removed["escalation"] = {"id": escalation["id"], "name": escalation.get("name")}
    schedules = []
    for rule in escalation.get("rules") or []:
        recipient = rule.get("recipient") or {}
        if recipient.get("type") != "schedule" or not recipient.get("id"):
            continue
        schedule = client.get(client.path(SCHEDULE, recipient["id"]), missing_ok=True)
        if isinstance(schedule, dict) and schedule.get("teamId") == team_id:  # only the team's own schedule
            client.request("DELETE", client.path(SCHEDULE, schedule["id"]), missing_ok=True)
            schedules.append({"id": schedule["id"], "name": schedule.get("name")})
    if schedules:
        removed["schedules"] = schedules
    return removed


TEAMS = Family(
    "team", "/v1/teams",
    # One unpaged list of the teams whose operations are on; no item to read.
    paged=False, items_key="platformTeams", item=None,
    id_field="teamId", key="teamName", match="casefold", key_may_be_id=True,
    ambiguous="{option} {value!r} matches {count} teams by name ({ids}); give the team's id instead.",
    fields=[Field("teamName", option="team")],
    checks=[check_options],
    states={"enabled": enable_operations},
)
