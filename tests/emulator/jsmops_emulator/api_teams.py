# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Teams: the list of operations teams, enabling operations in a team, and the status of team requests."""

from __future__ import annotations

from .common import ApiError, json_reply
from .incidents_store import member_team
from .routing import Context, route


@route("GET", "/v1/teams")
def list_teams(ctx: Context):
    """Operations teams only (teams whose operations are enabled): admins see all of them, everyone else the teams they belong to."""
    own = ctx.store.team_ids_of(ctx.account)
    ctx.store.team_ops.process(ctx.store)
    teams = [
        {"teamId": team["teamId"], "teamName": team["teamName"]}
        for team in ctx.store.teams
        if (ctx.account.get("admin") or team["teamId"] in own) and ctx.store.team_ops.operations_enabled(team["teamId"])
    ]
    return json_reply(200, {"platformTeams": teams})


@route("POST", "/v1/teams/{teamId}/enable-ops")
def enable_ops(ctx: Context):
    """Answers at once with a requestId; whether operations were enabled shows in the team request's status.

    ``adminAccountIds`` must name accounts of the site (422). A team whose operations are already
    enabled (or get enabled by an earlier request) makes the request FAILED.
    """
    team = member_team(ctx, ctx.params["teamId"])
    data = ctx.json_object() if ctx.body else {}
    admin_ids = data.get("adminAccountIds")
    if admin_ids is None:
        admin_ids = []
    if not isinstance(admin_ids, list) or not all(isinstance(item, str) for item in admin_ids):
        raise ApiError(422, "'adminAccountIds' must be a list of account ids")
    for account_id in admin_ids:
        if ctx.store.account(account_id) is None:
            raise ApiError(422, f"There is no user with accountId '{account_id}'")
    request = ctx.store.team_ops.submit(team["teamId"], ctx.account, admin_ids, ctx.settings)
    return json_reply(200, {"requestId": request["id"]})


@route("GET", "/v1/teams/{teamId}/requests/{requestId}")
def team_request_status(ctx: Context):
    """IN_PROGRESS until the request has been processed, then SUCCESSFUL or FAILED; 404 for a request of another team."""
    team = member_team(ctx, ctx.params["teamId"])
    ops = ctx.store.team_ops
    ops.process(ctx.store)
    request = ops.requests.get(ctx.params["requestId"])
    if request is None or request["teamId"] != team["teamId"]:
        raise ApiError(404, "Request not found")
    return json_reply(200, {"status": {"value": ops.status(request)}})
