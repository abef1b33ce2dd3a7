# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integrations (with their actions and outgoing filter) and alert and notification policies of the local JSM Ops API emulator
(tests/emulator), over real HTTP."""

from __future__ import annotations

import json

import requests

from ansible_collections.jsm.ops.tests.unit.emulator.support import ADA, DANA, DATABASE_TEAM, ERIN, PLATFORM_TEAM, refused_by_schema, titles

DEFAULT_API = "d9c6ac0a-93c9-5973-af2b-8361abbd861c"
PROMETHEUS = "8c816112-3507-5ff6-a7b1-650970927c6d"
CLOUDWATCH = "2c8e9e1b-ee0d-59c3-bed5-8586e5573f84"
GLOBAL_POLICY = "8d6bc9bb-80ea-51e4-b947-d779db9c1229"
PLATFORM_POLICY = "53c449d6-6d8e-51ba-90f2-efddbdda144c"
PLATFORM_NOTIFICATION_POLICY = "1212cba7-f3f2-573b-a3df-f1df215eca7b"
UNKNOWN = "00000000-0000-0000-0000-000000000000"
MATCH_ALL = {"conditionMatchType": "match-all", "conditions": []}
ALERT_DEFAULTS = {
    "description": "", "filter": {"type": "match-all", "conditions": []}, "alias": "{{alias}}", "alertDescription": "{{description}}",
    "source": "{{source}}", "entity": "{{entity}}", "responders": [], "actions": [], "tags": [], "details": {}, "continue": False,
    "updatePriority": False, "keepOriginalResponders": True, "keepOriginalDetails": True, "keepOriginalActions": True, "keepOriginalTags": True,
}


def state(emulator) -> dict:
    response = requests.get(emulator.url + "/_emulator/state", timeout=5)
    assert response.status_code == 200
    return response.json()


def create_integration(client, **body) -> dict:
    body.setdefault("name", "Checkout API")
    body.setdefault("type", "API")
    response = client.post("/v1/integrations", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def outgoing(name: str, **body) -> dict:
    return dict({"type": "publish", "name": name, "domain": "alert", "direction": "outgoing", "groupType": "forwarding", "filter": MATCH_ALL}, **body)


def names(client, integration_id: str, **params) -> list[str]:
    response = client.get(f"/v1/integrations/{integration_id}/actions", params=params)
    assert response.status_code == 200, response.text
    return [action["name"] for action in response.json()["values"]]


# integrations


def test_create_answers_the_api_key_once(api, emulator):
    admin = api(ADA)
    created = create_integration(admin, teamId=PLATFORM_TEAM, description="Checkout", typeSpecificProperties={"suppressNotifications": False})
    key = created.pop("apiKey")
    assert len(key) == 36 and key.count("-") == 4
    assert created == {"id": created["id"], "type": "API", "name": "Checkout API", "enabled": False, "teamId": PLATFORM_TEAM,
                       "typeSpecificProperties": {"suppressNotifications": False}}  # the description is kept, not answered
    assert next(item for item in emulator.state.dump()["integrations"] if item["id"] == created["id"])["description"] == "Checkout"
    path = f"/v1/integrations/{created['id']}"
    answers = [admin.get(path).text, admin.get("/v1/integrations").text, admin.patch(path, json={"enabled": True}).text,
               json.dumps(state(emulator)["integrations"])]
    assert not [answer for answer in answers if key in answer or "apiKey" in answer]
    with emulator.lock:
        assert [item.get("apiKey") for item in emulator.state.incidents.integrations if item["id"] == created["id"]] == [key]
    email = create_integration(admin, name="Inbox", type="Email")
    assert "apiKey" not in email and email["enabled"] is False and "teamId" not in email


def test_what_a_create_refuses(api, emulator):
    admin = api(ADA)
    refused_by_schema(emulator, admin.post("/v1/integrations", json={"type": "API"}), clear=True)
    refused_by_schema(emulator, admin.post("/v1/integrations", json={"name": "No type"}), clear=True)
    for kind in ("Slack", "slackapp", "MicrosoftTeams", "MICROSOFTTEAMSV2"):
        response = admin.post("/v1/integrations", json={"name": kind, "type": kind})
        assert response.status_code == 422 and "cannot be created through the API" in titles(response)[0], kind
    duplicate = admin.post("/v1/integrations", json={"name": "platform PROMETHEUS", "type": "API"})
    assert duplicate.status_code == 422 and "already exists" in titles(duplicate)[0]
    unknown_team = admin.post("/v1/integrations", json={"name": "Lost", "type": "API", "teamId": UNKNOWN})
    assert unknown_team.status_code == 422 and UNKNOWN in titles(unknown_team)[0]
    dana = api(DANA)
    assert dana.post("/v1/integrations", json={"name": "Global", "type": "API"}).status_code == 403
    assert dana.post("/v1/integrations", json={"name": "Theirs", "type": "API", "teamId": DATABASE_TEAM}).status_code == 403
    assert create_integration(dana, name="Ours", teamId=PLATFORM_TEAM)["teamId"] == PLATFORM_TEAM


def test_default_actions_and_get(api):
    admin = api(ADA)
    integration = create_integration(admin)
    listed = admin.get(f"/v1/integrations/{integration['id']}/actions").json()
    assert [(item["name"], item["type"], item["direction"], item["domain"]) for item in listed["values"]] == [
        ("Create Alert", "create", "incoming", "alert"), ("Close Alert", "close", "incoming", "alert"),
        ("Acknowledge Alert", "acknowledge", "incoming", "alert"), ("Add Note", "addNote", "incoming", "alert")]
    assert listed["links"] == {}
    close = admin.get(f"/v1/integrations/{integration['id']}/actions/{listed['values'][1]['id']}").json()
    assert close["enabled"] is True and close["filter"] == dict(MATCH_ALL, conditionsEmpty=True) and close["fieldMappings"] == {}
    assert admin.get(f"/v1/integrations/{integration['id']}").json() == {
        "id": integration["id"], "name": "Checkout API", "type": "API", "enabled": False, "advanced": False, "directions": ["incoming"],
        "domains": ["alert"], "typeSpecificProperties": {}}
    admin.post(f"/v1/integrations/{integration['id']}/actions", json=outgoing("Forward"))
    assert admin.get(f"/v1/integrations/{integration['id']}").json()["directions"] == ["incoming", "outgoing"]


def test_seeded_integrations(api, emulator):
    admin = api(ADA)
    assert admin.get(f"/v1/integrations/{PROMETHEUS}").json() == {
        "id": PROMETHEUS, "name": "Platform Prometheus", "type": "Prometheus", "enabled": True, "teamId": PLATFORM_TEAM, "advanced": False,
        "directions": ["incoming"], "domains": ["alert"], "typeSpecificProperties": {}}
    assert names(admin, PROMETHEUS) == []
    assert admin.get(f"/v1/integrations/{PROMETHEUS}/outgoing/alert-filter/main").json() == MATCH_ALL
    assert "actions" not in state(emulator)["integrations"][1]  # reading made nothing
    added = admin.post(f"/v1/integrations/{PROMETHEUS}/actions", json=outgoing("Forward"))
    assert added.status_code == 200 and names(admin, PROMETHEUS) == ["Forward"]


def test_update_and_delete(api, emulator):
    admin = api(ADA)
    integration = create_integration(admin, typeSpecificProperties={"a": "1", "b": "2"})
    path = f"/v1/integrations/{integration['id']}"
    updated = admin.patch(path, json={"description": "Now described", "typeSpecificProperties": {"b": "3", "c": True}})
    assert updated.status_code == 200, updated.text
    assert updated.json() == {"id": integration["id"], "type": "API", "name": "Checkout API", "enabled": False,
                              "typeSpecificProperties": {"a": "1", "b": "3", "c": True}}
    renamed = admin.patch(path, json={"name": "Checkout", "enabled": True, "teamId": DATABASE_TEAM}).json()
    assert (renamed["name"], renamed["enabled"], renamed["teamId"]) == ("Checkout", True, DATABASE_TEAM)
    assert next(item for item in emulator.state.dump()["integrations"] if item["id"] == integration["id"])["description"] == "Now described"
    assert admin.patch(path, json={"name": "default api"}).status_code == 422
    assert admin.patch(path, json={"name": "CHECKOUT"}).status_code == 200  # its own name, in another case
    assert admin.patch(path, json={"teamId": UNKNOWN}).status_code == 422
    deleted = admin.delete(path)
    assert deleted.status_code == 200 and deleted.content == b""
    for method, suffix in (("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/actions"), ("GET", "/outgoing/alert-filter/main")):
        assert admin.request(method, path + suffix, json={} if method == "PATCH" else None).status_code == 404, (method, suffix)
    assert [item["message"] for item in state(emulator)["auditLogs"][-2:]] == [f"PATCH {path}", f"DELETE {path}"]


def test_visibility(api):
    dana, erin = api(DANA), api(ERIN)
    assert [item["id"] for item in dana.get("/v1/integrations").json()["values"]] == [PROMETHEUS]
    assert dana.get(f"/v1/integrations/{PROMETHEUS}").status_code == 200
    assert dana.get(f"/v1/integrations/{CLOUDWATCH}").status_code == 403
    assert dana.get(f"/v1/integrations/{DEFAULT_API}").status_code == 403  # global: admins only
    assert dana.patch(f"/v1/integrations/{CLOUDWATCH}", json={"enabled": False}).status_code == 403
    assert erin.delete(f"/v1/integrations/{PROMETHEUS}").status_code == 403
    assert erin.get(f"/v1/integrations/{PROMETHEUS}/actions").status_code == 403
    assert dana.get(f"/v1/integrations/{UNKNOWN}").status_code == 404
    assert dana.patch(f"/v1/integrations/{PROMETHEUS}", json={"teamId": DATABASE_TEAM}).status_code == 403


# actions


def test_action_create_get_update_delete(api):
    admin = api(ADA)
    integration_id = create_integration(admin)["id"]
    base = f"/v1/integrations/{integration_id}/actions"
    body = outgoing("Forward", extraField="x", fieldMappings={"message": "{{message}}"}, actionMapping={"type": "create"},
                    filter={"conditionMatchType": "match-any-condition",
                            "conditions": [{"field": "message", "operation": "contains", "expectedValue": "db"},
                                           {"field": "tags", "operation": "contains", "expectedValue": "p1", "not": True, "order": 5}]})
    created = admin.post(base, json=body)
    assert created.status_code == 200, created.text
    action = created.json()
    assert action == {
        "id": action["id"], "type": "publish", "name": "Forward", "domain": "alert", "direction": "outgoing", "actionMapping": {"type": "create"},
        "groupType": "forwarding", "extraField": "x",
        "filter": {"conditionsEmpty": False, "conditionMatchType": "match-any-condition", "conditions": [
            {"field": "message", "expectedValue": "db", "not": False, "operation": "contains", "order": 0, "systemCondition": False},
            {"field": "tags", "expectedValue": "p1", "not": True, "operation": "contains", "order": 5, "systemCondition": False}]},
        "typeSpecificProperties": {}, "fieldMappings": {"message": "{{message}}"}, "enabled": False}
    assert admin.get(f"{base}/{action['id']}").json() == action
    listed = admin.get(base, params={"direction": "OUTGOING"}).json()["values"]
    assert listed == [{"id": action["id"], "name": "Forward", "type": "publish", "direction": "outgoing", "domain": "alert",
                       "actionMappingType": "create", "groupType": "forwarding"}]
    change = {"name": "Forward all", "enabled": True, "filter": MATCH_ALL, "typeSpecificProperties": {"url": "https://example.com"}}
    updated = admin.patch(f"{base}/{action['id']}", json=change)
    assert updated.status_code == 200, updated.text
    assert updated.json() == dict(action, name="Forward all", enabled=True, filter=dict(MATCH_ALL, conditionsEmpty=True),
                                  typeSpecificProperties={"url": "https://example.com"})
    assert admin.patch(f"{base}/{action['id']}", json={"name": "add note"}).status_code == 422
    deleted = admin.delete(f"{base}/{action['id']}")
    assert deleted.status_code == 200 and deleted.content == b""
    for method in ("GET", "PATCH", "DELETE"):
        assert admin.request(method, f"{base}/{action['id']}", json={} if method == "PATCH" else None).status_code == 404, method
    assert admin.post(f"/v1/integrations/{UNKNOWN}/actions", json=outgoing("x")).status_code == 404


def test_action_checks(api, emulator):
    admin = api(ADA)
    base = f"/v1/integrations/{create_integration(admin)['id']}/actions"
    incoming = {"type": "ignore", "name": "Drop tests", "domain": "alert", "direction": "incoming", "filter": MATCH_ALL}
    ignored = admin.post(base, json=incoming).json()
    assert ignored["enabled"] is False and "groupType" not in ignored
    wrong_type = admin.post(base, json=dict(incoming, name="Publish", type="publish"))
    assert wrong_type.status_code == 422 and "create, close, acknowledge, addNote, ignore" in titles(wrong_type)[0]
    no_group = admin.post(base, json={key: value for key, value in outgoing("Forward").items() if key != "groupType"})
    assert no_group.status_code == 422 and "groupType" in titles(no_group)[0]
    assert admin.post(base, json=dict(incoming, name="create ALERT", type="create")).status_code == 422
    for missing in ("direction", "domain", "filter", "name", "type"):
        refused_by_schema(emulator, admin.post(base, json={key: value for key, value in incoming.items() if key != missing}), clear=True)
    refused_by_schema(emulator, admin.post(base, json=dict(incoming, name="Bad", filter={"conditions": [{"field": "message", "operation": "near"}]})),
                      clear=True)
    refused_by_schema(emulator, admin.post(base, json=dict(incoming, name="Bad", filter={"conditions": [{"operation": "equals"}]})), clear=True)


def test_action_list_filters_and_pages(api):
    admin = api(ADA)
    integration_id = create_integration(admin)["id"]
    admin.post(f"/v1/integrations/{integration_id}/actions", json=outgoing("Forward"))
    assert names(admin, integration_id) == ["Create Alert", "Close Alert", "Acknowledge Alert", "Add Note", "Forward"]
    assert names(admin, integration_id, type="CLOSE") == ["Close Alert"]
    assert names(admin, integration_id, name="add note", direction="incoming", domain="alert") == ["Add Note"]
    assert names(admin, integration_id, name="add") == []
    page = admin.get(f"/v1/integrations/{integration_id}/actions", params={"offset": 2, "size": 2}).json()
    assert [item["name"] for item in page["values"]] == ["Acknowledge Alert", "Add Note"]
    assert page["links"] == {"next": f"/v1/integrations/{integration_id}/actions?offset=4&size=2",
                             "previous": f"/v1/integrations/{integration_id}/actions?offset=0&size=2"}


def test_reorder_actions(api):
    admin = api(ADA)
    integration_id = create_integration(admin)["id"]
    base = f"/v1/integrations/{integration_id}/actions"
    forward = admin.post(base, json=outgoing("Forward")).json()["id"]
    update = admin.post(base, json=outgoing("Update", groupType="updating")).json()["id"]
    ids = {item["name"]: item["id"] for item in admin.get(base).json()["values"]}
    moved = admin.patch(f"{base}/{ids['Add Note']}/order", json={"successorId": ids["Create Alert"]})
    assert moved.status_code == 200 and moved.content == b""
    assert names(admin, integration_id) == ["Add Note", "Create Alert", "Close Alert", "Acknowledge Alert", "Forward", "Update"]
    assert admin.patch(f"{base}/{ids['Create Alert']}/order", json={}).status_code == 200  # no successor: last of its direction
    assert names(admin, integration_id) == ["Add Note", "Close Alert", "Acknowledge Alert", "Create Alert", "Forward", "Update"]
    assert admin.patch(f"{base}/{update}/order", json={"successorId": forward}).status_code == 200
    assert names(admin, integration_id, direction="outgoing") == ["Update", "Forward"]
    for successor in (ids["Close Alert"], update, UNKNOWN):  # another direction, itself, no such action
        assert admin.patch(f"{base}/{update}/order", json={"successorId": successor}).status_code == 422, successor
    assert admin.patch(f"{base}/{UNKNOWN}/order", json={}).status_code == 404


# outgoing filter


def test_outgoing_filter(api, emulator):
    admin = api(ADA)
    path = f"/v1/integrations/{create_integration(admin)['id']}/outgoing/alert-filter/main"
    assert admin.get(path).json() == MATCH_ALL
    changed = admin.patch(path, json={"conditionMatchType": "match-all-conditions",
                                      "conditions": [{"field": "priority", "operation": "equals", "expectedValue": "P1"}]})
    assert changed.status_code == 200, changed.text
    wanted = {"conditionMatchType": "match-all-conditions", "conditions": [
        {"field": "priority", "expectedValue": "P1", "not": False, "operation": "equals", "order": 0, "systemCondition": False}]}
    assert changed.json() == wanted and admin.get(path).json() == wanted
    assert admin.patch(path, json={"conditionMatchType": "match-any-condition"}).json() == dict(wanted, conditionMatchType="match-any-condition")
    assert admin.patch(path, json={"conditions": []}).json() == {"conditionMatchType": "match-any-condition", "conditions": []}
    assert admin.patch(path, json={"conditions": [{"field": "message", "operation": "near"}]}).status_code == 422
    refused_by_schema(emulator, admin.patch(path, json={"conditionMatchType": "sometimes"}), clear=True)
    assert admin.patch(f"/v1/integrations/{UNKNOWN}/outgoing/alert-filter/main", json=MATCH_ALL).status_code == 404
    assert api(ERIN).get(f"/v1/integrations/{PROMETHEUS}/outgoing/alert-filter/main").status_code == 403


# global alert policies


def test_global_policy_lifecycle(api):
    admin = api(ADA)
    created = admin.post("/v1/alerts/policies", json={"type": "alert", "name": "Tag payments", "enabled": True, "message": "{{message}}",
                                                      "tags": ["payments"], "responders": [{"type": "team", "id": PLATFORM_TEAM}],
                                                      "filter": {"type": "match-any-condition", "conditions": [
                                                          {"field": "message", "operation": "contains", "expectedValue": "pay"}]}})
    assert created.status_code == 200, created.text
    policy = created.json()
    assert policy == dict(ALERT_DEFAULTS, type="alert", id=policy["id"], name="Tag payments", enabled=True, order=1, message="{{message}}",
                          tags=["payments"], responders=[{"type": "team", "id": PLATFORM_TEAM}],
                          filter={"type": "match-any-condition", "conditions": [
                              {"field": "message", "not": False, "operation": "contains", "expectedValue": "pay", "order": 0}]})
    path = f"/v1/alerts/policies/{policy['id']}"
    assert admin.get(path).json() == policy
    replaced = admin.put(path, json={"type": "alert", "name": "Tag it", "enabled": False, "message": "m", "continue": True, "priorityValue": "P2",
                                     "timeRestriction": {"enabled": True, "appliedTimeZone": "Europe/Berlin", "timeRestrictions": [
                                         {"startHour": 8, "startMinute": 0, "endHour": 18, "endMinute": 30}]}})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json() == dict(ALERT_DEFAULTS, type="alert", id=policy["id"], name="Tag it", enabled=False, order=1, message="m",
                                   priorityValue="P2", timeRestriction={"enabled": True, "appliedTimeZone": "Europe/Berlin", "timeRestrictions": [
                                       {"startHour": 8, "startMinute": 0, "endHour": 18, "endMinute": 30}]}, **{"continue": True})
    assert admin.post(f"{path}/enable").json()["enabled"] is True
    assert admin.post(f"{path}/disable").json()["enabled"] is False
    assert admin.delete(path).status_code == 204
    for method in ("GET", "PUT", "DELETE"):
        assert admin.request(method, path, json=dict(policy, enabled=True) if method == "PUT" else None).status_code == 404, method
    assert admin.post(f"{path}/enable").status_code == 404
    assert admin.get(f"/v1/alerts/policies/{PLATFORM_POLICY}").status_code == 404  # a team's policy is not a global one


def test_global_policy_order(api):
    admin = api(ADA)

    def create(name: str) -> str:
        return admin.post("/v1/alerts/policies", json={"type": "alert", "name": name, "enabled": True, "message": "m"}).json()["id"]

    second, third = create("second"), create("third")

    def listed() -> list[tuple[str, int]]:
        return [(item["id"], item["order"]) for item in admin.get("/v1/alerts/policies").json()["values"]]

    assert listed() == [(GLOBAL_POLICY, 0), (second, 1), (third, 2)]
    moved = admin.post(f"/v1/alerts/policies/{third}/change-order", json={"order": 0})
    assert moved.status_code == 204 and moved.content == b""
    assert listed() == [(third, 0), (GLOBAL_POLICY, 1), (second, 2)]
    assert admin.post(f"/v1/alerts/policies/{third}/change-order", json={"order": 2}).status_code == 204
    assert listed() == [(GLOBAL_POLICY, 0), (second, 1), (third, 2)]
    for order in (3, -1):
        assert admin.post(f"/v1/alerts/policies/{third}/change-order", json={"order": order}).status_code == 422, order
    assert admin.delete(f"/v1/alerts/policies/{GLOBAL_POLICY}").status_code == 204
    assert listed() == [(second, 0), (third, 1)]
    assert admin.put(f"/v1/alerts/policies/{third}", json={"type": "alert", "name": "third", "enabled": True, "message": "x"}).json()["order"] == 1


def test_global_policy_checks(api, emulator):
    admin = api(ADA)
    body = {"type": "alert", "name": "p", "enabled": True, "message": "m"}
    for missing in ("type", "name", "enabled", "message"):
        refused_by_schema(emulator, admin.post("/v1/alerts/policies", json={key: value for key, value in body.items() if key != missing}), clear=True)
    for bad in ({"type": "notification"}, {"filter": {"type": "match-any-condition", "conditions": [{"field": "message", "operation": "near"}]}},
                {"timeRestriction": {"enabled": True, "appliedTimeZone": "UTC", "timeRestrictions": [
                    {"startHour": 24, "startMinute": 0, "endHour": 1, "endMinute": 0}]}},
                {"responders": [{"id": PLATFORM_TEAM}]}):
        assert admin.post("/v1/alerts/policies", json=dict(body, **bad)).status_code == 422, bad
    assert admin.post("/v1/alerts/policies", json=dict(body, type="ALERT")).json()["type"] == "alert"
    assert admin.post("/v1/alerts/policies", json=dict(body, name="P")).status_code == 200  # names may repeat
    assert api(DANA).post("/v1/alerts/policies", json=body).status_code == 403
    assert admin.get(f"/v1/alerts/policies/{GLOBAL_POLICY}").json() == dict(
        ALERT_DEFAULTS, type="alert", id=GLOBAL_POLICY, name="Suppress test alerts", enabled=True, order=0, message="{{message}}")


# team policies


def test_team_alert_policy(api, emulator):
    dana = api(DANA)
    base = f"/v1/teams/{PLATFORM_TEAM}/policies"
    created = dana.post(base, json={"type": "Alert", "name": "Page the team", "enabled": True, "message": "{{message}}",
                                    "responders": [{"type": "team", "id": PLATFORM_TEAM}]})
    assert created.status_code == 200, created.text
    policy = created.json()
    assert policy == dict(ALERT_DEFAULTS, type="alert", id=policy["id"], name="Page the team", teamId=PLATFORM_TEAM, enabled=True, order=1,
                          message="{{message}}", responders=[{"type": "team", "id": PLATFORM_TEAM}])
    assert [item["id"] for item in dana.get(base, params={"type": "alert"}).json()["values"]] == [PLATFORM_POLICY, policy["id"]]
    assert [item["id"] for item in dana.get(base, params={"type": "notification"}).json()["values"]] == [PLATFORM_NOTIFICATION_POLICY]
    path = f"{base}/{policy['id']}"
    assert dana.get(path).json() == policy
    replaced = dana.put(path, json={"type": "alert", "name": "Page", "enabled": True, "message": "m"}).json()
    assert replaced == dict(ALERT_DEFAULTS, type="alert", id=policy["id"], name="Page", teamId=PLATFORM_TEAM, enabled=True, order=1, message="m")
    assert dana.put(path, json={"type": "notification", "name": "Page", "enabled": True}).status_code == 422
    assert dana.post(f"{path}/change-order", json={"order": 0}).status_code == 204
    assert [item["id"] for item in dana.get(base, params={"type": "alert"}).json()["values"]] == [policy["id"], PLATFORM_POLICY]
    assert dana.post(f"{path}/change-order", json={"order": 2}).status_code == 422
    disabled = dana.post(f"{path}/disable")
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    assert dana.post(f"{path}/enable").json()["enabled"] is True
    assert dana.delete(path).status_code == 204
    assert dana.get(path).status_code == 404
    assert [(item["id"], item["order"]) for item in dana.get(base, params={"type": "alert"}).json()["values"]] == [(PLATFORM_POLICY, 0)]
    refused_by_schema(emulator, dana.get(base), clear=True)  # the list needs a type


def test_team_policy_lookups(api):
    admin, dana = api(ADA), api(DANA)
    body = {"type": "alert", "name": "p", "enabled": True, "message": "m"}
    assert admin.get(f"/v1/teams/{DATABASE_TEAM}/policies/{PLATFORM_POLICY}").status_code == 404  # another team's
    assert admin.get(f"/v1/teams/{PLATFORM_TEAM}/policies/{GLOBAL_POLICY}").status_code == 404  # a global one
    assert admin.get(f"/v1/teams/{UNKNOWN}/policies/{PLATFORM_POLICY}").status_code == 404
    assert admin.post(f"/v1/teams/{UNKNOWN}/policies", json=body).status_code == 404
    assert dana.post(f"/v1/teams/{DATABASE_TEAM}/policies", json=body).status_code == 403
    assert dana.delete(f"/v1/teams/{PLATFORM_TEAM}/policies/{UNKNOWN}").status_code == 404
    for missing in ("type", "name", "enabled", "message"):  # the team policy DTOs require nothing: the emulator refuses these
        assert admin.post(f"/v1/teams/{PLATFORM_TEAM}/policies", json={key: value for key, value in body.items() if key != missing}).status_code == 422
    for bad in ({"type": "routing"}, {"name": " "}):
        assert admin.post(f"/v1/teams/{PLATFORM_TEAM}/policies", json=dict(body, **bad)).status_code == 422, bad
    seeded = admin.get(f"/v1/teams/{PLATFORM_TEAM}/policies/{PLATFORM_NOTIFICATION_POLICY}").json()
    assert seeded == {"type": "notification", "id": PLATFORM_NOTIFICATION_POLICY, "name": "Platform quiet nights", "description": "",
                      "teamId": PLATFORM_TEAM, "enabled": False, "order": 0, "filter": {"type": "match-all", "conditions": []}, "suppress": False}


def test_team_notification_policy(api):
    admin = api(ADA)
    base = f"/v1/teams/{PLATFORM_TEAM}/policies"
    body = {"type": "notification", "name": "Quiet", "enabled": True, "suppress": True,
            "delayAction": {"delayOption": "forMinutes", "waitDuration": 15, "durationFormat": "minutes", "delayTime": {"hours": 0, "minutes": 0}},
            "autoCloseAction": {"waitDuration": 2, "durationFormat": "hours"},
            "autoRestartAction": {"waitDuration": 30, "durationFormat": "minutes", "maxRepeatCount": 20},
            "deduplicationAction": {"deduplicationActionType": "frequencyBased", "frequency": 3, "countValueLimit": 5, "waitDuration": 10,
                                    "durationFormat": "minutes"}}
    created = admin.post(base, json=body)
    assert created.status_code == 200, created.text
    policy = created.json()
    assert policy == dict(body, id=policy["id"], teamId=PLATFORM_TEAM, order=1, description="", filter={"type": "match-all", "conditions": []})
    path = f"{base}/{policy['id']}"
    replaced = admin.put(path, json={"name": "Quiet", "enabled": False, "delayAction": {
        "delayOption": "nextWeekday", "waitDuration": 0, "delayTime": {"hours": 8, "minutes": 30}}}).json()
    assert replaced == {"type": "notification", "id": policy["id"], "name": "Quiet", "description": "", "teamId": PLATFORM_TEAM, "enabled": False,
                        "order": 1, "filter": {"type": "match-all", "conditions": []},
                        "delayAction": {"delayOption": "nextWeekday", "waitDuration": 0, "delayTime": {"hours": 8, "minutes": 30}}, "suppress": False}
    assert admin.put(path, json={"type": "alert", "name": "Quiet", "enabled": True, "message": "m"}).status_code == 422
    bad_values = (
        ("delayAction", {"delayOption": "later", "waitDuration": 1, "delayTime": {"hours": 0, "minutes": 0}}, "delayOption"),
        ("delayAction", {"delayOption": "nextTime", "waitDuration": 1, "delayTime": {"hours": 24, "minutes": 0}}, "hours"),
        ("delayAction", {"delayOption": "nextTime", "waitDuration": 1, "delayTime": {"hours": 1, "minutes": 60}}, "minutes"),
        ("delayAction", {"delayOption": "nextTime", "waitDuration": 1, "durationFormat": "weeks", "delayTime": {"hours": 1, "minutes": 0}},
         "durationFormat"),
        ("delayAction", {"delayOption": "forMinutes", "waitDuration": 1}, "delayTime"),
        ("autoCloseAction", {"waitDuration": 1, "durationFormat": "fortnights"}, "durationFormat"),
        ("autoRestartAction", {"waitDuration": 1, "durationFormat": "hours", "maxRepeatCount": 21}, "maxRepeatCount"),
        ("autoRestartAction", {"waitDuration": 1, "durationFormat": "hours", "maxRepeatCount": 0}, "maxRepeatCount"),
        ("deduplicationAction", {"deduplicationActionType": "sometimes", "frequency": 1, "countValueLimit": 1, "waitDuration": 1},
         "deduplicationActionType"),
    )
    for key, value, named in bad_values:
        response = admin.post(base, json={"type": "notification", "name": "Bad", "enabled": True, key: value})
        assert response.status_code == 422 and named in titles(response)[0], (key, value, response.text)
    listed = admin.get(base, params={"type": "notification"}).json()["values"]
    assert [(item["id"], item["type"], item["order"]) for item in listed] == [(PLATFORM_NOTIFICATION_POLICY, "notification", 0),
                                                                              (policy["id"], "notification", 1)]
