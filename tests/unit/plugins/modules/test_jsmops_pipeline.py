# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alerts, heartbeats and maintenance windows against the emulator: safe to repeat, clear when they cannot be."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import (
    jsmops_alert,
    jsmops_alert_info,
    jsmops_heartbeat,
    jsmops_heartbeat_ping,
    jsmops_maintenance,
)
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SEED, TEAMS


@pytest.fixture
def run(run_module, connection):
    def call(module, who="ada", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return call


def alerts(emulator, alias):
    return [alert for alert in emulator.state.dump()["alerts"] if alert.get("alias") == alias]


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


@pytest.fixture
def fast_alerts(emulator):
    emulator.update_settings({"alert_processing_delay": 0.05})
    return emulator


def test_alert_is_raised_once_however_often_the_task_runs(fast_alerts, run):
    emulator = fast_alerts
    task = {"alias": "deploy-failed", "alert_message": "Deploy failed", "priority": "P2", "tags": ["deploy"], "details": {"job": "42"},
            "responders": [{"type": "team", "name": "Platform"}], "note": "See job 42"}
    checked = run(jsmops_alert, check_mode=True, **task)
    assert checked["changed"] is True and checked["alert"]["message"] == "Deploy failed" and alerts(emulator, "deploy-failed") == []
    opened = run(jsmops_alert, **task)
    assert opened["changed"] is True and opened["alert"]["alias"] == "deploy-failed" and opened["alert_id"]
    assert opened["requests"][0]["isSuccess"] is True
    assert opened["alert"]["responders"] == [{"id": TEAMS["Platform"], "type": "team"}]
    emulator.clear_log()
    again = run(jsmops_alert, **task)
    assert again["changed"] is False and writes(emulator) == []
    [stored] = alerts(emulator, "deploy-failed")
    assert stored["count"] == 1 and stored["status"] == "open"


def test_alert_actions_only_when_needed(fast_alerts, run):
    emulator = fast_alerts
    alias = "platform-api-latency"  # open in the seed, tags latency and platform
    assert run(jsmops_alert, alias=alias, tags=["latency"])["changed"] is False
    tagged = run(jsmops_alert, diff=True, alias=alias, tags=["latency", "sev2"], remove_tags=["platform"])
    assert tagged["changed"] is True and [request["action"] for request in tagged["requests"]] == ["add tags", "remove tags"]
    assert sorted(alerts(emulator, alias)[0]["tags"]) == ["latency", "sev2"]
    assert tagged["diff"]["before"]["tags"] == ["latency", "platform"]
    acked = run(jsmops_alert, alias=alias, state="acknowledged")
    assert acked["changed"] is True and alerts(emulator, alias)[0]["acknowledged"] is True
    assert run(jsmops_alert, alias=alias, state="acknowledged")["changed"] is False
    assigned = run(jsmops_alert, alias=alias, assignee=ACCOUNTS["dana"]["email"])
    assert assigned["changed"] is True and alerts(emulator, alias)[0]["owner"] == "Dana Platform"
    assert run(jsmops_alert, alias=alias, assignee=ACCOUNTS["dana"]["accountId"])["changed"] is False
    closed = run(jsmops_alert, alias=alias, state="closed", note="Fixed by rollback")
    assert closed["changed"] is True and [request["action"] for request in closed["requests"]] == ["add a note", "close the alert"]
    assert alerts(emulator, alias)[0]["status"] == "closed"
    emulator.clear_log()
    assert run(jsmops_alert, alias=alias, state="closed", note="Fixed by rollback")["changed"] is False
    assert run(jsmops_alert, alias="never-raised", state="closed")["changed"] is False
    assert writes(emulator) == []
    reopened = run(jsmops_alert, alias=alias, alert_message="API p99 latency above 2 s")
    assert reopened["changed"] is True and len(alerts(emulator, alias)) == 2  # a closed alias opens a new alert


def test_failed_and_slow_requests(fast_alerts, run):
    emulator = fast_alerts
    emulator.update_settings({"alert_fail_next": 1})
    failed = run(jsmops_alert, alias="x-1", alert_message="Boom")
    assert failed["failed"] is True and failed["msg"].startswith("The API could not open the alert (request ")
    emulator.update_settings({"alert_processing_delay": 3})
    slow = run(jsmops_alert, alias="x-2", alert_message="Slow", wait_timeout=1)
    assert slow["failed"] is True and "had not processed the request to open the alert" in slow["msg"] and "after 1 s" in slow["msg"]
    queued = run(jsmops_alert, alias="x-3", alert_message="Queued", wait=False)
    assert queued["changed"] is True and queued["requests"][0]["requestId"] and "isSuccess" not in queued["requests"][0]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"alias": "missing", "state": "acknowledged"}, "There is no open alert with alias 'missing'; it cannot be acknowledged."),
        ({"alias": "platform-api-latency", "state": "snoozed"}, "end_time is required with state snoozed."),
        ({"alias": "new-one"}, "alert_message is required to open a new alert."),
        ({"alias": "platform-api-latency", "assignee": "ghost@example.com"}, "assignee 'ghost@example.com': no Jira user has that email address"),
    ],
)
def test_alert_bad_input_writes_nothing(emulator, run, args, message):
    result = run(jsmops_alert, **args)
    assert result["failed"] is True and result["msg"].startswith(message), result["msg"]
    assert writes(emulator) == []


def test_alert_search_and_the_20000_rule(run):
    found = run(jsmops_alert_info, query="status:open", limit=5)
    assert found["alerts"] and all(alert["status"] == "open" for alert in found["alerts"])
    assert run(jsmops_alert_info, alias="platform-api-latency")["alerts"][0]["alias"] == "platform-api-latency"
    assert run(jsmops_alert_info, alias="nope")["alerts"] == []
    too_many = run(jsmops_alert_info, limit=20000)
    assert too_many["failed"] is True and "limit must be from 1 to 19999" in too_many["msg"]


def test_heartbeat_flow_and_ping(emulator, run):
    task = {"team": "Platform", "name": "deploys", "interval": 30, "interval_unit": "minutes", "enabled": True, "alert_tags": ["b", "a"]}
    assert run(jsmops_heartbeat, check_mode=True, **task)["changed"] is True and writes(emulator) == []
    created = run(jsmops_heartbeat, **task)
    assert created["changed"] is True and created["heartbeat"]["intervalUnit"].lower() == "minutes"
    emulator.clear_log()
    assert run(jsmops_heartbeat, **dict(task, alert_tags=["a", "b"]))["changed"] is False and writes(emulator) == []
    changed = run(jsmops_heartbeat, diff=True, **dict(task, interval=45))
    assert changed["changed"] is True and changed["diff"] == {"before": {"interval": 30}, "after": {"interval": 45}}
    pinged = run(jsmops_heartbeat_ping, team="Platform", name="deploys")
    assert pinged["changed"] is False and pinged["pinged"] is True
    emulator.clear_log()
    assert run(jsmops_heartbeat_ping, check_mode=True, team="Platform", name="deploys")["pinged"] is False
    assert not [entry for entry in emulator.log if entry["path"].endswith("/ping")]
    missing = run(jsmops_heartbeat_ping, team="Platform", name="nope")
    assert missing["failed"] is True and "heartbeat 'nope' does not exist in team 'Platform'" in missing["msg"]
    assert run(jsmops_heartbeat_ping, team="Platform", name="nope", check_exists=False)["pinged"] is True
    assert run(jsmops_heartbeat, team="Platform", name="deploys", state="absent")["changed"] is True
    assert run(jsmops_heartbeat, team="Platform", name="deploys", state="absent")["changed"] is False


def test_heartbeat_plan_without_heartbeats(run):
    result = run(jsmops_heartbeat, team="Payments", name="x", interval=1, interval_unit="hours")
    assert result["failed"] is True and "returned HTTP 402" in result["msg"] and "plan does not include" in result["msg"]


def test_maintenance_window_repeated_inside_changes_nothing(emulator, run):
    task = {"description": "Deploy 4.2", "duration": "1h", "rules": [{"type": "integration", "name": "Platform Prometheus"},
                                                                     {"type": "policy", "name": "Suppress test alerts", "state": "enabled"}]}
    opened = run(jsmops_maintenance, **task)
    assert opened["changed"] is True and opened["maintenance"]["status"] == "active"
    integration = next(item for item in SEED["integrations"] if item["name"] == "Platform Prometheus")
    assert {"entity": {"id": integration["id"], "type": "integration"}, "state": "disabled"} in opened["maintenance"]["rules"]
    emulator.clear_log()
    assert run(jsmops_maintenance, **task)["changed"] is False and writes(emulator) == []
    cancelled = run(jsmops_maintenance, diff=True, description="Deploy 4.2", state="cancelled")
    assert cancelled["changed"] is True and cancelled["maintenance"]["status"] == "cancelled"
    assert cancelled["diff"] == {"before": {"status": "active"}, "after": {"status": "cancelled"}}
    assert run(jsmops_maintenance, description="Deploy 4.2", state="cancelled")["changed"] is False
    reopened = run(jsmops_maintenance, **task)
    assert reopened["changed"] is True and reopened["maintenance"]["id"] != opened["maintenance"]["id"]


def test_team_window_with_the_teams_policy(run):
    result = run(jsmops_maintenance, team="Platform", description="Platform night work", start_date="2031-01-10T22:00:00Z",
                 end_date="2031-01-11T02:00:00Z", rules=[{"type": "policy", "name": "Platform business hours"}])
    assert result["changed"] is True and result["maintenance"]["status"] == "planned" and result["team_id"] == TEAMS["Platform"]
    moved = run(jsmops_maintenance, diff=True, team="Platform", description="Platform night work", end_date="2031-01-11T03:00:00+00:00")
    assert moved["changed"] is True and list(moved["diff"]["after"]) == ["endDate"]
    assert run(jsmops_maintenance, team="Platform", description="Platform night work", state="absent")["changed"] is True
    assert run(jsmops_maintenance, team="Platform", description="Platform night work", state="absent")["changed"] is False


@pytest.mark.parametrize(
    "args, message",
    [
        ({"description": "x", "start_date": "2031-01-02T00:00:00Z", "end_date": "2031-01-01T00:00:00Z", "rules": []}, "end_date must be after start_date."),
        ({"description": "x", "duration": "2 hours", "rules": []}, "duration must look like 90m, 2h, 1d or 1h30m; got '2 hours'."),
        ({"description": "x", "duration": "1h", "rules": [{"type": "integration", "name": "Nope"}]},
         "rules[0]: 'Nope': no integration the account can see has that name."),
        ({"description": "x", "duration": "1h", "start_date": "2031-01-01T00:00:00Z"}, "parameters are mutually exclusive: duration|start_date"),
        ({"description": "x", "duration": "1h"}, "rules is required to create a maintenance window."),
    ],
)
def test_maintenance_bad_input_writes_nothing(emulator, run, args, message):
    result = run(jsmops_maintenance, **args)
    assert result["failed"] is True and result["msg"].startswith(message), result["msg"]
    assert writes(emulator) == []


def test_state_actions_need_an_alias_or_id(emulator, run):
    result = run(jsmops_alert, state="acknowledged")
    assert result["failed"] is True and result["msg"] == "state acknowledged acts on an existing alert: give its alias or id."
    assert writes(emulator) == []


def test_check_mode_predicts_like_the_api(run):
    window = run(jsmops_maintenance, check_mode=True, description="Now", duration="1h", rules=[{"type": "integration", "name": "Default API"}])
    assert window["maintenance"]["status"] == "active"
    beat = run(jsmops_heartbeat, check_mode=True, team="Platform", name="new", interval=5, interval_unit="minutes")
    assert beat["heartbeat"]["intervalUnit"] == "Minutes" and beat["heartbeat"]["enabled"] is False
