# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""State of a team's operations: whether they are enabled, the team requests (enable-ops),
escalations, team roles, and the shared home of the teams' routing rules.

The store builds one ``TeamOps`` from the seed (``store.team_ops``). Routing rules live in
``store.routing_rules``: a dict of team id to the team's ordered list of routing rules, each a dict
in the API's field names (RoutingRuleResponse); ``routing_rules(store, team_id)`` returns a team's
list, creating it on first use.

Enabling operations is asynchronous, like alert requests: a request is due
``team_request_delay`` seconds (an emulator setting) after it was received and is processed the
next time a team request, escalation or team role endpoint, or ``/_emulator/state``, is used.
"""

from __future__ import annotations

import copy
import uuid
from datetime import timedelta

from .common import ApiError, api_date, to_utc
from .incidents_store import member_team, now_utc

# Seed keys read here (the store leaves them out of its own pass-through keys).
SEED_KEYS = ("teamsWithoutOperations",)
DEFAULT_SCHEDULE_TIMEZONE = "America/New_York"
DEFAULT_ROUTING_RULE_NAME = "Default routing rule"
# The time zone of a routing rule made without one: "the account time zone" in the spec; the emulator's site is in UTC.
DEFAULT_RULE_TIMEZONE = "UTC"


class TeamOpsSeedError(ValueError):
    """The seed's ``teamsWithoutOperations`` is not usable."""


def default_rule(notify: dict | None = None) -> dict:
    """A team's default routing rule: all alerts, to ``notify`` (nobody when None)."""
    return {"id": str(uuid.uuid4()), "name": DEFAULT_ROUTING_RULE_NAME, "isDefault": True, "criteria": {"type": "match-all"},
            "timezone": DEFAULT_RULE_TIMEZONE, "notify": notify or {"type": "none"}}


def routing_rules(store, team_id: str) -> list[dict]:
    """The team's routing rules in order (the list is created on first use)."""
    if getattr(store, "routing_rules", None) is None:
        store.routing_rules = {}
    return store.routing_rules.setdefault(team_id, [])


def ops_team(ctx, team_id: str) -> dict:
    """The team, for an admin or member, when its operations are enabled (404 otherwise; 403 for a non-member)."""
    team = member_team(ctx, team_id)
    ctx.store.team_ops.process(ctx.store)
    if not ctx.store.team_ops.operations_enabled(team_id):
        raise ApiError(404, "Operations are not enabled for this team")
    return team


class TeamOps:
    """Everything the team operation endpoints keep; the caller holds the emulator's lock."""

    def __init__(self, store, data: dict):
        self.disabled: set[str] = set()
        self.requests: dict[str, dict] = {}
        self.request_counter = 0
        self.escalations: dict[str, dict] = {}
        self.roles: dict[str, list[dict]] = {}
        if getattr(store, "routing_rules", None) is None:
            store.routing_rules = {}
        without = data.get("teamsWithoutOperations") or []
        if not isinstance(without, list):
            raise TeamOpsSeedError("the seed's 'teamsWithoutOperations' must be a list")
        for item in without:
            if isinstance(item, dict):
                # An Atlassian team of the site that has no operations yet.
                if not isinstance(item.get("teamId"), str) or not isinstance(item.get("teamName"), str):
                    raise TeamOpsSeedError("a team in 'teamsWithoutOperations' needs a string 'teamId' and 'teamName'")
                if store.team(item["teamId"]) is not None:
                    raise TeamOpsSeedError(f"team {item['teamId']!r} is seeded twice")
                store.teams.append({"teamId": item["teamId"], "teamName": item["teamName"]})
                self.disabled.add(item["teamId"])
                continue
            found = [team for team in store.teams if item in (team.get("teamId"), team.get("teamName"))]
            if not isinstance(item, str) or not found:
                raise TeamOpsSeedError(f"'teamsWithoutOperations' names no seeded team: {item!r}")
            self.disabled.update(team["teamId"] for team in found)
        for team in store.teams:  # every operations team has its default routing rule from the start
            if self.operations_enabled(team["teamId"]):
                rules = routing_rules(store, team["teamId"])
                if not any(rule.get("isDefault") for rule in rules):
                    rules.append(default_rule())

    def operations_enabled(self, team_id: str) -> bool:
        return team_id not in self.disabled

    # escalations and roles of a team

    def team_escalations(self, team_id: str) -> list[dict]:
        return [escalation for escalation in self.escalations.values() if escalation["teamId"] == team_id]

    def team_roles(self, team_id: str) -> list[dict]:
        """The team's roles; a read leaves the state as it was (the list is kept once a role is added)."""
        return self.roles.get(team_id, [])

    def add_team_role(self, team_id: str, role: dict) -> None:
        self.roles.setdefault(team_id, []).append(role)

    # team requests

    def submit(self, team_id: str, account: dict, admin_ids: list[str], settings: dict) -> dict:
        """Queue an enable-ops request, due after the current ``team_request_delay``."""
        now = now_utc()
        delay = float(settings.get("team_request_delay", 0.2))
        self.request_counter += 1
        request = {
            "id": str(uuid.uuid4()),
            "seq": self.request_counter,
            "action": "enable-ops",
            "teamId": team_id,
            "accountId": account.get("accountId"),
            "adminAccountIds": list(admin_ids),
            "receivedAt": api_date(now),
            "dueAt": api_date(now + timedelta(seconds=delay)),
            "processed": False,
        }
        self.requests[request["id"]] = request
        return request

    def status(self, request: dict) -> str:
        if not request["processed"]:
            return "IN_PROGRESS"
        return "SUCCESSFUL" if request["isSuccess"] else "FAILED"

    def process(self, store, now=None) -> None:
        """Carry out every request whose time has come, earliest first."""
        now = now or now_utc()
        due = [request for request in self.requests.values() if not request["processed"] and to_utc(request["dueAt"]) <= now]
        due.sort(key=lambda request: (to_utc(request["dueAt"]), request["seq"]))
        for request in due:
            reason = self._enable(store, request)
            request.update(processed=True, processedAt=request["dueAt"], isSuccess=reason is None, reason=reason)

    def _enable(self, store, request: dict) -> str | None:
        """Enable the team's operations with its default schedule, escalation and routing rule; the reason on failure."""
        team = store.team(request["teamId"])
        if team is None:
            return "The team does not exist"
        if self.operations_enabled(team["teamId"]):
            return "Operations are already enabled for this team"
        name = team["teamName"]
        if store.schedule_by_name(f"{name}_schedule") is not None:
            return f"A schedule named '{name}_schedule' already exists"
        schedule = {"id": str(uuid.uuid4()), "name": f"{name}_schedule", "description": "", "timezone": DEFAULT_SCHEDULE_TIMEZONE,
                    "enabled": True, "teamId": team["teamId"], "rotations": [], "overrides": []}
        store.schedules[schedule["id"]] = schedule
        escalation = {
            "id": str(uuid.uuid4()), "teamId": team["teamId"], "name": f"{name}_escalation", "description": "",
            "rules": [{"condition": "if-not-acked", "notifyType": "default", "delay": 1,
                       "recipient": {"id": schedule["id"], "type": "schedule"}}],
            "enabled": True,
            "repeat": {"waitInterval": 0, "count": 1, "resetRecipientStates": False, "closeAlertAfterAll": False},
        }
        self.escalations[escalation["id"]] = escalation
        rules = routing_rules(store, team["teamId"])
        default = next((rule for rule in rules if rule.get("isDefault")), None)
        if default is not None:  # a team has one default rule: enabling points it at the new escalation
            default["notify"] = {"id": escalation["id"], "type": "escalation"}
        else:
            rules.append(default_rule({"id": escalation["id"], "type": "escalation"}))
        for account_id in request["adminAccountIds"]:
            account = store.account(account_id)
            if account is not None and team["teamId"] not in store.team_ids_of(account):
                account.setdefault("teams", []).append(name)
        self.disabled.discard(team["teamId"])
        return None

    # state

    def dump(self, store) -> dict:
        """What ``GET /_emulator/state`` shows (due requests are processed first)."""
        self.process(store)
        return copy.deepcopy({
            "teamsWithoutOperations": sorted(self.disabled),
            "teamRequests": list(self.requests.values()),
            "escalations": list(self.escalations.values()),
            "teamRoles": self.roles,
            "routingRules": getattr(store, "routing_rules", None) or {},
        })
