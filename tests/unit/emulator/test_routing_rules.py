# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Team routing rules of the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.tests.unit.emulator.support import (
    ADA, DANA, DATABASE_PRIMARY, DATABASE_TEAM, ERIN, PLATFORM_PRIMARY, PLATFORM_TEAM, needs_spec, refused_by_schema, titles,
)

CONDITIONS = {"type": "match-any-condition", "conditions": [
    {"field": "priority", "operation": "equals", "expectedValue": "P1"},
    {"field": "extra-properties", "key": "region", "not": True, "operation": "contains", "expectedValue": "eu", "order": 5},
]}
TIME_OF_DAY = {"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 30, "endHour": 6, "endMin": 0}}
WEEKDAYS = {"type": "weekday-and-time-of-day", "restrictions": [
    {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 30},
]}
WEEKDAY = {"startDay": "monday", "endDay": "monday", "startHour": 9, "startMin": 0, "endHour": 10, "endMin": 0}
SCHEDULE = {"type": "schedule", "id": PLATFORM_PRIMARY}


def rules_path(team_id: str = PLATFORM_TEAM, rule_id: str | None = None) -> str:
    path = f"/v1/teams/{team_id}/routing-rules"
    return f"{path}/{rule_id}" if rule_id else path


def listed(client, team_id: str = PLATFORM_TEAM) -> list[dict]:
    response = client.get(rules_path(team_id), params={"size": 100})
    assert response.status_code == 200, response.text
    return response.json()["values"]


def names(client, team_id: str = PLATFORM_TEAM) -> list[str]:
    return [rule.get("name") for rule in listed(client, team_id)]


def create(client, name: str, team_id: str = PLATFORM_TEAM, **extra) -> dict:
    body = {"name": name, "notify": {"type": "none"}}
    body.update(extra)
    response = client.post(rules_path(team_id), json=body)
    assert response.status_code == 201, response.text
    return response.json()


def default_rule(client, team_id: str = PLATFORM_TEAM) -> dict:
    defaults = [rule for rule in listed(client, team_id) if rule["isDefault"]]
    assert len(defaults) == 1
    return defaults[0]


def test_every_team_has_one_default_rule(api, emulator):
    admin = api(ADA)
    for team_id in (PLATFORM_TEAM, DATABASE_TEAM):
        rules = listed(admin, team_id)
        assert rules == [{"id": rules[0]["id"], "name": "Default routing rule", "isDefault": True, "order": 0, "criteria": {"type": "match-all"},
                          "timezone": "UTC", "notify": {"type": "none"}}]
    with emulator.lock:  # every operations team of the seed has its default rule from the start, read or not
        assert len(emulator.state.routing_rules) == 3 and {PLATFORM_TEAM, DATABASE_TEAM} < set(emulator.state.routing_rules)


def test_create_get_list_patch_delete(api, emulator):
    admin = api(ADA)
    response = admin.post(rules_path(), json={"name": "P1 at night", "notify": SCHEDULE, "criteria": CONDITIONS, "timeRestriction": TIME_OF_DAY,
                                              "timezone": "Europe/Berlin"})
    assert response.status_code == 201, response.text
    rule = response.json()
    assert rule == {"id": rule["id"], "name": "P1 at night", "isDefault": False, "order": 0, "criteria": {"type": "match-any-condition", "conditions": [
        {"field": "priority", "not": False, "operation": "equals", "expectedValue": "P1", "order": 0},
        {"field": "extra-properties", "key": "region", "not": True, "operation": "contains", "expectedValue": "eu", "order": 5},
    ]}, "timezone": "Europe/Berlin", "timeRestriction": TIME_OF_DAY, "notify": SCHEDULE}
    assert admin.get(rules_path(rule_id=rule["id"])).json() == rule
    rules = listed(admin)
    assert [(item["order"], item["isDefault"]) for item in rules] == [(0, False), (1, True)]
    assert rules[0] == rule

    changed = admin.patch(rules_path(rule_id=rule["id"]), json={"name": "Weekdays", "timeRestriction": WEEKDAYS, "criteria": {"type": "match-all"}})
    assert changed.status_code == 200, changed.text
    assert changed.json() == {**rule, "name": "Weekdays", "timeRestriction": WEEKDAYS, "criteria": {"type": "match-all"}}
    assert admin.get(rules_path(rule_id=rule["id"])).json() == changed.json()

    assert admin.delete(rules_path(rule_id=rule["id"])).status_code == 204
    assert admin.get(rules_path(rule_id=rule["id"])).status_code == 404
    assert admin.delete(rules_path(rule_id=rule["id"])).status_code == 404
    assert [item["isDefault"] for item in listed(admin)] == [True]


def test_create_without_name_or_criteria(api, emulator):
    response = api(DANA).post(rules_path(), json={"notify": {"type": "none"}})
    assert response.status_code == 201, response.text
    rule = response.json()
    assert "name" not in rule
    assert rule["criteria"] == {"type": "match-all"}
    assert rule["timezone"] == "UTC"


def test_order_on_create(api, emulator):
    admin = api(ADA)
    create(admin, "a")
    create(admin, "b")
    assert names(admin) == ["a", "b", "Default routing rule"]
    create(admin, "first", order=0)
    create(admin, "middle", order=2)
    assert names(admin) == ["first", "a", "middle", "b", "Default routing rule"]
    # past the default rule's place: just before it
    created = create(admin, "late", order=100)
    assert created["order"] == 4
    assert names(admin) == ["first", "a", "middle", "b", "late", "Default routing rule"]
    assert [rule["order"] for rule in listed(admin)] == [0, 1, 2, 3, 4, 5]


def test_change_order(api, emulator):
    admin = api(ADA)
    ids = {name: create(admin, name)["id"] for name in ("a", "b", "c")}
    response = admin.patch(rules_path(rule_id=ids["c"]) + "/change-order", json={"order": 0})
    assert response.status_code == 204
    assert response.content == b""
    assert names(admin) == ["c", "a", "b", "Default routing rule"]
    assert admin.get(rules_path(rule_id=ids["c"])).json()["order"] == 0
    assert admin.patch(rules_path(rule_id=ids["c"]) + "/change-order", json={"order": 2}).status_code == 204
    assert names(admin) == ["a", "b", "c", "Default routing rule"]
    assert admin.patch(rules_path(rule_id=ids["a"]) + "/change-order", json={"order": 1}).status_code == 204
    assert names(admin) == ["b", "a", "c", "Default routing rule"]
    assert admin.patch(rules_path(rule_id=ids["a"]) + "/change-order", json={"order": 1}).status_code == 204
    assert names(admin) == ["b", "a", "c", "Default routing rule"]


def test_change_order_refused(api, emulator):
    admin = api(ADA)
    rule_id = create(admin, "a")["id"]
    create(admin, "b")
    default_id = default_rule(admin)["id"]
    moved = admin.patch(rules_path(rule_id=default_id) + "/change-order", json={"order": 0})
    assert moved.status_code == 403
    assert titles(moved) == ["The order of the default routing rule cannot be changed"]
    # index 2 is the default rule's: a rule cannot go after it
    for order in (2, 3, 100):
        response = admin.patch(rules_path(rule_id=rule_id) + "/change-order", json={"order": order})
        assert response.status_code == 422, order
        assert titles(response) == ["'order' must be from 0 to 1: the default routing rule stays last"]
    assert names(admin) == ["a", "b", "Default routing rule"]
    assert admin.patch(rules_path(rule_id="no-such-rule") + "/change-order", json={"order": 0}).status_code == 404


def test_patch_order_does_not_move(api, emulator):
    admin = api(ADA)
    rule_id = create(admin, "a")["id"]
    create(admin, "b")
    response = admin.patch(rules_path(rule_id=rule_id), json={"order": 1, "name": "a2"})
    assert response.status_code == 200
    assert response.json()["order"] == 0
    assert names(admin) == ["a2", "b", "Default routing rule"]


def test_default_rule_can_be_changed_but_not_deleted(api, emulator):
    admin = api(ADA)
    create(admin, "a")
    default = default_rule(admin)
    changed = admin.patch(rules_path(rule_id=default["id"]), json={"name": "Catch all", "notify": SCHEDULE, "timeRestriction": TIME_OF_DAY})
    assert changed.status_code == 200, changed.text
    assert changed.json() == {**default, "name": "Catch all", "notify": SCHEDULE, "timeRestriction": TIME_OF_DAY}
    assert admin.patch(rules_path(rule_id=default["id"]), json={"criteria": {"type": "match-all"}}).status_code == 200
    criteria = admin.patch(rules_path(rule_id=default["id"]), json={"criteria": CONDITIONS})
    assert criteria.status_code == 422
    assert titles(criteria) == ["The criteria of the default routing rule cannot be changed: it matches all alerts"]
    deleted = admin.delete(rules_path(rule_id=default["id"]))
    assert deleted.status_code == 403
    assert titles(deleted) == ["The default routing rule cannot be deleted"]
    assert default_rule(admin)["name"] == "Catch all"
    assert names(admin) == ["a", "Catch all"]


def test_notify_targets_are_checked(api, emulator):
    admin = api(ADA)
    unknown = admin.post(rules_path(), json={"notify": {"type": "schedule", "id": "no-such-schedule"}})
    assert unknown.status_code == 422
    assert titles(unknown) == ["Schedule with id 'no-such-schedule' does not exist"]
    no_id = admin.post(rules_path(), json={"notify": {"type": "escalation"}})
    assert no_id.status_code == 422
    assert titles(no_id) == ["'notify.id' is required for a notify of type escalation"]
    missing = admin.post(rules_path(), json={"notify": {"type": "escalation", "id": "d2acfc54-a145-451e-a963-ffbc089baea1"}})
    assert missing.status_code == 422
    assert titles(missing) == ["Escalation with id 'd2acfc54-a145-451e-a963-ffbc089baea1' does not exist"]
    # a notify of none carries no id
    assert create(admin, "none", notify={"type": "none", "id": "ignored"})["notify"] == {"type": "none"}
    other = create(admin, "db schedule", notify={"type": "schedule", "id": DATABASE_PRIMARY})
    assert admin.patch(rules_path(rule_id=other["id"]), json={"notify": {"type": "schedule", "id": "gone"}}).status_code == 422
    assert admin.get(rules_path(rule_id=other["id"])).json()["notify"] == {"type": "schedule", "id": DATABASE_PRIMARY}


def test_a_rule_notifies_an_escalation_of_its_own_team(api, emulator):
    admin = api(ADA)
    rule = {"condition": "if-not-acked", "notifyType": "default", "delay": 1, "recipient": {"type": "schedule", "id": DATABASE_PRIMARY}}
    own = admin.post("/v1/teams/%s/escalations" % PLATFORM_TEAM, json={"name": "Platform escalation", "rules": [rule]})
    other = admin.post("/v1/teams/%s/escalations" % DATABASE_TEAM, json={"name": "Database escalation", "rules": [rule]})
    assert own.status_code == 201 and other.status_code == 201
    assert create(admin, "known", notify={"type": "escalation", "id": own.json()["id"]})["notify"]["id"] == own.json()["id"]
    response = admin.post(rules_path(), json={"notify": {"type": "escalation", "id": other.json()["id"]}})
    assert response.status_code == 422
    assert titles(response) == ["Escalation with id '%s' does not exist" % other.json()["id"]]


def test_checks_the_spec_cannot_make(api, emulator):
    """Requests the spec's schemas accept but the API refuses."""
    admin = api(ADA)
    odd_type = admin.post(rules_path(), json={"notify": {"type": "none"}, "timeRestriction": {**TIME_OF_DAY, "type": "weekly"}})
    assert odd_type.status_code == 422
    zone = admin.post(rules_path(), json={"notify": {"type": "none"}, "timezone": "Mars/Olympus"})
    assert zone.status_code == 422
    assert titles(zone) == ["Unknown time zone 'Mars/Olympus'"]
    rule_id = create(admin, "a")["id"]
    missing = admin.patch(rules_path(rule_id=rule_id) + "/change-order", json={"order": 1})
    assert missing.status_code == 422
    assert names(admin) == ["a", "Default routing rule"]


@pytest.mark.expect_violations
@pytest.mark.parametrize("body", [
    {"name": "no notify"},
    {"notify": {"type": "everyone"}},
    {"notify": {"type": "none"}, "order": 101},
    {"notify": {"type": "none"}, "order": -1},
    {"notify": {"type": "none"}, "name": 5},
    {"notify": {"type": "none"}, "criteria": {"type": "match-all-conditions"}},
    {"notify": {"type": "none"}, "criteria": {"type": "match-any-condition", "conditions": []}},
    {"notify": {"type": "none"}, "criteria": {"type": "match-any-condition", "conditions": [{"field": "colour", "operation": "equals"}]}},
    {"notify": {"type": "none"}, "criteria": {"type": "match-any-condition", "conditions": [{"field": "message", "operation": "like"}]}},
    {"notify": {"type": "none"}, "criteria": {"type": "match-any-condition", "conditions": [{"field": "message"}]}},
    {"notify": {"type": "none"}, "criteria": {"type": "match-any-condition", "conditions": [
        {"field": "message", "operation": "contains", "not": "yes"}]}},
    {"notify": {"type": "none"}, "timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 24, "startMin": 0, "endHour": 1, "endMin": 0}}},
    {"notify": {"type": "none"}, "timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 1, "startMin": 60, "endHour": 2, "endMin": 0}}},
    {"notify": {"type": "none"}, "timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 1, "startMin": 0, "endHour": 2}}},
    {"notify": {"type": "none"}, "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [WEEKDAY] * 16}},
    {"notify": {"type": "none"}, "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": []}},
    {"notify": {"type": "none"}, "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [{**WEEKDAY, "startDay": "someday"}]}},
])
def test_create_refused_by_schema(api, emulator, body):
    admin = api(ADA)
    refused_by_schema(emulator, admin.post(rules_path(), json=body))
    assert [rule["isDefault"] for rule in listed(admin)] == [True]


def test_fifteen_weekday_restrictions_are_allowed(api, emulator):
    rule = create(api(ADA), "busy", timeRestriction={"type": "weekday-and-time-of-day", "restrictions": [WEEKDAY] * 15})
    assert len(rule["timeRestriction"]["restrictions"]) == 15


@pytest.mark.expect_violations
def test_change_order_refused_by_schema(api, emulator):
    admin = api(ADA)
    rule_id = create(admin, "a")["id"]
    refused_by_schema(emulator, admin.patch(rules_path(rule_id=rule_id) + "/change-order", json={}), clear=True)
    refused_by_schema(emulator, admin.patch(rules_path(rule_id=rule_id) + "/change-order", json={"order": -1}))


def test_visibility(api, emulator):
    admin, dana, erin = api(ADA), api(DANA), api(ERIN)
    rule_id = create(dana, "mine")["id"]
    assert names(dana) == ["mine", "Default routing rule"]
    for response in (
        erin.get(rules_path()),
        erin.get(rules_path(rule_id=rule_id)),
        erin.post(rules_path(), json={"notify": {"type": "none"}}),
        erin.patch(rules_path(rule_id=rule_id), json={"name": "theirs"}),
        erin.patch(rules_path(rule_id=rule_id) + "/change-order", json={"order": 0}),
        erin.delete(rules_path(rule_id=rule_id)),
    ):
        assert response.status_code == 403, response.request.method
        assert titles(response) == ["You are not a member of this team"]
    assert names(admin) == ["mine", "Default routing rule"]
    assert erin.get(rules_path(DATABASE_TEAM)).status_code == 200
    assert dana.get(rules_path("no-such-team")).status_code == 404
    # a rule is found only under its own team
    assert admin.get(rules_path(DATABASE_TEAM, rule_id)).status_code == 404


def test_list_is_paged(api, emulator):
    admin = api(ADA)
    for index in range(4):
        create(admin, f"r{index}")
    first = admin.get(rules_path(), params={"size": 2})
    assert first.status_code == 200
    body = first.json()
    assert [rule["name"] for rule in body["values"]] == ["r0", "r1"]
    assert body["links"] == {"next": f"/v1/teams/{PLATFORM_TEAM}/routing-rules?offset=2&size=2"}
    last = admin.get(rules_path(), params={"size": 2, "offset": 4}).json()
    assert [rule["order"] for rule in last["values"]] == [4]
    assert last["links"] == {}
    assert len(admin.get(rules_path()).json()["values"]) == 5


def test_reset_forgets_rules(api, emulator):
    admin = api(ADA)
    create(admin, "a")
    emulator.reset()
    assert [rule["isDefault"] for rule in listed(admin)] == [True]


@needs_spec
def test_spec_accepts_all_valid_routing_rule_traffic(api, emulator):
    assert emulator.spec_enabled
    admin = api(ADA)
    rule = create(admin, "full", notify=SCHEDULE, criteria=CONDITIONS, timeRestriction=WEEKDAYS, timezone="Europe/Istanbul", order=0)
    create(admin, "second", criteria={"type": "match-all-conditions", "conditions": [{"field": "message", "operation": "is-empty"}]})
    assert admin.get(rules_path(), params={"size": 1, "offset": 0}).status_code == 200
    assert admin.get(rules_path(rule_id=rule["id"])).status_code == 200
    assert admin.patch(rules_path(rule_id=rule["id"]), json={"timeRestriction": TIME_OF_DAY, "order": 1}).status_code == 200
    assert admin.patch(rules_path(rule_id=rule["id"]) + "/change-order", json={"order": 1}).status_code == 204
    default = default_rule(admin)
    step = {"condition": "if-not-acked", "notifyType": "default", "delay": 1, "recipient": {"type": "schedule", "id": PLATFORM_PRIMARY}}
    escalation = admin.post("/v1/teams/%s/escalations" % PLATFORM_TEAM, json={"name": "Platform escalation", "rules": [step]}).json()
    assert admin.patch(rules_path(rule_id=default["id"]), json={"notify": {"type": "escalation", "id": escalation["id"]}}).status_code == 200
    # error answers are validated too
    assert admin.delete(rules_path(rule_id=default["id"])).status_code == 403
    assert admin.patch(rules_path(rule_id=default["id"]) + "/change-order", json={"order": 0}).status_code == 403
    assert admin.post(rules_path(), json={"notify": {"type": "schedule", "id": "gone"}}).status_code == 422
    assert admin.delete(rules_path(rule_id=rule["id"])).status_code == 204
    assert emulator.violations == []
    assert [entry for entry in emulator.log if (entry["status"] or 500) >= 500] == []
