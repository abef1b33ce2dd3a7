# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The alert_on_failure callback against the emulator: one alert per failing playbook, closed by a run that succeeds,
nothing secret in it, and never a failed run because of it."""

from __future__ import annotations

import base64
import json
import os
import pathlib
import socket
import subprocess
import sys
import textwrap

import pytest

from ansible_collections.jsm.ops.plugins.callback import alert_on_failure
from ansible_collections.jsm.ops.plugins.module_utils.core.options import CONNECTION_OPTIONS, SECRET_OPTIONS
from ansible_collections.jsm.ops.plugins.callback.alert_on_failure import CallbackModule
from ansible_collections.jsm.ops.plugins.plugin_utils.failure_alert import (
    DETAILS_CHARS,
    Failure,
    alert_body,
    one_line,
    playbook_alias,
    result_message,
)
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, TEAMS

COLLECTION = pathlib.Path(alert_on_failure.__file__).resolve().parents[2]
EXAMPLE = COLLECTION / "examples" / "alert_on_failure.yml"
MARKER = "Marker-Pa55w0rd-7f3e9c1d-do-not-send"
ADMIN = ACCOUNTS["ada"]


# -- small stand-ins for what ansible-core hands a callback ------------------------------------


class FakeDisplay:
    verbosity = 0

    def __init__(self):
        self.warnings = []
        self.lines = []

    def warning(self, message, *args, **kwargs):  # pylint: disable=unused-argument
        self.warnings.append(message)

    def display(self, message, *args, **kwargs):  # pylint: disable=unused-argument
        self.lines.append(message)

    def v(self, message, *args, **kwargs):  # pylint: disable=unused-argument,invalid-name
        self.lines.append(message)


class FakeHost:
    def __init__(self, name):
        self.name = name

    def get_name(self):
        return self.name


class FakeTask:  # pylint: disable=too-few-public-methods
    delegate_to = None
    no_log = False

    def __init__(self, name, action, args=None):
        self.name = name
        self.action = action
        self.resolved_action = action
        self.args = args or {}

    def get_name(self):
        return self.name


class FakeResult:  # pylint: disable=too-few-public-methods
    def __init__(self, host, task, result):
        self.host = FakeHost(host)
        self.task = task
        self.result = result


class FakeStats:  # pylint: disable=too-few-public-methods
    def __init__(self, ok=(), failures=(), dark=()):
        self.processed = {host: 1 for host in list(ok) + list(failures) + list(dark)}
        self.ok = {host: 1 for host in ok}
        self.failures = {host: 1 for host in failures}
        self.dark = {host: 1 for host in dark}


class FakePlaybook:  # pylint: disable=too-few-public-methods
    def __init__(self, path):
        self._file_name = str(path)


def options(emulator, **overrides):
    values = {
        "api_url": emulator.url, "cloud_id": emulator.cloud_id, "site": None, "api_email": ADMIN["email"], "api_token": ADMIN["apiToken"],
        "validate_certs": True, "ca_path": None, "timeout": 10.0, "retries": 0,
        "priority": "P3", "responders": None, "tags": None, "alias_key": None, "close_on_success": True,
    }
    values.update(overrides)
    return values


def run(playbook, settings, failures=(), stats=None, ignored=()):
    """Drive the callback through one run: the playbook starts, tasks fail (``failures`` are
    (host, task, result dict, unreachable)), the run ends with ``stats``; return its display."""
    display = FakeDisplay()
    plugin = CallbackModule(display=display)
    plugin._plugin_options = dict(settings)  # pylint: disable=protected-access
    plugin.v2_playbook_on_start(FakePlaybook(playbook))
    for host, task, result, unreachable in failures:
        if unreachable:
            plugin.v2_runner_on_unreachable(FakeResult(host, task, result))
        else:
            plugin.v2_runner_on_failed(FakeResult(host, task, result))
    for host, task, result in ignored:
        plugin.v2_runner_on_failed(FakeResult(host, task, result), ignore_errors=True)
    plugin.v2_playbook_on_stats(stats or FakeStats())
    return display


def alerts(emulator, alias):
    return [alert for alert in emulator.state.dump()["alerts"] if alert.get("alias") == alias]


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def secrets_of(account, *more):
    token = account["apiToken"]
    basic = base64.b64encode(("%s:%s" % (account["email"], token)).encode()).decode()
    return [token, basic] + list(more)


@pytest.fixture
def fast_alerts(emulator):
    emulator.update_settings({"alert_processing_delay": 0.05})
    return emulator


@pytest.fixture
def playbook(tmp_path):
    path = tmp_path / "deploy.yml"
    path.write_text("- hosts: all\n", encoding="utf-8")
    return path


APT = FakeTask("Install nginx", "ansible.builtin.apt", {"name": "nginxx", "password": MARKER})
URI = FakeTask("Call the deploy API", "ansible.builtin.uri", {"url": "https://deploy.example.com", "url_password": MARKER})


def failing_run(playbook, settings):
    return run(playbook, settings, failures=[
        ("web1", APT, {"failed": True, "msg": "No package matching 'nginxx' is available", "invocation": {"module_args": APT.args},
                       "stdout": MARKER}, False),
        ("db1", FakeTask("Gathering Facts", "ansible.builtin.gather_facts"), {"unreachable": True, "msg": "Failed to connect to the host via ssh"}, True),
    ], stats=FakeStats(ok=["web2"], failures=["web1"], dark=["db1"]))


# -- the alert ------------------------------------------------------------------------------


def test_a_failing_run_opens_one_alert_naming_each_failure(fast_alerts, playbook):
    emulator = fast_alerts
    display = failing_run(playbook, options(emulator, priority="P2", tags=["ansible", "deploy"], responders=["Platform"]))
    assert display.warnings == []
    alias = playbook_alias(str(playbook))
    [alert] = alerts(emulator, alias)
    assert alert["status"] == "open" and alert["priority"] == "P2" and alert["count"] == 1
    assert alert["message"] == "Ansible playbook deploy.yml failed: 1 host failed, 1 host unreachable"
    assert sorted(alert["tags"]) == ["ansible", "deploy"] and alert["responders"] == [{"type": "team", "id": TEAMS["Platform"]}]
    assert alert["entity"] == "deploy.yml" and alert["source"] == "Ansible"
    description = alert["description"]
    assert "- web1: Install nginx [ansible.builtin.apt]: No package matching 'nginxx' is available" in description
    assert "- db1: Gathering Facts [ansible.builtin.gather_facts]: unreachable: Failed to connect to the host via ssh" in description
    assert "Failed hosts: web1" in description and "Unreachable hosts: db1" in description and "web2" not in description
    assert alert["extraProperties"] == {
        "playbook": "deploy.yml", "failed_tasks": "2", "failed_hosts": "web1", "unreachable_hosts": "db1",
        "failure_1_host": "web1", "failure_1_task": "Install nginx", "failure_1_module": "ansible.builtin.apt",
        "failure_1_message": "No package matching 'nginxx' is available",
        "failure_2_host": "db1", "failure_2_task": "Gathering Facts", "failure_2_module": "ansible.builtin.gather_facts",
        "failure_2_message": "unreachable: Failed to connect to the host via ssh",
    }
    assert any("playbook deploy.yml failed; alert #" in line and alias in line for line in display.lines)


def test_a_second_failing_run_opens_no_second_alert(fast_alerts, playbook):
    emulator = fast_alerts
    failing_run(playbook, options(emulator))
    before = len(emulator.state.dump()["alerts"])
    display = failing_run(playbook, options(emulator))
    assert len(emulator.state.dump()["alerts"]) == before
    [alert] = alerts(emulator, playbook_alias(str(playbook)))
    assert alert["count"] == 2 and alert["status"] == "open"
    assert display.warnings == [] and any(line.endswith("is open, raised 2 times.") for line in display.lines)


def test_a_succeeding_run_closes_the_alert_with_a_note(fast_alerts, playbook):
    emulator = fast_alerts
    failing_run(playbook, options(emulator))
    display = run(playbook, options(emulator), stats=FakeStats(ok=["web1", "web2", "db1"]))
    assert display.warnings == []
    [alert] = alerts(emulator, playbook_alias(str(playbook)))
    assert alert["status"] == "closed"
    assert [note["note"] for note in alert["notes"]] == [
        "Playbook deploy.yml ran again without failed or unreachable hosts; closed by the jsm.ops.alert_on_failure callback."]
    assert any("succeeded; closed alert" in line for line in display.lines)
    # Nothing open any more: the next good run only looks.
    emulator.clear_log()
    assert run(playbook, options(emulator), stats=FakeStats(ok=["web1"])).warnings == []
    assert writes(emulator) == []
    # With close_on_success false, a good run does not even look.
    failing_run(playbook, options(emulator))
    emulator.clear_log()
    run(playbook, options(emulator, close_on_success=False), stats=FakeStats(ok=["web1"]))
    assert emulator.log == [] and alerts(emulator, playbook_alias(str(playbook)))[-1]["status"] == "open"


def test_a_good_run_with_no_alert_sends_nothing(emulator, playbook):
    display = run(playbook, options(emulator), stats=FakeStats(ok=["web1"]))
    assert display.warnings == [] and writes(emulator) == []


def test_ignored_and_rescued_failures_raise_nothing(emulator, playbook):
    task = FakeTask("Try something", "ansible.builtin.command")
    # A failure under ignore_errors, and one a rescue section handled (the stats do not count it as failed).
    display = run(playbook, options(emulator), failures=[("web1", task, {"failed": True, "msg": "rescued"}, False)],
                  ignored=[("web2", task, {"failed": True, "msg": "ignored"})], stats=FakeStats(ok=["web1", "web2"]))
    assert display.warnings == [] and writes(emulator) == [] and alerts(emulator, playbook_alias(str(playbook))) == []


def test_only_the_failures_of_failed_hosts_are_listed(fast_alerts, playbook):
    task = FakeTask("Try something", "ansible.builtin.command")
    run(playbook, options(fast_alerts), failures=[
        ("web1", task, {"failed": True, "msg": "rescued on web1"}, False),
        ("web2", task, {"failed": True, "msg": "real on web2"}, False),
    ], stats=FakeStats(ok=["web1"], failures=["web2"]))
    [alert] = alerts(fast_alerts, playbook_alias(str(playbook)))
    assert "real on web2" in alert["description"] and "rescued on web1" not in alert["description"]


def test_check_mode_sends_nothing(emulator, playbook, monkeypatch):
    monkeypatch.setattr(alert_on_failure.context, "CLIARGS", {"check": True})
    display = failing_run(playbook, options(emulator))
    assert emulator.log == [] and display.warnings == []


def test_an_unknown_responder_team_is_left_out_with_a_warning(fast_alerts, playbook):
    display = failing_run(playbook, options(fast_alerts, responders=["Platform", "Nobody Team", TEAMS["Platform"]]))
    assert len(display.warnings) == 1 and "responders 'Nobody Team' is neither the id nor the name of a team" in display.warnings[0]
    assert display.warnings[0].endswith("The alert is raised without it.")
    [alert] = alerts(fast_alerts, playbook_alias(str(playbook)))
    assert alert["responders"] == [{"type": "team", "id": TEAMS["Platform"]}]


# -- secrets ----------------------------------------------------------------------------------


def test_nothing_secret_reaches_the_alert(fast_alerts, playbook):
    """The token in any form is redacted from messages, also where a message is cut; task arguments and other
    result keys are never read."""
    emulator = fast_alerts
    token, basic = secrets_of(ADMIN)
    long_message = "x" * 280 + " token " + token  # the token straddles the cut at 300 characters
    display = run(playbook, options(emulator), failures=[
        ("web1", URI, {"failed": True, "msg": "HTTP 401 for %s with Authorization: Basic %s" % (token, basic),
                       "invocation": {"module_args": URI.args}, "url": "https://deploy:%s@deploy.example.com" % MARKER}, False),
        ("web2", FakeTask("Deploy with %s" % token, "ansible.builtin.command", {"cmd": "deploy --password " + MARKER}),
         {"failed": True, "msg": long_message, "cmd": ["deploy", "--password", MARKER], "stderr": MARKER}, False),
        ("web3", APT, {"censored": "the output has been hidden due to the fact that 'no_log: true' was specified for this result"}, False),
    ], stats=FakeStats(failures=["web1", "web2", "web3"]))
    assert display.warnings == []
    dump = json.dumps(emulator.state.dump())
    for secret in secrets_of(ADMIN, MARKER) + [token[:20], basic[:20]]:
        assert secret not in dump
        assert secret not in json.dumps([display.warnings, display.lines])
    [alert] = alerts(emulator, playbook_alias(str(playbook)))
    assert alert["extraProperties"]["failure_1_message"] == "HTTP 401 for ******** with Authorization: ********"
    assert alert["extraProperties"]["failure_2_task"] == "Deploy with ********"
    assert alert["extraProperties"]["failure_2_message"].endswith("token ********")
    assert alert["extraProperties"]["failure_3_message"].startswith("the output has been hidden")
    assert str(playbook.parent) not in alert["alias"] and "deploy" not in alert["alias"]


# -- what is sent, in pieces ----------------------------------------------------------------


def test_the_alias_is_a_short_hash_of_the_resolved_path_and_the_key(tmp_path, playbook):
    link = tmp_path / "link.yml"
    link.symlink_to(playbook)
    alias = playbook_alias(str(playbook))
    assert alias.startswith("ansible-playbook-") and len(alias) == len("ansible-playbook-") + 16
    assert playbook_alias(str(link)) == alias  # resolved: a symlink is the same playbook
    assert playbook_alias(str(playbook), "prod") not in (alias, playbook_alias(str(playbook), "staging"))
    assert playbook_alias(str(tmp_path / "other.yml")) != alias


def test_messages_are_one_line_and_cut():
    assert one_line("a\n  b\tc", 10) == "a b c"
    assert one_line("y" * 400, 300) == "y" * 297 + "..."
    assert result_message({"msg": "One or more items failed", "results": [{"failed": True, "msg": "item"}]}) == "One or more items failed"
    assert result_message({"results": [{"failed": False, "msg": "fine"}, {"failed": True, "msg": "second item broke"}]}) == "second item broke"
    assert result_message({"rc": 2}) == "(no message)"


def test_a_long_run_stays_within_the_api_limits():
    failures = [Failure("host-%03d" % number, "Task %d" % number, "ansible.builtin.command", "m" * 1000) for number in range(200)]
    body = alert_body("site.yml", "ansible-playbook-0123456789abcdef", failures, ["host-%03d" % n for n in range(200)], [], lambda text: text)
    assert len(body["message"]) <= 130 and len(body["description"]) <= 15000
    assert body["description"].rstrip().endswith("more.")
    assert sum(len(key) + len(value) for key, value in body["extraProperties"].items()) <= DETAILS_CHARS
    assert body["extraProperties"]["failed_tasks"] == "200" and "failure_1_message" in body["extraProperties"]
    assert len(body["extraProperties"]["failed_hosts"]) <= 1000


# -- never in the way of the run -------------------------------------------------------------


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_api_gives_one_warning(playbook):
    settings = {"api_url": "http://127.0.0.1:%d" % closed_port(), "cloud_id": "1a2b3c4d-0000-4000-8000-0123456789ab", "site": None,
                "api_email": ADMIN["email"], "api_token": ADMIN["apiToken"], "validate_certs": True, "ca_path": None, "timeout": 5.0,
                "retries": 0, "priority": "P3", "responders": ["Platform"], "tags": None, "alias_key": None, "close_on_success": True}
    display = run(playbook, settings, failures=[("web1", APT, {"failed": True, "msg": "boom"}, False)], stats=FakeStats(failures=["web1"]))
    [warning] = display.warnings
    # The create was not sent; open_alert still looks for it by its alias before giving up, and says why that failed.
    assert warning.startswith("jsm.ops.alert_on_failure: could not raise the alert for playbook deploy.yml: ")
    assert "could not connect to 127.0.0.1" in warning
    assert "\n" not in warning and ADMIN["apiToken"] not in warning
    closing = run(playbook, settings, stats=FakeStats(ok=["web1"]))
    assert closing.warnings[0].startswith("jsm.ops.alert_on_failure: could not close the alert of playbook deploy.yml: GET /v1/alerts/alias")


@pytest.mark.parametrize("change, expected", [
    ({"api_token": None}, "jsm.ops.alert_on_failure: api_token is required: set it to an Atlassian API token (or set JSM_OPS_API_TOKEN); "
                          "no alert was raised or closed."),
    ({"cloud_id": None}, "jsm.ops.alert_on_failure: One of cloud_id or site is required"),
])
def test_a_bad_configuration_is_a_warning(emulator, playbook, change, expected):
    display = failing_run(playbook, options(emulator, **change))
    assert len(display.warnings) == 1 and display.warnings[0].startswith(expected)
    assert emulator.log == []


def test_a_refused_option_is_a_warning_that_does_not_quote_the_token(emulator, playbook, monkeypatch):
    token = "tok-" + MARKER

    def refuse(self, task_keys=None, var_options=None, direct=None):  # pylint: disable=unused-argument
        raise ValueError("Invalid type for configuration option api_token: %r" % (var_options or {}).get("ansible_jsm_ops_api_token"))

    monkeypatch.setattr(alert_on_failure.CallbackBase, "set_options", refuse)
    monkeypatch.setenv("JSM_OPS_API_TOKEN", "env-" + MARKER)
    plugin = CallbackModule(display=FakeDisplay())
    plugin.set_options(var_options={"ansible_jsm_ops_api_token": [token]})
    assert plugin._options_error.endswith("api_token: ['********']")  # pylint: disable=protected-access
    plugin.set_options(var_options={"ansible_jsm_ops_api_token": "env-" + MARKER})
    plugin.v2_playbook_on_start(FakePlaybook(playbook))
    plugin.v2_playbook_on_stats(FakeStats(failures=["web1"]))
    [warning] = plugin._display.warnings  # pylint: disable=protected-access
    assert warning == "jsm.ops.alert_on_failure: bad configuration, no alert was raised or closed: Invalid type for configuration option api_token: '********'"
    assert MARKER not in warning and emulator.log == []


def test_an_api_error_is_a_warning(fast_alerts, playbook):
    fast_alerts.update_settings({"alert_fail_next": 1})
    display = failing_run(playbook, options(fast_alerts))
    [warning] = display.warnings
    assert warning.startswith("jsm.ops.alert_on_failure: could not raise the alert for playbook deploy.yml: The API could not open the alert")
    wrong = failing_run(playbook, options(fast_alerts, api_token="wrong-" + ADMIN["apiToken"]))
    assert "HTTP 401" in wrong.warnings[0] and ADMIN["apiToken"] not in wrong.warnings[0]


def test_a_bug_is_a_warning_without_a_traceback(emulator, playbook, monkeypatch):
    monkeypatch.setattr(alert_on_failure, "playbook_alias", lambda *args: 1 / 0)
    display = failing_run(playbook, options(emulator))
    assert display.warnings == ["jsm.ops.alert_on_failure: stopped by an unexpected ZeroDivisionError; no alert was raised or closed."]


# -- documentation ---------------------------------------------------------------------------


def test_ansible_doc_shows_every_option_with_its_sources():
    """The connection options come from the one option table and its doc fragments; every option but the token
    can also be set in ansible.cfg."""
    process = subprocess.run([sys.executable, "-m", "ansible", "doc", "-t", "callback", "--json", "jsm.ops.alert_on_failure"],
                             env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION.parents[2])), capture_output=True, text=True,
                             timeout=60, check=False)
    assert process.returncode == 0, process.stderr[-3000:]
    doc = json.loads(process.stdout)["jsm.ops.alert_on_failure"]["doc"]
    assert doc["type"] == "notification"
    own = ["priority", "responders", "tags", "alias_key", "close_on_success"]
    assert sorted(doc["options"]) == sorted(own + list(CONNECTION_OPTIONS))
    for name, (type_, default, env, _secret) in CONNECTION_OPTIONS.items():
        option = doc["options"][name]
        assert option["type"] == type_ and option.get("default") == default, name
        assert [entry["name"] for entry in option["env"]] == list(reversed(env)), name
        assert [entry["name"] for entry in option["vars"]] == ["ansible_jsm_ops_" + name], name
        ini = [] if name in SECRET_OPTIONS else [{"section": "callback_alert_on_failure", "key": name}]
        assert option.get("ini", []) == ini, name
    for name in own:
        option = doc["options"][name]
        assert option["ini"] == [{"section": "callback_alert_on_failure", "key": name}], name
        assert [entry["name"] for entry in option["env"]] == ["JSM_OPS_ALERT_" + name.upper()], name
        assert [entry["name"] for entry in option["vars"]] == ["ansible_jsm_ops_alert_" + name], name
    assert doc["options"]["priority"]["default"] == "P3" and doc["options"]["close_on_success"]["default"] is True


# -- a real run ------------------------------------------------------------------------------


ANSIBLE_CFG = """
[defaults]
callbacks_enabled = jsm.ops.alert_on_failure
retry_files_enabled = false

[callback_alert_on_failure]
priority = P2
tags = ansible, example
retries = 0
"""


def ansible_playbook(tmp_path, env, *args):
    process = subprocess.run([sys.executable, "-m", "ansible", "playbook", "-i", "localhost,", "-c", "local", str(EXAMPLE)] + list(args),
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False)
    return process.returncode, process.stdout + process.stderr


def test_a_real_ansible_playbook_run(fast_alerts, tmp_path):
    """The example playbook through ansible-playbook, the callback enabled in ansible.cfg: its options from
    ansible.cfg (priority, tags), extra variables (responders, alias_key) and the environment (the connection)."""
    emulator = fast_alerts
    (tmp_path / "ansible.cfg").write_text(textwrap.dedent(ANSIBLE_CFG), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "JSM_OPS_", "ATLASSIAN_OPS_"))}
    env.update(ANSIBLE_CONFIG=str(tmp_path / "ansible.cfg"), ANSIBLE_COLLECTIONS_PATH=str(COLLECTION.parents[2]), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), ANSIBLE_HOME=str(tmp_path / "home"),
               JSM_OPS_API_URL=emulator.url, JSM_OPS_CLOUD_ID=emulator.cloud_id, JSM_OPS_API_EMAIL=ADMIN["email"], JSM_OPS_API_TOKEN=ADMIN["apiToken"])
    extra = ["-e", json.dumps({"ansible_jsm_ops_alert_responders": ["Platform"], "ansible_jsm_ops_alert_alias_key": "example",
                               "deploy_service_password": MARKER})]
    alias = playbook_alias(str(EXAMPLE), "example")

    code, output = ansible_playbook(tmp_path, env, *extra)
    assert code == 2, output[-3000:]
    assert "Traceback" not in output and "[WARNING]" not in output, output[-3000:]
    [alert] = alerts(emulator, alias)
    assert alert["status"] == "open" and alert["priority"] == "P2" and sorted(alert["tags"]) == ["ansible", "example"]
    assert alert["responders"] == [{"type": "team", "id": TEAMS["Platform"]}]
    assert alert["extraProperties"]["failure_1_task"] == "Ask the deploy service whether the release is ready"
    assert alert["extraProperties"]["failure_1_module"] == "ansible.builtin.uri" and alert["extraProperties"]["failure_1_host"] == "localhost"
    assert alert["extraProperties"]["alias_key"] == "example"
    assert "Ask the deploy service whether the release is ready [ansible.builtin.uri]" in alert["description"]
    marker_basic = base64.b64encode(("deploy:" + MARKER).encode()).decode()
    for secret in secrets_of(ADMIN, MARKER, marker_basic):
        assert secret not in json.dumps(emulator.state.dump()) and secret not in output

    code, output = ansible_playbook(tmp_path, env, *extra)
    assert code == 2 and alerts(emulator, alias)[0]["count"] == 2 and len(alerts(emulator, alias)) == 1, output[-3000:]

    code, output = ansible_playbook(tmp_path, env, *extra, "-e", "fixed=true")
    assert code == 0, output[-3000:]
    [alert] = alerts(emulator, alias)
    assert alert["status"] == "closed" and "ran again without failed or unreachable hosts" in alert["notes"][0]["note"]

    # The API out of reach: a one-line warning, and the exit code the run has without the callback.
    env["JSM_OPS_API_URL"] = "http://127.0.0.1:%d" % closed_port()
    code, output = ansible_playbook(tmp_path, env, *extra)
    assert code == 2, output[-3000:]
    assert "Traceback" not in output and ADMIN["apiToken"] not in output
    warning = " ".join(output.split("[WARNING]: ", 1)[1].split())
    assert warning.startswith("jsm.ops.alert_on_failure: could not raise the alert for playbook alert_on_failure.yml: ")
    assert "could not connect to 127.0.0.1" in warning
