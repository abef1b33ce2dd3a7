# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""State of the incident endpoints: alerts (with their requests), heartbeats, maintenances, integrations
(each holding its ``actions`` and ``outgoingAlertFilter``), policies, and the syncs that maintenance rules name.

The store builds one ``Incidents`` from the seed (``store.incidents``) and adds its ``dump`` to the
state it shows. Also here: the emulator settings that drive alert processing, and the team checks
shared by the team-scoped endpoints.
"""

from __future__ import annotations

import copy
import math
import uuid
from datetime import datetime, timedelta, timezone

from .alert_engine import ALERT_FIELDS, process_due
from .common import ApiError, api_date, to_utc

# Seed keys read here (the store leaves them out of its own pass-through keys).
SEED_KEYS = ("alerts", "alertRequests", "heartbeats", "maintenances", "integrations", "policies", "syncs", "teamsWithoutHeartbeats")
# Emulator settings (PUT /_emulator/settings) of the alert endpoints and of team requests
# (enable-ops, see team_ops_store.py), with their defaults.
SETTINGS = {"alert_processing_delay": 0.2, "alert_fail_next": 0, "team_request_delay": 0.2}
INTERVAL_UNITS = ("minutes", "hours", "days")
RULE_TYPES = ("integration", "policy", "sync")
# Integration keys the state leaves out: the API key is served once, in the answer of the create.
SECRET_INTEGRATION_KEYS = ("apiKey",)
PRIORITIES = ("P1", "P2", "P3", "P4", "P5")


class IncidentSeedError(ValueError):
    """The seed's alerts, heartbeats, maintenances, integrations, policies or syncs are not usable."""


def check_settings(settings: dict) -> None:
    """Raise ValueError for a value of one of ``SETTINGS`` that cannot be used."""
    for name in ("alert_processing_delay", "team_request_delay"):
        if name in settings:
            delay = settings[name]
            if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not math.isfinite(delay) or delay < 0:
                raise ValueError(f"{name} must be a number of seconds, 0 or more")
    if "alert_fail_next" in settings:
        count = settings["alert_fail_next"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("alert_fail_next must be a whole number, 0 or more")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def member_team(ctx, team_id: str) -> dict:
    """The team, when the caller is an admin or one of its members; 404 for an unknown team, 403 otherwise."""
    team = ctx.store.team(team_id)
    if team is None:
        raise ApiError(404, "Team not found")
    if not ctx.account.get("admin") and team_id not in ctx.store.team_ids_of(ctx.account):
        raise ApiError(403, "You are not a member of this team")
    return team


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise IncidentSeedError(f"the seed's '{key}' must be a list of objects")
    return copy.deepcopy(value)


def _date(value, what: str) -> str:
    moment = to_utc(value)
    if moment is None:
        raise IncidentSeedError(f"{what} needs a date-time with a time zone offset, got {value!r}")
    return api_date(moment)


class Incidents:
    """Everything the incident endpoints keep; the caller holds the emulator's lock."""

    def __init__(self, data: dict):
        self.alerts: dict[str, dict] = {}
        self.requests: dict[str, dict] = {}
        self.heartbeats: list[dict] = []
        self.maintenances: dict[str, dict] = {}
        self.integrations = self._entities(data, "integrations")
        for integration in self.integrations:
            self._seed_integration(integration)
        self.policies = self._entities(data, "policies")
        self.syncs = self._entities(data, "syncs")
        without = data.get("teamsWithoutHeartbeats") or []
        if not isinstance(without, list):
            raise IncidentSeedError("the seed's 'teamsWithoutHeartbeats' must be a list of team names or ids")
        self.teams_without_heartbeats = list(without)
        self.tiny_counter = 0
        self.note_counter = 0
        self.log_counter = 0
        self.request_counter = 0
        for alert in _list(data, "alerts"):
            self._seed_alert(alert)
        for heartbeat in _list(data, "heartbeats"):
            self._seed_heartbeat(heartbeat)
        for maintenance in _list(data, "maintenances"):
            self._seed_maintenance(maintenance)

    # seed

    @staticmethod
    def _entities(data: dict, key: str) -> list[dict]:
        items = _list(data, key)
        for item in items:
            if not isinstance(item.get("id"), str) or not isinstance(item.get("name"), str):
                raise IncidentSeedError(f"each of the seed's '{key}' needs a string 'id' and 'name'")
            item.setdefault("enabled", True)
        return items

    @staticmethod
    def _seed_integration(integration: dict) -> None:
        """Optional ``actions`` (each with ``name``, ``type`` and ``direction``; ``id`` generated) and ``outgoingAlertFilter``."""
        actions = integration.get("actions")
        if actions is None:
            return
        if not isinstance(actions, list) or not all(isinstance(action, dict) for action in actions):
            raise IncidentSeedError(f"the 'actions' of integration {integration['id']!r} must be a list of objects")
        for action in actions:
            if not all(isinstance(action.get(key), str) for key in ("name", "type")) or action.get("direction") not in ("incoming", "outgoing"):
                raise IncidentSeedError(f"each action of integration {integration['id']!r} needs a 'name', a 'type' and a 'direction'")
            action.setdefault("id", str(uuid.uuid4()))

    def _seed_alert(self, alert: dict) -> None:
        if not isinstance(alert.get("message"), str) or not alert["message"]:
            raise IncidentSeedError("each seeded alert needs a 'message'")
        alert_id = alert.setdefault("id", f"{uuid.uuid4()}-{int(now_utc().timestamp() * 1000)}")
        if not alert.get("tinyId"):
            alert["tinyId"] = self.next_tiny_id()
        elif str(alert["tinyId"]).isdigit():
            self.tiny_counter = max(self.tiny_counter, int(alert["tinyId"]))
        alert["createdAt"] = _date(alert.get("createdAt"), f"alert {alert_id!r} 'createdAt'")
        for key in ("updatedAt", "lastOccuredAt"):
            alert[key] = _date(alert.get(key) or alert["createdAt"], f"alert {alert_id!r} '{key}'")
        for key in ("ackTime", "closeTime", "snoozedUntil"):
            if alert.get(key) is not None:
                alert[key] = _date(alert[key], f"alert {alert_id!r} '{key}'")
        defaults = {
            "alias": alert_id, "status": "open", "entity": "", "source": "", "description": "", "tags": [], "extraProperties": {},
            "acknowledged": False, "count": 1, "owner": "", "snoozed": False, "integrationType": "API",
            "integrationName": "Default API", "priority": "P3", "responders": [], "actions": [], "seen": False,
            "visibleTo": [], "createdBy": None, "ownerAccountId": None, "notes": [], "logs": [],
        }
        for key, value in defaults.items():
            alert.setdefault(key, value)
        if alert["status"] not in ("open", "closed"):
            raise IncidentSeedError(f"alert {alert_id!r} 'status' must be open or closed")
        for note in alert["notes"]:
            if not isinstance(note, dict) or not isinstance(note.get("note"), str):
                raise IncidentSeedError(f"each note of alert {alert_id!r} needs a 'note'")
            note["createdAt"] = _date(note.get("createdAt") or alert["createdAt"], f"a note of alert {alert_id!r}")
            note.setdefault("updatedAt", note["createdAt"])
            note.setdefault("id", self.next_note_id(note["createdAt"]))
            note.setdefault("owner", "")
        self.alerts[alert_id] = alert

    def _seed_heartbeat(self, heartbeat: dict) -> None:
        name, team_id = heartbeat.get("name"), heartbeat.get("ownerTeamId")
        if not isinstance(name, str) or not name or not isinstance(team_id, str):
            raise IncidentSeedError("each seeded heartbeat needs a 'name' and an 'ownerTeamId'")
        unit = str(heartbeat.get("intervalUnit", "")).lower()
        if unit not in INTERVAL_UNITS or not isinstance(heartbeat.get("interval"), int) or heartbeat["interval"] < 1:
            raise IncidentSeedError(f"heartbeat {name!r} needs an 'interval' of 1 or more and an 'intervalUnit' of {', '.join(INTERVAL_UNITS)}")
        if self.heartbeat(team_id, name) is not None:
            raise IncidentSeedError(f"heartbeat {name!r} is seeded twice for team {team_id!r}")
        heartbeat["intervalUnit"] = unit
        heartbeat.setdefault("enabled", False)
        heartbeat.setdefault("alertMessage", f"{name} is expired")
        heartbeat.setdefault("alertTags", [])
        heartbeat.setdefault("alertPriority", "P3")
        for key in ("lastPingAt", "enabledAt"):
            if heartbeat.get(key) is not None:
                heartbeat[key] = _date(heartbeat[key], f"heartbeat {name!r} '{key}'")
        if heartbeat["enabled"] and not heartbeat.get("enabledAt"):
            heartbeat["enabledAt"] = api_date(now_utc())
        self.heartbeats.append(heartbeat)

    def _seed_maintenance(self, maintenance: dict) -> None:
        maintenance_id = maintenance.setdefault("id", str(uuid.uuid4()))
        for key in ("startDate", "endDate"):
            maintenance[key] = _date(maintenance.get(key), f"maintenance {maintenance_id!r} '{key}'")
        if to_utc(maintenance["endDate"]) <= to_utc(maintenance["startDate"]):
            raise IncidentSeedError(f"maintenance {maintenance_id!r} must end after it starts")
        maintenance.setdefault("rules", [])
        for rule in maintenance["rules"]:
            entity = rule.get("entity") if isinstance(rule, dict) else None
            if not isinstance(entity, dict) or self.entity(entity.get("type"), entity.get("id")) is None:
                raise IncidentSeedError(f"each rule of maintenance {maintenance_id!r} must name a seeded integration, policy or sync")
        self.maintenances[maintenance_id] = maintenance

    # counters

    def next_tiny_id(self) -> str:
        self.tiny_counter += 1
        return str(self.tiny_counter)

    def next_note_id(self, when: str) -> str:
        self.note_counter += 1
        return f"{int(to_utc(when).timestamp() * 1000)}{self.note_counter:06d}"

    # lookups

    def heartbeat(self, team_id: str, name: str) -> dict | None:
        for heartbeat in self.heartbeats:
            if heartbeat.get("ownerTeamId") == team_id and heartbeat.get("name") == name:
                return heartbeat
        return None

    def entity(self, kind: str, entity_id: str) -> dict | None:
        """The integration, policy or sync with this id."""
        items = {"integration": self.integrations, "policy": self.policies, "sync": self.syncs}.get(kind) or []
        for item in items:
            if item.get("id") == entity_id:
                return item
        return None

    def integration_named(self, name: str) -> dict | None:
        """The integration with this name, ignoring case (names are unique in a site)."""
        for integration in self.integrations:
            if str(integration.get("name", "")).casefold() == name.casefold():
                return integration
        return None

    def heartbeats_allowed(self, team: dict) -> bool:
        """False for a team whose plan the seed says lacks heartbeats (402)."""
        return team.get("teamId") not in self.teams_without_heartbeats and team.get("teamName") not in self.teams_without_heartbeats

    # alert requests

    def submit(self, action: str, account: dict, alert_id: str | None, payload: dict | None, settings: dict) -> dict:
        """Queue a request; it is due after the current processing delay and fails if ``alert_fail_next`` says so."""
        now = now_utc()
        fail = False
        if settings.get("alert_fail_next", 0) > 0:
            settings["alert_fail_next"] -= 1
            fail = True
        delay = float(settings.get("alert_processing_delay", SETTINGS["alert_processing_delay"]))
        self.request_counter += 1
        request = {
            "id": str(uuid.uuid4()),
            "seq": self.request_counter,
            "action": action,
            "accountId": account.get("accountId"),
            "alertId": alert_id,
            "newAlertId": f"{uuid.uuid4()}-{int(now.timestamp() * 1000)}" if action == "create" else None,
            "alias": (payload or {}).get("alias") if action == "create" else None,
            "payload": copy.deepcopy(payload),
            "receivedAt": api_date(now),
            "dueAt": api_date(now + timedelta(seconds=delay)),
            "fail": fail,
            "processed": False,
        }
        self.requests[request["id"]] = request
        return request

    def process(self, store, now: datetime | None = None) -> None:
        process_due(self, store, now or now_utc())

    # state

    def dump(self, store) -> dict:
        """What ``GET /_emulator/state`` shows (due requests are processed first)."""
        self.process(store)
        alerts = []
        for alert in self.alerts.values():
            item = {key: alert[key] for key in ALERT_FIELDS if key in alert}
            item.update({key: alert[key] for key in alert if key not in item})
            alerts.append(item)
        return copy.deepcopy({
            "alerts": alerts,
            "alertRequests": list(self.requests.values()),
            "heartbeats": self.heartbeats,
            "maintenances": list(self.maintenances.values()),
            "integrations": [{key: value for key, value in item.items() if key not in SECRET_INTEGRATION_KEYS} for item in self.integrations],
            "policies": self.policies,
            "syncs": self.syncs,
            "teamsWithoutHeartbeats": self.teams_without_heartbeats,
        })
