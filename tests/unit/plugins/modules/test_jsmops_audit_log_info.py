# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_audit_log_info: the names users give turned into what the API takes, then the logs read page by page."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.families.audit_logs import CATEGORIES, LEVELS, NEEDS_ADMIN, checked, query_names
from ansible_collections.jsm.ops.plugins.modules import jsmops_audit_log_info, jsmops_heartbeat
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import TEAMS

NOW = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.timezone.utc)
SEED_DAY = {"start": "2026-11-30T00:00:00Z", "end": "2026-12-01T00:00:00Z"}


def options(**given):
    base = {"start": None, "end": None, "category": None, "level": None, "limit": None}
    base.update(given)
    return base


@pytest.mark.parametrize("given, sent", [
    (["Configuration Changes"], "CONFIG_CHANGE"),
    (["configuration changes", "CONFIG_CHANGE"], "CONFIG_CHANGE"),  # the same category twice is sent once
    (["config change", "incoming-data", "Oncall Management"], "CONFIG_CHANGE,INCOMING_DATA,ONCALL_MANAGEMENT"),
    (["Added user to role"], "ADD_USER_TO_ROLE"),
])
def test_categories_by_the_names_users_see_or_the_apis(given, sent):
    assert query_names(given, CATEGORIES, "category") == sent


def test_every_category_and_level_finds_its_query_name():
    assert [query_names([shown], CATEGORIES, "category") for shown in CATEGORIES.values()] == list(CATEGORIES)
    query = checked(options(level=["Information", "warning", "ERROR", "info", "warn"]), NOW)
    assert query["level"] == "INFORTMATION,WARN,ERROR"  # the spec's own spelling of the information level
    assert [checked(options(level=[shown]), NOW)["level"] for shown in LEVELS.values()] == list(LEVELS)


def test_an_unknown_category_names_the_ones_there_are():
    with pytest.raises(ConfigurationError) as caught:
        query_names(["Deploys"], CATEGORIES, "category")
    assert caught.value.message.startswith("category 'Deploys' is not an audit log category; use one of: Automation, Incoming Data,")


def test_the_range_defaults_to_the_day_before_now_and_pages_are_as_large_as_the_api_allows():
    query = checked(options(), NOW)
    assert query == {"startTime": "2026-12-05T12:00:00Z", "endTime": "2026-12-06T12:00:00Z", "limit": 5000}
    assert checked(options(limit=10), NOW)["limit"] == 1000  # the API's smallest page
    assert checked(options(limit=2500), NOW)["limit"] == 2500
    assert checked(options(limit=9000), NOW)["limit"] == 5000
    assert checked(options(end="2026-12-01T10:00:00+01:00"), NOW)["startTime"] == "2026-11-30T09:00:00Z"


@pytest.mark.parametrize("given, says", [
    ({"start": "2026-12-02T00:00:00Z", "end": "2026-12-01T00:00:00Z"}, "start must not be after end"),
    ({"start": "yesterday"}, "start must be an ISO 8601 date and time"),
    ({"limit": 0}, "limit must be 1 or more"),
    ({"level": ["Debug"]}, "level 'Debug' is not an audit log level; use one of: Information, Error, Warning."),
])
def test_options_that_cannot_work_are_refused_before_anything_is_sent(given, says):
    with pytest.raises(ConfigurationError) as caught:
        checked(options(**given), NOW)
    assert says in caught.value.message


@pytest.fixture
def call(run_module, connection):
    def run(module=jsmops_audit_log_info, who="ada", **args):
        return run_module(module, connection(who, **args))

    return run


def test_the_seeds_logs_of_a_day_with_the_filters(call, emulator):
    every = call(**SEED_DAY)
    assert every["changed"] is False
    assert [log["category"] for log in every["audit_logs"]] == ["Configuration Changes", "Notifications", "Integrations"]
    assert every["pages"] == 1 and every["start"] == SEED_DAY["start"]
    changes = call(category=["configuration changes"], **SEED_DAY)
    assert [log["message"] for log in changes["audit_logs"]] == ["Schedule [Platform Primary] updated"]
    errors = call(level=["error"], **SEED_DAY)
    assert [log["category"] for log in errors["audit_logs"]] == ["Integrations"]
    assert call(limit=2, **SEED_DAY)["audit_logs"] == every["audit_logs"][:2]
    [sent] = [entry for entry in emulator.log if "category=" in entry["query"]]
    assert "category=CONFIG_CHANGE" in sent["query"].split("&")


def test_a_write_shows_up_as_a_configuration_change(call, emulator):
    call(jsmops_heartbeat, team="Platform", name="audited", interval=5, interval_unit="minutes")
    found = call(category=["Configuration Changes"])["audit_logs"]
    assert [log["message"] for log in found] == ["POST /v1/teams/%s/heartbeats" % TEAMS["Platform"]]


def test_every_page_is_read_with_the_token_of_the_one_before(call, emulator):
    start = datetime.datetime(2026, 10, 1, tzinfo=datetime.timezone.utc)
    with emulator.lock:
        for number in range(5600):
            created = (start + datetime.timedelta(seconds=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
            emulator.state.audit_logs.append({"created": created, "category": "API", "level": "Information", "message": "call %d" % number})
    emulator.clear_log()
    result = call(start="2026-10-01T00:00:00Z", end="2026-10-02T00:00:00Z")
    assert result["pages"] == 2
    assert [log["message"] for log in result["audit_logs"]] == ["call %d" % number for number in range(5600)]
    queries = [entry["query"] for entry in emulator.log]
    assert len(queries) == 2 and "pageToken=" not in queries[0] and "pageToken=" in queries[1]
    assert len(call(start="2026-10-01T00:00:00Z", end="2026-10-02T00:00:00Z", limit=1200)["audit_logs"]) == 1200


def test_an_account_without_the_admin_role_is_told_so(call, emulator):
    result = call(who="dana", **SEED_DAY)
    assert result["failed"] is True
    assert result["msg"] == NEEDS_ADMIN
