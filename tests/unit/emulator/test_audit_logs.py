# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit logs of the local JSM Ops API emulator (tests/emulator): GET /v1/logs over real HTTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.jsm.ops.tests.unit.emulator.support import ADA, DANA, PLATFORM_TEAM, titles

DAY = {"startTime": "2026-11-30T00:00:00Z", "endTime": "2026-12-01T00:00:00Z"}


def test_the_logs_of_a_range_carry_display_names_and_filter_by_query_names(api):
    admin = api(ADA)
    every = admin.get("/v1/logs", params=DAY)
    assert every.status_code == 200, every.text
    body = every.json()
    assert [log["category"] for log in body["values"]] == ["Configuration Changes", "Notifications", "Integrations"]
    assert body["count"] == 3 and body["links"] == {}
    changes = admin.get("/v1/logs", params=dict(DAY, category="CONFIG_CHANGE,INTEGRATION")).json()["values"]
    assert [log["category"] for log in changes] == ["Configuration Changes", "Integrations"]
    errors = admin.get("/v1/logs", params=dict(DAY, level="ERROR")).json()["values"]
    assert [log["level"] for log in errors] == ["Error"]
    information = admin.get("/v1/logs", params=dict(DAY, level="INFORTMATION")).json()["values"]
    assert len(information) == 2
    assert admin.get("/v1/logs", params={"startTime": "2026-11-30T09:00:00Z", "endTime": "2026-11-30T09:30:00Z"}).json()["count"] == 1


def test_pages_follow_the_token_in_links_next(api, emulator):
    with emulator.lock:
        for number in range(1500):
            emulator.state.audit_logs.append({"created": "2026-10-01T00:%02d:%02dZ" % (number // 60 % 60, number % 60),
                                              "category": "API", "level": "Information", "message": "call %d" % number})
        emulator.state.audit_logs.sort(key=lambda log: log["created"])
    admin = api(ADA)
    query = {"startTime": "2026-10-01T00:00:00Z", "endTime": "2026-10-02T00:00:00Z"}
    first = admin.get("/v1/logs", params=query).json()
    assert first["count"] == 1000  # the default page
    link = urlsplit(first["links"]["next"])
    assert link.path == "/logs"  # as the spec's example writes it
    token = parse_qs(link.query)["pageToken"][0]
    second = admin.get("/v1/logs", params=dict(query, pageToken=token)).json()
    assert second["count"] == 500 and "next" not in second["links"]
    assert len({log["message"] for log in first["values"] + second["values"]}) == 1500


@pytest.mark.expect_violations
def test_refusals(api, emulator):
    admin = api(ADA)
    assert api(DANA).get("/v1/logs", params=DAY).status_code == 401  # the spec's answer for insufficient permissions
    assert admin.get("/v1/logs", params=dict(DAY, pageToken="not-a-token")).status_code == 400
    assert admin.get("/v1/logs", params={"startTime": DAY["endTime"], "endTime": DAY["startTime"]}).status_code == 400
    # The operation documents 400 for parameters missing or incorrectly formed, with the spec's checks or without them.
    missing = admin.get("/v1/logs", params={"startTime": DAY["startTime"]})
    small = admin.get("/v1/logs", params=dict(DAY, limit=10))
    unknown = admin.get("/v1/logs", params=dict(DAY, category="CONFIG_CHANGE,DEPLOYS"))  # a list, but of a name the enum lacks
    assert (missing.status_code, small.status_code, unknown.status_code) == (400, 400, 400)
    assert titles(missing) and titles(small) and titles(unknown)
    assert len(emulator.violations) == (3 if emulator.spec_enabled else 0)


def test_a_write_is_logged_and_a_read_is_not(api):
    admin = api(ADA)
    before = admin.get("/v1/logs", params={"startTime": "2026-01-01T00:00:00Z", "endTime": "2030-01-01T00:00:00Z"}).json()["count"]
    created = admin.post(f"/v1/teams/{PLATFORM_TEAM}/heartbeats", json={"name": "logged", "interval": 5, "intervalUnit": "minutes"})
    assert created.status_code == 201, created.text
    admin.get(f"/v1/teams/{PLATFORM_TEAM}/heartbeats")
    logs = admin.get("/v1/logs", params={"startTime": "2026-01-01T00:00:00Z", "endTime": "2030-01-01T00:00:00Z"}).json()["values"]
    assert len(logs) == before + 1
    assert logs[-1]["category"] == "Configuration Changes"
    assert logs[-1]["message"] == f"POST /v1/teams/{PLATFORM_TEAM}/heartbeats"
