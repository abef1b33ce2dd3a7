# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A create whose answer is lost after the API processed it leaves exactly one object: the module looks it up
by its natural key (an alert by its alias) instead of sending the create again."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import (
    jsmops_alert,
    jsmops_heartbeat,
    jsmops_maintenance,
    jsmops_schedule,
    jsmops_schedule_override,
    jsmops_schedule_rotation,
)

CASES = [
    (jsmops_schedule, {"name": "Lost Answer"}, "/v1/schedules$",
     lambda state: [item for item in state["schedules"] if item["name"] == "Lost Answer"]),
    (jsmops_schedule_rotation, {"schedule": "Database Primary", "name": "Lost", "type": "daily", "start_date": "2026-03-01T00:00:00Z"},
     "/rotations$", lambda state: [item for schedule in state["schedules"] for item in schedule.get("rotations", []) if item.get("name") == "Lost"]),
    (jsmops_schedule_override, {"schedule": "Database Primary", "noone": True, "start_date": "2031-02-01T00:00:00Z", "end_date": "2031-02-02T00:00:00Z"},
     "/overrides$",
     lambda state: [item for schedule in state["schedules"] for item in schedule.get("overrides", []) if item["startDate"].startswith("2031-02-01")]),
    (jsmops_heartbeat, {"team": "Platform", "name": "lost", "interval": 1, "interval_unit": "hours"}, "/heartbeats$",
     lambda state: [item for item in state["heartbeats"] if item["name"] == "lost"]),
    (jsmops_maintenance, {"description": "Lost answer", "duration": "1h", "rules": [{"type": "integration", "name": "Default API"}]},
     "/v1/maintenances$", lambda state: [item for item in state["maintenances"] if item.get("description") == "Lost answer"]),
    (jsmops_alert, {"alias": "lost-answer", "alert_message": "Lost answer"}, "/v1/alerts$",
     lambda state: [item for item in state["alerts"] if item.get("alias") == "lost-answer"]),
]


@pytest.mark.parametrize("module, args, path, count", CASES, ids=[case[0].__name__.rsplit(".", 1)[-1] for case in CASES])
@pytest.mark.parametrize("fault", [{"kind": "drop", "after_processing": True}, {"kind": "status", "status": 504, "after_processing": True}],
                         ids=["dropped", "gateway-timeout"])
def test_lost_create_answer_leaves_one_object(emulator, run_module, connection, module, args, path, count, fault):
    emulator.set_faults([dict(fault, method="POST", path=path, times=1)])
    result = run_module(module, connection(**args))
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is True
    assert len(count(emulator.state.dump())) == 1
    assert [entry["method"] for entry in emulator.log].count("POST") == 1  # looked up, not sent again
    assert run_module(module, connection(**args))["changed"] is False


def test_a_create_lost_before_processing_is_sent_again(emulator, run_module, connection):
    emulator.set_faults([{"kind": "drop", "method": "POST", "path": "/v1/schedules$", "times": 1}])
    result = run_module(jsmops_schedule, connection(name="Second Try"))
    assert result["changed"] is True and result["schedule"]["name"] == "Second Try"
    assert [entry["method"] for entry in emulator.log].count("POST") == 2
    assert len([item for item in emulator.state.dump()["schedules"] if item["name"] == "Second Try"]) == 1


def test_without_retries_the_lost_create_is_reported(emulator, run_module, connection):
    emulator.set_faults([{"kind": "drop", "method": "POST", "path": "/v1/schedules$"}])
    result = run_module(jsmops_schedule, connection(name="Never", retries=0))
    assert result["failed"] is True and "the connection to 127.0.0.1" in result["msg"] and "was closed before an answer arrived" in result["msg"]
    assert [item for item in emulator.state.dump()["schedules"] if item["name"] == "Never"] == []


def test_an_alert_create_failed_at_a_gateway_is_sent_again(emulator, run_module, connection):
    emulator.set_faults([{"kind": "status", "status": 503, "method": "POST", "path": "/v1/alerts$", "times": 1}])
    result = run_module(jsmops_alert, connection(alias="second-try", alert_message="Second try"))
    assert result["changed"] is True and result["alert"]["alias"] == "second-try"
    assert [entry["method"] for entry in emulator.log].count("POST") == 2
    alerts = [item for item in emulator.state.dump()["alerts"] if item.get("alias") == "second-try"]
    assert len(alerts) == 1 and alerts[0]["count"] == 1


def test_an_alert_without_alias_is_not_sent_again(emulator, run_module, connection):
    emulator.set_faults([{"kind": "drop", "method": "POST", "path": "/v1/alerts$", "after_processing": True, "times": 1}])
    result = run_module(jsmops_alert, connection(alert_message="No alias"))
    assert result["failed"] is True and "POST /v1/alerts: the connection to 127.0.0.1" in result["msg"]
    assert [entry["method"] for entry in emulator.log].count("POST") == 1
