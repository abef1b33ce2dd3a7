# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_api: the path rules, then real calls against the emulator (reads, pages, writes, check mode, waiting)."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.families.api import api_path, checked
from ansible_collections.jsm.ops.plugins.modules import jsmops_api
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import SEED, TEAMS

SUPPORT = next(team["teamId"] for team in SEED["teamsWithoutOperations"] if team["teamName"] == "Support")


@pytest.mark.parametrize("given, sent", [
    ("/v1/teams", "/v1/teams"),
    ("v1/teams/", "/v1/teams"),  # a missing leading slash and a trailing one are forgiven
    ("/api/{cloudId}/v1/alerts/policies", "/v1/alerts/policies"),  # as the spec writes it
    ("/v1/schedules/Platform%20Primary/on-calls", "/v1/schedules/Platform%20Primary/on-calls"),  # escapes kept as given
    ("/v1/schedules/ümlaut", "/v1/schedules/%C3%BCmlaut"),
])
def test_paths_are_sent_relative_to_the_api_base(given, sent):
    assert api_path(given) == sent


@pytest.mark.parametrize("given, says", [
    ("https://api.atlassian.com/jsm/ops/api/x/v1/teams", "relative to the API base"),
    ("//evil.example/v1/teams", "relative to the API base"),
    ("/v1/teams/../alerts", "'..' segments"),
    ("/v1/teams/%2E%2E/alerts", "'..' segments"),
    ("/v1/teams/./alerts", "'..' segments"),
    ("/v1//teams", "'..' segments"),
    ("/v1/teams/a%2Fb", "'..' segments"),  # an encoded slash would be two segments behind a proxy that decodes it
    ("/v1/teams?name=x", "query"),
    ("/v1/teams#top", "query"),
    ("/v1/teams/{teamId}", "placeholder"),
    ("/v1/teams/a b", "spaces"),
    ("/teams", "API version"),
    ("/", "'..' segments"),
])
def test_paths_that_would_address_something_else_are_refused(given, says):
    with pytest.raises(ConfigurationError) as caught:
        api_path(given)
    assert says in caught.value.message
    assert "\n" not in caught.value.message


@pytest.fixture
def call(run_module, connection):
    def run(check_mode=False, **args):
        return run_module(jsmops_api, connection("ada", **args), check_mode=check_mode)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"]) for entry in emulator.log if entry["method"] != "GET"]


def test_a_get_answers_and_is_never_changed(call, emulator):
    result = call(path="/v1/teams")
    assert result["changed"] is False
    assert result["status"] == 200
    assert {team["teamName"] for team in result["json"]["platformTeams"]} >= {"Platform", "Database"}
    assert result["request"] == {"method": "GET", "path": "/v1/teams", "query": {}, "body": None}
    assert writes(emulator) == []


def test_paginate_reads_every_page(call, emulator):
    everything = call(path="/v1/schedules", query={"size": 50})["json"]["values"]
    assert len(everything) >= 3
    emulator.clear_log()
    paged = call(path="/v1/schedules", query={"size": 2}, paginate=True)
    assert paged["changed"] is False
    assert [item["id"] for item in paged["all_values"]] == [item["id"] for item in everything]
    assert paged["json"] == {"values": paged["all_values"]}
    pages = [entry for entry in emulator.log if entry["path"].endswith("/v1/schedules")]
    assert len(pages) == -(-len(everything) // 2)  # one request per page of two


def test_a_query_is_sent_as_the_api_spells_it(call, emulator):
    schedule = call(path="/v1/schedules", query={"size": 50})["json"]["values"][0]["id"]
    emulator.clear_log()
    result = call(path="/v1/schedules/%s/on-calls" % schedule, query={"flat": True, "date": "2027-01-04T10:00:00Z"})
    assert result["status"] == 200 and result["changed"] is False
    assert result["request"]["query"] == {"flat": "true", "date": "2027-01-04T10:00:00Z"}
    [sent] = emulator.log
    assert "flat=true" in sent["query"].split("&")
    assert checked_query({"many": ["a", False, 3]}) == {"many": ["a", "false", 3]}


def checked_query(query):
    params = {"method": "GET", "path": "/v1/teams", "body": None, "paginate": False, "wait": False, "wait_timeout": 60, "query": query}
    return checked(params)["query"]


def test_a_write_in_check_mode_is_returned_not_sent(call, emulator):
    team_id = TEAMS["Platform"]
    body = {"name": "api-check", "interval": 5, "intervalUnit": "minutes", "enabled": True}
    predicted = call(check_mode=True, method="POST", path="/v1/teams/%s/heartbeats" % team_id, body=body)
    assert predicted["changed"] is True
    assert predicted["status"] is None and predicted["json"] is None
    assert predicted["request"] == {"method": "POST", "path": "/v1/teams/%s/heartbeats" % team_id, "query": {}, "body": body}
    assert writes(emulator) == []


def test_a_write_is_sent_once_and_changed(call, emulator):
    team_id = TEAMS["Platform"]
    path = "/v1/teams/%s/heartbeats" % team_id
    created = call(method="POST", path=path, body={"name": "api-made", "interval": 5, "intervalUnit": "minutes", "enabled": False})
    assert created["changed"] is True
    assert created["status"] in (200, 201)
    assert created["json"]["name"] == "api-made"
    assert writes(emulator) == [("POST", "/jsm/ops/api/%s%s" % (emulator.cloud_id, path))]
    deleted = call(method="DELETE", path=path, query={"name": "api-made"})
    assert deleted["changed"] is True
    assert deleted["status"] == 204 and deleted["json"] is None
    assert "api-made" not in [item["name"] for item in call(path=path)["json"]["values"]]


def test_an_alert_write_is_waited_for(call, emulator):
    result = call(method="POST", path="/v1/alerts", body={"message": "from jsmops_api", "alias": "api-wait"}, wait=True)
    assert result["changed"] is True
    assert result["json"]["requestId"]
    assert result["request_status"]["isSuccess"] is True
    assert result["request_status"]["alertId"]


def test_a_team_request_is_waited_for(call, emulator):
    result = call(method="POST", path="/v1/teams/%s/enable-ops" % SUPPORT, wait=True)
    assert result["changed"] is True
    assert result["request_status"]["status"]["value"] == "SUCCESSFUL"
    assert SUPPORT not in emulator.state.dump()["teamsWithoutOperations"]


@pytest.mark.expect_violations  # the request lacks a field the spec requires, on purpose
def test_the_api_refusing_is_one_line_with_its_reason(call, emulator):
    result = call(method="POST", path="/v1/teams/%s/heartbeats" % TEAMS["Platform"], body={"name": "no-interval"})
    assert result["failed"] is True
    assert result["msg"].startswith("POST /v1/teams/%s/heartbeats" % TEAMS["Platform"])
    assert "\n" not in result["msg"]
    missing = call(path="/v1/schedules/00000000-0000-4000-8000-000000000000")
    assert missing["failed"] is True and "404" in missing["msg"]
