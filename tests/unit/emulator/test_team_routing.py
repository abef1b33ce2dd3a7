# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Team operations of the local JSM Ops API emulator (tests/emulator): enable-ops and team requests,
escalations and team roles, over real HTTP."""

from __future__ import annotations

import time

import pytest

from ansible_collections.jsm.ops.tests.unit.emulator.support import (
    ADA, DANA, DANA_ID, DATABASE_TEAM, ERIN, PLATFORM_PRIMARY, PLATFORM_TEAM, SEED, refused_by_schema, titles,
)

SUPPORT_TEAM = SEED["teamsWithoutOperations"][0]["teamId"]
ESCALATIONS = f"/v1/teams/{PLATFORM_TEAM}/escalations"
ROLES = f"/v1/teams/{PLATFORM_TEAM}/roles"


def _rule(recipient_type: str = "schedule", recipient_id: str = PLATFORM_PRIMARY, **changes) -> dict:
    rule = {"condition": "if-not-acked", "notifyType": "default", "delay": 5, "recipient": {"type": recipient_type, "id": recipient_id}}
    rule.update(changes)
    return rule


def _escalation(**changes) -> dict:
    body = {"name": "Platform escalation", "description": "Primary first", "rules": [_rule()]}
    body.update(changes)
    return body


def _wait(client, team_id: str, request_id: str, timeout: float = 3.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/v1/teams/{team_id}/requests/{request_id}")
        assert response.status_code == 200, response.text
        value = response.json()["status"]["value"]
        if value != "IN_PROGRESS" or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


# enable-ops and team requests

def test_enable_ops_is_asynchronous_and_creates_the_default_resources(emulator, api):
    emulator.update_settings({"team_request_delay": 0.3})
    admin = api(ADA)
    assert admin.get(f"/v1/teams/{SUPPORT_TEAM}/escalations").status_code == 404
    assert SUPPORT_TEAM not in [team["teamId"] for team in admin.get("/v1/teams").json()["platformTeams"]]
    response = admin.post(f"/v1/teams/{SUPPORT_TEAM}/enable-ops", json={"adminAccountIds": [DANA_ID]})
    assert response.status_code == 200, response.text
    request_id = response.json()["requestId"]
    status = admin.get(f"/v1/teams/{SUPPORT_TEAM}/requests/{request_id}")
    assert status.json() == {"status": {"value": "IN_PROGRESS"}}
    assert admin.get(f"/v1/teams/{SUPPORT_TEAM}/escalations").status_code == 404
    assert _wait(admin, SUPPORT_TEAM, request_id) == "SUCCESSFUL"

    schedules = admin.get("/v1/schedules", params={"query": "Support_schedule"}).json()["values"]
    assert [(item["name"], item["teamId"]) for item in schedules] == [("Support_schedule", SUPPORT_TEAM)]
    escalations = admin.get(f"/v1/teams/{SUPPORT_TEAM}/escalations").json()["values"]
    assert [item["name"] for item in escalations] == ["Support_escalation"]
    assert escalations[0]["rules"][0]["recipient"] == {"id": schedules[0]["id"], "type": "schedule"}
    rules = admin.get(f"/v1/teams/{SUPPORT_TEAM}/routing-rules").json()["values"]
    assert len(rules) == 1 and rules[0]["isDefault"] is True and rules[0]["order"] == 0
    assert rules[0]["notify"] == {"id": escalations[0]["id"], "type": "escalation"}
    assert SUPPORT_TEAM in [team["teamId"] for team in admin.get("/v1/teams").json()["platformTeams"]]
    # The account named in adminAccountIds is now in the team.
    assert api(DANA).get(f"/v1/teams/{SUPPORT_TEAM}/escalations").status_code == 200


def test_enable_ops_of_a_team_with_operations_fails(emulator, api):
    emulator.update_settings({"team_request_delay": 0})
    admin = api(ADA)
    response = admin.post(f"/v1/teams/{PLATFORM_TEAM}/enable-ops", json={})
    assert response.status_code == 200
    assert _wait(admin, PLATFORM_TEAM, response.json()["requestId"]) == "FAILED"
    assert admin.get("/v1/schedules", params={"query": "Platform_schedule"}).json()["values"] == []


def test_enable_ops_twice_fails_the_second_request(emulator, api):
    emulator.update_settings({"team_request_delay": 0})
    admin = api(ADA)
    first = admin.post(f"/v1/teams/{SUPPORT_TEAM}/enable-ops").json()["requestId"]
    second = admin.post(f"/v1/teams/{SUPPORT_TEAM}/enable-ops").json()["requestId"]
    assert _wait(admin, SUPPORT_TEAM, first) == "SUCCESSFUL"
    assert _wait(admin, SUPPORT_TEAM, second) == "FAILED"
    assert len(admin.get(f"/v1/teams/{SUPPORT_TEAM}/escalations").json()["values"]) == 1


def test_enable_ops_errors(emulator, api):
    admin = api(ADA)
    response = admin.post(f"/v1/teams/{SUPPORT_TEAM}/enable-ops", json={"adminAccountIds": ["712020:nobody"]})
    assert response.status_code == 422
    assert titles(response) == ["There is no user with accountId '712020:nobody'"]
    assert admin.post("/v1/teams/00000000-0000-0000-0000-000000000000/enable-ops", json={}).status_code == 404
    assert api(DANA).post(f"/v1/teams/{SUPPORT_TEAM}/enable-ops", json={}).status_code == 403
    assert admin.get(f"/v1/teams/{SUPPORT_TEAM}/requests/no-such-request").status_code == 404
    request_id = admin.post(f"/v1/teams/{SUPPORT_TEAM}/enable-ops", json={}).json()["requestId"]
    # A request is found only under its own team, and only by the team's members and admins.
    assert admin.get(f"/v1/teams/{PLATFORM_TEAM}/requests/{request_id}").status_code == 404
    assert api(DANA).get(f"/v1/teams/{SUPPORT_TEAM}/requests/{request_id}").status_code == 403
    assert not emulator.violations


def test_team_request_delay_setting_is_checked(emulator):
    with pytest.raises(ValueError):
        emulator.update_settings({"team_request_delay": -1})
    assert emulator.settings["team_request_delay"] == 0.2


# escalations

def test_escalation_lifecycle(api):
    client = api(DANA)
    created = client.post(ESCALATIONS, json=_escalation(repeat={"waitInterval": 10, "count": 5}))
    assert created.status_code == 201, created.text
    escalation = created.json()
    assert escalation["name"] == "Platform escalation" and escalation["enabled"] is True
    assert escalation["repeat"] == {"waitInterval": 10, "count": 5, "resetRecipientStates": False, "closeAlertAfterAll": False}
    path = f"{ESCALATIONS}/{escalation['id']}"
    assert client.get(path).json() == escalation
    updated = client.patch(path, json={"enabled": False, "repeat": {"count": 2}})
    assert updated.status_code == 200
    assert updated.json()["enabled"] is False and updated.json()["name"] == "Platform escalation"
    assert updated.json()["repeat"]["count"] == 2 and updated.json()["repeat"]["waitInterval"] == 10
    rules = [_rule("user", DANA_ID, condition="if-not-closed", notifyType="next", delay=1), _rule("team", PLATFORM_TEAM, notifyType="all")]
    assert client.patch(path, json={"rules": rules}).json()["rules"][0]["recipient"] == {"id": DANA_ID, "type": "user"}
    # Names may repeat.
    assert client.post(ESCALATIONS, json=_escalation()).status_code == 201
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    assert client.delete(path).status_code == 404


@pytest.mark.parametrize("body, title", [
    ({"name": "x" * 101}, "'name' is required: a string of at most 100 characters"),
    ({"description": "x" * 201}, "'description' must be a string of at most 200 characters"),
    ({"rules": []}, "'rules' must be a non-empty list"),
    ({"rules": [_rule(recipient_type="schedule", recipient_id="no-such-schedule")]}, "There is no schedule with id 'no-such-schedule'"),
    ({"rules": [_rule(recipient_type="user", recipient_id="712020:nobody")]}, "There is no user with id '712020:nobody'"),
    ({"rules": [_rule(recipient_type="team", recipient_id="no-such-team")]}, "There is no team with id 'no-such-team'"),
])
def test_escalation_payload_errors(api, body, title):
    response = api(DANA).post(ESCALATIONS, json=_escalation(**body))
    assert response.status_code == 422, response.text
    assert titles(response) == [title]


@pytest.mark.expect_violations
@pytest.mark.parametrize("body", [
    {"rules": [_rule(delay=0)]},
    {"rules": [_rule(condition="sometimes")]},
    {"rules": [_rule(notifyType="everyone")]},
    {"rules": [_rule(recipient_type="escalation")]},
    {"repeat": {"count": 0}},
    {"repeat": {"count": 21}},
    {"name": None},
])
def test_escalation_payload_refused_by_schema(emulator, api, body):
    """What the spec's schemas refuse: 400 from spec validation, else 422 from the emulator itself."""
    payload = {key: value for key, value in _escalation(**body).items() if value is not None}
    refused_by_schema(emulator, api(DANA).post(ESCALATIONS, json=payload))


def test_escalation_pagination(api):
    client = api(ADA)
    for number in range(25):
        assert client.post(ESCALATIONS, json=_escalation(name=f"E{number:02d}")).status_code == 201
    first = client.get(ESCALATIONS).json()
    assert [item["name"] for item in first["values"]] == [f"E{number:02d}" for number in range(20)]
    assert first["links"]["next"] == f"{ESCALATIONS}?offset=20&size=20"
    last = client.get(first["links"]["next"]).json()
    assert [item["name"] for item in last["values"]] == [f"E{number:02d}" for number in range(20, 25)]
    assert "next" not in last["links"]
    assert len(client.get(ESCALATIONS, params={"size": 100}).json()["values"]) == 25


def test_escalation_visibility(api):
    created = api(DANA).post(ESCALATIONS, json=_escalation()).json()
    outsider = api(ERIN)
    assert outsider.get(ESCALATIONS).status_code == 403
    assert outsider.get(f"{ESCALATIONS}/{created['id']}").status_code == 403
    assert outsider.post(ESCALATIONS, json=_escalation()).status_code == 403
    assert outsider.delete(f"{ESCALATIONS}/{created['id']}").status_code == 403
    # Another team's path does not reach the escalation.
    assert api(ADA).get(f"/v1/teams/{DATABASE_TEAM}/escalations/{created['id']}").status_code == 404
    assert api(ADA).get("/v1/teams/00000000-0000-0000-0000-000000000000/escalations").status_code == 404


# team roles

def test_team_role_lifecycle(api):
    client = api(DANA)
    assert client.get(ROLES).json() == []
    created = client.post(ROLES, json={"name": "Responders", "rights": [{"right": "edit-escalations", "granted": True}]})
    assert created.status_code == 200, created.text
    role = created.json()
    assert role["name"] == "Responders" and len(role["rights"]) == 17
    granted = {item["right"] for item in role["rights"] if item["granted"]}
    assert granted == {"edit-escalations"}
    assert client.get(f"{ROLES}/{role['id']}").json() == role
    assert client.get(f"{ROLES}/responders", params={"identifierType": "name"}).json() == role
    assert client.get(ROLES).json() == [role]
    updated = client.patch(f"{ROLES}/Responders", params={"identifierType": "name"},
                           json={"name": "Leads", "rights": [{"right": "access-reports", "granted": True}]})
    assert updated.status_code == 200
    granted = {item["right"] for item in updated.json()["rights"] if item["granted"]}
    assert updated.json()["name"] == "Leads" and granted == {"edit-escalations", "access-reports"}
    assert client.delete(f"{ROLES}/{role['id']}", params={"identifierType": "id"}).status_code == 204
    assert client.get(f"{ROLES}/{role['id']}").status_code == 404


def test_team_role_errors(api):
    client = api(DANA)
    assert client.post(ROLES, json={"name": "Leads"}).status_code == 200
    clash = client.post(ROLES, json={"name": "leads"})
    assert clash.status_code == 409
    assert titles(clash) == ["A team role named 'leads' already exists"]
    unknown = client.post(ROLES, json={"name": "Other", "rights": [{"right": "launch-rockets", "granted": True}]})
    assert unknown.status_code == 422
    assert client.post(ROLES, json={"rights": []}).status_code == 422
    assert client.get(f"{ROLES}/Leads", params={"identifierType": "label"}).status_code == 422
    assert client.get(f"{ROLES}/Leads").status_code == 404  # identifierType defaults to id
    assert client.delete(f"{ROLES}/nobody", params={"identifierType": "name"}).status_code == 404
    assert api(ERIN).get(ROLES).status_code == 403
    assert api(ERIN).post(ROLES, json={"name": "Intruders"}).status_code == 403
    assert api(ADA).get(f"/v1/teams/{SUPPORT_TEAM}/roles").status_code == 404


def test_state_shows_team_operations(emulator, api):
    api(DANA).post(ESCALATIONS, json=_escalation())
    state = emulator.state.dump()
    assert state["teamsWithoutOperations"] == [SUPPORT_TEAM]
    assert [item["name"] for item in state["escalations"]] == ["Platform escalation"]
    assert sorted(state["routingRules"]) == sorted(team["teamId"] for team in SEED["teams"])  # their default rules
    assert all([rule["name"] for rule in rules] == ["Default routing rule"] for rules in state["routingRules"].values())
