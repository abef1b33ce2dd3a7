# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-memory store the emulator serves, built from a seed document."""

from __future__ import annotations

import copy
import hmac
import json
import os
import uuid

from .common import to_utc
from .audit_store import SEED_KEYS as AUDIT_KEYS, AuditSeedError, seed_audit_logs
from .incidents_store import SEED_KEYS as INCIDENT_KEYS, Incidents, IncidentSeedError
from .team_ops_store import SEED_KEYS as TEAM_OPS_KEYS, TeamOps, TeamOpsSeedError


class SeedError(ValueError):
    """The seed document is unreadable or does not have the expected shape."""


def load_seed(seed) -> dict:
    """Return the seed as a fresh dict; ``seed`` is a path or an already loaded dict."""
    if isinstance(seed, dict):
        data = copy.deepcopy(seed)
    else:
        path = os.fspath(seed)
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise SeedError(f"cannot read seed file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("cloudId"), str) or not data["cloudId"]:
        raise SeedError("the seed must be a JSON object with a non-empty 'cloudId'")
    for key in ("accounts", "teams", "schedules"):
        if not isinstance(data.setdefault(key, []), list):
            raise SeedError(f"the seed's '{key}' must be a list")
    return data


def new_id() -> str:
    return str(uuid.uuid4())


def _seed_contacts(data: dict, accounts: list[dict]) -> dict[str, list[dict]]:
    """Contacts by account id: each account's own email address, on, then the seed's ``contacts`` (by account email)."""
    extra = data.get("contacts") or {}
    if not isinstance(extra, dict) or not all(isinstance(items, list) for items in extra.values()):
        raise SeedError("the seed's 'contacts' must map account emails to lists of {method, to, enabled}")
    contacts = {}
    for account in accounts:
        own = [{"id": new_id(), "method": "email", "to": account["email"], "enabled": True}]
        for item in extra.get(account["email"], []):
            if not isinstance(item, dict) or item.get("method") not in ("email", "sms", "voice", "mobile") or not isinstance(item.get("to"), str):
                raise SeedError("each seeded contact needs a method (email, sms, voice or mobile) and a 'to'")
            own.append({"id": item.get("id") or new_id(), "method": item["method"], "to": item["to"], "enabled": item.get("enabled", True)})
        contacts[account["accountId"]] = own
    return contacts


def _seed_custom_roles(data: dict) -> list[dict]:
    """The seed's ``customRoles``: ``{name, grantedRights, disallowedRights}``, with ``id`` and ``extendedRole`` filled in."""
    roles = data.get("customRoles") or []
    if not isinstance(roles, list) or not all(isinstance(role, dict) and isinstance(role.get("name"), str) for role in roles):
        raise SeedError("the seed's 'customRoles' must be a list of objects with a 'name'")
    for role in roles:
        role.setdefault("id", new_id())
        role.setdefault("extendedRole", "user")
        role.setdefault("grantedRights", [])
        role.setdefault("disallowedRights", [])
    return roles


def _seed_forwarding_rules(data: dict) -> list[dict]:
    """The seed's ``forwardingRules`` as the API returns them; an ``id`` is generated where missing."""
    rules = data.get("forwardingRules") or []
    if not isinstance(rules, list) or not all(isinstance(rule, dict) for rule in rules):
        raise SeedError("the seed's 'forwardingRules' must be a list of objects")
    for rule in rules:
        if any(not isinstance(rule.get(name), str) for name in ("fromUserId", "toUserId", "startDate", "endDate")):
            raise SeedError("each of the seed's 'forwardingRules' needs fromUserId, toUserId, startDate and endDate")
        rule.setdefault("id", new_id())
    return rules


def _seed_overrides(schedule: dict) -> None:
    """Check a seed schedule's ``overrides`` and give each an alias if it has none."""
    overrides = schedule.setdefault("overrides", [])
    if not isinstance(overrides, list):
        raise SeedError(f"the 'overrides' of schedule {schedule.get('name')!r} must be a list")
    for override in overrides:
        if not isinstance(override, dict):
            raise SeedError(f"each override of schedule {schedule.get('name')!r} must be an object")
        override.setdefault("alias", new_id())
        for key in ("startDate", "endDate"):
            if to_utc(override.get(key)) is None:
                raise SeedError(f"override {override['alias']!r} of schedule {schedule.get('name')!r} needs a date-time '{key}'")


def forget_rotations(schedule: dict, rotation_ids) -> None:
    """Take rotations that are gone out of the overrides that name them.

    An override that named only rotations that are gone no longer applies to anything and is
    removed with them.
    """
    gone = set(rotation_ids)
    if not gone:
        return
    kept = []
    for override in schedule.get("overrides") or []:
        named = override.get("rotationIds")
        if named is not None and gone.intersection(named):
            override["rotationIds"] = [item for item in named if item not in gone]
            if not override["rotationIds"]:
                continue
        kept.append(override)
    schedule["overrides"] = kept


class Store:
    """Accounts, teams and schedules (each with its rotations and overrides); the caller holds the emulator's lock while using it.

    Seed objects are kept as plain dicts in the API's own field names, so what a test puts into
    the store is exactly what the API serves (which is how tests corrupt a stored object to prove
    that response validation catches it).
    """

    def __init__(self, seed: dict):
        data = copy.deepcopy(seed)
        self.cloud_id: str = data["cloudId"]
        self.accounts: list[dict] = data["accounts"]
        self.teams: list[dict] = data["teams"]
        self.schedules: dict[str, dict] = {}
        for schedule in data["schedules"]:
            schedule.setdefault("id", new_id())
            schedule.setdefault("rotations", [])
            for rotation in schedule["rotations"]:
                rotation.setdefault("id", new_id())
            _seed_overrides(schedule)
            self.schedules[schedule["id"]] = schedule
        try:
            self.incidents = Incidents(data)  # alerts, heartbeats, maintenances and what maintenance rules name
        except IncidentSeedError as exc:
            raise SeedError(str(exc)) from exc
        try:
            self.team_ops = TeamOps(self, data)  # operations enabled or not, team requests, escalations, team roles; routing_rules
        except TeamOpsSeedError as exc:
            raise SeedError(str(exc)) from exc
        self.forwarding_rules: list[dict] = _seed_forwarding_rules(data)
        self.custom_roles: list[dict] = _seed_custom_roles(data)
        self.contacts: dict[str, list[dict]] = _seed_contacts(data, self.accounts)
        self.notification_rules: dict[str, list[dict]] = {}  # by account id; none in a seed
        try:
            self.audit_logs = seed_audit_logs(data)  # and the writes the emulator carries out, oldest first
        except AuditSeedError as exc:
            raise SeedError(str(exc)) from exc
        self.extra = {key: value for key, value in data.items()
                      if key not in ("cloudId", "accounts", "teams", "schedules") + INCIDENT_KEYS + TEAM_OPS_KEYS + AUDIT_KEYS
                      + ("forwardingRules", "customRoles", "contacts")}

    # accounts and teams

    def authenticate(self, email: str, token: str) -> dict | None:
        """The account whose email (case-insensitive) and API token match, or None."""
        wanted = email.casefold()
        for account in self.accounts:
            stored = account.get("apiToken")
            if not stored or account.get("email", "").casefold() != wanted:
                continue
            if hmac.compare_digest(stored.encode("utf-8"), token.encode("utf-8")):
                return account
        return None

    def account(self, account_id: str) -> dict | None:
        """The account with this accountId (whether or not it can log in), or None."""
        for account in self.accounts:
            if account.get("accountId") == account_id:
                return account
        return None

    def team(self, team_id: str) -> dict | None:
        for team in self.teams:
            if team.get("teamId") == team_id:
                return team
        return None

    def team_ids_of(self, account: dict) -> set[str]:
        """Ids of the account's teams; the seed may name a team by name or by id."""
        wanted = set(account.get("teams") or [])
        return {team["teamId"] for team in self.teams if team.get("teamId") in wanted or team.get("teamName") in wanted}

    # schedule permissions, as listed in the spec's descriptions of the schedule operations

    def can_see_schedule(self, account: dict, schedule: dict) -> bool:
        if account.get("admin"):
            return True
        team_ids = self.team_ids_of(account)
        if schedule.get("teamId") in team_ids:
            return True
        for rotation in schedule.get("rotations") or []:
            for participant in rotation.get("participants") or []:
                kind, ident = participant.get("type"), participant.get("id")
                if kind == "user" and ident == account.get("accountId"):
                    return True
                if kind == "team" and ident in team_ids:
                    return True
        for override in schedule.get("overrides") or []:
            responder = override.get("responder") or {}
            if responder.get("type") == "user" and responder.get("id") == account.get("accountId"):
                return True
        return False

    def can_edit_schedule(self, account: dict, schedule: dict) -> bool:
        if account.get("admin"):
            return True
        return schedule.get("teamId") in self.team_ids_of(account)

    def can_assign_team(self, account: dict, team_id: str | None) -> bool:
        """Whether the account may own a schedule by this team (None: a global schedule)."""
        if account.get("admin"):
            return True
        return team_id is not None and team_id in self.team_ids_of(account)

    def schedule_by_name(self, name: str) -> dict | None:
        wanted = name.casefold()
        for schedule in self.schedules.values():
            if str(schedule.get("name", "")).casefold() == wanted:
                return schedule
        return None

    def dump(self) -> dict:
        """Everything in the store except API tokens."""
        accounts = [{key: value for key, value in account.items() if key != "apiToken"} for account in self.accounts]
        data = {
            "cloudId": self.cloud_id,
            "accounts": accounts,
            "teams": self.teams,
            "schedules": list(self.schedules.values()),
        }
        data.update(self.extra)
        data.update(self.incidents.dump(self))
        data.update(self.team_ops.dump(self))
        data["auditLogs"] = self.audit_logs
        data["forwardingRules"] = self.forwarding_rules
        data["customRoles"] = self.custom_roles
        data["contacts"] = self.contacts
        data["notificationRules"] = self.notification_rules
        return copy.deepcopy(data)
