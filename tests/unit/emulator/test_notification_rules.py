# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Notification rules and their steps in the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

from ansible_collections.jsm.ops.tests.unit.emulator.support import DANA, ERIN


def test_rules_are_the_accounts_own_and_ordered_within_their_action_type(api):
    dana = api(DANA)
    first = dana.post("/v1/notification-rules", json={"name": "First", "actionType": "create-alert", "enabled": True})
    assert first.status_code == 201, first.text
    second = dana.post("/v1/notification-rules", json={"name": "Second", "actionType": "create-alert", "enabled": True, "order": 0}).json()
    assert second["order"] == 0 and dana.get(f"/v1/notification-rules/{first.json()['id']}").json()["order"] == 1
    other = dana.post("/v1/notification-rules", json={"name": "Closed", "actionType": "closed-alert", "enabled": True}).json()
    assert other["order"] == 0  # counted among its own action type
    assert api(ERIN).get(f"/v1/notification-rules/{second['id']}").status_code == 404
    body = {"name": "Second", "actionType": "create-alert", "enabled": True, "order": 1}
    moved = dana.patch(f"/v1/notification-rules/{second['id']}", json=body)
    assert moved.json()["order"] == 1
    assert dana.delete(f"/v1/notification-rules/{second['id']}").status_code == 204


def test_steps_need_one_of_the_accounts_contacts(api):
    dana = api(DANA)
    rule = dana.post("/v1/notification-rules", json={"name": "P1", "actionType": "create-alert", "enabled": True}).json()
    steps = f"/v1/notification-rules/{rule['id']}/steps"
    step = dana.post(steps, json={"contact": {"method": "sms", "to": "+49-1511-2345678"}, "enabled": True, "sendAfter": 5})
    assert step.status_code == 201, step.text
    assert dana.get(steps).json()["values"] == [step.json()]
    assert dana.post(steps, json={"contact": {"method": "voice", "to": "+1-555-0100"}, "enabled": True}).status_code == 422
    assert dana.patch(f"{steps}/{step.json()['id']}", json={"sendAfter": 10}).json()["sendAfter"] == 10
    assert dana.get(f"/v1/notification-rules/{rule['id']}").json()["steps"][0]["sendAfter"] == 10
    assert dana.delete(f"{steps}/{step.json()['id']}").status_code == 204
    no_times = dana.post("/v1/notification-rules", json={"name": "Shift", "actionType": "schedule-start", "enabled": True})
    assert no_times.status_code == 422
