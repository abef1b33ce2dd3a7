# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one retry and polling policy: what is retried, how long it waits, writes sent once, and polling."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConflictError, ServerError, TransportError
from ansible_collections.jsm.ops.plugins.module_utils.core.policy import BACKOFF_CAP, RetryPolicy


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def time(self):
        return self.now


def policy(retries=2):
    clock = Clock()
    return RetryPolicy(retries, sleep=clock.sleep, clock=clock.time), clock


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "POST"])
@pytest.mark.parametrize("status", [400, 401, 404, 409, 429, 500, 502, 503, 504])
def test_which_answers_are_retried(method, status):
    """A 429 was not processed: any method.  A gateway error may have been: only methods that are safe to repeat.
    A 500 is the API's own failure and is not retried."""
    expected = status == 429 or (status in (502, 503, 504) and method != "POST")
    assert RetryPolicy.retries_status(method, status) is expected


def test_a_lost_request_is_retried_only_when_repeating_it_is_harmless():
    assert RetryPolicy.retries_lost("POST", sent=False) and RetryPolicy.retries_lost("GET", sent=True)
    assert not RetryPolicy.retries_lost("POST", sent=True)


def test_backoff_is_jittered_exponential_and_capped():
    rule, _clock = policy()
    for attempt in range(1, 12):
        ceiling = min(BACKOFF_CAP, 2 ** (attempt - 1))
        assert ceiling / 2 <= rule.backoff(attempt) <= ceiling


def test_the_retries_and_the_total_wait_are_bounded():
    rule, _clock = policy(retries=2)
    assert rule.next_wait(1, 0, retry_after=3) == 3
    assert rule.next_wait(3, 0, retry_after=3) is None  # retries spent
    assert rule.next_wait(1, 58, retry_after=5) is None  # beyond the total wait


def test_a_rate_limit_pauses_every_worker_through_the_throttle():
    rule, clock = policy()
    rule.wait(4, rate_limited=True)
    assert clock.sleeps == []  # the waiting happens at the next request, for every worker
    rule.throttle.wait()
    assert clock.sleeps == [4]


def lossy(outcomes, found_after, retries=2):
    rule, clock = policy(retries)
    calls = {"send": 0, "find": 0}

    def send():
        outcome = outcomes[calls["send"]]
        calls["send"] += 1
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def find():
        calls["find"] += 1
        return {"id": "found"} if calls["find"] >= found_after else None

    return (lambda: rule.write_once(send, find)), calls, clock


def test_lost_write_found_by_its_key():
    write, calls, clock = lossy([TransportError("lost")], found_after=1)
    assert write() == {"id": "found"}
    assert calls == {"send": 1, "find": 1} and len(clock.sleeps) == 1


def test_conflict_on_the_second_try_means_the_first_arrived():
    write, calls, _clock = lossy([ServerError("504"), ConflictError("409 exists")], found_after=2)
    assert write()["id"] == "found"
    assert calls == {"send": 2, "find": 2}


def test_a_conflict_on_the_first_try_is_the_users_problem():
    write, calls, _clock = lossy([ConflictError("409 exists")], found_after=1)
    with pytest.raises(ConflictError):
        write()
    assert calls["find"] == 0


def test_write_retries_are_bounded():
    write, calls, clock = lossy([TransportError("1"), TransportError("2"), TransportError("3"), {"id": "never"}], found_after=99)
    with pytest.raises(TransportError, match="3"):
        write()
    assert calls["send"] == 3 and len(clock.sleeps) == 3


def test_a_conflict_proves_nothing_where_keys_may_repeat():
    rule, _clock = policy()
    outcomes = [ServerError("504"), ConflictError("409")]

    def send():
        raise outcomes.pop(0)

    with pytest.raises(ConflictError):
        rule.write_once(send, lambda: None, conflict_means_sent=False)


def test_without_a_key_a_lost_write_is_not_sent_again():
    rule, _clock = policy()
    sent = []

    def send():
        sent.append(1)
        raise TransportError("lost")

    with pytest.raises(TransportError):
        rule.write_once(send)
    assert sent == [1]


def test_poll_waits_longer_each_time_and_gives_up_at_the_timeout():
    rule, clock = policy()
    answers = iter([None, None, "done"])
    assert rule.poll(lambda: next(answers), 30, "late") == "done"
    assert clock.sleeps == [0.2, 0.4]
    reads = []
    clock.sleeps.clear()
    with pytest.raises(TransportError, match="^late$"):
        rule.poll(lambda: reads.append(1), 5, "late")
    assert 4 <= sum(clock.sleeps) <= 5 and max(clock.sleeps) == 2.0
    assert len(reads) == len(clock.sleeps) + 1  # one read after each wait, none after the deadline
