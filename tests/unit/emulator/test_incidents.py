# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alerts, heartbeats and maintenances of the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

import copy
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from jsmops_emulator.store import SeedError, Store, load_seed

from ansible_collections.jsm.ops.tests.unit.emulator.support import (
    ADA, DANA, DANA_ID, DATABASE_TEAM, ERIN, ERIN_ID, PAYMENTS_TEAM, PLATFORM_PRIMARY, PLATFORM_TEAM, SEED, Api, needs_spec,
    refused_by_schema, titles,
)

OPEN_ALERT = "98d55f72-44d8-5ad2-acec-c2f6ba61f609-1767603600000"
CLOSED_ALERT = "09752ab9-08ae-5dd9-9402-e622c49c8eb3-1767564000000"
DEFAULT_API = "d9c6ac0a-93c9-5973-af2b-8361abbd861c"
PROMETHEUS = "8c816112-3507-5ff6-a7b1-650970927c6d"
CLOUDWATCH = "2c8e9e1b-ee0d-59c3-bed5-8586e5573f84"
GLOBAL_POLICY = "8d6bc9bb-80ea-51e4-b947-d779db9c1229"
PLATFORM_POLICY = "53c449d6-6d8e-51ba-90f2-efddbdda144c"
PLATFORM_SYNC = "2bc37bd9-d8ad-54f3-b77d-28148ef24daf"
SEED_MAINTENANCE = "efdcb97e-e5b4-51a9-b2ec-02b3177c6ef0"


class AlertApi(Api):
    """An API client that also sends alert requests and waits until the emulator has processed them."""

    def processed(self, request_id: str, timeout: float = 3.0) -> dict:
        """The request's status once the emulator has processed it."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(f"/v1/alerts/requests/{request_id}")
            if response.status_code == 200:
                return response.json()
            assert response.status_code == 404, response.text
            assert time.monotonic() < deadline, f"request {request_id} was not processed within {timeout} s"
            time.sleep(0.01)

    def act(self, method: str, path: str, body=None, expect: int = 202) -> dict:
        """Send an alert request and return its processed status."""
        response = self.request(method, path, json=body)
        assert response.status_code == expect, response.text
        assert set(response.json()) == {"result", "requestId", "took"}
        return self.processed(response.json()["requestId"])

    def create_alert(self, **body) -> dict:
        body.setdefault("message", "Something broke")
        return self.act("POST", "/v1/alerts", body, expect=200)


@pytest.fixture
def api_class(emulator):
    """``api(email)`` builds alert clients; alert requests are processed as soon as they are read."""
    emulator.update_settings({"alert_processing_delay": 0})
    return AlertApi


def state(emulator) -> dict:
    response = requests.get(emulator.url + "/_emulator/state", timeout=5)
    assert response.status_code == 200
    return response.json()


def iso(moment: datetime) -> str:
    """A date-time as the API writes it: UTC with Z, milliseconds only when there are any."""
    moment = moment.astimezone(timezone.utc)
    millis = moment.microsecond // 1000
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{millis:03d}" if millis else "") + "Z"


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def now() -> datetime:
    return datetime.now(timezone.utc)


def heartbeats_path(team_id: str = PLATFORM_TEAM) -> str:
    return f"/v1/teams/{team_id}/heartbeats"


# alerts: asynchronous processing


def test_create_is_processed_after_the_delay(api, emulator):
    emulator.update_settings({"alert_processing_delay": 0.3})
    admin = api(ADA)
    sent = now()
    response = admin.post("/v1/alerts", json={"message": "Disk almost full", "alias": "disk-web-1", "entity": "web-1"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["result"] == "Request will be processed" and isinstance(body["took"], int)
    request_id = body["requestId"]
    # not yet processed: unknown to the status endpoint, no alert yet
    assert admin.get(f"/v1/alerts/requests/{request_id}").status_code == 404
    assert admin.get("/v1/alerts/alias", params={"alias": "disk-web-1"}).status_code == 404
    pending = [item for item in state(emulator)["alertRequests"] if item["id"] == request_id]
    assert pending[0]["processed"] is False and pending[0]["action"] == "create"
    status = admin.processed(request_id)
    assert status == {"action": "Create", "processedAt": status["processedAt"], "integrationId": "", "isSuccess": True,
                      "status": "Created alert", "alertId": status["alertId"], "alias": "disk-web-1"}
    assert parse(status["processedAt"]) - sent >= timedelta(seconds=0.29)
    alert = admin.get(f"/v1/alerts/{status['alertId']}").json()
    assert alert == {
        "id": status["alertId"], "tinyId": "3", "createdAt": status["processedAt"], "updatedAt": status["processedAt"],
        "message": "Disk almost full", "entity": "web-1", "source": "127.0.0.1", "status": "open", "alias": "disk-web-1", "tags": [],
        "extraProperties": {}, "description": "", "acknowledged": False, "count": 1, "owner": "", "snoozed": False,
        "lastOccuredAt": status["processedAt"], "integrationType": "API", "integrationName": "Default API", "priority": "P3",
        "responders": [], "actions": [], "seen": False,
    }


def test_alert_created_with_every_field(api):
    admin = api(ADA)
    body = {
        "message": "Checkout errors", "alias": "checkout-errors", "description": "5xx above 2 %", "entity": "checkout", "source": "synthetics",
        "responders": [{"id": PLATFORM_TEAM, "type": "team"}, {"id": ERIN_ID, "type": "user"}, {"id": PLATFORM_PRIMARY, "type": "schedule"},
                       {"id": "5a1d7c1e-0f3b-4c55-9a52-2b8e2c7b9d11", "type": "escalation"}],
        "visibleTo": [{"id": DATABASE_TEAM, "type": "team"}], "actions": ["Restart"], "tags": ["checkout", "p1"],
        "extraProperties": {"region": "eu"}, "priority": "P1", "note": "Paging the team",
    }
    status = admin.create_alert(**body)
    assert status["isSuccess"] is True
    alert = admin.get(f"/v1/alerts/{status['alertId']}").json()
    for key in ("message", "alias", "description", "entity", "source", "responders", "actions", "tags", "extraProperties", "priority"):
        assert alert[key] == body[key], key
    assert "visibleTo" not in alert and "note" not in alert
    notes = admin.get(f"/v1/alerts/{alert['id']}/notes").json()["values"]
    assert [(note["note"], note["owner"]) for note in notes] == [("Paging the team", ADA)]


def test_failing_requests_by_setting(api, emulator):
    admin = api(ADA)
    answer = requests.put(emulator.url + "/_emulator/settings", json={"alert_fail_next": 2}, timeout=5)
    assert answer.status_code == 200
    failed = admin.create_alert(alias="will-fail")
    assert failed["isSuccess"] is False and failed["action"] == "Create"
    assert "alert_fail_next" in failed["status"] and "alertId" not in failed and failed["alias"] == "will-fail"
    closing = admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/close")
    assert closing["isSuccess"] is False and closing["alertId"] == OPEN_ALERT
    assert emulator.settings["alert_fail_next"] == 0
    assert admin.get("/v1/alerts/alias", params={"alias": "will-fail"}).status_code == 404
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}").json()["status"] == "open"
    assert admin.create_alert(alias="will-work")["isSuccess"] is True


@pytest.mark.parametrize("settings", [{"alert_processing_delay": -1}, {"alert_processing_delay": "1"}, {"alert_fail_next": 1.5},
                                      {"alert_fail_next": -1}, {"alert_fail_next": True}])
def test_alert_settings_are_checked(emulator, settings):
    answer = requests.put(emulator.url + "/_emulator/settings", json=settings, timeout=5)
    assert answer.status_code == 400
    assert emulator.settings["alert_processing_delay"] == 0.2 and emulator.settings["alert_fail_next"] == 0


def test_actions_on_missing_or_hidden_alerts_fail_when_processed(api):
    missing = api(ADA).act("POST", "/v1/alerts/no-such-alert/acknowledge")
    assert missing["isSuccess"] is False and missing["status"] == "Alert does not exist" and missing["alertId"] == "no-such-alert"
    hidden = api(DANA).act("POST", f"/v1/alerts/{CLOSED_ALERT}/tags", {"tags": ["mine"]})
    assert hidden["isSuccess"] is False and "permission" in hidden["status"]
    assert api(ADA).get(f"/v1/alerts/{CLOSED_ALERT}").json()["tags"] == ["disk"]


def test_unknown_responder_fails_the_create(api, emulator):
    status = api(ADA).create_alert(responders=[{"id": "00000000-0000-0000-0000-000000000000", "type": "team"}])
    assert status["isSuccess"] is False and "does not exist" in status["status"]
    assert len(state(emulator)["alerts"]) == 2


def test_requests_are_processed_in_order(api, emulator):
    emulator.update_settings({"alert_processing_delay": 0.05})
    admin = api(ADA)
    ids = [admin.post(f"/v1/alerts/{OPEN_ALERT}/tags", json={"tags": [f"t{number}"]}).json()["requestId"] for number in range(3)]
    statuses = [admin.processed(request_id) for request_id in ids]
    assert [parse(item["processedAt"]) for item in statuses] == sorted(parse(item["processedAt"]) for item in statuses)
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}").json()["tags"] == ["latency", "platform", "t0", "t1", "t2"]


# alerts: de-duplication


def test_alias_deduplicates_open_alerts_and_is_reused_once_closed(api, emulator):
    admin = api(ADA)
    first = admin.create_alert(alias="db-latency", message="DB latency high")
    again = admin.create_alert(alias="db-latency", message="DB latency high (again)", priority="P1")
    third = admin.create_alert(alias="db-latency")
    assert first["alertId"] == again["alertId"] == third["alertId"]
    assert again["status"] == "Alert already exists; its count was increased"
    alert = admin.get(f"/v1/alerts/{first['alertId']}").json()
    assert alert["count"] == 3
    assert alert["lastOccuredAt"] == third["processedAt"] and alert["createdAt"] == first["processedAt"]
    assert alert["message"] == "DB latency high" and alert["priority"] == "P3"
    # an acknowledged alert is still open
    admin.act("POST", f"/v1/alerts/{first['alertId']}/acknowledge")
    assert admin.create_alert(alias="db-latency")["alertId"] == first["alertId"]
    admin.act("POST", f"/v1/alerts/{first['alertId']}/close")
    reopened = admin.create_alert(alias="db-latency", message="DB latency high, later")
    assert reopened["alertId"] != first["alertId"] and reopened["status"] == "Created alert"
    by_alias = admin.get("/v1/alerts/alias", params={"alias": "db-latency"}).json()
    assert by_alias["id"] == reopened["alertId"] and by_alias["count"] == 1 and by_alias["status"] == "open"
    admin.act("POST", f"/v1/alerts/{reopened['alertId']}/close")
    assert admin.get("/v1/alerts/alias", params={"alias": "db-latency"}).json()["id"] == reopened["alertId"]
    assert len([item for item in state(emulator)["alerts"] if item["alias"] == "db-latency"]) == 2


def test_alert_without_alias_takes_its_id(api):
    admin = api(ADA)
    one, two = admin.create_alert(), admin.create_alert()
    assert one["alertId"] != two["alertId"]
    assert one["alias"] == one["alertId"]
    assert admin.get(f"/v1/alerts/{one['alertId']}").json()["alias"] == one["alertId"]


# alerts: actions


def test_action_changes_nothing_until_processed(api, emulator):
    admin = api(ADA)
    emulator.update_settings({"alert_processing_delay": 0.3})
    request_id = admin.post(f"/v1/alerts/{OPEN_ALERT}/acknowledge").json()["requestId"]
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}").json()["acknowledged"] is False
    status = admin.processed(request_id)
    assert status["action"] == "Acknowledge" and status["isSuccess"] is True and status["alias"] == "platform-api-latency"
    alert = admin.get(f"/v1/alerts/{OPEN_ALERT}").json()
    assert alert["acknowledged"] is True and alert["ackTime"] == status["processedAt"] == alert["updatedAt"]
    assert alert["owner"] == "Ada Admin" and alert["seen"] is True and alert["status"] == "open"


ACTION_CASES = {
    "acknowledge": ("POST", "/acknowledge", None, "Acknowledge", lambda alert: alert["acknowledged"] is True),
    "close": ("POST", "/close", None, "Close", lambda alert: alert["status"] == "closed" and "closeTime" in alert),
    "assign": ("POST", "/assign", {"accountId": ERIN_ID}, "AssignOwnership", lambda alert: alert["owner"] == "Erin Database"),
    "add responder": ("POST", "/responders", {"id": DATABASE_TEAM, "type": "team"}, "AddResponder",
                      lambda alert: alert["responders"] == [{"id": PLATFORM_TEAM, "type": "team"}, {"id": DATABASE_TEAM, "type": "team"}]),
    "escalate": ("POST", "/escalate", {"escalationId": "esc-1"}, "EscalateToNext",
                 lambda alert: {"id": "esc-1", "type": "escalation"} in alert["responders"]),
    "custom action": ("POST", "/action", {"actionName": "Restart"}, "ExecuteCustomAction", lambda alert: True),
    "snooze": ("POST", "/snooze", {"endTime": "2031-01-01T01:00:00+01:00"}, "Snooze",
               lambda alert: alert["snoozed"] is True and alert["snoozedUntil"] == "2031-01-01T00:00:00Z"),
    "add tags": ("POST", "/tags", {"tags": ["new", "latency"]}, "AddTags", lambda alert: alert["tags"] == ["latency", "platform", "new"]),
    "remove tags": ("DELETE", "/tags", {"tags": ["latency", "absent"]}, "RemoveTags", lambda alert: alert["tags"] == ["platform"]),
    "add extra properties": ("POST", "/extra-properties", {"extraProperties": {"region": "us", "team": "platform"}}, "AddExtraProperties",
                             lambda alert: alert["extraProperties"] == {"region": "us", "service": "api-gateway", "team": "platform"}),
    "remove extra properties": ("DELETE", "/extra-properties", {"keys": ["region"]}, "DeleteExtraProperties",
                                lambda alert: alert["extraProperties"] == {"service": "api-gateway"}),
    "priority": ("PATCH", "/priority", {"priority": "P5"}, "UpdatePriority", lambda alert: alert["priority"] == "P5"),
    "message": ("PATCH", "/message", {"message": "Latency back to normal?"}, "UpdateMessage",
                lambda alert: alert["message"] == "Latency back to normal?"),
    "description": ("PATCH", "/description", {"description": "New text"}, "UpdateDescription", lambda alert: alert["description"] == "New text"),
}


@pytest.mark.parametrize("case", sorted(ACTION_CASES))
def test_each_action_takes_effect_once_processed(api, case):
    method, suffix, body, name, check = ACTION_CASES[case]
    admin = api(ADA)
    before = admin.get(f"/v1/alerts/{OPEN_ALERT}").json()
    status = admin.act(method, f"/v1/alerts/{OPEN_ALERT}{suffix}", body)
    assert status["action"] == name and status["isSuccess"] is True, status
    assert status["alertId"] == OPEN_ALERT and status["alias"] == "platform-api-latency"
    after = admin.get(f"/v1/alerts/{OPEN_ALERT}").json()
    assert check(after), after
    assert after["updatedAt"] == status["processedAt"] != before["updatedAt"]
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}/logs").json()["values"][0]["logTime"] == status["processedAt"]


def test_unacknowledge_and_delete(api, emulator):
    admin = api(ADA)
    admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/acknowledge")
    status = admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/unacknowledge")
    assert status["action"] == "UnAcknowledge" and status["isSuccess"] is True
    alert = admin.get(f"/v1/alerts/{OPEN_ALERT}").json()
    assert alert["acknowledged"] is False and "ackTime" not in alert
    deleted = admin.act("DELETE", f"/v1/alerts/{OPEN_ALERT}")
    assert deleted == {"action": "Delete", "processedAt": deleted["processedAt"], "integrationId": "", "isSuccess": True,
                       "status": "Deleted alert", "alertId": OPEN_ALERT, "alias": "platform-api-latency"}
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}").status_code == 404
    assert [item["id"] for item in state(emulator)["alerts"]] == [CLOSED_ALERT]
    assert admin.act("DELETE", f"/v1/alerts/{OPEN_ALERT}")["status"] == "Alert does not exist"


@pytest.mark.parametrize("suffix, body", [("/acknowledge", None), ("/assign", {"accountId": DANA_ID}), ("/snooze", {"endTime": "2031-01-01T00:00:00Z"}),
                                          ("/escalate", {"escalationId": "esc-1"})])
def test_closed_alert_takes_no_state_actions(api, suffix, body):
    status = api(ADA).act("POST", f"/v1/alerts/{CLOSED_ALERT}{suffix}", body)
    assert status["isSuccess"] is False and status["status"] == "Alert is closed"


def test_closed_alert_still_takes_tags_and_closing_again_is_harmless(api):
    admin = api(ADA)
    assert admin.act("POST", f"/v1/alerts/{CLOSED_ALERT}/tags", {"tags": ["postmortem"]})["isSuccess"] is True
    again = admin.act("POST", f"/v1/alerts/{CLOSED_ALERT}/close")
    assert again["isSuccess"] is True and again["status"] == "Alert is already closed"
    alert = admin.get(f"/v1/alerts/{CLOSED_ALERT}").json()
    assert alert["tags"] == ["disk", "postmortem"] and alert["closeTime"] == "2026-01-04T23:30:00Z"


def test_failing_actions(api):
    admin = api(ADA)
    unknown_action = admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/action", {"actionName": "Reboot"})
    assert unknown_action["isSuccess"] is False and "Reboot" in unknown_action["status"]
    unknown_user = admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/assign", {"accountId": "712020:nobody"})
    assert unknown_user["isSuccess"] is False and "does not exist" in unknown_user["status"]
    unknown_team = admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/responders", {"id": "no-team", "type": "team"})
    assert unknown_team["isSuccess"] is False
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}").json()["owner"] == ""


def test_snooze_ends_by_itself(api):
    admin = api(ADA)
    end = now() + timedelta(seconds=0.3)
    assert admin.act("POST", f"/v1/alerts/{OPEN_ALERT}/snooze", {"endTime": iso(end)})["isSuccess"] is True
    snoozed = admin.get(f"/v1/alerts/{OPEN_ALERT}").json()
    assert snoozed["snoozed"] is True and snoozed["snoozedUntil"] == iso(end)
    time.sleep(max(0.0, (end - now()).total_seconds()) + 0.05)
    awake = admin.get(f"/v1/alerts/{OPEN_ALERT}").json()
    assert awake["snoozed"] is False and "snoozedUntil" not in awake
    assert admin.get("/v1/alerts", params={"query": "snoozed:true"}).json()["count"] == 0


@pytest.mark.expect_violations
def test_alert_payloads_are_checked(api, emulator):
    admin = api(ADA)
    refused_by_schema(emulator, admin.post("/v1/alerts", json={"alias": "no-message"}), clear=True)
    refused_by_schema(emulator, admin.post("/v1/alerts", json={"message": "x", "priority": "P0"}), clear=True)
    refused_by_schema(emulator, admin.post("/v1/alerts", json={"message": "x", "responders": [{"id": "a", "type": "group"}]}), clear=True)
    refused_by_schema(emulator, admin.post(f"/v1/alerts/{OPEN_ALERT}/assign", json={}), clear=True)
    refused_by_schema(emulator, admin.post(f"/v1/alerts/{OPEN_ALERT}/snooze", json={"endTime": "tomorrow"}), clear=True)
    refused_by_schema(emulator, admin.patch(f"/v1/alerts/{OPEN_ALERT}/priority", json={"priority": "urgent"}), clear=True)
    refused_by_schema(emulator, admin.delete(f"/v1/alerts/{OPEN_ALERT}/tags", json={"keys": ["a"]}), clear=True)
    # lengths the spec gives as "maximum" (which validators do not apply to strings) are the emulator's to check
    too_long = admin.post("/v1/alerts", json={"message": "m" * 131})
    assert too_long.status_code == 422 and "130" in titles(too_long)[0]
    past = admin.post(f"/v1/alerts/{OPEN_ALERT}/snooze", json={"endTime": "2020-01-01T00:00:00Z"})
    assert past.status_code == 422
    assert state(emulator)["alertRequests"] == []


# alerts: reading


def test_get_alert_and_alias_not_found_and_hidden(api):
    admin, dana = api(ADA), api(DANA)
    assert admin.get("/v1/alerts/nope").status_code == 404
    assert admin.get("/v1/alerts/alias", params={"alias": "nope"}).status_code == 404
    assert dana.get(f"/v1/alerts/{OPEN_ALERT}").status_code == 200
    hidden = dana.get(f"/v1/alerts/{CLOSED_ALERT}")
    assert hidden.status_code == 403 and titles(hidden)
    assert dana.get("/v1/alerts/alias", params={"alias": "db-disk-full"}).status_code == 403
    assert api(ERIN).get(f"/v1/alerts/{CLOSED_ALERT}").json()["owner"] == "Erin Database"


def test_visibility_follows_responders_and_visible_to(api):
    admin, dana, erin = api(ADA), api(DANA), api(ERIN)
    for_database = admin.create_alert(alias="db-only", responders=[{"id": DATABASE_TEAM, "type": "team"}])["alertId"]
    shown_to_dana = admin.create_alert(alias="shown", responders=[{"id": DATABASE_TEAM, "type": "team"}],
                                       visibleTo=[{"id": DANA_ID, "type": "user"}])["alertId"]
    by_schedule = admin.create_alert(alias="by-schedule", responders=[{"id": PLATFORM_PRIMARY, "type": "schedule"}])["alertId"]
    for_everyone = admin.create_alert(alias="everyone")["alertId"]
    own = dana.create_alert(alias="dana-for-database", responders=[{"id": DATABASE_TEAM, "type": "team"}])["alertId"]
    dana_sees = {alert["id"] for alert in dana.get("/v1/alerts", params={"size": 100}).json()["values"]}
    assert dana_sees == {OPEN_ALERT, shown_to_dana, by_schedule, for_everyone, own}
    assert for_database not in dana_sees
    erin_sees = {alert["id"] for alert in erin.get("/v1/alerts", params={"size": 100}).json()["values"]}
    assert erin_sees == {CLOSED_ALERT, for_database, shown_to_dana, for_everyone, own}
    assert admin.get("/v1/alerts").json()["count"] == 7


def test_list_sorts_and_pages(api):
    admin = api(ADA)
    created = [admin.create_alert(alias=f"page-{number}", priority=f"P{number % 5 + 1}")["alertId"] for number in range(5)]
    everything = admin.get("/v1/alerts").json()
    assert everything["count"] == 7 and everything["links"] == {}
    assert [alert["id"] for alert in everything["values"]] == list(reversed([OPEN_ALERT, CLOSED_ALERT] + created))
    ascending = admin.get("/v1/alerts", params={"sort": "createdAt", "order": "asc"}).json()["values"]
    assert [alert["id"] for alert in ascending[:2]] == [CLOSED_ALERT, OPEN_ALERT]
    by_priority = admin.get("/v1/alerts", params={"sort": "priority", "order": "asc"}).json()["values"]
    assert [alert["priority"] for alert in by_priority] == sorted(alert["priority"] for alert in by_priority)
    by_occurrence = admin.get("/v1/alerts", params={"sort": "lastOccurredAt", "order": "desc"}).json()["values"]
    assert by_occurrence[-1]["id"] == CLOSED_ALERT
    seen, path, pages = [], "/v1/alerts?size=3&query=status%3Aopen", 0
    while path:
        page = admin.get(path).json()
        assert page["count"] == 6
        seen.extend(alert["id"] for alert in page["values"])
        path = page["links"].get("next")
        pages += 1
    assert pages == 2 and sorted(seen) == sorted([OPEN_ALERT] + created)
    assert [alert["id"] for alert in admin.get("/v1/alerts", params={"offset": 5, "size": 3}).json()["values"]] == [CLOSED_ALERT, OPEN_ALERT]


def test_list_offset_and_size_stay_below_20000(api):
    admin = api(ADA)
    refused = admin.get("/v1/alerts", params={"offset": 19990, "size": 10})
    assert refused.status_code == 422 and "20000" in titles(refused)[0]
    assert admin.get("/v1/alerts", params={"offset": 19999, "size": 1}).status_code == 422
    allowed = admin.get("/v1/alerts", params={"offset": 19989, "size": 10})
    assert allowed.status_code == 200 and allowed.json() == {"values": [], "count": 2, "links": {}}


@pytest.mark.expect_violations
def test_list_size_is_one_to_a_hundred(api, emulator):
    refused_by_schema(emulator, api(ADA).get("/v1/alerts", params={"size": 101}), clear=True)
    refused_by_schema(emulator, api(ADA).get("/v1/alerts", params={"size": 0}), clear=True)
    refused_by_schema(emulator, api(ADA).get("/v1/alerts", params={"sort": "name"}), clear=True)


QUERIES = {
    "status:open": {"seed open", "open", "acked"},
    "status: closed": {"closed"},
    "status=open AND tag:web": {"open", "acked"},
    "alias:db-*": {"closed"},
    "tag:WEB": {"open", "acked"},
    "tags:disk": {"closed"},
    "acknowledged:true": {"closed", "acked"},
    "priority:p1": {"closed", "acked"},
    "latency": {"seed open"},
    "message:\"disk usage\"": {"closed"},
    "entity:web-2 status:open": {"acked"},
    "Service": {"open", "acked"},
}


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_list_query(api, query):
    admin = api(ADA)
    names = {OPEN_ALERT: "seed open", CLOSED_ALERT: "closed"}
    names[admin.create_alert(alias="web-1-down", message="Service web-1 down", tags=["web"], entity="web-1")["alertId"]] = "open"
    acked = admin.create_alert(alias="web-2-down", message="Service web-2 down", tags=["web"], entity="web-2", priority="P1")["alertId"]
    admin.act("POST", f"/v1/alerts/{acked}/acknowledge")
    names[acked] = "acked"
    found = admin.get("/v1/alerts", params={"query": query}).json()
    assert {names[alert["id"]] for alert in found["values"]} == QUERIES[query]
    assert found["count"] == len(QUERIES[query])


@pytest.mark.parametrize("query", ["status:open OR status:closed", "colour:red", "acknowledged:maybe", "alias:\"unbalanced"])
def test_list_query_errors(api, query):
    response = api(ADA).get("/v1/alerts", params={"query": query})
    assert response.status_code == 422, response.text


def test_list_from_and_to_are_epoch_seconds(api):
    admin = api(ADA)
    first_seed = int(parse("2026-01-04T22:00:00Z").timestamp())
    second_seed = int(parse("2026-01-05T09:00:00Z").timestamp())
    window = admin.get("/v1/alerts", params={"from": first_seed, "to": second_seed}).json()
    assert [alert["id"] for alert in window["values"]] == [CLOSED_ALERT]
    later = admin.get("/v1/alerts", params={"from": second_seed}).json()
    assert [alert["id"] for alert in later["values"]] == [OPEN_ALERT]


def test_list_query_by_team_name(api):
    admin = api(ADA)
    for_payments = admin.create_alert(alias="card-declines", responders=[{"type": "team", "id": PAYMENTS_TEAM}])["alertId"]
    for_two = admin.create_alert(alias="shared-db", responders=[{"type": "team", "id": PAYMENTS_TEAM}, {"type": "team", "id": DATABASE_TEAM}])["alertId"]
    admin.create_alert(alias="nobody")

    def found(query):
        return {alert["id"] for alert in admin.get("/v1/alerts", params={"query": query}).json()["values"]}

    assert found("teams:Payments") == {for_payments, for_two}
    assert found("teams: payments AND alias:shared-*") == {for_two}
    assert found("team:Database") == {for_two, CLOSED_ALERT}
    assert found('teams:"Platform" status:open') == {OPEN_ALERT}
    assert found("teams:Pay*") == {for_payments, for_two}
    assert found("teams:Nobody") == set()


def test_list_since_a_moment_oldest_first_page_by_page(api):
    """What a poller does: the alerts created since a moment, oldest first, every page keeping the search."""
    admin = api(ADA)
    created = [admin.create_alert(alias=f"poll-{number}", tags=["poll"])["alertId"] for number in range(5)]
    admin.create_alert(alias="other")
    since = int(parse("2026-01-05T00:00:00Z").timestamp())  # between the two seed alerts
    params = {"query": "tag:poll", "from": since, "sort": "createdAt", "order": "asc", "size": 2}
    seen, path, pages = [], "/v1/alerts", 0
    while path:
        page = admin.get(path, params=params if pages == 0 else None).json()
        assert page["count"] == 5
        seen.extend(alert["id"] for alert in page["values"])
        path = page["links"].get("next")
        if path:
            assert all(part in path for part in ("query=tag%3Apoll", f"from={since}", "sort=createdAt", "order=asc"))
        pages += 1
    assert pages == 3 and seen == created
    stamps = [alert["createdAt"] for alert in admin.get("/v1/alerts", params=dict(params, query=None, size=100)).json()["values"]]
    assert [parse(stamp) for stamp in stamps] == sorted(parse(stamp) for stamp in stamps) and len(stamps) == 7


# alerts: notes and logs


def test_notes_lifecycle(api):
    admin, dana = api(ADA), api(DANA)
    seeded = admin.get(f"/v1/alerts/{OPEN_ALERT}/notes").json()
    assert [note["note"] for note in seeded["values"]] == ["Looking at the load balancer first."] and seeded["links"] == {}
    added = [dana.post(f"/v1/alerts/{OPEN_ALERT}/notes", json={"note": f"note {number}"}) for number in range(3)]
    assert all(response.status_code == 200 for response in added)
    note = added[0].json()
    assert set(note) == {"id", "createdAt", "updatedAt", "note", "owner"} and note["owner"] == DANA
    first = admin.get(f"/v1/alerts/{OPEN_ALERT}/notes", params={"size": 2}).json()
    assert [item["note"] for item in first["values"]] == ["note 2", "note 1"]
    second = admin.get(first["links"]["next"]).json()
    assert [item["note"] for item in second["values"]] == ["note 0", "Looking at the load balancer first."]
    assert second["links"] == {}
    # only the owner (or an admin) changes a note
    seeded_id = seeded["values"][0]["id"]
    assert api(ERIN).post(f"/v1/alerts/{OPEN_ALERT}/notes", json={"note": "x"}).status_code == 403
    changed = dana.patch(f"/v1/alerts/{OPEN_ALERT}/notes/{note['id']}", json={"note": "note zero"})
    assert changed.status_code == 200 and changed.json()["note"] == "note zero" and changed.json()["createdAt"] == note["createdAt"]
    other = admin.post(f"/v1/alerts/{OPEN_ALERT}/notes", json={"note": "admin's"}).json()
    assert dana.patch(f"/v1/alerts/{OPEN_ALERT}/notes/{other['id']}", json={"note": "mine now"}).status_code == 403
    assert admin.delete(f"/v1/alerts/{OPEN_ALERT}/notes/{seeded_id}").status_code == 204
    assert admin.delete(f"/v1/alerts/{OPEN_ALERT}/notes/{seeded_id}").status_code == 404
    assert admin.patch(f"/v1/alerts/{OPEN_ALERT}/notes/{seeded_id}", json={"note": "x"}).status_code == 404
    assert admin.get("/v1/alerts/nope/notes").status_code == 404
    assert admin.post("/v1/alerts/nope/notes", json={"note": "x"}).status_code == 404
    assert admin.get(f"/v1/alerts/{OPEN_ALERT}/notes", params={"after": "not-a-note"}).status_code == 422


def test_logs_record_actions_newest_first(api):
    admin = api(ADA)
    created = admin.create_alert(alias="logged")
    admin.act("POST", f"/v1/alerts/{created['alertId']}/acknowledge")
    admin.act("POST", f"/v1/alerts/{created['alertId']}/close")
    logs = admin.get(f"/v1/alerts/{created['alertId']}/logs", params={"size": 2}).json()
    assert [item["log"] for item in logs["values"]] == ["Closed alert", "Acknowledged alert"]
    assert all(set(item) == {"logTime", "logType", "log", "owner"} and item["owner"] == ADA for item in logs["values"])
    rest = admin.get(logs["links"]["next"]).json()
    assert [item["log"] for item in rest["values"]] == ["Alert created"] and rest["links"] == {}


# heartbeats


def test_heartbeat_lifecycle(api, emulator):
    dana = api(DANA)
    created = dana.post(heartbeats_path(), json={"name": "cron-reports", "interval": 10, "intervalUnit": "minutes"})
    assert created.status_code == 201, created.text
    assert created.json() == {"name": "cron-reports", "interval": 10, "intervalUnit": "Minutes", "enabled": False, "status": "Off",
                              "ownerTeamId": PLATFORM_TEAM, "alertMessage": "cron-reports is expired", "alertTags": [], "alertPriority": "P3"}
    listed = dana.get(heartbeats_path()).json()
    assert [item["name"] for item in listed["values"]] == ["platform-api", "platform-nightly-backup", "cron-reports"]
    only = dana.get(heartbeats_path(), params={"name": "cron-reports"}).json()["values"]
    assert only == [created.json()]
    assert dana.get(heartbeats_path(), params={"name": "cron"}).json()["values"] == []
    patched = dana.patch(heartbeats_path(), params={"name": "cron-reports"},
                         json={"name": "cron-reports", "enabled": True, "interval": 2, "intervalUnit": "hours", "alertTags": ["cron"],
                               "alertPriority": "P1", "description": "Reports job", "alertMessage": "Reports are late"})
    assert patched.status_code == 201, patched.text
    assert patched.json() == {"name": "cron-reports", "description": "Reports job", "interval": 2, "intervalUnit": "Hours", "enabled": True,
                              "status": "Pending", "ownerTeamId": PLATFORM_TEAM, "alertMessage": "Reports are late", "alertTags": ["cron"],
                              "alertPriority": "P1"}
    partial = dana.patch(heartbeats_path(), params={"name": "cron-reports"}, json={"name": "cron-reports", "interval": 3})
    assert partial.json() == dict(patched.json(), interval=3)
    renamed = dana.patch(heartbeats_path(), params={"name": "cron-reports"}, json={"name": "other"})
    assert renamed.status_code == 422
    deleted = dana.delete(heartbeats_path(), params={"name": "cron-reports"})
    assert deleted.status_code == 204 and deleted.content == b""
    assert [item["name"] for item in state(emulator)["heartbeats"]] == ["platform-api", "platform-nightly-backup"]
    assert dana.delete(heartbeats_path(), params={"name": "cron-reports"}).status_code == 404
    assert dana.patch(heartbeats_path(), params={"name": "cron-reports"}, json={"name": "cron-reports"}).status_code == 404


def test_heartbeat_names_are_unique_per_team(api, emulator):
    admin = api(ADA)
    body = {"name": "platform-api", "interval": 1, "intervalUnit": "days"}
    duplicate = admin.post(heartbeats_path(), json=body)
    assert duplicate.status_code == 409 and titles(duplicate)
    assert admin.post(heartbeats_path(DATABASE_TEAM), json=body).status_code == 201
    # names are case-sensitive
    assert admin.post(heartbeats_path(), json=dict(body, name="Platform-API")).status_code == 201
    assert len(state(emulator)["heartbeats"]) == 4


def test_ping_answers_pong_even_for_a_missing_heartbeat(api, emulator):
    dana = api(DANA)
    missing = dana.get(heartbeats_path() + "/ping", params={"name": "no-such-heartbeat"})
    assert missing.status_code == 202 and missing.json() == {"message": "PONG - Heartbeat received"}
    before = now()
    pinged = dana.get(heartbeats_path() + "/ping", params={"name": "platform-api"})
    assert pinged.status_code == 202
    stored = {item["name"]: item for item in state(emulator)["heartbeats"]}
    assert parse(stored["platform-api"]["lastPingAt"]) >= before.replace(microsecond=before.microsecond // 1000 * 1000)
    assert "lastPingAt" not in stored["platform-nightly-backup"]
    assert "lastPingAt" not in dana.get(heartbeats_path(), params={"name": "platform-api"}).json()["values"][0]
    assert dana.get(heartbeats_path(), params={"name": "platform-api"}).json()["values"][0]["status"] == "Responsive"
    assert len(stored) == 2


def test_heartbeat_status_follows_pings(api, emulator):
    dana = api(DANA)

    def status():
        return dana.get(heartbeats_path(), params={"name": "platform-api"}).json()["values"][0]["status"]

    assert status() == "Pending"
    with emulator.lock:
        heartbeat = [item for item in emulator.state.incidents.heartbeats if item["name"] == "platform-api"][0]
        heartbeat["enabledAt"] = iso(now() - timedelta(minutes=6))
    assert status() == "Unresponsive"
    dana.get(heartbeats_path() + "/ping", params={"name": "platform-api"})
    assert status() == "Responsive"
    with emulator.lock:
        heartbeat["lastPingAt"] = iso(now() - timedelta(minutes=5, seconds=1))
    assert status() == "Unresponsive"
    dana.patch(heartbeats_path(), params={"name": "platform-api"}, json={"name": "platform-api", "enabled": False})
    assert status() == "Off"


def test_heartbeat_permissions_and_plan(api):
    erin, admin = api(ERIN), api(ADA)
    for response in (erin.get(heartbeats_path()), erin.post(heartbeats_path(), json={"name": "x", "interval": 1, "intervalUnit": "days"}),
                     erin.get(heartbeats_path() + "/ping", params={"name": "platform-api"}),
                     erin.delete(heartbeats_path(), params={"name": "platform-api"})):
        assert response.status_code == 403, response.text
    assert admin.get(heartbeats_path("no-such-team")).status_code == 404
    no_plan = admin.get(heartbeats_path(PAYMENTS_TEAM))
    assert no_plan.status_code == 402 and titles(no_plan)
    assert admin.get(heartbeats_path(PAYMENTS_TEAM) + "/ping", params={"name": "x"}).status_code == 402
    assert admin.get(heartbeats_path()).status_code == 200


@pytest.mark.expect_violations
@pytest.mark.parametrize("body", [
    {"name": "x", "interval": 1, "intervalUnit": "weeks"},
    {"name": "x", "interval": 1, "intervalUnit": "Minutes"},
    {"name": "x", "interval": 0, "intervalUnit": "minutes"},
    {"name": "x", "intervalUnit": "minutes"},
    {"interval": 1, "intervalUnit": "minutes"},
    {"name": "x", "interval": 1, "intervalUnit": "minutes", "alertPriority": "P9"},
])
def test_heartbeat_payloads_are_checked(api, emulator, body):
    refused_by_schema(emulator, api(ADA).post(heartbeats_path(), json=body), clear=True)
    assert len(state(emulator)["heartbeats"]) == 2


@pytest.mark.expect_violations
def test_heartbeat_update_needs_the_name_in_the_body_and_a_known_unit(api, emulator):
    admin = api(ADA)
    refused_by_schema(emulator, admin.patch(heartbeats_path(), params={"name": "platform-api"}, json={"interval": 3}), clear=True)
    refused = admin.patch(heartbeats_path(), params={"name": "platform-api"}, json={"name": "platform-api", "intervalUnit": "years"})
    refused_by_schema(emulator, refused, clear=True)
    refused_by_schema(emulator, admin.get(heartbeats_path(), params={"size": 101}), clear=True)


def test_heartbeat_list_pages(api):
    admin = api(ADA)
    for number in range(3):
        assert admin.post(heartbeats_path(), json={"name": f"hb-{number}", "interval": 1, "intervalUnit": "hours"}).status_code == 201
    first = admin.get(heartbeats_path(), params={"size": 2}).json()
    assert [item["name"] for item in first["values"]] == ["platform-api", "platform-nightly-backup"]
    assert first["links"]["next"] == f"/v1/teams/{PLATFORM_TEAM}/heartbeats?offset=2&size=2"
    last = admin.get(first["links"]["next"]).json()
    assert [item["name"] for item in last["values"]] == ["hb-0", "hb-1"]
    assert admin.get(last["links"]["next"]).json() == {"values": [{"name": "hb-2", "interval": 1, "intervalUnit": "Hours", "enabled": False,
                                                                   "status": "Off", "ownerTeamId": PLATFORM_TEAM,
                                                                   "alertMessage": "hb-2 is expired", "alertTags": [],
                                                                   "alertPriority": "P3"}], "links": {}}


# maintenances


def maintenance_body(start: datetime, end: datetime, **extra) -> dict:
    body = {"description": "Patch night", "startDate": iso(start), "endDate": iso(end),
            "rules": [{"entity": {"id": PROMETHEUS, "type": "integration"}, "state": "disabled"}]}
    body.update(extra)
    return body


def test_global_maintenance_lifecycle(api, emulator):
    admin = api(ADA)
    start = now() + timedelta(days=1)
    body = maintenance_body(start, start + timedelta(hours=2), rules=[
        {"entity": {"id": GLOBAL_POLICY, "type": "policy"}, "state": "enabled"},
        {"entity": {"id": PLATFORM_SYNC, "type": "sync"}, "state": "disabled"}])
    created = admin.post("/v1/maintenances", json=body)
    assert created.status_code == 201, created.text
    maintenance = created.json()
    assert maintenance == {"id": maintenance["id"], "status": "planned", "description": "Patch night", "startDate": body["startDate"],
                           "endDate": body["endDate"], "rules": body["rules"]}
    assert admin.get(f"/v1/maintenances/{maintenance['id']}").json() == maintenance
    listed = admin.get("/v1/maintenances").json()
    assert [item["id"] for item in listed["values"]] == [maintenance["id"], SEED_MAINTENANCE] and listed["links"] == {}
    longer = {"description": "Longer patch night", "endDate": iso(start + timedelta(hours=4))}
    patched = admin.patch(f"/v1/maintenances/{maintenance['id']}", json=longer)
    assert patched.status_code == 200
    assert patched.json() == dict(maintenance, description="Longer patch night", endDate=iso(start + timedelta(hours=4)))
    deleted = admin.delete(f"/v1/maintenances/{maintenance['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert admin.get(f"/v1/maintenances/{maintenance['id']}").status_code == 404
    assert admin.delete(f"/v1/maintenances/{maintenance['id']}").status_code == 404
    assert [item["id"] for item in state(emulator)["maintenances"]] == [SEED_MAINTENANCE]


def test_maintenance_status_by_time_and_cancel(api):
    admin = api(ADA)
    moment = now()
    past = admin.post("/v1/maintenances", json=maintenance_body(moment - timedelta(hours=2), moment - timedelta(hours=1))).json()
    active = admin.post("/v1/maintenances", json=maintenance_body(moment - timedelta(hours=1), moment + timedelta(hours=1))).json()
    planned = admin.post("/v1/maintenances", json=maintenance_body(moment + timedelta(hours=1), moment + timedelta(hours=2))).json()
    assert (past["status"], active["status"], planned["status"]) == ("past", "active", "planned")
    non_expired = admin.get("/v1/maintenances", params={"type": "non-expired"}).json()["values"]
    assert [item["id"] for item in non_expired] == [active["id"], planned["id"], SEED_MAINTENANCE]
    assert [item["id"] for item in admin.get("/v1/maintenances", params={"type": "past"}).json()["values"]] == [past["id"]]
    cancelled = admin.post(f"/v1/maintenances/{active['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and parse(cancelled.json()["endDate"]) <= now()
    assert cancelled.json()["startDate"] == active["startDate"]
    cancelled_planned = admin.post(f"/v1/maintenances/{planned['id']}/cancel").json()
    assert cancelled_planned["status"] == "cancelled" and cancelled_planned["endDate"] == planned["endDate"]
    expired = admin.get("/v1/maintenances", params={"type": "past"}).json()["values"]
    assert {item["id"] for item in expired} == {past["id"], active["id"], planned["id"]}
    for finished in (past["id"], active["id"]):
        assert admin.post(f"/v1/maintenances/{finished}/cancel").status_code == 422
        assert admin.patch(f"/v1/maintenances/{finished}", json={"description": "again"}).status_code == 422
    assert admin.delete(f"/v1/maintenances/{past['id']}").status_code == 204
    assert admin.post("/v1/maintenances/nope/cancel").status_code == 404


MAINTENANCE_ERRORS = {
    "end before start": {"endDate": "2030-01-01T00:00:00Z", "startDate": "2030-01-02T00:00:00Z"},
    "end equals start": {"endDate": "2030-01-01T00:00:00Z", "startDate": "2030-01-01T01:00:00+01:00"},
    "no start": {"startDate": None},
    "no end": {"endDate": None},
    "unknown integration": {"rules": [{"entity": {"id": "00000000-0000-0000-0000-000000000000", "type": "integration"}, "state": "disabled"}]},
    "policy id as integration": {"rules": [{"entity": {"id": GLOBAL_POLICY, "type": "integration"}, "state": "disabled"}]},
    "enabled integration": {"rules": [{"entity": {"id": PROMETHEUS, "type": "integration"}, "state": "enabled"}]},
    "enabled sync": {"rules": [{"entity": {"id": PLATFORM_SYNC, "type": "sync"}, "state": "enabled"}]},
    "entity twice": {"rules": [{"entity": {"id": PROMETHEUS, "type": "integration"}, "state": "disabled"}] * 2},
    "long description": {"description": "d" * 201},
}


@pytest.mark.parametrize("case", sorted(MAINTENANCE_ERRORS))
def test_maintenance_semantic_errors_are_422(api, emulator, case):
    admin = api(ADA)
    body = maintenance_body(now() + timedelta(days=1), now() + timedelta(days=2), **MAINTENANCE_ERRORS[case])
    body = {key: value for key, value in body.items() if value is not None}
    created = admin.post("/v1/maintenances", json=body)
    assert created.status_code == 422, created.text
    assert titles(created)
    change = {key: value for key, value in MAINTENANCE_ERRORS[case].items() if value is not None} or {"startDate": "2030-06-02T03:00:00Z"}
    patched = admin.patch(f"/v1/maintenances/{SEED_MAINTENANCE}", json=change)
    assert patched.status_code == 422, patched.text
    assert len(state(emulator)["maintenances"]) == 1
    assert admin.get(f"/v1/maintenances/{SEED_MAINTENANCE}").json()["description"] == "Database upgrade window"


@pytest.mark.expect_violations
def test_maintenance_schema_errors(api, emulator):
    admin = api(ADA)
    start = now() + timedelta(days=1)
    refused_by_schema(emulator, admin.post("/v1/maintenances", json={"startDate": iso(start), "endDate": iso(start + timedelta(hours=1))}), clear=True)
    refused_by_schema(emulator, admin.post("/v1/maintenances", json=maintenance_body(start, start + timedelta(hours=1), rules=[
        {"entity": {"id": PROMETHEUS, "type": "service"}, "state": "disabled"}])), clear=True)
    refused_by_schema(emulator, admin.get("/v1/maintenances", params={"type": "future"}), clear=True)
    refused_by_schema(emulator, admin.get("/v1/maintenances", params={"size": 101}), clear=True)


def test_team_maintenances(api, emulator):
    dana, erin, admin = api(DANA), api(ERIN), api(ADA)
    path = f"/v1/teams/{PLATFORM_TEAM}/maintenances"
    start = now() + timedelta(days=1)
    body = maintenance_body(start, start + timedelta(hours=1), rules=[
        {"entity": {"id": PROMETHEUS, "type": "integration"}, "state": "disabled"},
        {"entity": {"id": PLATFORM_POLICY, "type": "policy"}, "state": "enabled"},
        {"entity": {"id": PLATFORM_SYNC, "type": "sync"}, "state": "disabled"}])
    created = dana.post(path, json=body)
    assert created.status_code == 201, created.text
    maintenance = created.json()
    assert maintenance["teamId"] == PLATFORM_TEAM and maintenance["status"] == "planned"
    assert dana.get(path).json()["values"] == [maintenance]
    assert dana.get(f"{path}/{maintenance['id']}").json() == maintenance
    # team and global maintenances are separate sets
    assert dana.get(f"/v1/maintenances/{maintenance['id']}").status_code == 404
    assert [item["id"] for item in dana.get("/v1/maintenances").json()["values"]] == [SEED_MAINTENANCE]
    assert admin.get(f"/v1/teams/{DATABASE_TEAM}/maintenances/{maintenance['id']}").status_code == 404
    # a team maintenance names only the team's own entities
    other_team = dana.post(path, json=maintenance_body(start, start + timedelta(hours=1), rules=[
        {"entity": {"id": CLOUDWATCH, "type": "integration"}, "state": "disabled"}]))
    assert other_team.status_code == 422
    global_policy = dana.post(path, json=maintenance_body(start, start + timedelta(hours=1), rules=[
        {"entity": {"id": GLOBAL_POLICY, "type": "policy"}, "state": "enabled"}]))
    assert global_policy.status_code == 422
    assert dana.patch(f"{path}/{maintenance['id']}", json={"description": "Moved"}).json()["description"] == "Moved"
    assert dana.post(f"{path}/{maintenance['id']}/cancel").json()["status"] == "cancelled"
    for response in (erin.get(path), erin.post(path, json=body), erin.get(f"{path}/{maintenance['id']}"),
                     erin.delete(f"{path}/{maintenance['id']}")):
        assert response.status_code == 403
    assert admin.get("/v1/teams/no-such-team/maintenances").status_code == 404
    assert dana.delete(f"{path}/{maintenance['id']}").status_code == 204
    assert state(emulator)["maintenances"] == SEED["maintenances"]


def test_only_admins_change_global_maintenances(api, emulator):
    dana = api(DANA)
    start = now() + timedelta(days=1)
    assert dana.get("/v1/maintenances").status_code == 200
    assert dana.get(f"/v1/maintenances/{SEED_MAINTENANCE}").status_code == 200
    for response in (dana.post("/v1/maintenances", json=maintenance_body(start, start + timedelta(hours=1))),
                     dana.patch(f"/v1/maintenances/{SEED_MAINTENANCE}", json={"description": "mine"}),
                     dana.post(f"/v1/maintenances/{SEED_MAINTENANCE}/cancel"),
                     dana.delete(f"/v1/maintenances/{SEED_MAINTENANCE}")):
        assert response.status_code == 403, response.text
    assert state(emulator)["maintenances"] == SEED["maintenances"]


def test_maintenance_list_pages(api):
    admin = api(ADA)
    start = now() + timedelta(days=1)
    ids = [admin.post("/v1/maintenances", json=maintenance_body(start + timedelta(hours=number), start + timedelta(hours=number + 1))).json()["id"]
           for number in range(3)]
    first = admin.get("/v1/maintenances", params={"size": 2, "type": "non-expired"}).json()
    assert [item["id"] for item in first["values"]] == ids[:2]
    assert first["links"]["next"] == "/v1/maintenances?offset=2&size=2&type=non-expired"
    rest = admin.get(first["links"]["next"]).json()
    assert [item["id"] for item in rest["values"]] == [ids[2], SEED_MAINTENANCE] and rest["links"] == {}


# integrations, policies and syncs (read-only, for resolving rule entities)


def test_entity_lists(api):
    admin, dana = api(ADA), api(DANA)
    integrations = admin.get("/v1/integrations").json()
    assert [(item["id"], item["name"]) for item in integrations["values"]] == [
        (DEFAULT_API, "Default API"), (PROMETHEUS, "Platform Prometheus"), (CLOUDWATCH, "Database CloudWatch")]
    assert integrations["values"][1] == {"id": PROMETHEUS, "name": "Platform Prometheus", "type": "Prometheus", "enabled": True,
                                         "teamId": PLATFORM_TEAM}
    assert [item["id"] for item in dana.get("/v1/integrations").json()["values"]] == [PROMETHEUS]
    assert [item["id"] for item in admin.get("/v1/integrations", params={"name": "default api"}).json()["values"]] == [DEFAULT_API]
    assert [item["id"] for item in admin.get("/v1/integrations", params={"teamId": DATABASE_TEAM}).json()["values"]] == [CLOUDWATCH]
    middle = admin.get("/v1/integrations", params={"size": 1, "offset": 1}).json()
    assert middle["links"] == {"next": "/v1/integrations?offset=2&size=1", "previous": "/v1/integrations?offset=0&size=1"}
    assert admin.get("/v1/alerts/policies").json() == {"values": [
        {"type": "alert", "id": GLOBAL_POLICY, "name": "Suppress test alerts", "enabled": True, "order": 0}], "links": {}}
    team_alert = dana.get(f"/v1/teams/{PLATFORM_TEAM}/policies", params={"type": "alert"}).json()
    assert [item["id"] for item in team_alert["values"]] == [PLATFORM_POLICY]
    assert [item["type"] for item in dana.get(f"/v1/teams/{PLATFORM_TEAM}/policies", params={"type": "notification"}).json()["values"]] == [
        "notification"]
    assert api(ERIN).get(f"/v1/teams/{PLATFORM_TEAM}/policies", params={"type": "alert"}).status_code == 403
    assert [item["id"] for item in admin.get("/v1/syncs").json()["values"]] == [PLATFORM_SYNC]
    assert api(ERIN).get("/v1/syncs").json()["values"] == []


# state and seed


def test_state_counts_incident_objects(api, emulator):
    admin = api(ADA)
    before = state(emulator)
    assert [item["id"] for item in before["alerts"]] == [OPEN_ALERT, CLOSED_ALERT]
    assert before["alertRequests"] == [] and len(before["heartbeats"]) == 2 and len(before["maintenances"]) == 1
    assert {key: len(before[key]) for key in ("integrations", "policies", "syncs")} == {"integrations": 3, "policies": 3, "syncs": 1}
    created = admin.create_alert(alias="counted")
    admin.act("POST", f"/v1/alerts/{created['alertId']}/close")
    after = state(emulator)
    assert len(after["alerts"]) == 3
    assert [(item["action"], item["processed"], item["isSuccess"]) for item in after["alertRequests"]] == [("create", True, True), ("close", True, True)]
    assert after["alerts"][2]["status"] == "closed" and after["alerts"][2]["logs"]


def test_seed_incident_data_is_checked():
    for key, value in (("heartbeats", [{"ownerTeamId": PLATFORM_TEAM, "name": "x", "interval": 1, "intervalUnit": "weeks"}]),
                       ("heartbeats", [{"name": "x", "interval": 1, "intervalUnit": "days"}]),
                       ("maintenances", [{"startDate": "2030-01-02T00:00:00Z", "endDate": "2030-01-01T00:00:00Z"}]),
                       ("maintenances", [{"startDate": "2030-01-01T00:00:00Z", "endDate": "2030-01-02T00:00:00Z",
                                          "rules": [{"entity": {"id": "nope", "type": "sync"}, "state": "disabled"}]}]),
                       ("alerts", [{"alias": "no message", "createdAt": "2030-01-01T00:00:00Z"}]),
                       ("alerts", [{"message": "no date"}]),
                       ("integrations", [{"name": "no id"}])):
        seed = copy.deepcopy(SEED)
        seed[key] = value
        with pytest.raises(SeedError):
            Store(seed)
    minimal = Store(load_seed({"cloudId": "c", "alerts": [{"message": "m", "createdAt": "2030-01-01T01:00:00+01:00"}]})).dump()
    assert minimal["alerts"][0]["createdAt"] == "2030-01-01T00:00:00Z" and minimal["alerts"][0]["tinyId"] == "1"
    assert minimal["alerts"][0]["alias"] == minimal["alerts"][0]["id"]


@needs_spec
def test_spec_accepts_all_valid_incident_traffic(api, emulator):
    admin = api(ADA)
    alert_id = admin.create_alert(alias="tour", responders=[{"id": PLATFORM_TEAM, "type": "team"}], actions=["Restart"],
                                  extraProperties={"k": "v"}, tags=["t"], note="n")["alertId"]
    for method, suffix, body in (("POST", "/acknowledge", None), ("POST", "/unacknowledge", None), ("POST", "/assign", {"accountId": DANA_ID}),
                                 ("POST", "/responders", {"id": ERIN_ID, "type": "user"}), ("POST", "/escalate", {"escalationId": "e"}),
                                 ("POST", "/action", {"actionName": "Restart"}), ("POST", "/snooze", {"endTime": "2031-01-01T00:00:00Z"}),
                                 ("POST", "/tags", {"tags": ["u"]}), ("DELETE", "/tags", {"tags": ["t"]}),
                                 ("POST", "/extra-properties", {"extraProperties": {"a": "b"}}), ("DELETE", "/extra-properties", {"keys": ["k"]}),
                                 ("PATCH", "/priority", {"priority": "P2"}), ("PATCH", "/message", {"message": "m"}),
                                 ("PATCH", "/description", {"description": "d"}), ("POST", "/close", None)):
        assert admin.act(method, f"/v1/alerts/{alert_id}{suffix}", body)["isSuccess"] is True, suffix
    note = admin.post(f"/v1/alerts/{alert_id}/notes", json={"note": "x"}).json()
    assert admin.patch(f"/v1/alerts/{alert_id}/notes/{note['id']}", json={"note": "y"}).status_code == 200
    for path, params in (("/v1/alerts", {"query": "status:closed", "sort": "priority", "order": "asc", "size": 1}), (f"/v1/alerts/{alert_id}", None),
                         ("/v1/alerts/alias", {"alias": "tour"}), (f"/v1/alerts/{alert_id}/notes", {"size": 1}),
                         (f"/v1/alerts/{alert_id}/logs", {"size": 2}), ("/v1/integrations", {"size": 1}), ("/v1/syncs", None),
                         ("/v1/alerts/policies", None), (f"/v1/teams/{PLATFORM_TEAM}/policies", {"type": "alert"}),
                         (heartbeats_path(), {"size": 1}), (heartbeats_path() + "/ping", {"name": "platform-api"}),
                         ("/v1/maintenances", {"type": "all", "size": 1})):
        assert admin.get(path, params=params).status_code in (200, 202), path
    assert admin.delete(f"/v1/alerts/{alert_id}/notes/{note['id']}").status_code == 204
    assert admin.act("DELETE", f"/v1/alerts/{alert_id}")["isSuccess"] is True
    assert admin.post(heartbeats_path(), json={"name": "tour", "interval": 1, "intervalUnit": "days", "enabled": True, "description": "d",
                                               "alertMessage": "m", "alertTags": ["a"], "alertPriority": "P1"}).status_code == 201
    assert admin.patch(heartbeats_path(), params={"name": "tour"}, json={"name": "tour", "enabled": False}).status_code == 201
    assert admin.delete(heartbeats_path(), params={"name": "tour"}).status_code == 204
    for base in ("/v1/maintenances", f"/v1/teams/{PLATFORM_TEAM}/maintenances"):
        created = admin.post(base, json=maintenance_body(now() - timedelta(minutes=1), now() + timedelta(hours=1))).json()
        assert admin.get(f"{base}/{created['id']}").status_code == 200
        assert admin.patch(f"{base}/{created['id']}", json={"description": "x"}).status_code == 200
        assert admin.post(f"{base}/{created['id']}/cancel").status_code == 200
        assert admin.delete(f"{base}/{created['id']}").status_code == 204
    assert emulator.spec_enabled and emulator.violations == []
