# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Event-Driven Ansible source jsm.ops.alerts, loaded by its path as ansible-rulebook loads it, against the emulator."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import json
import logging
import os
import pathlib
import re
import runpy
import stat
import subprocess
import sys
import time

import pytest
import requests
import yaml

from ansible_collections.jsm.ops.plugins.module_utils.core.options import CONNECTION_OPTIONS
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SEED, TEAMS

ROOT = pathlib.Path(__file__).resolve().parents[6]
PLUGIN_PATH = ROOT / "extensions" / "eda" / "plugins" / "event_source" / "alerts.py"
ADA = ACCOUNTS["ada"]
WRONG_TOKEN = "wrong-token-7d1e94c0b35a4f62a8e0c9b1"
INTERVAL = 0.05
SEED_OPEN, SEED_CLOSED = (alert["id"] for alert in sorted(SEED["alerts"], key=lambda alert: alert["status"] != "open"))


@pytest.fixture(scope="module")
def plugin():
    """The plugin's globals, from ``runpy.run_path`` as ansible-rulebook runs it."""
    return runpy.run_path(str(PLUGIN_PATH))


@pytest.fixture
def fast(emulator):
    emulator.update_settings({"alert_processing_delay": 0})
    return emulator


@pytest.fixture
def args(fast, monkeypatch):
    """The source's arguments: the connection from the environment (as modules read it), a short interval."""
    for name in ("JSM_OPS_API_URL", "JSM_OPS_CLOUD_ID", "JSM_OPS_API_EMAIL", "JSM_OPS_API_TOKEN", "ATLASSIAN_OPS_API_TOKEN", "JSM_OPS_SITE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JSM_OPS_API_URL", fast.url)
    monkeypatch.setenv("JSM_OPS_CLOUD_ID", fast.cloud_id)
    monkeypatch.setenv("ATLASSIAN_OPS_API_EMAIL_ADDRESS", ADA["email"])
    monkeypatch.setenv("ATLASSIAN_OPS_API_TOKEN", ADA["apiToken"])

    def make(**extra):
        return dict({"interval": INTERVAL}, **extra)

    return make


class Api:
    """Alert writes as Ada, through the emulator's HTTP API."""

    def __init__(self, emulator):
        self.base = emulator.api_base
        self.session = requests.Session()
        self.session.auth = (ADA["email"], ADA["apiToken"])

    def _send(self, method, path, body=None):
        response = self.session.request(method, self.base + path, json=body, timeout=10)
        assert response.status_code in (200, 202), response.text
        return self.processed(response.json()["requestId"])

    def processed(self, request_id):
        deadline = time.monotonic() + 3
        while True:
            response = self.session.get("%s/v1/alerts/requests/%s" % (self.base, request_id), timeout=10)
            if response.status_code == 200:
                assert response.json()["isSuccess"], response.json()
                return response.json()
            assert time.monotonic() < deadline
            time.sleep(0.01)

    def create(self, message, **body):
        return self._send("POST", "/v1/alerts", dict(body, message=message))["alertId"]

    def act(self, alert_id, action):
        return self._send("POST", "/v1/alerts/%s/%s" % (alert_id, action), {})


@pytest.fixture
def api(fast):
    client = Api(fast)
    yield client
    client.session.close()


class Running:
    """``main(queue, args)`` as a task, and the events it has put on its queue."""

    def __init__(self, plugin, args, emulator=None):
        self.queue = asyncio.Queue()
        self.events = []
        self.emulator = emulator
        self.polls_before = len(alert_gets(emulator)) if emulator else 0
        self.task = asyncio.create_task(plugin["main"](self.queue, args))

    async def started(self, timeout=3.0):
        """Once the source has read the alert list for the first time (so it has taken its start time)."""
        deadline = time.monotonic() + timeout
        while len(alert_gets(self.emulator)) <= self.polls_before and not self.task.done():
            assert time.monotonic() < deadline, "the source did not poll"
            await asyncio.sleep(0.01)
        return self

    def _drain(self):
        while not self.queue.empty():
            self.events.append(self.queue.get_nowait())

    async def wait_for(self, count, timeout=3.0):
        """All events so far, once there are ``count`` (or the source stopped, or ``timeout`` passed)."""
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline and not self.task.done():
            await asyncio.sleep(0.01)
            self._drain()
        self._drain()
        return list(self.events)

    async def settle(self, polls=4):
        """The events after a few more polls (to see that nothing else comes)."""
        await asyncio.sleep(INTERVAL * polls + 0.1)
        self._drain()
        return list(self.events)

    async def stop(self):
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        self._drain()
        return list(self.events)


async def thread(function, *args, **kwargs):
    return await asyncio.to_thread(function, *args, **kwargs)


def ids(events, kind="created"):
    return [event["alert"]["id"] for event in events if event["type"] == kind]


def assert_no_secret(text):
    encoded = base64.b64encode(("%s:%s" % (ADA["email"], ADA["apiToken"])).encode()).decode()
    for secret in (ADA["apiToken"], WRONG_TOKEN, encoded):
        assert secret not in text


def alert_gets(emulator):
    return [entry for entry in emulator.log if entry["method"] == "GET" and entry["path"].endswith("/v1/alerts")]


def test_documentation_matches_the_arguments(plugin):
    docs = yaml.safe_load(plugin["DOCUMENTATION"])
    assert set(docs["options"]) == set(plugin["SOURCE_ARGS"]) | set(CONNECTION_OPTIONS)
    for name, (type_, default, env, _secret) in CONNECTION_OPTIONS.items():
        option = docs["options"][name]
        assert option["type"] == type_ and option.get("default") == default, name
        assert re.findall(r"E\(([A-Z_]+)\)", " ".join(option["description"])) == list(env), name
    examples = yaml.safe_load(plugin["EXAMPLES"])
    for rulebook in examples:
        [source] = [source["jsm.ops.alerts"] for source in rulebook["sources"]]
        assert set(source) <= set(docs["options"])


def test_new_alerts_become_events_exactly_once(plugin, args, api, fast):
    async def scenario():
        source = await Running(plugin, args(), fast).started()
        first = await thread(api.create, "Disk almost full on db-1", tags=["disk"], priority="P2")
        second = await thread(api.create, "API errors above 5 %", alias="api-errors")
        events = await source.wait_for(2)
        third = await thread(api.create, "Backup failed")
        await source.wait_for(3)
        await thread(api.create, "API errors above 5 %", alias="api-errors")  # de-duplicated by alias: no new alert
        events = await source.settle()
        await source.stop()
        return [first, second, third], events

    created, events = asyncio.run(scenario())
    assert ids(events) == created and len(events) == 3  # the seed's alerts are older than the source: not emitted
    first = events[0]
    assert set(first) == {"type", "alert"} and first["alert"]["message"] == "Disk almost full on db-1"
    assert first["alert"]["tags"] == ["disk"] and first["alert"]["priority"] == "P2" and first["alert"]["status"] == "open"
    assert {"id", "tinyId", "alias", "createdAt", "acknowledged", "snoozed"} <= set(first["alert"])
    assert_no_secret(json.dumps(events))
    query = alert_gets(fast)[-1]["query"]
    assert "sort=createdAt" in query and "order=asc" in query and "from=" in query


def test_filters_make_the_search(plugin, args, api, fast):
    build = plugin["build_query"]
    assert build({"status": "OPEN", "tags": ["auto-remediate", "db"], "priority": "p1", "team": "Platform Ops"}) == (
        'status:open AND tag:auto-remediate AND tag:db AND priority:P1 AND teams:"Platform Ops"')
    assert build({"tags": "web"}) == "tag:web" and build({}) is None
    assert build({"query": " status:open AND tag:x ", "tags": []}) == "status:open AND tag:x"
    for wrong, message in (({"query": "tag:x", "team": "Platform"}, "either query or team"),
                           ({"priority": "urgent"}, "priority must be one of"), ({"tags": ['say "hi"']}, "without quotes")):
        with pytest.raises(plugin["AlertSourceError"], match=message):
            build(wrong)

    async def scenario():
        source = await Running(plugin, args(tags=["auto-remediate"], team="Platform", status="open"), fast).started()
        platform = {"responders": [{"type": "team", "id": TEAMS["Platform"]}]}
        wanted = await thread(api.create, "Restart the worker", tags=["auto-remediate", "worker"], **platform)
        await thread(api.create, "Not tagged", **platform)
        await thread(api.create, "Other team", tags=["auto-remediate"], responders=[{"type": "team", "id": TEAMS["Database"]}])
        await source.wait_for(1)
        events = await source.settle()
        await source.stop()
        return wanted, events

    wanted, events = asyncio.run(scenario())
    assert ids(events) == [wanted] and len(events) == 1
    assert "query=status%3Aopen+AND+tag%3Aauto-remediate+AND+teams%3APlatform" in alert_gets(fast)[-1]["query"]


def test_since_reaches_back(plugin, args):
    async def scenario():
        source = Running(plugin, args(since="2026-01-05T00:00:00Z"))  # between the seed's closed alert and its open one
        await source.wait_for(1)
        events = await source.settle()
        await source.stop()
        return events

    assert ids(asyncio.run(scenario())) == [SEED_OPEN]


def test_a_restart_with_the_state_file_replays_nothing(plugin, args, api, fast, tmp_path):
    state_file = tmp_path / "alerts-state.json"

    async def run_once(create_before=None, expect=0):
        source = await Running(plugin, args(state_file=str(state_file)), fast).started()
        created = [await thread(api.create, message) for message in create_before or []]
        await source.wait_for(expect)
        events = await source.settle()
        await source.stop()
        return created, events

    created, events = asyncio.run(run_once(["First alert"], expect=1))
    assert ids(events) == created
    assert stat.S_IMODE(os.stat(state_file).st_mode) == 0o600
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert set(saved) == {"version", "since", "newest", "emitted", "watched"} and list(saved["emitted"]) == created
    assert_no_secret(state_file.read_text(encoding="utf-8"))
    assert [path.name for path in tmp_path.iterdir()] == [state_file.name]  # no temporary file left behind

    while_stopped = api.create("Created while the source was stopped")

    async def second_run():
        return await run_once(["After the restart"], expect=2)

    after, events = asyncio.run(second_run())
    assert ids(events) == [while_stopped] + after  # the first alert is not replayed; nothing created meanwhile is lost
    assert set(json.loads(state_file.read_text(encoding="utf-8"))["emitted"]) >= set(created + after + [while_stopped])

    async def without_state():
        source = Running(plugin, args())
        events = await source.settle()
        await source.stop()
        return events

    assert asyncio.run(without_state()) == []  # without a state file, a new source starts from its own start


@pytest.mark.parametrize("filters", [{}, {"status": "open"}], ids=["every alert", "open alerts only"])
def test_state_changes_are_emitted_once(plugin, args, api, fast, filters):
    async def scenario():
        source = await Running(plugin, args(emit_state_changes=True, **filters), fast).started()
        alert_id = await thread(api.create, "Queue consumer lag")
        await source.wait_for(1)
        await thread(api.act, alert_id, "acknowledge")
        await source.wait_for(2)
        await thread(api.act, alert_id, "close")
        await source.wait_for(3)
        events = await source.settle()
        await source.stop()
        return alert_id, events

    alert_id, events = asyncio.run(scenario())
    assert [(event["type"], event["alert"]["id"]) for event in events] == [
        ("created", alert_id), ("acknowledged", alert_id), ("closed", alert_id)]
    assert events[1]["changes"] == {"acknowledged": {"from": False, "to": True}}
    assert events[2]["changes"] == {"status": {"from": "open", "to": "closed"}}
    assert events[2]["alert"]["status"] == "closed"


def test_a_429_slows_it_down_and_loses_nothing(plugin, args, api, fast):
    async def scenario():
        source = await Running(plugin, args(), fast).started()
        fast.set_faults([{"kind": "status", "status": 429, "retry_after": 1, "times": 1, "method": "GET", "path": "/v1/alerts$"}])
        created = [await thread(api.create, "Alert %d" % number) for number in range(3)]
        await source.wait_for(3, timeout=4)
        events = await source.settle()
        await source.stop()
        return created, events

    created, events = asyncio.run(scenario())
    assert ids(events) == created and len(events) == 3
    gets = alert_gets(fast)
    limited = [number for number, entry in enumerate(gets) if entry["status"] == 429]
    assert len(limited) == 1 and gets[limited[0] + 1]["status"] == 200

    def moment(entry):
        return datetime.datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))

    assert (moment(gets[limited[0] + 1]) - moment(gets[limited[0]])).total_seconds() >= 0.9  # Retry-After: 1


def test_a_wrong_token_stops_it_with_a_clear_message(plugin, args, caplog):
    caplog.set_level(logging.DEBUG)

    async def scenario():
        source = Running(plugin, args(api_token=WRONG_TOKEN))
        with pytest.raises(plugin["AlertSourceError"]) as raised:
            await asyncio.wait_for(source.task, timeout=5)
        source._drain()  # pylint: disable=protected-access
        return str(raised.value), source.events

    message, events = asyncio.run(scenario())
    assert events == []
    assert "\n" not in message and message.startswith("jsm.ops.alerts stopped: GET /v1/alerts returned HTTP 401")
    assert "check api_email and api_token" in message
    assert_no_secret(message)
    assert_no_secret(caplog.text)
    assert_no_secret(" ".join(str(record.args) for record in caplog.records))


def test_bad_arguments_fail_before_any_request(plugin, args, fast, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 99}', encoding="utf-8")
    for extra, message in (
        ({"interval": 0}, "interval must be a number of seconds of at least 0.01"),
        ({"since": "yesterday"}, "since must be an ISO 8601 date and time"),
        ({"state_file": str(broken)}, "is not a state this source wrote"),
        ({"timeout": "soon"}, "timeout must be a number"),
        ({"api_token": "with a space"}, "api_token contains whitespace"),
        ({"emit_state_changes": "sometimes"}, "emit_state_changes must be true or false"),
    ):
        with pytest.raises(plugin["AlertSourceError"], match=message) as raised:
            asyncio.run(plugin["main"](asyncio.Queue(), args(**extra)))
        assert "with a space" not in str(raised.value)
    assert alert_gets(fast) == []


def test_it_finds_the_collection_code_from_its_own_place(plugin, tmp_path):
    """ansible-rulebook runs the file by path: the directory holding ansible_collections/ need not be on sys.path."""
    where = plugin["_collections_dir"]
    assert where("/usr/share/ansible/collections/ansible_collections/jsm/ops/extensions/eda/plugins/event_source/alerts.py") == (
        "/usr/share/ansible/collections")
    assert where("/srv/src/jsm.ops/extensions/eda/plugins/event_source/alerts.py") is None
    if where(str(PLUGIN_PATH)) is None:
        pytest.skip("the tests do not run from an ansible_collections/jsm/ops tree")
    code = "import runpy, sys; shared = runpy.run_path(sys.argv[1])['_shared_code'](); print(shared['core.client'].__name__)"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code, str(PLUGIN_PATH)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ansible_collections.jsm.ops.plugins.module_utils.core.client"


def test_memory_reads_back_over_late_alerts_and_ages_out(plugin):
    """Alerts the search shows late, up to ``lookback`` seconds before the newest, are still new; old ones are forgotten."""
    start = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)

    def alert(alert_id, seconds, **fields):
        return dict({"id": alert_id, "status": "open", "acknowledged": False, "snoozed": False,
                     "createdAt": (start + datetime.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")}, **fields)

    memory = plugin["Memory"](start, 60, 3600, True)
    assert memory.read_from() == int(start.timestamp())
    assert not memory.is_new(alert("before", -1), memory.cutoff())
    memory.remember(alert("a", 100))
    cutoff = memory.cutoff()
    assert cutoff == start + datetime.timedelta(seconds=40)
    assert memory.is_new(alert("late", 50), cutoff) and not memory.is_new(alert("too-late", 30), cutoff)
    assert not memory.is_new(alert("a", 100), cutoff)
    assert memory.read_from() == int(start.timestamp()) + 40
    memory.remember(alert("b", 200))
    memory.prune(start + datetime.timedelta(seconds=300))
    assert set(memory.emitted) == {"a", "b"} and set(memory.watched) == {"a", "b"}  # a is watched, so kept
    assert memory.read_from() == int(start.timestamp()) + 100  # back to the oldest alert watched
    assert memory.observe(alert("a", 100, snoozed=True)) == {
        "type": "snoozed", "alert": alert("a", 100, snoozed=True), "changes": {"snoozed": {"from": False, "to": True}}}
    assert memory.observe(alert("a", 100, snoozed=True)) is None
    memory.prune(start + datetime.timedelta(seconds=3750))  # a is older than watch_for now
    assert set(memory.watched) == {"b"} and set(memory.emitted) == {"b"}
    again = plugin["Memory"](start, 60, 3600, True)
    again.load(json.loads(json.dumps(memory.to_json())), "state.json")
    assert again.to_json() == memory.to_json() and again.cutoff() == memory.cutoff()
