# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rotations and overrides of the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

import copy
import uuid

import pytest
import requests

from jsmops_emulator.store import SeedError, Store

from ansible_collections.jsm.ops.tests.unit.emulator.support import (
    ADA, DANA, DANA_ID, DATABASE_PRIMARY, DATABASE_TEAM, ERIN, ERIN_ID, PLATFORM_PRIMARY, PLATFORM_SECONDARY, PLATFORM_TEAM, PRIYA_ID, SEED,
    needs_spec, refused_by_schema, titles,
)

WEEKLY_ROTATION = "4847d44f-8296-5ae1-8b1c-19f008c4b8ed"
BUSINESS_HOURS_ROTATION = "3bb29ae9-15a5-5466-90db-efdd8ac8656a"
SEED_OVERRIDE = "platform-maintenance-cover"

TIME_OF_DAY = {"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 30, "endHour": 6, "endMin": 0}}
WEEKDAYS = {"type": "weekday-and-time-of-day", "restrictions": [
    {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 30},
    {"startDay": "saturday", "endDay": "sunday", "startHour": 10, "startMin": 15, "endHour": 14, "endMin": 45},
]}


def rotations_path(schedule_id: str, rotation_id: str | None = None) -> str:
    path = f"/v1/schedules/{schedule_id}/rotations"
    return f"{path}/{rotation_id}" if rotation_id else path


def overrides_path(schedule_id: str, alias: str | None = None) -> str:
    path = f"/v1/schedules/{schedule_id}/overrides"
    return f"{path}/{alias}" if alias else path


def stored(emulator, schedule_id: str, kind: str) -> list[dict]:
    """The schedule's rotations or overrides as the emulator holds them."""
    with emulator.lock:
        return copy.deepcopy(emulator.state.schedules[schedule_id][kind])


def rotation_body(**extra) -> dict:
    body = {"name": "Support", "startDate": "2026-06-01T09:00:00Z", "type": "weekly"}
    body.update(extra)
    return body


def override_body(**extra) -> dict:
    body = {"responder": {"type": "user", "id": ERIN_ID}, "startDate": "2031-01-01T00:00:00Z", "endDate": "2031-01-02T00:00:00Z"}
    body.update(extra)
    return body


# rotations


def test_rotation_lifecycle(api, emulator):
    admin = api(ADA)
    body = rotation_body(startDate="2026-06-01T11:00:00+02:00", endDate="2026-12-31T18:00:00-05:00",
                         participants=[{"type": "user", "id": ERIN_ID}, {"type": "team", "id": DATABASE_TEAM}])
    created = admin.post(rotations_path(DATABASE_PRIMARY), json=body)
    assert created.status_code == 201, created.text
    rotation = created.json()
    uuid.UUID(rotation["id"])
    assert rotation == {
        "id": rotation["id"], "name": "Support", "startDate": "2026-06-01T09:00:00Z", "endDate": "2026-12-31T23:00:00Z",
        "type": "weekly", "length": 1, "participants": body["participants"],
    }
    assert admin.get(rotations_path(DATABASE_PRIMARY, rotation["id"])).json() == rotation
    assert [item["id"] for item in stored(emulator, DATABASE_PRIMARY, "rotations")] == ["bdc5b5dc-a515-52a7-8ca4-222c90127ca4", rotation["id"]]

    patched = admin.patch(rotations_path(DATABASE_PRIMARY, rotation["id"]), json={"length": 3, "type": "daily"})
    assert patched.status_code == 200, patched.text
    assert patched.json() == dict(rotation, length=3, type="daily")
    assert admin.get(rotations_path(DATABASE_PRIMARY)).json()["values"][1] == patched.json()

    deleted = admin.delete(rotations_path(DATABASE_PRIMARY, rotation["id"]))
    assert deleted.status_code == 204 and deleted.content == b""
    assert [item["id"] for item in stored(emulator, DATABASE_PRIMARY, "rotations")] == ["bdc5b5dc-a515-52a7-8ca4-222c90127ca4"]
    assert admin.get(rotations_path(DATABASE_PRIMARY, rotation["id"])).status_code == 404
    assert admin.delete(rotations_path(DATABASE_PRIMARY, rotation["id"])).status_code == 404


def test_create_rotation_minimal_gets_defaults(api):
    created = api(ADA).post(rotations_path(DATABASE_PRIMARY), json={"startDate": "2026-06-01T09:00:00.250Z", "type": "hourly"})
    assert created.status_code == 201, created.text
    assert created.json() == {"id": created.json()["id"], "startDate": "2026-06-01T09:00:00.250Z", "type": "hourly", "length": 1, "participants": []}


@pytest.mark.expect_violations
@pytest.mark.parametrize("missing", ["startDate", "type"])
def test_create_rotation_requires_start_date_and_type(api, emulator, missing):
    body = rotation_body()
    del body[missing]
    refused_by_schema(emulator, api(ADA).post(rotations_path(DATABASE_PRIMARY), json=body))
    assert len(stored(emulator, DATABASE_PRIMARY, "rotations")) == 1


def test_patch_rotation_is_partial(api):
    admin = api(ADA)
    before = admin.get(rotations_path(PLATFORM_SECONDARY, BUSINESS_HOURS_ROTATION)).json()
    renamed = admin.patch(rotations_path(PLATFORM_SECONDARY, BUSINESS_HOURS_ROTATION), json={"name": "Office hours"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json() == dict(before, name="Office hours")
    new_participants = [{"type": "user", "id": ERIN_ID}]
    replaced = admin.patch(rotations_path(PLATFORM_SECONDARY, BUSINESS_HOURS_ROTATION), json={"participants": new_participants})
    assert replaced.json()["participants"] == new_participants
    assert replaced.json()["timeRestriction"] == before["timeRestriction"]
    moved = admin.patch(rotations_path(PLATFORM_SECONDARY, BUSINESS_HOURS_ROTATION), json={"startDate": "2026-01-05T08:00:00-01:00"})
    assert moved.json()["startDate"] == "2026-01-05T09:00:00Z"
    assert moved.json()["name"] == "Office hours" and moved.json()["length"] == 1


def test_rotation_names_are_unique_per_schedule_ignoring_case(api, emulator):
    admin = api(ADA)
    duplicate = admin.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(name="wEEKLY"))
    assert duplicate.status_code == 409
    assert titles(duplicate)
    assert len(stored(emulator, PLATFORM_PRIMARY, "rotations")) == 1
    # the same name in another schedule is fine, and so are several rotations without a name
    assert admin.post(rotations_path(PLATFORM_SECONDARY), json=rotation_body(name="Weekly")).status_code == 201
    for _number in range(2):
        assert admin.post(rotations_path(PLATFORM_PRIMARY), json={"startDate": "2026-06-01T09:00:00Z", "type": "daily"}).status_code == 201
    other = admin.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(name="Nights")).json()
    conflict = admin.patch(rotations_path(PLATFORM_PRIMARY, other["id"]), json={"name": "weekly"})
    assert conflict.status_code == 409
    assert admin.get(rotations_path(PLATFORM_PRIMARY, other["id"])).json()["name"] == "Nights"
    own = admin.patch(rotations_path(PLATFORM_PRIMARY, WEEKLY_ROTATION), json={"name": "WEEKLY"})
    assert own.status_code == 200 and own.json()["name"] == "WEEKLY"


def test_schedule_rotations_get_the_same_checks(api, emulator):
    admin = api(ADA)
    twice = [rotation_body(name="Day"), rotation_body(name="DAY")]
    assert admin.post("/v1/schedules", json={"name": "Twice", "rotations": twice}).status_code == 409
    unknown = [rotation_body(participants=[{"type": "user", "id": "712020:nobody"}])]
    assert admin.post("/v1/schedules", json={"name": "Unknown", "rotations": unknown}).status_code == 422
    assert admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"rotations": unknown}).status_code == 422
    assert len(emulator.state.schedules) == len(SEED["schedules"])
    assert [item["id"] for item in stored(emulator, PLATFORM_PRIMARY, "rotations")] == [WEEKLY_ROTATION]


SEMANTIC_ERRORS = {
    "unknown user": {"participants": [{"type": "user", "id": "712020:00000000-0000-0000-0000-000000000000"}]},
    "team id is not a team": {"participants": [{"type": "team", "id": DANA_ID}]},
    "user id is a team": {"participants": [{"type": "user", "id": PLATFORM_TEAM}]},
    "unknown escalation": {"participants": [{"type": "escalation", "id": "7c1a6ef0-5ab3-4c3a-9d55-1d5ea3b0f0aa"}]},
    "endDate equals startDate": {"endDate": "2026-06-01T09:00:00Z"},
    "endDate before startDate": {"endDate": "2026-06-01T10:00:00+02:00"},
    "time-of-day hour 24": {"timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 24, "startMin": 0, "endHour": 6, "endMin": 0}}},
    "time-of-day minute 60": {"timeRestriction": {"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 60}}},
    "time-of-day negative hour": {"timeRestriction": {"type": "time-of-day", "restriction": {"startHour": -1, "startMin": 0, "endHour": 6, "endMin": 0}}},
    "weekday hour 24": {"timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
        {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 24, "endMin": 0}]}},
    "weekday minute 60": {"timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
        {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 60, "endHour": 17, "endMin": 0}]}},
    "unknown weekday": {"timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
        {"startDay": "monday", "endDay": "funday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}]}},
    "capitalised weekday": {"timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
        {"startDay": "Monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}]}},
    "unknown restriction type": {"timeRestriction": {"type": "day-of-month"}},
}


@pytest.mark.parametrize("case", sorted(SEMANTIC_ERRORS))
def test_rotation_semantic_errors_are_422(api, emulator, case):
    admin = api(ADA)
    created = admin.post(rotations_path(DATABASE_PRIMARY), json=rotation_body(**SEMANTIC_ERRORS[case]))
    assert created.status_code == 422, created.text
    assert titles(created)
    assert len(stored(emulator, DATABASE_PRIMARY, "rotations")) == 1
    before = stored(emulator, PLATFORM_PRIMARY, "rotations")
    patch = dict({"startDate": "2026-06-01T09:00:00Z"}, **SEMANTIC_ERRORS[case])
    patched = admin.patch(rotations_path(PLATFORM_PRIMARY, WEEKLY_ROTATION), json=patch)
    assert patched.status_code == 422, patched.text
    assert stored(emulator, PLATFORM_PRIMARY, "rotations") == before


def test_patch_end_date_is_checked_against_the_stored_start(api):
    # the seeded rotation starts 2026-01-05T09:00:00Z
    early = api(ADA).patch(rotations_path(PLATFORM_PRIMARY, WEEKLY_ROTATION), json={"endDate": "2026-01-05T08:00:00Z"})
    assert early.status_code == 422
    later = api(ADA).patch(rotations_path(PLATFORM_PRIMARY, WEEKLY_ROTATION), json={"endDate": "2026-01-05T11:00:00+01:00"})
    assert later.status_code == 200 and later.json()["endDate"] == "2026-01-05T10:00:00Z"


def test_noone_participants_carry_no_id(api):
    participants = [{"type": "noone"}, {"type": "user", "id": ERIN_ID}, {"type": "noone", "id": "ignored"}]
    created = api(ADA).post(rotations_path(DATABASE_PRIMARY), json=rotation_body(participants=participants))
    assert created.status_code == 201, created.text
    expected = [{"type": "noone"}, {"type": "user", "id": ERIN_ID}, {"type": "noone"}]
    assert created.json()["participants"] == expected
    assert api(ADA).get(rotations_path(DATABASE_PRIMARY, created.json()["id"])).json()["participants"] == expected


@pytest.mark.parametrize("restriction, other", [(TIME_OF_DAY, WEEKDAYS), (WEEKDAYS, TIME_OF_DAY)], ids=["time-of-day", "weekday-and-time-of-day"])
def test_time_restrictions_round_trip(api, restriction, other):
    admin = api(ADA)
    created = admin.post(rotations_path(DATABASE_PRIMARY), json=rotation_body(timeRestriction=restriction))
    assert created.status_code == 201, created.text
    assert created.json()["timeRestriction"] == restriction
    rotation_id = created.json()["id"]
    assert admin.get(rotations_path(DATABASE_PRIMARY, rotation_id)).json()["timeRestriction"] == restriction
    replaced = admin.patch(rotations_path(DATABASE_PRIMARY, rotation_id), json={"timeRestriction": other})
    assert replaced.status_code == 200
    assert replaced.json()["timeRestriction"] == other
    listed = admin.get(rotations_path(DATABASE_PRIMARY)).json()["values"]
    assert listed[-1]["timeRestriction"] == other


def test_rotation_list_pages_over_fifty(api, emulator):
    admin = api(ADA)
    schedule = admin.post("/v1/schedules", json={"name": "Crowded", "teamId": DATABASE_TEAM}).json()
    for number in range(52):
        response = admin.post(rotations_path(schedule["id"]), json=rotation_body(name=f"R{number:02d}", type="hourly"))
        assert response.status_code == 201, response.text
    assert len(stored(emulator, schedule["id"], "rotations")) == 52
    default = admin.get(rotations_path(schedule["id"])).json()
    assert len(default["values"]) == 25
    assert default["links"]["next"] == f"/v1/schedules/{schedule['id']}/rotations?offset=25&size=25"
    first = admin.get(rotations_path(schedule["id"]), params={"size": 50}).json()
    assert [item["name"] for item in first["values"]] == [f"R{number:02d}" for number in range(50)]
    assert first["links"]["next"] == f"/v1/schedules/{schedule['id']}/rotations?offset=50&size=50"
    second = admin.get(first["links"]["next"]).json()
    assert [item["name"] for item in second["values"]] == ["R50", "R51"]
    assert second["links"] == {}


@pytest.mark.expect_violations
@pytest.mark.parametrize("path", [rotations_path(PLATFORM_PRIMARY), overrides_path(PLATFORM_PRIMARY)])
def test_lists_refuse_more_than_fifty(api, emulator, path):
    refused_by_schema(emulator, api(ADA).get(path, params={"size": 51}))


def test_deleting_a_rotation_updates_overrides(api, emulator):
    admin = api(ADA)
    extra = admin.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(name="Extra")).json()
    both = admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body(rotationIds=[WEEKLY_ROTATION, extra["id"]])).json()
    only = admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body(rotationIds=[extra["id"]])).json()
    everywhere = admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body()).json()
    assert admin.delete(rotations_path(PLATFORM_PRIMARY, extra["id"])).status_code == 204
    assert admin.get(overrides_path(PLATFORM_PRIMARY, both["alias"])).json()["rotationIds"] == [WEEKLY_ROTATION]
    assert admin.get(overrides_path(PLATFORM_PRIMARY, only["alias"])).status_code == 404
    assert "rotationIds" not in admin.get(overrides_path(PLATFORM_PRIMARY, everywhere["alias"])).json()
    # replacing all rotations through the schedule does the same
    assert admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"rotations": [rotation_body()]}).status_code == 200
    aliases = [item["alias"] for item in stored(emulator, PLATFORM_PRIMARY, "overrides")]
    assert aliases == [everywhere["alias"]]


def test_rotation_not_found(api):
    admin = api(ADA)
    for method in ("GET", "PATCH", "DELETE"):
        kwargs = {"json": {"length": 2}} if method == "PATCH" else {}
        missing = admin.request(method, rotations_path(PLATFORM_PRIMARY, "no-such-rotation"), **kwargs)
        assert missing.status_code == 404 and titles(missing) == ["Rotation not found"]
        # a rotation of another schedule is not found either
        elsewhere = admin.request(method, rotations_path(DATABASE_PRIMARY, WEEKLY_ROTATION), **kwargs)
        assert elsewhere.status_code == 404
        no_schedule = admin.request(method, rotations_path("no-such-schedule", WEEKLY_ROTATION), **kwargs)
        assert no_schedule.status_code == 404 and titles(no_schedule) == ["Schedule not found"]
    assert admin.post(rotations_path("no-such-schedule"), json=rotation_body()).status_code == 404


# overrides


def test_seed_override_is_served(api):
    dana = api(DANA)
    listed = dana.get(overrides_path(PLATFORM_PRIMARY))
    assert listed.status_code == 200
    expected = {
        "alias": SEED_OVERRIDE, "responder": {"type": "user", "id": DANA_ID},
        "startDate": "2030-03-04T08:00:00Z", "endDate": "2030-03-06T18:00:00Z", "rotationIds": [WEEKLY_ROTATION],
    }
    assert listed.json() == {"values": [expected], "links": {}}
    assert dana.get(overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE)).json() == expected
    assert dana.get(overrides_path(PLATFORM_SECONDARY)).json() == {"values": [], "links": {}}


def test_create_override_generates_the_alias(api, emulator):
    admin = api(ADA)
    body = override_body(startDate="2031-01-01T01:00:00+01:00", endDate="2031-01-02T00:00:00.5Z", rotationIds=[WEEKLY_ROTATION])
    created = admin.post(overrides_path(PLATFORM_PRIMARY), json=body)
    assert created.status_code == 201, created.text
    override = created.json()
    uuid.UUID(override["alias"])
    assert override == {
        "alias": override["alias"], "responder": {"type": "user", "id": ERIN_ID},
        "startDate": "2031-01-01T00:00:00Z", "endDate": "2031-01-02T00:00:00.500Z", "rotationIds": [WEEKLY_ROTATION],
    }
    assert admin.get(overrides_path(PLATFORM_PRIMARY, override["alias"])).json() == override
    # CreateOverrideRequest has no alias: one sent anyway is ignored, and the same body twice makes two overrides
    again = admin.post(overrides_path(PLATFORM_PRIMARY), json=dict(body, alias=SEED_OVERRIDE))
    assert again.status_code == 201, again.text
    assert again.json()["alias"] not in (SEED_OVERRIDE, override["alias"])
    uuid.UUID(again.json()["alias"])
    aliases = [item["alias"] for item in stored(emulator, PLATFORM_PRIMARY, "overrides")]
    assert aliases == [SEED_OVERRIDE, override["alias"], again.json()["alias"]]


def test_override_for_no_one_and_all_rotations(api):
    created = api(ADA).post(overrides_path(DATABASE_PRIMARY), json=override_body(responder={"type": "noone"}))
    assert created.status_code == 201, created.text
    assert created.json()["responder"] == {"type": "noone"}
    assert "rotationIds" not in created.json()


def test_override_list_shows_only_ongoing_and_future(api):
    admin = api(ADA)
    path = overrides_path(DATABASE_PRIMARY)
    past = admin.post(path, json=override_body(startDate="2020-01-01T00:00:00Z", endDate="2020-01-02T00:00:00Z")).json()
    ongoing = admin.post(path, json=override_body(startDate="2020-06-01T00:00:00Z", endDate="2099-01-01T00:00:00Z")).json()
    later = admin.post(path, json=override_body(startDate="2040-01-01T00:00:00Z", endDate="2040-01-02T00:00:00Z")).json()
    sooner = admin.post(path, json=override_body(startDate="2035-01-01T00:00:00Z", endDate="2035-01-02T00:00:00Z")).json()
    listed = admin.get(path).json()
    assert [item["alias"] for item in listed["values"]] == [ongoing["alias"], sooner["alias"], later["alias"]]
    # a past override is still there to get, update and delete
    assert admin.get(overrides_path(DATABASE_PRIMARY, past["alias"])).json() == past
    paged = admin.get(path, params={"size": 2}).json()
    assert [item["alias"] for item in paged["values"]] == [ongoing["alias"], sooner["alias"]]
    assert paged["links"]["next"] == f"/v1/schedules/{DATABASE_PRIMARY}/overrides?offset=2&size=2"
    rest = admin.get(paged["links"]["next"]).json()
    assert [item["alias"] for item in rest["values"]] == [later["alias"]] and rest["links"] == {}


def test_put_replaces_the_whole_override(api, emulator):
    admin = api(ADA)
    path = overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE)
    replacement = {"responder": {"type": "noone"}, "startDate": "2030-05-01T10:00:00+02:00", "endDate": "2030-05-02T08:00:00Z"}
    updated = admin.put(path, json=replacement)
    assert updated.status_code == 200, updated.text
    expected = {"alias": SEED_OVERRIDE, "responder": {"type": "noone"}, "startDate": "2030-05-01T08:00:00Z", "endDate": "2030-05-02T08:00:00Z"}
    assert updated.json() == expected
    assert admin.get(path).json() == expected
    assert stored(emulator, PLATFORM_PRIMARY, "overrides") == [expected]
    limited = admin.put(path, json=dict(replacement, responder={"type": "user", "id": ERIN_ID}, rotationIds=[WEEKLY_ROTATION]))
    assert limited.json()["rotationIds"] == [WEEKLY_ROTATION] and limited.json()["responder"]["id"] == ERIN_ID


@pytest.mark.expect_violations
@pytest.mark.parametrize("missing", ["startDate", "endDate", "responder"])
def test_override_writes_require_all_fields(api, emulator, missing):
    body = override_body()
    del body[missing]
    refused_by_schema(emulator, api(ADA).post(overrides_path(PLATFORM_PRIMARY), json=body))
    emulator.clear_violations()
    refused_by_schema(emulator, api(ADA).put(overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE), json=body))
    assert [item["alias"] for item in stored(emulator, PLATFORM_PRIMARY, "overrides")] == [SEED_OVERRIDE]
    assert stored(emulator, PLATFORM_PRIMARY, "overrides")[0]["responder"]["id"] == DANA_ID


OVERRIDE_ERRORS = {
    "endDate equals startDate": {"endDate": "2031-01-01T00:00:00Z"},
    "endDate before startDate": {"endDate": "2031-01-01T00:30:00+01:00"},
    "unknown responder": {"responder": {"type": "user", "id": "712020:00000000-0000-0000-0000-000000000000"}},
    "responder is a team id": {"responder": {"type": "user", "id": PLATFORM_TEAM}},
    "rotation of another schedule": {"rotationIds": [BUSINESS_HOURS_ROTATION]},
    "unknown rotation": {"rotationIds": [WEEKLY_ROTATION, "no-such-rotation"]},
}


@pytest.mark.parametrize("case", sorted(OVERRIDE_ERRORS))
def test_override_semantic_errors_are_422(api, emulator, case):
    admin = api(ADA)
    before = stored(emulator, PLATFORM_PRIMARY, "overrides")
    created = admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body(**OVERRIDE_ERRORS[case]))
    assert created.status_code == 422, created.text
    assert titles(created)
    updated = admin.put(overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE), json=override_body(**OVERRIDE_ERRORS[case]))
    assert updated.status_code == 422, updated.text
    assert stored(emulator, PLATFORM_PRIMARY, "overrides") == before


def test_delete_override_and_not_found(api, emulator):
    admin = api(ADA)
    deleted = admin.delete(overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE))
    assert deleted.status_code == 204 and deleted.content == b""
    assert stored(emulator, PLATFORM_PRIMARY, "overrides") == []
    for method in ("GET", "PUT", "DELETE"):
        kwargs = {"json": override_body()} if method == "PUT" else {}
        missing = admin.request(method, overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE), **kwargs)
        assert missing.status_code == 404 and titles(missing) == ["Override not found"]
        no_schedule = admin.request(method, overrides_path("no-such-schedule", SEED_OVERRIDE), **kwargs)
        assert no_schedule.status_code == 404 and titles(no_schedule) == ["Schedule not found"]
    assert admin.get(overrides_path("no-such-schedule")).status_code == 404
    assert admin.post(overrides_path("no-such-schedule"), json=override_body()).status_code == 404


# permissions


def test_team_member_changes_own_teams_schedule(api, emulator):
    dana = api(DANA)
    rotation = dana.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(participants=[{"type": "user", "id": DANA_ID}]))
    assert rotation.status_code == 201, rotation.text
    assert dana.patch(rotations_path(PLATFORM_PRIMARY, rotation.json()["id"]), json={"length": 2}).status_code == 200
    override = dana.post(overrides_path(PLATFORM_PRIMARY), json=override_body(rotationIds=[rotation.json()["id"]]))
    assert override.status_code == 201, override.text
    assert dana.put(overrides_path(PLATFORM_PRIMARY, override.json()["alias"]), json=override_body()).status_code == 200
    assert dana.delete(overrides_path(PLATFORM_PRIMARY, override.json()["alias"])).status_code == 204
    assert dana.delete(rotations_path(PLATFORM_PRIMARY, rotation.json()["id"])).status_code == 204
    assert [item["id"] for item in stored(emulator, PLATFORM_PRIMARY, "rotations")] == [WEEKLY_ROTATION]
    assert [item["alias"] for item in stored(emulator, PLATFORM_PRIMARY, "overrides")] == [SEED_OVERRIDE]


def test_team_member_cannot_touch_another_teams_schedule(api, emulator):
    dana = api(DANA)
    before = copy.deepcopy(emulator.state.schedules[DATABASE_PRIMARY])
    rotation_id = before["rotations"][0]["id"]
    attempts = [
        ("GET", rotations_path(DATABASE_PRIMARY), None),
        ("GET", rotations_path(DATABASE_PRIMARY, rotation_id), None),
        ("GET", overrides_path(DATABASE_PRIMARY), None),
        ("POST", rotations_path(DATABASE_PRIMARY), rotation_body()),
        ("PATCH", rotations_path(DATABASE_PRIMARY, rotation_id), {"length": 5}),
        ("DELETE", rotations_path(DATABASE_PRIMARY, rotation_id), None),
        ("POST", overrides_path(DATABASE_PRIMARY), override_body()),
    ]
    for method, path, body in attempts:
        response = dana.request(method, path, json=body)
        assert response.status_code == 403, (method, path, response.text)
        assert titles(response)
    assert emulator.state.schedules[DATABASE_PRIMARY] == before


def test_participant_reads_but_does_not_write(api):
    admin = api(ADA)
    schedule = admin.post("/v1/schedules", json={"name": "Global watch"}).json()
    rotation = admin.post(rotations_path(schedule["id"]), json=rotation_body(participants=[{"type": "user", "id": ERIN_ID}])).json()
    override = admin.post(overrides_path(schedule["id"]), json=override_body()).json()
    erin = api(ERIN)
    assert erin.get(rotations_path(schedule["id"], rotation["id"])).json() == rotation
    assert erin.get(overrides_path(schedule["id"])).json()["values"] == [override]
    assert erin.post(rotations_path(schedule["id"]), json=rotation_body(name="Mine")).status_code == 403
    assert erin.patch(rotations_path(schedule["id"], rotation["id"]), json={"name": "Mine"}).status_code == 403
    assert erin.put(overrides_path(schedule["id"], override["alias"]), json=override_body()).status_code == 403
    assert erin.delete(overrides_path(schedule["id"], override["alias"])).status_code == 403
    assert erin.delete(rotations_path(schedule["id"], rotation["id"])).status_code == 403


def test_override_responder_sees_the_schedule(api):
    admin, dana = api(ADA), api(DANA)
    assert dana.get(f"/v1/schedules/{DATABASE_PRIMARY}").status_code == 403
    override = admin.post(overrides_path(DATABASE_PRIMARY), json=override_body(responder={"type": "user", "id": DANA_ID})).json()
    assert dana.get(f"/v1/schedules/{DATABASE_PRIMARY}").status_code == 200
    assert dana.get(overrides_path(DATABASE_PRIMARY, override["alias"])).json() == override
    assert dana.put(overrides_path(DATABASE_PRIMARY, override["alias"]), json=override_body()).status_code == 403
    assert dana.delete(overrides_path(DATABASE_PRIMARY, override["alias"])).status_code == 403


def test_account_without_token_can_be_a_participant_and_responder(api):
    admin = api(ADA)
    rotation = admin.post(rotations_path(DATABASE_PRIMARY), json=rotation_body(participants=[{"type": "user", "id": PRIYA_ID}]))
    assert rotation.status_code == 201, rotation.text
    override = admin.post(overrides_path(DATABASE_PRIMARY), json=override_body(responder={"type": "user", "id": PRIYA_ID}))
    assert override.status_code == 201, override.text


# state, seed, spec


def test_state_has_rotations_and_overrides(api, emulator):
    admin = api(ADA)
    admin.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(name="Counted"))
    admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body())
    state = requests.get(emulator.url + "/_emulator/state", timeout=5).json()
    by_name = {schedule["name"]: schedule for schedule in state["schedules"]}
    assert [item["name"] for item in by_name["Platform Primary"]["rotations"]] == ["Weekly", "Counted"]
    assert [item["alias"] for item in by_name["Platform Primary"]["overrides"]][0] == SEED_OVERRIDE
    assert len(by_name["Platform Primary"]["overrides"]) == 2
    assert by_name["Company Incident Commander"]["rotations"] == [] and by_name["Company Incident Commander"]["overrides"] == []
    requests.post(emulator.url + "/_emulator/reset", timeout=5)
    again = requests.get(emulator.url + "/_emulator/state", timeout=5).json()
    assert sum(len(schedule["overrides"]) for schedule in again["schedules"]) == sum(len(schedule.get("overrides", [])) for schedule in SEED["schedules"])
    assert sum(len(schedule["rotations"]) for schedule in again["schedules"]) == sum(len(schedule["rotations"]) for schedule in SEED["schedules"])


def test_seed_overrides_get_aliases_and_need_dates():
    seed = copy.deepcopy(SEED)
    seed["schedules"][1]["overrides"] = [{"responder": {"type": "noone"}, "startDate": "2030-01-01T00:00:00Z", "endDate": "2030-01-02T00:00:00Z"}]
    store = Store(seed)
    uuid.UUID(store.schedules[PLATFORM_SECONDARY]["overrides"][0]["alias"])
    assert store.schedules[DATABASE_PRIMARY]["overrides"] == []
    seed["schedules"][1]["overrides"][0]["endDate"] = "tomorrow"
    with pytest.raises(SeedError):
        Store(seed)
    seed["schedules"][1]["overrides"] = {"alias": "not-a-list"}
    with pytest.raises(SeedError):
        Store(seed)


@needs_spec
def test_spec_accepts_all_valid_rotation_and_override_traffic(api, emulator):
    assert emulator.spec_enabled
    admin = api(ADA)
    rotation = admin.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(
        endDate="2027-01-01T00:00:00Z", length=2, participants=[{"type": "noone"}, {"type": "team", "id": PLATFORM_TEAM}], timeRestriction=WEEKDAYS))
    assert rotation.status_code == 201
    rotation_id = rotation.json()["id"]
    assert admin.get(rotations_path(PLATFORM_PRIMARY), params={"size": 50, "offset": 0}).status_code == 200
    assert admin.get(rotations_path(PLATFORM_PRIMARY, rotation_id)).status_code == 200
    assert admin.patch(rotations_path(PLATFORM_PRIMARY, rotation_id), json={"timeRestriction": TIME_OF_DAY, "type": "daily"}).status_code == 200
    override = admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body(rotationIds=[rotation_id, WEEKLY_ROTATION]))
    assert override.status_code == 201
    alias = override.json()["alias"]
    assert admin.get(overrides_path(PLATFORM_PRIMARY), params={"size": 1}).status_code == 200
    assert admin.get(overrides_path(PLATFORM_PRIMARY, alias)).status_code == 200
    assert admin.put(overrides_path(PLATFORM_PRIMARY, alias), json=override_body(responder={"type": "noone"})).status_code == 200
    assert admin.delete(overrides_path(PLATFORM_PRIMARY, alias)).status_code == 204
    assert admin.delete(rotations_path(PLATFORM_PRIMARY, rotation_id)).status_code == 204
    for schedule_id in (PLATFORM_PRIMARY, PLATFORM_SECONDARY, DATABASE_PRIMARY):
        assert admin.get(overrides_path(schedule_id)).status_code == 200
    assert admin.get(overrides_path(PLATFORM_PRIMARY, SEED_OVERRIDE)).status_code == 200
    # error answers the spec declares are validated too
    assert admin.post(rotations_path(PLATFORM_PRIMARY), json=rotation_body(name="Weekly")).status_code == 409
    assert admin.post(overrides_path(PLATFORM_PRIMARY), json=override_body(endDate="2030-01-01T00:00:00Z")).status_code == 422
    assert emulator.violations == []
    assert [entry for entry in emulator.log if (entry["status"] or 500) >= 500] == []
