# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' action: the token is masked in ansible-core's debug output and reaches the module unchanged."""

from __future__ import annotations

import base64
import json
import os
import pathlib
import subprocess
import sys
import textwrap
import unittest.mock

import pytest
import yaml

from ansible.plugins.action.normal import ActionModule as NormalAction

from ansible_collections.jsm.ops.plugins.plugin_utils import action
from ansible_collections.jsm.ops.plugins.plugin_utils.action import MASK, JsmOpsAction, MaskedSecret, mask_secrets
from ansible_collections.jsm.ops.plugins.plugin_utils.in_controller import encode_module_args
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS

COLLECTION = pathlib.Path(action.__file__).resolve().parents[2]
MODULES = sorted(path.stem for path in (COLLECTION / "plugins" / "modules").glob("jsmops_*.py"))
ACTION = "jsmops_schedule_info"  # the module whose name the one action plugin bears
TOKEN = "canary-action/Token+5b0e2d77=91fa&c3d4"


def test_the_mask_shows_only_in_repr():
    secret = MaskedSecret(TOKEN)
    assert repr(secret) == repr(MASK)
    assert "%s" % {"api_token": secret} == "{'api_token': '%s'}" % MASK
    assert "%r" % [secret] == "['%s']" % MASK
    assert str(secret) == TOKEN and secret == TOKEN and len(secret) == len(TOKEN) and f"{secret}" == TOKEN
    assert hash(secret) == hash(TOKEN)


@pytest.mark.parametrize("profile", ["legacy", "modern"])
def test_the_module_receives_the_real_value(profile):
    """ansible-core sends module arguments as JSON made with these encoders (the profile's from 2.19 on, AnsibleJSONEncoder
    before), which the module run in the controller's process uses too."""
    sent = encode_module_args(profile, {"ANSIBLE_MODULE_ARGS": mask_secrets({"api_token": TOKEN, "name": "x"})})
    assert json.loads(sent) == {"ANSIBLE_MODULE_ARGS": {"api_token": TOKEN, "name": "x"}}
    assert MASK not in sent


def test_only_the_no_log_options_are_masked_and_the_task_args_stay_as_they_are():
    args = {"api_token": TOKEN, "api_email": "ada.admin@example.com", "name": "Platform Primary", "retries": 2}
    masked = mask_secrets(args)
    assert action.SECRET_OPTIONS == ("api_token",)
    assert masked == args and masked is not args
    assert type(masked["api_token"]) is MaskedSecret  # pylint: disable=unidiomatic-typecheck
    assert all(type(masked[name]) is type(args[name]) for name in ("api_email", "name", "retries"))  # pylint: disable=unidiomatic-typecheck
    assert type(args["api_token"]) is str  # pylint: disable=unidiomatic-typecheck


def test_a_url_option_with_a_password_is_masked_and_one_without_is_not():
    args = {"site": "https://ops-bot:url-secret-51c2e9@example.atlassian.net", "api_url": "https://api.atlassian.com"}
    masked = mask_secrets(args)
    assert masked == args
    assert type(masked["site"]) is MaskedSecret  # pylint: disable=unidiomatic-typecheck
    assert type(masked["api_url"]) is str  # pylint: disable=unidiomatic-typecheck
    assert "url-secret-51c2e9" not in "%s" % masked


@pytest.mark.parametrize("args", [None, {}, {"name": "x"}, {"api_token": None}])
def test_a_missing_token_stays_missing(args):
    """Without api_token in the task, the module falls back to JSM_OPS_API_TOKEN itself."""
    assert mask_secrets(args) == dict(args or {})


class _Task:  # pylint: disable=too-few-public-methods
    def __init__(self, args):
        self.args = args


def test_the_task_module_runs_with_masked_args(monkeypatch):
    """normal's run() calls _execute_module without arguments: the task's module, with the task's arguments masked."""
    task = _Task({"api_token": TOKEN, "name": "Platform Primary"})
    plugin = JsmOpsAction.__new__(JsmOpsAction)
    plugin._task = task  # pylint: disable=protected-access
    calls = []
    monkeypatch.setattr("ansible.plugins.action.ActionBase._execute_module", lambda self, *args, **kwargs: calls.append((args, kwargs)) or {"ok": 1})
    assert plugin._execute_module(task_vars={"v": 1}, wrap_async=True) == {"ok": 1}  # pylint: disable=protected-access
    ((module_name, module_args), kwargs) = calls[0]
    assert module_name is None and kwargs == {"task_vars": {"v": 1}, "wrap_async": True}
    assert module_args == task.args and isinstance(module_args["api_token"], MaskedSecret)
    assert type(task.args["api_token"]) is str  # pylint: disable=unidiomatic-typecheck
    # Arguments given explicitly (another module run by an action) are left as they are.
    plugin._execute_module("ansible.builtin.ping", {"data": "x"})  # pylint: disable=protected-access
    assert calls[1][0] == ("ansible.builtin.ping", {"data": "x"})


def test_it_is_the_normal_action():
    from ansible.plugins.action.normal import ActionModule as NormalAction  # pylint: disable=import-outside-toplevel

    assert issubclass(JsmOpsAction, NormalAction) and JsmOpsAction.run is NormalAction.run


def test_one_action_file_and_every_module_routed_to_it():
    """A module missing from the routing would print the token again under ANSIBLE_DEBUG; one missing from the
    group would not take the group's module_defaults; a routing line for no module, or a second action file, is a
    leftover."""
    assert MODULES and ACTION in MODULES
    files = sorted(path.name for path in (COLLECTION / "plugins" / "action").iterdir() if path.name != "__pycache__")
    assert files == [ACTION + ".py"], "plugins/action/ holds only the one action of every module"
    runtime = yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    routing = runtime["plugin_routing"]["modules"]
    assert sorted(set(MODULES) - {ACTION} - set(routing)) == [], "modules missing from plugin_routing in meta/runtime.yml"
    assert sorted(set(routing) - set(MODULES)) == [], "plugin_routing in meta/runtime.yml names modules that do not exist"
    assert ACTION not in routing, "the action's own module finds it by name"
    assert {name: entry for name, entry in routing.items() if entry != {"action_plugin": "jsm.ops." + ACTION}} == {}
    assert sorted(set(MODULES) - set(runtime["action_groups"]["jsmops"])) == [], "modules missing from the jsmops action group"
    assert sorted(set(runtime["action_groups"]["jsmops"]) - set(MODULES)) == [], "the jsmops action group names modules that do not exist"


RESOLVE = """
import json, sys
from ansible.plugins.loader import action_loader, init_plugin_loader, module_loader
init_plugin_loader([sys.argv[1]])
from ansible_collections.jsm.ops.plugins.plugin_utils.action import JsmOpsAction
handlers = {}
for name in sys.argv[2:]:
    # what TaskExecutor._get_action_handler_with_module_context does for a task naming the module
    module = module_loader.find_plugin_with_context("jsm.ops." + name)
    handler = module.action_plugin if module.resolved and module.action_plugin else "jsm.ops." + name
    plugin = action_loader.get(handler, class_only=True) if action_loader.has_plugin(handler) else None
    handlers[name] = [handler, bool(plugin) and issubclass(plugin, JsmOpsAction)]
print(json.dumps(handlers))
"""


def test_ansible_core_hands_every_module_to_the_action():
    """Resolved by ansible-core's own plugin loaders from the routing, as a play's task would be."""
    process = subprocess.run([sys.executable, "-c", RESOLVE, str(COLLECTION.parents[2])] + MODULES,
                             capture_output=True, text=True, timeout=60, check=False)
    assert process.returncode == 0, process.stderr[-3000:]
    handlers = json.loads(process.stdout.splitlines()[-1])
    assert handlers == {name: ["jsm.ops." + ACTION, True] for name in MODULES}


# A play on localhost whose jsm.ops tasks reach the emulator given by the variables url, cloud_id, email and token.
PLAY_AGAINST_THE_EMULATOR = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/jsm.ops.jsmops:
      api_url: "{{ url }}"
      cloud_id: "{{ cloud_id }}"
      api_email: "{{ email }}"
      api_token: "{{ token }}"
      retries: 0
"""

PLAYBOOK = PLAY_AGAINST_THE_EMULATOR + """  tasks:
    - name: Check mode and diff mode reach the module
      jsm.ops.jsmops_schedule:
        name: Action plugin check
        timezone: Europe/Berlin
      check_mode: true
      diff: true
      register: predicted

    - name: Created for real
      jsm.ops.jsmops_schedule:
        name: Action plugin check
        timezone: Europe/Berlin
      register: created

    - name: Async
      jsm.ops.jsmops_schedule_info:
        name: Action plugin check
      async: 30
      poll: 1
      register: found

    - name: A wrong token is still sent as given (HTTP 401)
      jsm.ops.jsmops_schedule_info:
        api_token: "{{ wrong_token }}"
      register: wrong
      ignore_errors: true

    - name: A module of another family, routed to the action too
      jsm.ops.jsmops_heartbeat_info:
        team: Platform
        name: platform-api
      register: beats

    - name: The same with a wrong token (HTTP 401)
      jsm.ops.jsmops_heartbeat_info:
        team: Platform
        api_token: "{{ wrong_token }}"
      register: wrong_beats
      ignore_errors: true

    - name: What the module saw
      ansible.builtin.assert:
        that:
          - predicted is changed and predicted.diff.after.name == 'Action plugin check' and predicted.schedule.timezone == 'Europe/Berlin'
          - created is changed and created.schedule.id | length > 0
          - found.schedules | map(attribute='id') | list == [created.schedule.id]
          - found.ansible_job_id is defined
          - wrong is failed and 'HTTP 401' in wrong.msg
          - beats.heartbeats | map(attribute='name') | list == ['platform-api']
          - wrong_beats is failed and 'HTTP 401' in wrong_beats.msg

- hosts: localhost
  gather_facts: false
  tasks:
    - name: The token from JSM_OPS_API_TOKEN, read by the module (no api_token anywhere in the task)
      jsm.ops.jsmops_schedule_info:
        name: Action plugin check
      environment:
        JSM_OPS_API_URL: "{{ url }}"
        JSM_OPS_CLOUD_ID: "{{ cloud_id }}"
        JSM_OPS_API_EMAIL: "{{ email }}"
      register: from_env

    - name: What the module saw
      ansible.builtin.assert:
        that:
          - from_env.schedules | map(attribute='name') | list == ['Action plugin check']
"""


@pytest.mark.parametrize("in_controller", [True, False], ids=["in the controller's process", "in a process of its own"])
def test_a_real_debug_run_shows_no_token(emulator, tmp_path, in_controller):
    """ansible-playbook -vvvv with ANSIBLE_DEBUG=1: the modules work in every mode, and no form of either token is printed,
    whether the modules run in the controller's process or each in a Python process of its own."""
    admin = ACCOUNTS["ada"]
    (tmp_path / "play.yml").write_text(textwrap.dedent(PLAYBOOK), encoding="utf-8")
    (tmp_path / "vars.json").write_text(json.dumps({
        "url": emulator.url, "cloud_id": emulator.cloud_id, "email": admin["email"], "token": admin["apiToken"], "wrong_token": TOKEN,
    }), encoding="utf-8")
    env = dict(os.environ, ANSIBLE_DEBUG="1", ANSIBLE_COLLECTIONS_PATH=str(COLLECTION.parents[2]), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), ANSIBLE_HOME=str(tmp_path / "home"), JSM_OPS_API_TOKEN=admin["apiToken"],
               # async_status looks for the job under the account's home from the password database, the
               # module writes it under $HOME: they differ where HOME is set to another directory.
               ANSIBLE_ASYNC_DIR=str(tmp_path / "async"))
    env.pop("ANSIBLE_CONFIG", None)
    process = subprocess.run(
        [sys.executable, "-m", "ansible", "playbook", "-vvvv", "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable,
         "-e", "jsm_ops_run_in_controller=%s" % in_controller, "-e", "@" + str(tmp_path / "vars.json"), str(tmp_path / "play.yml")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    output = process.stdout + process.stderr
    assert process.returncode == 0, output[-3000:]
    assert ("in the controller's Python process" in output) is in_controller
    for token in (admin["apiToken"], TOKEN):
        basic = base64.b64encode(("%s:%s" % (admin["email"], token)).encode()).decode()
        assert token not in output and basic not in output
    # The debug line of each module the play runs is there, masked: jsmops_schedule_info finds the action by its
    # name, jsmops_schedule and jsmops_heartbeat_info through the routing in meta/runtime.yml.
    for module in (ACTION, "jsmops_schedule", "jsmops_heartbeat_info"):
        lines = [line for line in output.splitlines() if "done with _execute_module (jsm.ops.%s, {" % module in line]
        assert any("'api_token': '%s'" % MASK in line for line in lines), module
        assert all("'api_token': '%s'" % MASK in line or "'api_token'" not in line for line in lines), module


class FakeConnection:  # pylint: disable=too-few-public-methods
    """What the action asks of a connection when it decides on pipelining."""

    def __init__(self, transport="local", configured=False, become=None, has_pipelining=True):
        self.transport = transport
        self.configured = configured
        self.become = become
        self.has_pipelining = has_pipelining

    def is_pipelining_enabled(self, wrap_async=False):  # pylint: disable=unused-argument
        return self.configured


def pipelined(connection, module_style="new", wrap_async=False) -> bool:
    """The action's decision, with ansible-core's own (whose inputs differ from one version to another) standing for
    the setting: only what the action adds is under test."""
    plugin = JsmOpsAction.__new__(JsmOpsAction)
    plugin._connection = connection  # pylint: disable=protected-access

    def configured(self, module_style, wrap_async=False):  # pylint: disable=unused-argument
        return self._connection.configured  # pylint: disable=protected-access

    with unittest.mock.patch.object(NormalAction, "_is_pipelining_enabled", configured):
        return plugin._is_pipelining_enabled(module_style, wrap_async)  # pylint: disable=protected-access


def test_the_local_connection_pipelines_without_the_setting():
    assert pipelined(FakeConnection()) is True


@pytest.mark.parametrize("connection, wrap_async", [
    (FakeConnection(become=object()), False),  # become: sudo may need a terminal, as the setting's default assumes
    (FakeConnection(), True),  # async needs the module on the target's disk
    (FakeConnection(transport="ssh"), False),  # other connections pipeline as configured
    (FakeConnection(has_pipelining=False), False),
])
def test_pipelining_is_left_to_the_setting_elsewhere(connection, wrap_async):
    assert pipelined(connection, wrap_async=wrap_async) is False
    connection.configured = True
    assert pipelined(connection, wrap_async=wrap_async) is True


def test_kept_remote_files_are_kept(monkeypatch):
    monkeypatch.setattr(action.C, "DEFAULT_KEEP_REMOTE_FILES", True)
    assert pipelined(FakeConnection()) is False
