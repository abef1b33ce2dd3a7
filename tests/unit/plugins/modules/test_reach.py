# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The requests behind options the other tests leave out, each checked against what the emulator then holds.

The API coverage page (api_coverage.py) names, for every operation, the modules the unit tests saw call it; these
cases make sure an option the modules support reaches its operation in the tests, so the page tells the truth.
"""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import (
    jsmops_alert,
    jsmops_escalation,
    jsmops_maintenance,
    jsmops_maintenance_info,
    jsmops_notification_rule,
    jsmops_notification_rule_info,
    jsmops_routing_rule_info,
    jsmops_schedule_rotation_info,
    jsmops_team_role,
    jsmops_team_role_info,
    jsmops_user_contact,
)
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import SCHEDULES

ALIAS = "platform-api-latency"


@pytest.fixture
def call(run_module, connection, emulator):
    emulator.update_settings({"alert_processing_delay": 0.05})

    def run(module, who="ada", **args):
        return run_module(module, connection(who, **args))

    return run


def sent(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def stored_alert(emulator):
    return next(alert for alert in emulator.state.dump()["alerts"] if alert.get("alias") == ALIAS)


def test_alert_details_priority_escalation_snooze_and_unacknowledge(call, emulator):
    alert_id = stored_alert(emulator)["id"]
    changed = call(jsmops_alert, alias=ALIAS, details={"runbook": "wiki/latency"}, remove_details=["region"], priority="P1",
                   escalation="esc-1")
    assert [request["action"] for request in changed["requests"]] == [
        "add details", "remove details", "change the priority", "escalate the alert"]
    alert = stored_alert(emulator)
    assert alert["extraProperties"] == {"service": "api-gateway", "runbook": "wiki/latency"} and alert["priority"] == "P1"
    call(jsmops_alert, alias=ALIAS, state="acknowledged")
    assert call(jsmops_alert, alias=ALIAS, state="unacknowledged")["changed"] is True
    assert stored_alert(emulator)["acknowledged"] is False
    snoozed = call(jsmops_alert, alias=ALIAS, state="snoozed", end_time="2031-01-01T09:00:00Z")
    assert snoozed["changed"] is True and ("POST", "/alerts/%s/snooze" % alert_id) in sent(emulator)


def test_objects_read_by_id(call, emulator):
    rotation = SCHEDULES["Platform Primary"]["rotations"][0]
    found = call(jsmops_schedule_rotation_info, schedule="Platform Primary", id=rotation["id"])["rotations"]
    assert [item["name"] for item in found] == [rotation["name"]]
    role = call(jsmops_team_role, team="Platform", name="Readers", rights=["access-reports"])["team_role"]
    assert call(jsmops_team_role_info, team="Platform", id=role["id"])["roles"][0]["name"] == "Readers"
    rule = call(jsmops_routing_rule_info, team="Platform")["routing_rules"][0]
    assert call(jsmops_routing_rule_info, team="Platform", id=rule["id"])["routing_rules"] == [rule]
    mine = call(jsmops_notification_rule, who="dana", name="Mine", action_type="create-alert")["notification_rule"]
    assert call(jsmops_notification_rule_info, who="dana", id=mine["id"])["notification_rules"] == [mine]


def test_escalation_changed_in_place(call, emulator):
    rules = [{"delay": 1, "recipient": {"type": "schedule", "name": "Platform Primary"}}]
    created = call(jsmops_escalation, team="Platform", name="Reach", rules=rules)["escalation"]
    changed = call(jsmops_escalation, team="Platform", name="Reach", description="Primary only")
    assert changed["changed"] is True and changed["escalation"]["id"] == created["id"]
    assert ("PATCH", "/teams/%s/escalations/%s" % (changed["team_id"], created["id"])) in sent(emulator)


def test_maintenance_windows_changed_deleted_and_cancelled(call, emulator):
    window = {"description": "Reach window", "start_date": "2031-02-01T22:00:00Z", "end_date": "2031-02-01T23:00:00Z",
              "rules": [{"type": "integration", "name": "Default API"}]}
    created = call(jsmops_maintenance, **window)["maintenance"]
    assert call(jsmops_maintenance, **dict(window, end_date="2031-02-02T00:00:00Z"))["changed"] is True
    assert call(jsmops_maintenance, description="Reach window", state="absent")["changed"] is True
    assert [method for method, path in sent(emulator) if path.startswith("/maintenances/%s" % created["id"])] == ["PATCH", "DELETE"]
    team = call(jsmops_maintenance, team="Platform", description="Team reach", duration="1h",
                rules=[{"type": "policy", "name": "Platform business hours"}])
    team_id, window_id = team["team_id"], team["maintenance"]["id"]
    assert call(jsmops_maintenance_info, team="Platform", id=window_id)["maintenances"][0]["id"] == window_id
    assert call(jsmops_maintenance, team="Platform", description="Team reach", state="cancelled")["changed"] is True
    assert ("POST", "/teams/%s/maintenances/%s/cancel" % (team_id, window_id)) in sent(emulator)


def test_a_contact_turned_on_again(call, emulator):
    call(jsmops_user_contact, who="dana", method="sms", to="+49-1511-2345678", enabled=False)
    on = call(jsmops_user_contact, who="dana", method="sms", to="+49-1511-2345678", enabled=True)
    assert on["changed"] is True and on["contact"]["enabled"] is True
    assert sent(emulator)[-1][1].endswith("/activate")
