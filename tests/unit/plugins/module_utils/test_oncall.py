# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The on-call pool: bounded, one session per worker, stops on the first error unless told to go on."""

from __future__ import annotations

import datetime
import threading
import time

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, ServerError
from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import (
    check_concurrency,
    check_form,
    instant,
    on_call_requests,
    select_schedules,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.pool import run_pool
from ansible_collections.jsm.ops.plugins.module_utils.families.timeline import add_months, check_range


class FakeClient:
    spawned = 0

    def __init__(self, schedules=()):
        self.schedules = list(schedules)
        self.session = object()

    def spawn(self):
        FakeClient.spawned += 1
        return FakeClient(self.schedules)

    def paginate(self, path, params=None, page_size=50, items_key="values"):  # pylint: disable=unused-argument
        return iter(self.schedules)


def test_pool_is_bounded_and_gives_each_worker_its_own_client():
    running, peak, sessions = [0], [0], set()
    lock = threading.Lock()

    def work(client, item):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            sessions.add(id(client.session))
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        return item * 2

    results = run_pool(FakeClient(), list(range(20)), work, concurrency=4)
    assert results == [(item * 2, None) for item in range(20)]
    assert peak[0] == 4 and len(sessions) == 4


def test_pool_stops_starting_work_after_a_failure():
    def work(_client, item):
        if item == 0:
            raise ServerError("boom")
        time.sleep(0.01)
        return item

    results = run_pool(FakeClient(), list(range(10)), work, concurrency=1)
    assert isinstance(results[0][1], ServerError)
    assert results[1:] == [(None, None)] * 9


def test_pool_can_carry_on():
    def work(_client, item):
        if item % 3 == 0:
            raise ServerError("schedule %d failed" % item)
        return item

    results = run_pool(FakeClient(), list(range(7)), work, concurrency=3, stop_on_error=False)
    assert [str(error) for _value, error in results if error] == ["schedule 0 failed", "schedule 3 failed", "schedule 6 failed"]
    assert [value for value, error in results if not error] == [1, 2, 4, 5]


def test_select_schedules_by_id_and_name_with_one_list():
    client = FakeClient([{"id": "s-1", "name": "Platform"}, {"id": "s-2", "name": "Database"}])
    chosen, missing = select_schedules(client, ["DATABASE", "s-1", "Nope"])
    assert [schedule["id"] for schedule in chosen] == ["s-2", "s-1"] and missing == ["Nope"]
    assert select_schedules(client, [])[0] == client.schedules


@pytest.mark.parametrize("value", [0, -1, 33, None])
def test_concurrency_bounds(value):
    with pytest.raises(ConfigurationError, match="concurrency must be a whole number from 1 to 32"):
        check_concurrency(value)


def test_forms_and_their_requests():
    assert check_form("users") == ("users",) and check_form("both") == ("users", "participants")
    with pytest.raises(ConfigurationError, match="form must be one of users, participants, both; got 'flat'."):
        check_form("flat")
    # A schedule's requests side by side, in the order of the schedules.
    assert on_call_requests([{}, {}], ("now", "next"), ("users",)) == [(0, "now", "users"), (0, "next", "users"), (1, "now", "users"), (1, "next", "users")]
    assert len(on_call_requests([{}] * 3, ("now",), ("users", "participants"))) == 6


def test_instant():
    assert instant("2026-03-01T10:00:00+01:00") == "2026-03-01T09:00:00Z"
    assert instant(None).endswith("Z")


NOW = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.timezone.utc)


def test_timeline_range_limits():
    assert check_range(None, 1, "weeks", now=NOW) is None
    assert check_range("2026-01-01T00:00:00Z", 2, "months", now=NOW) == "2026-01-01T00:00:00Z"
    assert check_range("2028-10-28T12:00:00Z", 1, "months", now=NOW) == "2028-10-28T12:00:00Z"  # 2028-10-01 to 2028-11-01
    assert check_range("2025-11-28T13:00:00Z", 1, "days", now=NOW) == "2025-11-28T13:00:00Z"
    with pytest.raises(ConfigurationError, match="the API serves timelines from one year back to two years ahead"):
        check_range("2025-11-27T00:00:00Z", 1, "days", now=NOW)
    assert check_range("2028-11-28T12:00:00Z", 1, "days", now=NOW)  # through the end of the day two years ahead
    with pytest.raises(ConfigurationError, match="to 2028-11-30 00:00 UTC; .* \\(2025-11-28 00:00 UTC to 2028-11-29 00:00 UTC\\)"):
        check_range("2028-11-28T12:00:00Z", 2, "days", now=NOW)
    # The range starts at the beginning of the week or month that holds the date.
    with pytest.raises(ConfigurationError, match="ask for 2025-11-24 00:00 UTC"):
        check_range("2025-11-29T00:00:00Z", 1, "weeks", now=NOW)
    with pytest.raises(ConfigurationError, match="ask for 2025-11-01 00:00 UTC"):
        check_range("2025-11-30T00:00:00Z", 1, "months", now=NOW)
    with pytest.raises(ConfigurationError, match="interval must be 1 or more"):
        check_range(None, 0, "weeks", now=NOW)


def test_add_months_clamps_the_day():
    assert add_months(datetime.datetime(2026, 1, 31), 1) == datetime.datetime(2026, 2, 28)
    assert add_months(datetime.datetime(2026, 3, 15), -12) == datetime.datetime(2025, 3, 15)
    assert add_months(datetime.datetime(2026, 11, 30), 3) == datetime.datetime(2027, 2, 28)


def test_timeline_range_in_the_schedules_time_zone():
    # 2025-11-28 00:30 in Berlin is on the first day the API still serves, though it is 2025-11-27 in UTC.
    assert check_range("2025-11-28T00:30:00+01:00", 1, "days", now=NOW, timezone="Europe/Berlin") == "2025-11-27T23:30:00Z"
    with pytest.raises(ConfigurationError):
        check_range("2025-11-28T00:30:00+01:00", 1, "days", now=NOW, timezone="UTC")
    # 2025-11-28 02:00Z is still 2025-11-27 in New York: refused there.
    with pytest.raises(ConfigurationError, match="ask for 2025-11-27 00:00 EST"):
        check_range("2025-11-28T02:00:00Z", 1, "days", now=NOW, timezone="America/New_York")
