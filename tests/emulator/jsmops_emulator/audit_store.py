# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the audit logs keep: the seed's ``auditLogs`` and one log for every write the emulator carried out."""

from __future__ import annotations

import json
from datetime import datetime

from .common import api_date, to_utc

SEED_KEYS = ("auditLogs",)

# The query enum and the response enum of the spec, in the same order: each query name finds the display name beside it.
CATEGORIES = {
    "AUTOMATION": "Automation", "INCOMING_DATA": "Incoming Data", "ALERTS": "Alerts", "API": "API",
    "CONFIG_CHANGE": "Configuration Changes", "EMAIL": "Emails", "HEARTBEAT": "Heartbeats", "INCIDENT_MANAGEMENT": "Incident Management",
    "INTEGRATION": "Integrations", "SYNC": "Syncs", "NOTIFICATION": "Notifications", "ONCALL_MANAGEMENT": "Oncall Management",
    "SERVICE": "Services", "USER_IMPORT": "User Import", "ADD_USER_TO_GROUP": "Added user to group", "ADD_USER_TO_ROLE": "Added user to role",
}
LEVELS = {"INFORTMATION": "Information", "ERROR": "Error", "WARN": "Warning"}
WRITES = ("POST", "PUT", "PATCH", "DELETE")


class AuditSeedError(ValueError):
    pass


def seed_audit_logs(data: dict) -> list[dict]:
    """The seed's ``auditLogs``, checked: each has ``created``, a response ``category`` and ``level``."""
    logs = data.get("auditLogs") or []
    if not isinstance(logs, list) or not all(isinstance(item, dict) for item in logs):
        raise AuditSeedError("the seed's 'auditLogs' must be a list of objects")
    for item in logs:
        if to_utc(item.get("created")) is None:
            raise AuditSeedError("each of the seed's 'auditLogs' needs a 'created' date-time")
        if item.get("category") not in CATEGORIES.values() or item.get("level") not in LEVELS.values():
            raise AuditSeedError("each of the seed's 'auditLogs' needs a 'category' and 'level' from the spec's response enums")
    return sorted((dict(item) for item in logs), key=lambda item: to_utc(item["created"]))


def record_write(logs: list, account: dict, method: str, path: str, now: datetime) -> None:
    """One log for a write the emulator carried out; ``path`` relative to the API base."""
    if method not in WRITES:
        return
    segments = path.split("/")
    if segments[2:3] == ["alerts"]:
        category = "Alerts"
    elif "heartbeats" in segments and segments[-1] == "ping":
        category = "Heartbeats"
    else:
        category = "Configuration Changes"
    logs.append({"created": api_date(now), "message": f"{method} {path}", "details": json.dumps({"user": account.get("email")}),
                 "category": category, "level": "Information"})
