# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Times every task of a `make bench` playbook and counts what it asked of the emulator.

At each task's start the emulator's request log is emptied; when the task ends, one JSON line goes to the file
named by JSM_OPS_BENCH_RESULTS: the task's name, its status (ok, failed or skipped), whether it changed anything,
its wall time, its start and end (seconds on the controller's monotonic clock, for the span of a run of tasks such
as a role's), the loop items it ran, the API requests it made, the TCP connections they came over (distinct
client ports in the log) and how many of them were user searches. Enabled only by tests/bench/bench.py.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request

from ansible.plugins.callback import CallbackBase

USER_SEARCH = "/rest/api/3/user/search"  # how an email becomes an account id

DOCUMENTATION = """
name: bench_timer
type: aggregate
short_description: Wall time, API requests and TCP connections of each task, for make bench
description: Writes one JSON line per task to the file named by JSM_OPS_BENCH_RESULTS.
"""


def _control(method: str, what: str):
    request = urllib.request.Request(os.environ["JSM_OPS_EMULATOR_URL"] + "/_emulator/" + what, method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:  # the local emulator only
        body = answer.read()
    return json.loads(body) if body else None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._task = None
        self._started = 0.0
        self._items = 0

    def v2_playbook_on_task_start(self, task, is_conditional):
        _control("DELETE", "log")
        self._task = task.get_name()
        self._items = 0
        self._started = time.monotonic()

    def _done(self, result, status):
        ended = time.monotonic()
        log = _control("GET", "log")
        line = {
            "task": self._task,
            "status": status,
            "changed": bool(result._result.get("changed")),  # pylint: disable=protected-access
            "seconds": round(ended - self._started, 4),
            "start": round(self._started, 4),
            "end": round(ended, 4),
            "items": self._items,
            "requests": len(log),
            "connections": len({entry["client"] for entry in log}),
            "user_searches": sum(1 for entry in log if entry["path"].endswith(USER_SEARCH)),
        }
        with open(os.environ["JSM_OPS_BENCH_RESULTS"], "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")

    def v2_runner_item_on_ok(self, result):
        self._items += 1

    def v2_runner_item_on_failed(self, result):
        self._items += 1

    def v2_runner_on_ok(self, result):
        self._done(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._done(result, "skipped")
