# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Teams by name, users by email, schedules by name: against a local HTTP server."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import find_schedule

CLOUD = "bc1f99ce-d025-5345-bb1f-206b030069cf"
BASE = "/jsm/ops/api/%s" % CLOUD
SEARCH = "/rest/api/3/user/search"


@pytest.fixture
def resolver(httpserver):
    def make(site=True):
        url = httpserver.url_for("/").rstrip("/")
        params = {"api_email": "r@example.com", "api_token": "resolver-token-6c2e8a1f", "cloud_id": CLOUD, "api_url": url, "site": url if site else None}
        return Resolver(JsmOpsClient(params, sleep=lambda seconds: None))

    return make


def user(account_id, email=None):
    found = {"accountId": account_id, "accountType": "atlassian", "displayName": account_id, "active": True}
    if email:
        found["emailAddress"] = email
    return found


@pytest.mark.parametrize(
    "results, expected",
    [
        ([user("a-1", "dana@example.com")], "a-1"),
        ([user("a-1", "Dana@Example.com")], "a-1"),
        ([user("a-1")], "a-1"),  # email hidden by the user's privacy settings
        ([user("a-1", "dana@example.com"), user("a-2", "dana@example.com.au")], "a-1"),
    ],
)
def test_user_by_email(httpserver, resolver, results, expected):
    httpserver.expect_request(SEARCH, query_string={"query": "dana@example.com"}).respond_with_json(results)
    assert resolver().user_id("dana@example.com") == expected


@pytest.mark.parametrize(
    "results, message",
    [
        ([], "user 'dana@example.com': no Jira user has that email address on http://localhost"),
        ([user("a-1", "other@example.com")], "no Jira user has that email address"),
        ([user("a-1"), user("a-2")], "user 'dana@example.com' matches 2 Jira users on http://localhost"),
        ([user("a-1", "other@example.com"), user("a-2")], "matches 2 Jira users"),
    ],
)
def test_user_by_email_failures(httpserver, resolver, results, message):
    httpserver.expect_request(SEARCH).respond_with_json(results)
    with pytest.raises(ConfigurationError) as info:
        resolver().user_id("dana@example.com")
    assert message in str(info.value)


def test_user_lookups_are_cached(httpserver, resolver):
    httpserver.expect_request(SEARCH).respond_with_json([user("a-1", "dana@example.com")])
    names = resolver()
    assert [names.user_id("dana@example.com"), names.user_id("DANA@example.com")] == ["a-1", "a-1"]
    assert len(httpserver.log) == 1


def test_user_by_email_needs_the_site(resolver):
    with pytest.raises(ConfigurationError) as info:
        resolver(site=False).user_id("dana@example.com", option="participants[0]")
    assert str(info.value).startswith("participants[0] 'dana@example.com' is an email address")
    assert "set site" in str(info.value)


def test_account_ids_are_taken_as_they_are(httpserver, resolver):
    assert resolver().user_id("712020:abc") == "712020:abc"
    assert httpserver.log == []


def test_teams_by_id_or_name_read_once(httpserver, resolver):
    httpserver.expect_request(BASE + "/v1/teams").respond_with_json(
        {"platformTeams": [{"teamId": "t-1", "teamName": "Platform"}, {"teamId": "t-2", "teamName": "Database"}]}
    )
    names = resolver()
    assert names.team_id("platform") == "t-1"
    assert names.team_id("t-2") == "t-2"
    assert names.team_id("") == ""
    with pytest.raises(ConfigurationError, match="team 'Payments' is neither the id nor the name of a team the account can see"):
        names.team_id("Payments")
    assert len(httpserver.log) == 1


def test_duplicate_team_names(httpserver, resolver):
    httpserver.expect_request(BASE + "/v1/teams").respond_with_json(
        {"platformTeams": [{"teamId": "t-1", "teamName": "Ops"}, {"teamId": "t-2", "teamName": "ops"}]}
    )
    with pytest.raises(ConfigurationError, match="matches 2 teams by name"):
        resolver().team_id("OPS")


def test_schedule_name_matching_two_schedules(httpserver, resolver):
    httpserver.expect_request(BASE + "/v1/schedules").respond_with_json({"values": [{"id": "s-1", "name": "Ops"}, {"id": "s-2", "name": "OPS"}]})
    with pytest.raises(ConfigurationError, match="schedule 'ops' matches 2 schedules by name; give the schedule's id instead"):
        find_schedule(resolver().client, "ops")
    assert find_schedule(resolver().client, "OPS")["id"] == "s-2"  # an exact-case match wins


def test_user_by_account_id_through_the_search(httpserver, resolver):
    httpserver.expect_request(SEARCH, query_string={"accountId": "a-7"}).respond_with_json([user("a-7", "erin@example.com")])
    found = resolver().user("a-7", option="assignee")
    assert found["accountId"] == "a-7" and found["displayName"] == "a-7"


def test_unknown_account_id(httpserver, resolver):
    httpserver.expect_request(SEARCH).respond_with_json([])
    with pytest.raises(ConfigurationError, match="assignee 'a-404': no Jira user has that account id"):
        resolver().user("a-404", option="assignee")
