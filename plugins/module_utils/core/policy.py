# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one retry and polling policy of the collection, owned by the client.

Internal to the collection.  Everything that waits and tries again lives here: which answers are
retried for which methods, jittered exponential backoff and ``Retry-After``, the bound on all waits
of one request, the throttle that a 429 puts on every worker of a run, a write sent again only after
looking for what the first one may have done, and polling of the API's asynchronous requests.
Resource code never sleeps and never reads the retry settings itself.
"""

from __future__ import annotations

import random
import threading
import time

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ApiError, ConflictError, ServerError, TransportError, UnreadableWriteError

# Statuses retried for every method (the request was provably not processed)
# and for idempotent methods only (it may have been).
RETRY_ALWAYS = frozenset([429])
RETRY_IDEMPOTENT = frozenset([502, 503, 504])
IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])

BACKOFF_BASE = 1.0  # seconds before the first retry (before jitter)
BACKOFF_CAP = 20.0  # longest single wait
MAX_TOTAL_WAIT = 60.0  # all waits of one request together
POLL_FIRST = 0.2  # seconds before the first look at an asynchronous request, doubling up to POLL_CAP
POLL_CAP = 2.0
# What a module's user can do about a request the API is slow to process.
LATE_ADVICE = "Raise wait_timeout, or set wait: false to return without waiting."


class Throttle:
    """Shared by every client of one run: after an HTTP 429, all of them wait out the API's Retry-After
    together, instead of each worker of a pool retrying on its own schedule."""

    def __init__(self, sleep=time.sleep, clock=time.monotonic):
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._resume_at = 0.0

    def pause_for(self, seconds: float) -> None:
        with self._lock:
            self._resume_at = max(self._resume_at, self._clock() + seconds)

    def wait(self) -> None:
        """Sleep until no pause is in force."""
        while True:
            with self._lock:
                delay = self._resume_at - self._clock()
            if delay <= 0:
                return
            self._sleep(delay)


class RetryPolicy:
    """When to try again and how long to wait: one instance per run, shared by the clients of its workers."""

    def __init__(self, retries: int = 3, sleep=time.sleep, clock=time.monotonic, backoff_base: float = BACKOFF_BASE,
                 max_total_wait: float = MAX_TOTAL_WAIT):
        self.retries = retries
        self.max_total_wait = max_total_wait
        self._sleep = sleep
        self._clock = clock
        self._backoff_base = backoff_base
        self.throttle = Throttle(sleep, clock)

    # -- one request ------------------------------------------------------------------------

    @staticmethod
    def retries_status(method: str, status: int) -> bool:
        """A 429 is retried for any method; a gateway's 502/503/504 only where sending twice is harmless."""
        return status in RETRY_ALWAYS or (status in RETRY_IDEMPOTENT and method in IDEMPOTENT_METHODS)

    @staticmethod
    def retries_lost(method: str, sent: bool) -> bool:
        """A request that failed in transit: retried when it provably never left, or when sending it twice is harmless."""
        return not sent or method in IDEMPOTENT_METHODS

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff: random in [base*2^(n-1)/2, base*2^(n-1)], capped."""
        ceiling = min(BACKOFF_CAP, self._backoff_base * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)

    def next_wait(self, attempt: int, waited: float, retry_after: float | None) -> float | None:
        """Seconds to wait before trying attempt ``attempt + 1``, or None when the retries or the total wait are spent."""
        wait = self.backoff(attempt) if retry_after is None else retry_after
        if attempt > self.retries or waited + wait > self.max_total_wait:
            return None
        return wait

    def wait(self, seconds: float, rate_limited: bool) -> None:
        """Wait before a retry; after a 429 every worker of the run waits (at its next request)."""
        if rate_limited:
            self.throttle.pause_for(seconds)
        else:
            self._sleep(seconds)

    # -- writes that may have been processed --------------------------------------------------

    def write_once(self, send, find=None, conflict_means_sent: bool = True):
        """``send()`` a write the client will not repeat (a POST whose answer was lost, or failed at a gateway).

        With ``find()`` (a lookup by the object's natural key), such a failure is followed by a pause and a
        lookup, and the write is sent again only when nothing was found, at most ``retries`` times: a flaky
        network never leaves two objects.  Where the natural key is unique (``conflict_means_sent``), a conflict
        on a second try means the first one got there.
        """
        attempt = 0
        while True:
            try:
                return send()
            except UnreadableWriteError:
                # Answered with success but unreadable: it was processed; found, it is the answer; never sent again.
                found = find() if find is not None else None
                if found is None:
                    raise
                return found
            except (TransportError, ServerError, ConflictError) as exc:
                conflict = isinstance(exc, ConflictError)
                if find is None or (conflict and (attempt == 0 or not conflict_means_sent)):
                    raise
                attempt += 1
                self._sleep(self.backoff(attempt))  # the first write may still be in flight
                found = find()
                if found is not None:
                    return found
                if attempt > self.retries:
                    raise

    # -- asynchronous requests ----------------------------------------------------------------

    def poll(self, read, timeout: float, late: str):
        """Call ``read()`` until it returns something other than None, waiting a little longer each time.

        ``read`` raises to stop with a failure.  After ``timeout`` seconds a TransportError says ``late``.
        """
        deadline = self._clock() + timeout
        delay = POLL_FIRST
        while True:
            outcome = read()
            if outcome is not None:
                return outcome
            if self._clock() + delay > deadline:
                raise TransportError(late)
            self._sleep(delay)
            delay = min(delay * 2, POLL_CAP)


class RequestTracker:
    """Where the API reports on its asynchronous requests, and how to read a report.

    ``path`` has one ``{}`` for the request id (more before it for a parent, such as a team);
    ``outcome(report)`` returns "done", "failed" or None (not processed yet); ``reason(report)`` says why it failed.
    """

    def __init__(self, path: str, outcome, reason):
        self.path = path
        self.outcome = outcome
        self.reason = reason

    def wait(self, client, request_id: str, action: str, timeout: float, *parents, advice: str = LATE_ADVICE) -> dict:
        """The report of a processed request; ApiError when the API could not do it, TransportError when it is late.

        ``advice`` ends the message of a late request: what the caller's user can do about it.
        """

        path = client.path(self.path, *(parents[:self.path.count("{}") - 1] + (request_id,)))

        def read():
            report = client.get(path, missing_ok=True)
            state = self.outcome(report) if isinstance(report, dict) else None
            if state == "failed":
                reason = self.reason(report) or "it reported a failure"
                raise ApiError("The API could not %s (request %s): %s" % (action, request_id, reason), titles=(reason,))
            return report if state == "done" else None

        late = "The API had not processed the request to %s (request %s) after %s s; it may still do so. %s" % (action, request_id, "%g" % timeout, advice)
        return client.policy.poll(read, timeout, late)
