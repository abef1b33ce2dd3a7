# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes the API processed but answered with something that cannot be read (a gateway's HTML page with status
200): the task reports ``changed``, reads the object back where its natural key allows, and says so where it
cannot; and check mode refuses what the API would refuse."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_alert, jsmops_heartbeat, jsmops_schedule
from ansible_collections.jsm.ops.tests.unit.plugins.modules.test_lost_answers import CASES

HTML_200 = {"kind": "html", "status": 200, "after_processing": True, "times": 1}


@pytest.mark.parametrize("module, args, path, count", CASES, ids=[case[0].__name__.rsplit(".", 1)[-1] for case in CASES])
def test_a_create_answered_with_garbage_is_changed_and_read_back(emulator, run_module, connection, module, args, path, count):
    emulator.set_faults([dict(HTML_200, method="POST", path=path)])
    result = run_module(module, connection(**args))
    assert result["changed"] is True, result.get("msg")
    if result.get("failed"):  # not readable back yet (alerts are processed later): the message says it may have been applied
        assert "may have been applied" in result["msg"]
    else:
        assert len(count(emulator.state.dump())) == 1
    assert [entry["method"] for entry in emulator.log].count("POST") == 1


@pytest.mark.parametrize("module, args, method", [
    (jsmops_schedule, {"name": "Platform Primary", "description": "Read back"}, "PATCH"),
    (jsmops_heartbeat, {"team": "Platform", "name": "platform-api", "interval": 9, "interval_unit": "hours"}, "PATCH"),
], ids=["schedule", "heartbeat"])
def test_an_update_answered_with_garbage_is_changed_and_read_back(emulator, run_module, connection, module, args, method):
    emulator.set_faults([dict(HTML_200, method=method)])
    result = run_module(module, connection(**args))
    assert result.get("failed") is not True, result.get("msg")
    assert result["changed"] is True
    assert run_module(module, connection(**args))["changed"] is False  # it was applied once


def test_an_alert_without_alias_answered_with_garbage_is_changed_and_says_so(emulator, run_module, connection):
    emulator.set_faults([dict(HTML_200, method="POST", path="/v1/alerts$")])
    result = run_module(jsmops_alert, connection(alert_message="No alias, garbled answer"))
    assert result["failed"] is True and result["changed"] is True
    assert result["msg"].startswith("POST /v1/alerts returned HTTP 200 with a body that is not JSON") and "may have been applied" in result["msg"]


@pytest.mark.parametrize("check_mode", [True, False], ids=["check mode", "for real"])
def test_a_snooze_that_ended_is_refused_before_anything_is_sent(emulator, run_module, connection, check_mode):
    result = run_module(jsmops_alert, connection(alias="platform-api-latency", state="snoozed", end_time="2020-01-01T00:00:00Z"), check_mode=check_mode)
    assert result["failed"] is True
    assert result["msg"] == "end_time '2020-01-01T00:00:00Z' is not in the future; give a later date and time."
    assert emulator.log == []
