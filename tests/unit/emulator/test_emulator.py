# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Behaviour of the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests

from jsmops_emulator import Emulator, SpecLoadError

from ansible_collections.jsm.ops.tests.unit.emulator.support import (
    ACCOUNTS, ADA, DANA, DATABASE_PRIMARY, DATABASE_TEAM, EMULATOR_DIR, ERIN, NOEL, OMAR, PAYMENTS_PRIMARY, PAYMENTS_TEAM, PLATFORM_PRIMARY,
    PLATFORM_SECONDARY, PLATFORM_TEAM, PRIYA, SEED, SEED_PATH, Api, auth, basic, needs_spec, titles,
)

GLOBAL_SCHEDULE = "1685a422-290d-50d5-b336-00d63bcee99c"
ALL_SEEDED = ["Platform Primary", "Platform Secondary", "Database Primary", "Payments Primary", "Company Incident Commander", "Follow The Sun"]

SPEC_TITLE = "Request does not conform to the JSM Ops API specification: "


def names(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["values"]]


# tenant info and authentication


def test_tenant_info_needs_no_credentials(emulator):
    response = requests.get(emulator.url + "/_edge/tenant_info", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"cloudId": SEED["cloudId"]}
    assert emulator.cloud_id == SEED["cloudId"]
    assert emulator.api_base == f"{emulator.url}/jsm/ops/api/{SEED['cloudId']}"


@pytest.mark.parametrize("email", [ADA, DANA, NOEL])
def test_valid_credentials_are_accepted(api, emulator, email):
    response = api(email).get("/v1/teams")
    assert response.status_code == 200
    assert emulator.log[-1]["account"] == email


def test_non_ascii_email_must_be_utf8_encoded(emulator):
    token = ACCOUNTS[NOEL]["apiToken"]
    latin1 = base64.b64encode(f"{NOEL}:{token}".encode("latin-1")).decode("ascii")
    response = requests.get(emulator.api_base + "/v1/teams", headers={"Authorization": "Basic " + latin1}, timeout=5)
    assert response.status_code == 401


def _unauthorized_headers():
    ada_token = ACCOUNTS[ADA]["apiToken"]
    return {
        "anonymous": {},
        "wrong token": basic(ADA, ada_token + "x"),
        "unknown email": basic("nobody@example.com", ada_token),
        "token of another account": basic(DANA, ada_token),
        "account without token (null)": basic(PRIYA, "null"),
        "account without token (empty)": basic(OMAR, ""),
        "bearer scheme": {"Authorization": "Bearer " + ada_token},
        "bad base64": {"Authorization": "Basic !!not-base64!!"},
        "no colon": {"Authorization": "Basic " + base64.b64encode(ADA.encode()).decode()},
        "not utf-8": {"Authorization": "Basic " + base64.b64encode(b"\xff\xfe@example.com:" + ada_token.encode()).decode()},
        "scheme only": {"Authorization": "Basic"},
    }


@pytest.mark.parametrize("case", sorted(_unauthorized_headers()))
def test_bad_credentials_get_401(emulator, case):
    headers = _unauthorized_headers()[case]
    for path in ("/v1/schedules", "/v1/teams", f"/v1/schedules/{PLATFORM_PRIMARY}"):
        response = requests.get(emulator.api_base + path, headers=headers, timeout=5)
        assert response.status_code == 401, (case, path)
        assert response.headers["Content-Type"].startswith("application/json")
        body = response.json()
        assert body["code"] == 401 and isinstance(body["message"], str) and body["message"]
    user_search = requests.get(emulator.url + "/rest/api/3/user/search", params={"query": "ada"}, headers=headers, timeout=5)
    assert user_search.status_code == 401
    assert all(entry["account"] is None for entry in emulator.log)


# visibility


def test_admin_sees_every_schedule(api):
    assert names(api(ADA).get("/v1/schedules")) == ALL_SEEDED


@pytest.mark.parametrize("email, visible", [
    (DANA, ["Platform Primary", "Platform Secondary"]),
    (NOEL, ["Platform Primary", "Platform Secondary"]),
    (ERIN, ["Database Primary"]),
])
def test_team_members_see_their_teams_schedules(api, email, visible):
    assert names(api(email).get("/v1/schedules")) == visible


def test_rotation_participants_see_the_schedule(api):
    admin = api(ADA)
    rotation = {"name": "Incident", "startDate": "2026-04-01T00:00:00Z", "type": "weekly",
                "participants": [{"type": "user", "id": ACCOUNTS[ERIN]["accountId"]}]}
    created = admin.post("/v1/schedules", json={"name": "Global Escalation", "rotations": [rotation]})
    assert created.status_code == 201, created.text
    assert "teamId" not in created.json()
    assert "Global Escalation" in names(api(ERIN).get("/v1/schedules"))
    assert api(ERIN).get(f"/v1/schedules/{created.json()['id']}").status_code == 200
    assert "Global Escalation" not in names(api(DANA).get("/v1/schedules"))
    assert api(DANA).get(f"/v1/schedules/{created.json()['id']}").status_code == 403


def test_invisible_schedule_is_403_and_missing_is_404(api):
    dana = api(DANA)
    for path in (f"/v1/schedules/{PAYMENTS_PRIMARY}", f"/v1/schedules/{GLOBAL_SCHEDULE}", f"/v1/schedules/{PAYMENTS_PRIMARY}/rotations"):
        forbidden = dana.get(path)
        assert forbidden.status_code == 403, path
        assert titles(forbidden)
    for path in ("/v1/schedules/no-such-schedule", "/v1/schedules/no-such-schedule/rotations"):
        missing = dana.get(path)
        assert missing.status_code == 404
        assert titles(missing) == ["Schedule not found"]


def test_get_schedule_has_no_rotations_key(api):
    response = api(DANA).get(f"/v1/schedules/{PLATFORM_PRIMARY}")
    assert response.status_code == 200
    assert response.json() == {
        "id": PLATFORM_PRIMARY, "name": "Platform Primary", "description": "Platform on-call, first line",
        "timezone": "Europe/Berlin", "enabled": True, "teamId": PLATFORM_TEAM,
    }


# query, pagination, expansion


@pytest.mark.parametrize("query, expected", [
    ("Platform Primary", ["Platform Primary"]),
    ("pLaTfOrM pRiMaRy", ["Platform Primary"]),
    ("Platform", []),
    ("Platform*", ["Platform Primary", "Platform Secondary"]),
    ("platform*", ["Platform Primary", "Platform Secondary"]),
    ("*", ALL_SEEDED),
    ("Primary", []),
])
def test_query_matches_exactly_or_by_prefix(api, query, expected):
    assert names(api(ADA).get("/v1/schedules", params={"query": query})) == expected


@needs_spec
@pytest.mark.expect_violations
def test_empty_query_parameter_is_refused_by_the_spec(api, emulator):
    # OpenAPI 3.0 query parameters do not allow empty values unless allowEmptyValue is set:
    # a client must leave ``query`` out rather than send ``query=``.
    response = api(ADA).get("/v1/schedules", params={"query": ""})
    assert response.status_code == 400
    assert [item["kind"] for item in emulator.violations] == ["request"]
    assert "query" in emulator.violations[0]["detail"]


def test_query_respects_visibility(api):
    assert names(api(DANA).get("/v1/schedules", params={"query": "Payments Primary"})) == []


def _create_many(admin: Api, count: int, prefix: str = "Load") -> list[str]:
    created = []
    for number in range(count):
        response = admin.post("/v1/schedules", json={"name": f"{prefix} {number:02d}", "teamId": PLATFORM_TEAM})
        assert response.status_code == 201, response.text
        created.append(response.json()["name"])
    return created


def test_pagination_follows_relative_next_links(api, emulator):
    admin = api(ADA)
    created = _create_many(admin, 60)
    assert len(emulator.state.schedules) == len(ALL_SEEDED) + 60
    seen, pages, path = [], [], "/v1/schedules"
    while path:
        response = admin.get(path)
        body = response.json()
        seen.extend(names(response))
        pages.append(len(body["values"]))
        path = body["links"].get("next")
        assert path is None or path.startswith("/v1/schedules?")
        if len(pages) == 1:
            assert path == "/v1/schedules?offset=25&size=25"
    assert pages == [25, 25, len(ALL_SEEDED) + 10]
    assert seen == ALL_SEEDED + created


def test_pagination_keeps_query_and_expand_and_size(api):
    admin = api(ADA)
    created = _create_many(admin, 12)
    first = admin.get("/v1/schedules", params={"query": "load*", "size": 5, "expand": "rotation"}).json()
    assert first["links"]["next"] == "/v1/schedules?offset=5&size=5&query=load%2A&expand=rotation"
    second = admin.get(first["links"]["next"]).json()
    assert [item["name"] for item in second["values"]] == created[5:10]
    assert all("rotations" in item for item in second["values"])
    last = admin.get("/v1/schedules", params={"query": "load*", "size": 5, "offset": 10}).json()
    assert [item["name"] for item in last["values"]] == created[10:]
    assert "next" not in last["links"]
    beyond = admin.get("/v1/schedules", params={"offset": 500}).json()
    assert beyond["values"] == [] and "next" not in beyond["links"]


def test_absolute_link_style(api, emulator):
    admin = api(ADA)
    _create_many(admin, 8 - len(ALL_SEEDED))
    response = requests.put(emulator.url + "/_emulator/settings", json={"link_style": "absolute"}, timeout=5)
    assert response.status_code == 200
    assert emulator.settings["link_style"] == "absolute"
    body = admin.get("/v1/schedules", params={"size": 4}).json()
    assert body["links"]["next"] == f"{emulator.api_base}/v1/schedules?offset=4&size=4"
    following = admin.session.get(body["links"]["next"], timeout=5).json()
    assert len(following["values"]) == 4 and "next" not in following["links"]
    bad = requests.put(emulator.url + "/_emulator/settings", json={"link_style": "sideways"}, timeout=5)
    assert bad.status_code == 400


@pytest.mark.parametrize("params", [
    {"expand": "rotation"},
    {"expand": "rotation,something"},
    [("expand", "something"), ("expand", "rotation")],
])
def test_expand_rotation_adds_rotations(api, params):
    body = api(ADA).get("/v1/schedules", params=params).json()
    assert body["_expands"] == ["rotation"]
    by_name = {item["name"]: item for item in body["values"]}
    assert [rotation["name"] for rotation in by_name["Platform Primary"]["rotations"]] == ["Weekly"]
    assert by_name["Company Incident Commander"]["rotations"] == []
    restriction = by_name["Payments Primary"]["rotations"][0]["timeRestriction"]
    assert restriction == {"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 0}}


def test_without_expand_there_is_no_rotations_key(api):
    body = api(ADA).get("/v1/schedules").json()
    assert body["_expands"] == ["rotation"]
    assert all("rotations" not in item for item in body["values"])


def test_list_rotations_pages(api):
    admin = api(ADA)
    rotations = [{"name": f"R{number}", "startDate": "2026-05-01T00:00:00Z", "type": "daily"} for number in range(3)]
    schedule = admin.post("/v1/schedules", json={"name": "Many rotations", "teamId": DATABASE_TEAM, "rotations": rotations}).json()
    first = admin.get(f"/v1/schedules/{schedule['id']}/rotations", params={"size": 2}).json()
    assert [item["name"] for item in first["values"]] == ["R0", "R1"]
    assert first["links"]["next"] == f"/v1/schedules/{schedule['id']}/rotations?offset=2&size=2"
    second = admin.get(first["links"]["next"]).json()
    assert [item["name"] for item in second["values"]] == ["R2"]
    assert second["links"] == {}
    assert all(item["id"] and item["length"] == 1 and item["participants"] == [] for item in first["values"] + second["values"])
    seeded = api(NOEL).get(f"/v1/schedules/{PLATFORM_SECONDARY}/rotations").json()
    assert [item["id"] for item in seeded["values"]] == ["3bb29ae9-15a5-5466-90db-efdd8ac8656a"]


# create, update, delete


def test_create_schedule_defaults(api, emulator):
    response = api(ADA).post("/v1/schedules", json={"name": "Fresh"})
    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "name": "Fresh", "timezone": "America/New_York", "enabled": True}
    assert emulator.state.schedules[body["id"]]["rotations"] == []


def test_create_schedule_replaces_unknown_timezone_silently(api):
    admin = api(ADA)
    response = admin.post("/v1/schedules", json={"name": "Mars", "timezone": "Mars/Olympus_Mons", "enabled": False,
                                                 "description": "far away", "teamId": PAYMENTS_TEAM})
    assert response.status_code == 201
    assert response.json()["timezone"] == "America/New_York"
    assert response.json()["enabled"] is False
    kept = admin.post("/v1/schedules", json={"name": "Tokyo", "timezone": "Asia/Tokyo"})
    assert kept.json()["timezone"] == "Asia/Tokyo"


def test_create_schedule_with_rotations(api):
    admin = api(ADA)
    rotation = {
        "name": "Office hours", "startDate": "2026-06-01T09:00:00Z", "type": "weekly", "length": 2,
        "participants": [{"type": "user", "id": ACCOUNTS[DANA]["accountId"]}, {"type": "noone"}],
        "timeRestriction": {"type": "weekday-and-time-of-day", "restrictions": [
            {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 30}]},
    }
    created = admin.post("/v1/schedules", json={"name": "With rotation", "teamId": PLATFORM_TEAM, "rotations": [rotation]})
    assert created.status_code == 201, created.text
    listed = admin.get(f"/v1/schedules/{created.json()['id']}/rotations").json()["values"]
    assert len(listed) == 1
    stored = dict(listed[0])
    assert stored.pop("id")
    assert stored == rotation


def test_create_schedule_conflicts_and_bad_payloads(api, emulator):
    admin = api(ADA)
    duplicate = admin.post("/v1/schedules", json={"name": "platform PRIMARY"})
    assert duplicate.status_code == 409
    assert titles(duplicate)
    empty = admin.post("/v1/schedules", json={"name": "  "})
    assert empty.status_code == 422
    unknown_team = admin.post("/v1/schedules", json={"name": "Orphan", "teamId": "no-such-team"})
    assert unknown_team.status_code == 422
    assert len(emulator.state.schedules) == len(ALL_SEEDED)


def test_non_admin_creates_only_for_own_team(api):
    dana = api(DANA)
    assert dana.post("/v1/schedules", json={"name": "Dana's", "teamId": PAYMENTS_TEAM}).status_code == 403
    assert dana.post("/v1/schedules", json={"name": "Dana's"}).status_code == 403
    own = dana.post("/v1/schedules", json={"name": "Dana's", "teamId": PLATFORM_TEAM})
    assert own.status_code == 201
    assert "Dana's" in names(dana.get("/v1/schedules"))


def test_patch_schedule(api, emulator):
    admin = api(ADA)
    response = admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"description": "changed", "timezone": "Nowhere/Land"})
    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "changed" and body["timezone"] == "America/New_York"
    assert body["name"] == "Platform Primary" and body["teamId"] == PLATFORM_TEAM and body["enabled"] is True
    renamed = admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"name": "PLATFORM PRIMARY"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "PLATFORM PRIMARY"
    conflict = admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"name": "database primary"})
    assert conflict.status_code == 409
    made_global = admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"teamId": ""})
    assert made_global.status_code == 200
    assert "teamId" not in made_global.json()
    assert "teamId" not in emulator.state.schedules[PLATFORM_PRIMARY]
    assert admin.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"teamId": "nope"}).status_code == 422
    assert admin.patch("/v1/schedules/missing", json={"enabled": False}).status_code == 404


def test_patch_permissions(api):
    dana = api(DANA)
    assert dana.patch(f"/v1/schedules/{PAYMENTS_PRIMARY}", json={"enabled": False}).status_code == 403
    assert dana.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"teamId": PAYMENTS_TEAM}).status_code == 403
    assert dana.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"teamId": ""}).status_code == 403
    allowed = dana.patch(f"/v1/schedules/{PLATFORM_PRIMARY}", json={"enabled": False})
    assert allowed.status_code == 200 and allowed.json()["enabled"] is False
    # a rotation participant sees a schedule but may not change it
    erin_rotation = [{"startDate": "2026-04-01T00:00:00Z", "type": "daily", "participants": [{"type": "user", "id": ACCOUNTS[ERIN]["accountId"]}]}]
    assert api(ADA).patch(f"/v1/schedules/{PLATFORM_SECONDARY}", json={"rotations": erin_rotation}).status_code == 200
    assert api(ERIN).get(f"/v1/schedules/{PLATFORM_SECONDARY}").status_code == 200
    assert api(ERIN).patch(f"/v1/schedules/{PLATFORM_SECONDARY}", json={"enabled": False}).status_code == 403


def test_delete_schedule(api, emulator):
    admin = api(ADA)
    assert api(DANA).delete(f"/v1/schedules/{PAYMENTS_PRIMARY}").status_code == 403
    response = admin.delete(f"/v1/schedules/{PAYMENTS_PRIMARY}")
    assert response.status_code == 204
    assert response.content == b""
    assert PAYMENTS_PRIMARY not in emulator.state.schedules
    assert admin.delete(f"/v1/schedules/{PAYMENTS_PRIMARY}").status_code == 404
    assert admin.get(f"/v1/schedules/{PAYMENTS_PRIMARY}").status_code == 404


def test_reset_restores_the_seed(api, emulator):
    api(ADA).delete(f"/v1/schedules/{PLATFORM_PRIMARY}")
    assert requests.post(emulator.url + "/_emulator/reset", timeout=5).status_code == 200
    assert PLATFORM_PRIMARY in emulator.state.schedules
    assert emulator.log == []
    state = requests.get(emulator.url + "/_emulator/state", timeout=5).json()
    assert [item["name"] for item in state["schedules"]] == ALL_SEEDED
    assert all("apiToken" not in account for account in state["accounts"])
    assert requests.get(emulator.url + "/_emulator/health", timeout=5).json()["ok"] is True


# teams and users


def test_teams(api):
    admin = api(ADA).get("/v1/teams").json()
    assert admin == {"platformTeams": SEED["teams"]}
    assert api(NOEL).get("/v1/teams").json() == {"platformTeams": [{"teamId": PLATFORM_TEAM, "teamName": "Platform"}]}
    assert api(ERIN).get("/v1/teams").json() == {"platformTeams": [{"teamId": DATABASE_TEAM, "teamName": "Database"}]}


def _search(emulator, query, email=ADA):
    return requests.get(emulator.url + "/rest/api/3/user/search", params={"query": query}, headers=auth(email), timeout=5)


def test_user_search_by_email_and_name(emulator):
    exact = _search(emulator, DANA).json()
    assert exact == [{"accountId": ACCOUNTS[DANA]["accountId"], "accountType": "atlassian", "displayName": "Dana Platform",
                      "active": True, "emailAddress": DANA}]
    assert [user["displayName"] for user in _search(emulator, "ERIN.data").json()] == ["Erin Database"]
    assert [user["displayName"] for user in _search(emulator, "payments").json()] == ["Omar Payments"]
    assert [user["displayName"] for user in _search(emulator, "no\u00ebl", email=NOEL).json()] == ["No\u00ebl Zo\u00eb"]
    assert _search(emulator, "nobody-at-all").json() == []
    assert _search(emulator, "").status_code == 400
    assert emulator.log[-1]["path"] == "/rest/api/3/user/search"


def test_user_search_hides_private_email(emulator):
    found = _search(emulator, PRIYA).json()
    assert [user["accountId"] for user in found] == [ACCOUNTS[PRIYA]["accountId"]]
    assert "emailAddress" not in found[0]


# unknown paths


def test_unknown_cloud_id_is_404(emulator):
    response = requests.get(f"{emulator.url}/jsm/ops/api/not-our-cloud/v1/schedules", headers=auth(ADA), timeout=5)
    assert response.status_code == 404
    assert titles(response)


@pytest.mark.expect_violations
def test_unknown_endpoint_is_404(api, emulator):
    response = api(ADA).get("/v1/no-such-thing")
    assert response.status_code == 404
    assert titles(response)
    # a path the spec does not know is a client bug, so it is also a violation when validating
    assert [item["kind"] for item in emulator.violations] == (["request"] if emulator.spec_enabled else [])


def test_endpoint_in_spec_but_not_emulated_is_404(api, emulator):
    response = api(ADA).get("/v1/alerts/some-alert/attachments")
    assert response.status_code == 404
    if emulator.spec_enabled:
        assert titles(response) == ["Not implemented by the JSM Ops emulator: GET /v1/alerts/{alertId}/attachments"]


# faults


def _faults(emulator, rules):
    response = requests.put(emulator.url + "/_emulator/faults", json=rules, timeout=5)
    assert response.status_code == 200, response.text


def test_latency_fault(api, emulator):
    _faults(emulator, [{"kind": "latency", "delay": 0.3, "path": "/v1/teams$"}])
    admin = api(ADA)
    started = time.monotonic()
    assert admin.get("/v1/teams").status_code == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert admin.get("/v1/schedules").status_code == 200
    assert time.monotonic() - started < 0.3
    assert [entry["fault"] for entry in emulator.log] == ["latency", None]


def test_status_fault_with_retry_after_and_times(api, emulator):
    _faults(emulator, [{"kind": "status", "status": 429, "retry_after": 7, "times": 1}])
    admin = api(ADA)
    limited = admin.get("/v1/schedules")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "7"
    assert limited.json() == {"errors": [{"title": "Too many requests"}]}
    assert admin.get("/v1/schedules").status_code == 200
    first, second = emulator.log
    assert (first["status"], first["fault"], first["processed"]) == (429, "status", False)
    assert (second["status"], second["fault"], second["processed"]) == (200, None, True)
    listed = requests.get(emulator.url + "/_emulator/faults", timeout=5).json()
    assert listed[0]["fired"] == 1 and listed[0]["remaining"] == 0


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_faults_filter_by_method(api, emulator, status):
    _faults(emulator, [{"kind": "status", "status": status, "method": "post"}])
    admin = api(ADA)
    failed = admin.post("/v1/schedules", json={"name": "Never"})
    assert failed.status_code == status
    assert titles(failed)
    assert admin.get("/v1/schedules").status_code == 200
    assert len(emulator.state.schedules) == len(ALL_SEEDED)


def test_status_fault_after_processing(api, emulator):
    _faults(emulator, [{"kind": "status", "status": 504, "after_processing": True}])
    assert api(ADA).post("/v1/schedules", json={"name": "Written anyway"}).status_code == 504
    assert emulator.state.schedule_by_name("Written anyway") is not None
    assert emulator.log[-1]["processed"] is True


def test_drop_fault(api, emulator):
    _faults(emulator, [{"kind": "drop", "path": "/v1/schedules$", "times": 1}])
    admin = api(ADA)
    with pytest.raises(requests.exceptions.ConnectionError):
        admin.get("/v1/schedules")
    assert admin.get("/v1/schedules").status_code == 200
    dropped = emulator.log[0]
    assert (dropped["status"], dropped["fault"], dropped["processed"]) == (None, "drop", False)


def test_lost_response_after_processing(api, emulator):
    _faults(emulator, [{"kind": "drop", "method": "POST", "after_processing": True, "times": 1}])
    admin = api(ADA)
    with pytest.raises(requests.exceptions.ConnectionError):
        admin.post("/v1/schedules", json={"name": "Lost reply"})
    assert emulator.state.schedule_by_name("Lost reply") is not None
    entry = emulator.log[-1]
    assert (entry["method"], entry["status"], entry["fault"], entry["processed"]) == ("POST", None, "drop", True)
    retried = admin.post("/v1/schedules", json={"name": "Lost reply"})
    assert retried.status_code == 409


def test_malformed_fault(api, emulator):
    _faults(emulator, [{"kind": "malformed", "path": "/v1/teams"}])
    response = api(ADA).get("/v1/teams")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()


def test_hang_fault(api, emulator):
    _faults(emulator, [{"kind": "hang", "delay": 2, "times": 1}])
    admin = api(ADA)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        admin.get("/v1/teams", timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert admin.get("/v1/teams").status_code == 200
    assert emulator.log[0]["fault"] == "hang"


@pytest.mark.parametrize("status", [None, 200, 403, 502, 504])
def test_html_fault_is_a_proxy_error_page(api, emulator, status):
    _faults(emulator, [dict({"kind": "html", "path": "/v1/teams$"}, **({"status": status} if status else {}))])
    response = api(ADA).get("/v1/teams", params={"x": "1"})
    assert response.status_code == (status or 502)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!DOCTYPE html>") and "%d " % (status or 502) in response.text
    assert emulator.api_base + "/v1/teams?x=1" in response.text  # it names the URL, as squid's pages do
    with pytest.raises(ValueError):
        response.json()
    assert (emulator.log[0]["fault"], emulator.log[0]["processed"]) == ("html", False)


def test_html_fault_after_processing(api, emulator):
    _faults(emulator, [{"kind": "html", "status": 504, "method": "POST", "after_processing": True}])
    response = api(ADA).post("/v1/schedules", json={"name": "Behind a slow proxy"})
    assert response.status_code == 504 and "text/html" in response.headers["Content-Type"]
    assert emulator.state.schedule_by_name("Behind a slow proxy") is not None


@pytest.mark.parametrize("status", [None, 301, 307, 308])
def test_redirect_fault_sends_the_same_path_to_another_origin(api, emulator, status):
    rule = {"kind": "redirect", "location": "http://127.0.0.2:9", "path": "/v1/schedules$"}
    _faults(emulator, [dict(rule, **({"status": status} if status else {}))])
    response = api(ADA).session.get(emulator.api_base + "/v1/schedules", params={"query": "Platform*"}, allow_redirects=False, timeout=5)
    assert response.status_code == (status or 302)
    assert response.headers["Location"] == "http://127.0.0.2:9/jsm/ops/api/%s/v1/schedules?query=Platform%%2A" % SEED["cloudId"]
    plain = requests.get(emulator.api_base + "/v1/teams", timeout=5)
    assert plain.status_code == 401 and "Location" not in plain.headers
    assert [(entry["fault"], entry["credentials"]) for entry in emulator.log] == [("redirect", True), (None, False)]


def test_tenant_info_requests_are_logged_with_or_without_credentials(emulator):
    requests.get(emulator.url + "/_edge/tenant_info", timeout=5)
    requests.get(emulator.url + "/_edge/tenant_info", headers=auth(ADA), timeout=5)
    assert [entry["credentials"] for entry in emulator.log] == [False, True]


def test_probability_is_repeatable_with_a_seed(api, emulator):
    rule = {"kind": "status", "status": 500, "probability": 0.5, "seed": 1234}
    admin = api(ADA)
    runs = []
    for dummy in range(2):
        emulator.reset()
        _faults(emulator, [rule])
        runs.append([admin.get("/v1/teams").status_code for dummy in range(16)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 500}


@pytest.mark.parametrize("rules", [
    {"kind": "status", "status": 500},
    [{"kind": "explode"}],
    [{"kind": "status"}],
    [{"kind": "status", "status": 200}],
    [{"kind": "latency", "path": "("}],
    [{"kind": "latency", "dealy": 1}],
    [{"kind": "latency", "probability": 2}],
    [{"kind": "hang", "after_processing": True}],
    [{"kind": "html", "status": 199}],
    [{"kind": "redirect"}],
    [{"kind": "redirect", "location": "http://other.example/with/path"}],
    [{"kind": "redirect", "location": "ftp://other.example"}],
    [{"kind": "redirect", "location": "http://other.example", "status": 200}],
    [{"kind": "redirect", "location": "http://other.example", "after_processing": True}],
    [{"kind": "status", "status": 500, "location": "http://other.example"}],
])
def test_invalid_fault_rules_are_refused(emulator, rules):
    response = requests.put(emulator.url + "/_emulator/faults", json=rules, timeout=5)
    assert response.status_code == 400
    assert response.json()["error"]
    with pytest.raises(ValueError):
        emulator.set_faults(rules)


def test_faults_can_be_cleared(api, emulator):
    emulator.set_faults([{"kind": "status", "status": 503}])
    assert api(ADA).get("/v1/teams").status_code == 503
    assert requests.delete(emulator.url + "/_emulator/faults", timeout=5).status_code == 200
    assert api(ADA).get("/v1/teams").status_code == 200


# request log and connections


def test_request_log_records_requests_without_secrets(api, emulator):
    api(ADA).get("/v1/schedules", params={"query": "Platform*", "size": 10})
    api(NOEL).get("/v1/teams")
    requests.get(emulator.api_base + "/v1/teams", headers=basic(ADA, "wrong-token-value-0123456789"), timeout=5)
    _search(emulator, DANA)
    log = emulator.log
    assert [entry["seq"] for entry in log] == [1, 2, 3, 4]
    assert [(entry["method"], entry["status"], entry["account"]) for entry in log] == [
        ("GET", 200, ADA), ("GET", 200, NOEL), ("GET", 401, None), ("GET", 200, ADA)]
    assert log[0]["path"] == f"/jsm/ops/api/{SEED['cloudId']}/v1/schedules"
    assert log[0]["query"] == "query=Platform%2A&size=10"
    assert all(entry["client"].startswith("127.0.0.1:") and entry["time"].endswith("Z") for entry in log)
    assert set(log[0]) == {"seq", "time", "method", "path", "query", "status", "client", "account", "credentials", "fault", "processed"}
    assert [entry["credentials"] for entry in log] == [True, True, True, True]
    served = requests.get(emulator.url + "/_emulator/log", timeout=5)
    assert served.json() == log
    for text in (json.dumps(log), served.text):
        for account in SEED["accounts"]:
            if account["apiToken"]:
                assert account["apiToken"] not in text
        assert "wrong-token-value" not in text
        assert "authorization" not in text.lower() and "basic" not in text.lower()
        assert auth(ADA)["Authorization"].split()[1] not in text
    assert requests.delete(emulator.url + "/_emulator/log", timeout=5).status_code == 200
    assert emulator.log == []


def test_keep_alive_reuses_one_connection(api, emulator):
    admin = api(ADA)
    responses = [admin.get("/v1/teams"), admin.get("/v1/schedules"), admin.post("/v1/schedules", json={"name": "Kept"}),
                 admin.delete(f"/v1/schedules/{GLOBAL_SCHEDULE}"), admin.get("/v1/teams")]
    assert [response.status_code for response in responses] == [200, 200, 201, 204, 200]
    assert all(response.headers.get("Connection", "").lower() != "close" for response in responses)
    assert len({entry["client"] for entry in emulator.log}) == 1
    for dummy in range(3):
        requests.get(emulator.api_base + "/v1/teams", headers=auth(ADA), timeout=5)
    assert len({entry["client"] for entry in emulator.log}) == 4


def test_concurrent_clients(emulator):
    statuses = []

    def worker():
        with requests.Session() as session:
            session.headers.update(auth(DANA))
            for dummy in range(10):
                statuses.append(session.get(emulator.api_base + "/v1/schedules", timeout=10).status_code)

    threads = [threading.Thread(target=worker) for dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 80
    assert len(emulator.log) == 80
    assert len({entry["client"] for entry in emulator.log}) == 8


# spec validation


@needs_spec
@pytest.mark.expect_violations
def test_spec_catches_a_bad_request(api, emulator):
    response = api(ADA).get("/v1/schedules", params={"size": 100})
    assert response.status_code == 400
    (title,) = titles(response)
    assert title.startswith(SPEC_TITLE) and "size" in title
    (violation,) = emulator.violations
    assert violation["kind"] == "request" and violation["method"] == "GET"
    assert violation["path"] == f"/jsm/ops/api/{SEED['cloudId']}/v1/schedules"
    assert "size" in violation["detail"]
    served = requests.get(emulator.url + "/_emulator/violations", timeout=5).json()
    assert served == emulator.violations
    assert requests.delete(emulator.url + "/_emulator/violations", timeout=5).status_code == 200
    assert emulator.violations == []


@needs_spec
@pytest.mark.expect_violations
def test_spec_catches_a_bad_request_body(api, emulator):
    response = api(ADA).post("/v1/schedules", json={"description": "no name"})
    assert response.status_code == 400
    assert "name" in titles(response)[0]
    assert len(emulator.state.schedules) == len(ALL_SEEDED)
    assert [item["kind"] for item in emulator.violations] == ["request"]


@needs_spec
@pytest.mark.expect_violations
def test_spec_catches_a_bad_response(api, emulator):
    with emulator.lock:
        emulator.state.schedules[PLATFORM_PRIMARY]["enabled"] = "yes"
    response = api(ADA).get(f"/v1/schedules/{PLATFORM_PRIMARY}")
    assert response.status_code == 500
    assert titles(response)[0].startswith("Response does not conform to the JSM Ops API specification: ")
    (violation,) = emulator.violations
    assert violation["kind"] == "response" and "enabled" in violation["detail"]


@needs_spec
def test_spec_accepts_everything_the_seed_serves(api):
    admin = api(ADA)
    assert admin.get("/v1/schedules", params={"expand": "rotation", "size": 50}).status_code == 200
    for schedule_id in (PLATFORM_PRIMARY, PLATFORM_SECONDARY, DATABASE_PRIMARY, PAYMENTS_PRIMARY, GLOBAL_SCHEDULE):
        assert admin.get(f"/v1/schedules/{schedule_id}").status_code == 200
        assert admin.get(f"/v1/schedules/{schedule_id}/rotations").status_code == 200


def test_missing_spec_file_is_an_error(tmp_path):
    with pytest.raises(SpecLoadError):
        Emulator(SEED_PATH, spec_path=str(tmp_path / "missing.json"))


def test_without_spec_the_emulator_checks_parameters_itself():
    with Emulator(SEED) as emulator:
        assert not emulator.spec_enabled
        response = requests.get(emulator.api_base + "/v1/schedules", params={"size": 100}, headers=auth(ADA), timeout=5)
        assert response.status_code == 422
        missing_name = requests.post(emulator.api_base + "/v1/schedules", json={}, headers=auth(ADA), timeout=5)
        assert missing_name.status_code == 422
        assert emulator.violations == []


# command line


def _start_cli(tmp_path, *extra):
    port_file = tmp_path / "port"
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    env.pop("JSM_OPS_EMULATOR_SPEC", None)
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "jsmops_emulator", "--seed", SEED_PATH, "--port-file", str(port_file), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    return process, port_file


def test_command_line_runs_and_stops_on_sigterm(tmp_path):
    process, port_file = _start_cli(tmp_path)
    try:
        line = process.stdout.readline()
        port = int(port_file.read_text(encoding="ascii"))
        assert line == f"jsmops emulator listening on http://127.0.0.1:{port} (spec validation: off)\n"
        assert requests.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5).json()["ok"] is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "spec validation is off" in process.stderr.read()
        assert not port_file.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_command_line_refuses_a_missing_spec(tmp_path):
    process, port_file = _start_cli(tmp_path, "--spec", str(tmp_path / "absent.json"))
    stderr = process.communicate(timeout=30)[1]
    assert process.returncode != 0
    assert "absent.json" in stderr and "does not exist" in stderr
    assert not port_file.exists()


def test_added_account_is_found_by_user_search_until_reset(emulator):
    account = {"accountId": "712020:report-tester", "email": "zoe.report@example.com", "displayName": "Zoë \"Z\" <R&D> O'Hara",
               "teams": ["Platform"]}
    added = requests.post(emulator.url + "/_emulator/accounts", json=account, timeout=5)
    assert added.status_code == 200
    search = emulator.url + "/rest/api/3/user/search"
    headers = basic(ADA, ACCOUNTS[ADA]["apiToken"])
    found = requests.get(search, params={"accountId": account["accountId"]}, headers=headers, timeout=5).json()
    assert [(user["accountId"], user["displayName"]) for user in found] == [(account["accountId"], account["displayName"])]
    again = requests.post(emulator.url + "/_emulator/accounts", json=dict(account, accountId="712020:other"), timeout=5)
    assert again.status_code == 400 and "email" in again.text
    unknown_team = requests.post(emulator.url + "/_emulator/accounts", json={"email": "x@example.com", "displayName": "X", "teams": ["Nope"]},
                                 timeout=5)
    assert unknown_team.status_code == 400
    assert requests.post(emulator.url + "/_emulator/reset", timeout=5).status_code == 200
    assert requests.get(search, params={"accountId": account["accountId"]}, headers=headers, timeout=5).json() == []


def test_reached_names_the_modules_of_each_operation_across_resets(emulator):
    url = f"{emulator.url}/jsm/ops/api/{SEED['cloudId']}/v1/teams"
    requests.get(url, headers=dict(auth(ADA), **{"User-Agent": "jsm.ops/0.1.0 (Ansible collection; jsmops_team_info)"}), timeout=5)
    requests.get(url, headers=auth(ADA), timeout=5)  # no module named
    emulator.reset()
    reached = requests.get(emulator.url + "/_emulator/reached", timeout=5).json()
    teams = [item for item in reached if item["method"] == "GET" and item["path"] == "/api/{cloudId}/v1/teams"]
    assert len(teams) == 1 and "jsmops_team_info" in teams[0]["modules"]
