# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alert planning and request waiting, heartbeat comparison, maintenance durations and rules: on plain data."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.families.alerts import ALERT_REQUESTS, plan_state, plan_updates, search_alerts
from ansible_collections.jsm.ops.plugins.module_utils.core.compare import changed_fields
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConfigurationError, TransportError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Context
from ansible_collections.jsm.ops.plugins.module_utils.core.policy import RetryPolicy
from ansible_collections.jsm.ops.plugins.module_utils.families.heartbeats import HEARTBEATS
from ansible_collections.jsm.ops.plugins.module_utils.families.maintenances import MAINTENANCES, parse_duration, same_rules, settle_duration


class FakeClient:
    config = type("Config", (), {"retries": 0})()

    def __init__(self, answers=None, clock=None):
        self.answers = list(answers or [])
        self.calls = []
        clock = clock or Clock()
        self.policy = RetryPolicy(0, sleep=clock.sleep, clock=clock.time)

    @staticmethod
    def path(template, *values):
        return template.format(*values)

    def get(self, path, params=None, missing_ok=False):  # pylint: disable=unused-argument
        self.calls.append((path, params))
        return self.answers.pop(0) if self.answers else None


ALERT = {"id": "a-1", "status": "open", "acknowledged": False, "tags": ["db"], "extraProperties": {"host": "db1"}, "priority": "P3", "owner": "Dana Platform"}
DANA = {"accountId": "u-1", "displayName": "Dana Platform"}
ERIN = {"accountId": "u-2", "displayName": "Erin Database"}


def params(**values):
    base = {"tags": None, "remove_tags": None, "details": None, "remove_details": None, "priority": None, "escalation": None, "note": None,
            "state": "open", "end_time": None}
    base.update(values)
    return base


def actions(plan):
    return [(step[0], step[3]) for step in plan.steps]


def test_nothing_to_do_when_everything_is_already_there():
    plan = plan_updates(FakeClient(), ALERT, params(tags=["db"], details={"host": "db1"}, priority="P3", note="seen"), DANA,
                        lambda alert_id: [{"id": "n-1", "note": "seen"}])
    assert not plan


def test_only_the_differences_are_planned():
    plan = plan_updates(
        FakeClient(), ALERT,
        params(tags=["db", "prod"], remove_tags=["db", "absent"], details={"host": "db1", "env": "prod"}, remove_details=["host", "nope"],
               priority="P1", note="new note", escalation="e-1"),
        ERIN, lambda alert_id: [{"id": "n-1", "note": "old note"}],
    )
    assert actions(plan) == [
        ("add tags", {"tags": ["prod"]}),
        ("remove tags", {"tags": ["db"]}),
        ("add details", {"extraProperties": {"env": "prod"}}),
        ("remove details", {"keys": ["host"]}),
        ("change the priority", {"priority": "P1"}),
        ("assign the alert", {"accountId": "u-2"}),
        ("escalate the alert", {"escalationId": "e-1"}),
        ("add a note", {"note": "new note"}),
    ]


@pytest.mark.parametrize(
    "state, alert, expected",
    [
        ("closed", ALERT, ["close the alert"]),
        ("closed", dict(ALERT, status="closed"), []),
        ("acknowledged", ALERT, ["acknowledge the alert"]),
        ("acknowledged", dict(ALERT, acknowledged=True), []),
        ("unacknowledged", dict(ALERT, acknowledged=True), ["unacknowledge the alert"]),
        ("unacknowledged", ALERT, []),
        ("snoozed", ALERT, ["snooze the alert"]),
        ("snoozed", dict(ALERT, snoozed=True, snoozedUntil="2026-12-01T08:00:00Z"), []),
        ("snoozed", dict(ALERT, snoozed=True, snoozedUntil="2026-12-01T07:00:00Z"), ["snooze the alert"]),
        ("deleted", ALERT, ["delete the alert"]),
        ("deleted", dict(ALERT, status="closed"), ["delete the alert"]),
    ],
)
def test_state_actions_only_when_needed(state, alert, expected):
    plan = plan_updates(FakeClient(), alert, params(), None, lambda alert_id: [])
    plan_state(FakeClient(), alert, params(state=state, end_time="2026-12-01T09:00:00+01:00"), plan)
    assert [step[0] for step in plan.steps] == expected


class Clock:
    def __init__(self):
        self.now = 0.0

    def sleep(self, seconds):
        self.now += seconds

    def time(self):
        return self.now


def test_waiter_polls_until_processed():
    client = FakeClient([None, {"isSuccess": False}, {"isSuccess": True, "alertId": "a-9", "status": "Created alert"}])
    assert ALERT_REQUESTS.wait(client, "r-1", "open the alert", 30)["alertId"] == "a-9"
    assert len(client.calls) == 3 and client.calls[0][0] == "/v1/alerts/requests/r-1"


def test_waiter_reports_a_failed_request():
    client = FakeClient([{"isSuccess": False, "processedAt": "2026-11-28T12:00:00Z", "status": "Alert does not exist"}])
    with pytest.raises(ApiError, match=r"The API could not close the alert \(request r-2\): Alert does not exist"):
        ALERT_REQUESTS.wait(client, "r-2", "close the alert", 30)


def test_waiter_gives_up_after_the_timeout():
    clock = Clock()
    with pytest.raises(TransportError, match="had not processed the request to close the alert .* after 5 s"):
        ALERT_REQUESTS.wait(FakeClient(clock=clock), "r-3", "close the alert", 5)
    assert 4 <= clock.now <= 5


def test_a_late_request_ends_with_the_callers_advice():
    with pytest.raises(TransportError) as late:
        ALERT_REQUESTS.wait(FakeClient(clock=Clock()), "r-4", "open the alert", 5)
    assert str(late.value).endswith("it may still do so. Raise wait_timeout, or set wait: false to return without waiting.")
    with pytest.raises(TransportError) as other:
        ALERT_REQUESTS.wait(FakeClient(clock=Clock()), "r-5", "open the alert", 5, advice="Look for it in JSM Ops.")
    assert str(other.value).endswith("it may still do so. Look for it in JSM Ops.") and "wait_timeout" not in str(other.value)


@pytest.mark.parametrize("limit", [0, 20000, -5])
def test_search_limit_respects_the_20000_rule(limit):
    with pytest.raises(ConfigurationError, match="limit must be from 1 to 19999"):
        search_alerts(FakeClient(), limit=limit)


def test_search_reads_pages_up_to_the_limit():
    page = {"values": [{"id": str(number)} for number in range(100)], "links": {"next": "/v1/alerts?offset=100&size=100"}}
    client = FakeClient([page, page, {"values": [{"id": "x"}] * 50, "links": {}}])
    found = search_alerts(client, query="status:open", limit=250)
    assert len(found) == 250
    assert [call[1]["offset"] for call in client.calls] == [0, 100, 200]
    assert [call[1]["size"] for call in client.calls] == [100, 100, 50]
    assert all(call[1]["offset"] + call[1]["size"] < 20000 for call in client.calls)


def test_heartbeat_comparison_ignores_unit_case_and_tag_order():
    equal = HEARTBEATS.equal
    current = {"name": "hb", "interval": 5, "intervalUnit": "Minutes", "alertTags": ["a", "b"]}
    assert changed_fields(current, {"name": "hb", "interval": 5, "intervalUnit": "minutes", "alertTags": ["b", "a"]}, equal) == {}
    assert changed_fields(current, {"intervalUnit": "hours"}, equal) == {"intervalUnit": "hours"}


@pytest.mark.parametrize("text, minutes", [("90m", 90), ("2h", 120), ("1d", 1440), ("1h30m", 90), ("1d 2h", 1560)])
def test_durations(text, minutes):
    assert parse_duration(text) == datetime.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "2 hours", "0m", "h", "-1h"])
def test_bad_durations(text):
    with pytest.raises(ConfigurationError, match="duration must"):
        parse_duration(text)


NOW = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.timezone.utc)


def maintenance_params(**values):
    base = {"description": "Deploy", "duration": None, "start_date": None, "end_date": None, "rules": None}
    base.update(values)
    return base


def maintenance_desired(client, params, current, now=None):
    ctx = Context(client, params=params, now=now)
    return settle_duration(MAINTENANCES.desired(params, ctx), current, ctx)


def test_duration_dates_only_a_new_window():
    assert maintenance_desired(None, maintenance_params(duration="2h"), None, now=NOW) == {
        "description": "Deploy", "startDate": "2026-11-28T12:00:00Z", "endDate": "2026-11-28T14:00:00Z",
    }
    assert maintenance_desired(None, maintenance_params(duration="2h"), {"id": "m-1"}, now=NOW) == {"description": "Deploy"}


def test_window_dates_are_checked():
    with pytest.raises(ConfigurationError, match="end_date must be after start_date"):
        maintenance_desired(None, maintenance_params(start_date="2026-12-01T10:00:00Z", end_date="2026-12-01T09:00:00Z"), None)


def test_rules_by_id_and_order_free_comparison():
    rules = [{"type": "integration", "id": "i-1", "name": None, "state": "disabled"}, {"type": "policy", "id": "p-1", "name": None, "state": "enabled"}]
    wanted = maintenance_desired(None, maintenance_params(rules=rules), {"id": "m"})["rules"]
    assert wanted == [{"entity": {"id": "i-1", "type": "integration"}, "state": "disabled"}, {"entity": {"id": "p-1", "type": "policy"}, "state": "enabled"}]
    assert same_rules(list(reversed(wanted)), wanted)
    assert not same_rules(wanted[:1], wanted)
    with pytest.raises(ConfigurationError, match=r"rules\[0\]: give the integration's id or its name \(one of them\)"):
        maintenance_desired(None, maintenance_params(rules=[{"type": "integration", "id": None, "name": None, "state": "disabled"}]), None)


def test_rules_whose_entity_lacks_an_id_or_type_compare_without_error():
    # Regression (found by a property test): the spec makes a rule entity's id and type optional, and
    # sorting the rules' keys failed with TypeError when one rule had them and another did not.
    current = [{"entity": {}, "state": "enabled"}, {"entity": {"id": "p-1", "type": "policy"}, "state": "enabled"}]
    assert same_rules(current, list(reversed(current)))
    assert not same_rules(current, current[1:])
    assert changed_fields({"rules": current}, {"rules": current[1:]}, {"rules": same_rules}) == {"rules": current[1:]}
