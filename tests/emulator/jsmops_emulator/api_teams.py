# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Teams."""

from __future__ import annotations

from .common import json_reply
from .routing import Context, route


@route("GET", "/v1/teams")
def list_teams(ctx: Context):
    """Admins see every team, everyone else the teams they belong to."""
    own = ctx.store.team_ids_of(ctx.account)
    teams = [
        {"teamId": team["teamId"], "teamName": team["teamName"]}
        for team in ctx.store.teams
        if ctx.account.get("admin") or team["teamId"] in own
    ]
    return json_reply(200, {"platformTeams": teams})
