# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_notification_rule, its _info and jsmops_notification_rule_step against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import (
    jsmops_notification_rule,
    jsmops_notification_rule_info,
    jsmops_notification_rule_step,
)
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SCHEDULES

DANA = ACCOUNTS["dana"]
P1 = {"name": "P1 alerts", "action_type": "create-alert",
      "criteria": {"type": "match-all-conditions", "conditions": [
          {"field": "priority", "operation": "equals", "expected_value": "P1"},
          {"field": "tags", "operation": "contains", "expected_value": "critical"}]}}


@pytest.fixture
def call(run_module, connection):
    def run(module=jsmops_notification_rule, who="dana", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def rules_of(emulator):
    return emulator.state.dump()["notificationRules"].get(DANA["accountId"], [])


def test_a_rule_through_its_life(call, emulator):
    predicted = call(check_mode=True, **P1)
    assert predicted["changed"] is True and writes(emulator) == [] and rules_of(emulator) == []
    created = call(**P1)
    rule = created["notification_rule"]
    assert created["changed"] is True and rule["id"] and rule["enabled"] is True and rule["order"] == 0
    emulator.clear_log()
    reversed_conditions = dict(P1, criteria=dict(P1["criteria"], conditions=P1["criteria"]["conditions"][::-1]))
    assert call(**reversed_conditions)["changed"] is False and writes(emulator) == []  # the conditions are a set
    assert call(jsmops_notification_rule_info, name="P1 alerts")["notification_rules"] == [rule]

    repeat = call(diff=True, name="P1 alerts", repeat={"loop_after": 5, "enabled": True})
    assert repeat["changed"] is True and repeat["diff"]["after"] == {"repeat": {"loopAfter": 5, "enabled": True}}
    [sent] = [entry for entry in emulator.log if entry["method"] == "PATCH"]
    assert writes(emulator) == [("PATCH", "/notification-rules/%s" % rule["id"])]
    deleted = call(name="P1 alerts", state="absent")
    assert deleted["changed"] is True and rules_of(emulator) == []
    assert call(name="P1 alerts", state="absent")["changed"] is False


def test_the_order_among_rules_of_one_action_type(call, emulator):
    call(name="First", action_type="create-alert")
    call(name="Second", action_type="create-alert")
    moved = call(name="Second", order=0)
    assert moved["changed"] is True and moved["notification_rule"]["order"] == 0
    assert [rule["name"] for rule in rules_of(emulator)] == ["Second", "First"]
    assert call(name="Second", order=0)["changed"] is False


def test_schedule_rules_name_their_schedules_and_times(call, emulator):
    created = call(name="Shift reminder", action_type="schedule-start", notification_time=["1-day-ago", "1-hour-ago"],
                   schedules=["Platform Primary"])
    assert created["notification_rule"]["schedules"] == [SCHEDULES["Platform Primary"]["id"]]
    again = call(name="Shift reminder", notification_time=["1-hour-ago", "1-day-ago"], schedules=[SCHEDULES["Platform Primary"]["id"]])
    assert again["changed"] is False
    refused = call(name="No times", action_type="schedule-end", notification_time=[])
    assert refused["failed"] is True and refused["msg"] == "notification_time must name at least one time for a schedule-end rule."


def test_steps_found_by_their_contact(call, emulator):
    rule = call(**P1)["notification_rule"]
    sms = {"rule": "P1 alerts", "method": "sms", "to": "+49-1511-2345678"}
    created = call(jsmops_notification_rule_step, send_after=5, **sms)
    assert created["changed"] is True and created["rule_id"] == rule["id"] and created["step"]["sendAfter"] == 5
    emulator.clear_log()
    assert call(jsmops_notification_rule_step, send_after=5, **sms)["changed"] is False and writes(emulator) == []
    later = call(jsmops_notification_rule_step, diff=True, send_after=10, **sms)
    assert later["diff"] == {"before": {"sendAfter": 5}, "after": {"sendAfter": 10}}
    step_id = created["step"]["id"]
    assert writes(emulator) == [("PATCH", "/notification-rules/%s/steps/%s" % (rule["id"], step_id))]
    assert call(jsmops_notification_rule_info, name="P1 alerts")["notification_rules"][0]["steps"][0]["sendAfter"] == 10
    assert call(jsmops_notification_rule_step, state="absent", **sms)["changed"] is True
    assert call(jsmops_notification_rule_step, state="absent", **sms)["changed"] is False
    unknown_rule = call(jsmops_notification_rule_step, rule="Nope", method="sms", to="+49-1511-2345678")
    assert unknown_rule["failed"] is True
    assert unknown_rule["msg"] == ("rule 'Nope' is not a notification rule of the calling account; create it with "
                                   "jsm.ops.jsmops_notification_rule first.")
    negative = call(jsmops_notification_rule_step, send_after=-5, **sms)
    assert negative["failed"] is True and negative["msg"] == "send_after must be 0 or more; got -5."
    not_a_contact = call(jsmops_notification_rule_step, rule="P1 alerts", method="voice", to="+1-555-0100")
    assert not_a_contact["failed"] is True and "HTTP 422" in not_a_contact["msg"]
