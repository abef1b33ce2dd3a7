# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module run in the controller's process: when the action does it, and that it gives what the module's process gives."""

from __future__ import annotations

import json
import locale
import os
import pathlib
import re
import stat
import subprocess
import sys
import textwrap
import types

import pytest

from ansible.errors import AnsibleError
from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.jsm.ops.plugins.plugin_utils import action, in_controller
from ansible_collections.jsm.ops.plugins.plugin_utils.action import IN_CONTROLLER_VAR, JsmOpsAction, collection_module, is_controller_python
from ansible_collections.jsm.ops.tests.unit.plugins.action.test_jsmops_action import PLAY_AGAINST_THE_EMULATOR, FakeConnection
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS

COLLECTION = pathlib.Path(action.__file__).resolve().parents[2]
PROFILE = "legacy" if in_controller.get_module_encoder is not None else None  # ansible-core 2.19 and later name a profile
FAKE = "jsm_ops_test_fake_module"


def fake_module(monkeypatch, main):
    """An importable module whose main() is ``main``, as the module files of the collection are."""
    module = types.ModuleType(FAKE)
    module.main = main
    monkeypatch.setitem(sys.modules, FAKE, module)


def run(args=None, environment=None, cwd=None) -> dict:
    return in_controller.run_module(FAKE, dict(args or {}), PROFILE, environment or {}, cwd or os.getcwd())


def result_of(run_result: dict) -> dict:
    return json.loads(run_result["stdout"].strip().splitlines()[-1])


def ansible_module():
    return AnsibleModule(argument_spec={"name": {"type": "str"}, "warn": {"type": "bool", "default": False}}, supports_check_mode=True)


def test_the_module_gets_its_arguments_and_its_result_is_its_output(monkeypatch):
    seen = {}

    def main():
        module = ansible_module()
        seen["tmpdir"] = module.tmpdir
        assert os.path.isdir(module.tmpdir)
        module.exit_json(changed=False, name=module.params["name"])

    fake_module(monkeypatch, main)
    answer = run({"name": "Platform Primary"})
    assert answer["rc"] == 0 and answer["stderr"] == ""
    assert result_of(answer)["name"] == "Platform Primary"
    assert answer["stdout_lines"] == answer["stdout"].splitlines()
    # The module's temporary directory is removed, as its process would remove it at exit.
    assert not os.path.exists(seen["tmpdir"])
    assert basic._ANSIBLE_ARGS is None  # pylint: disable=protected-access


def test_a_failure_exits_with_status_1(monkeypatch):
    fake_module(monkeypatch, lambda: ansible_module().fail_json(msg="name is wrong"))
    answer = run({"name": "x"})
    assert answer["rc"] == 1 and result_of(answer)["msg"] == "name is wrong" and result_of(answer)["failed"] is True


def test_an_exception_is_what_the_module_wrapper_makes_of_it(monkeypatch):
    """ansible-core 2.19 and later: the wrapper's failed result naming the error; before: the traceback of a dying process."""
    def main():
        raise ValueError("an unexpected bug")

    fake_module(monkeypatch, main)
    answer = run()
    assert answer["rc"] == 1
    if in_controller.ansiballz_loader is None:
        assert answer["stdout"] == "" and "Traceback" in answer["stderr"] and "ValueError: an unexpected bug" in answer["stderr"]
    else:
        result = result_of(answer)
        assert result["failed"] is True and "an unexpected bug" in json.dumps(result["exception"])


@pytest.mark.parametrize("code, status, printed", [(None, 0, ""), (3, 3, ""), ("stopped", 1, "stopped\n")])
def test_sys_exit_is_the_exit_status(monkeypatch, code, status, printed):
    def main():
        sys.exit(code)

    fake_module(monkeypatch, main)
    answer = run()
    assert answer["rc"] == status and answer["stderr"] == printed


def test_a_module_that_does_not_exit_has_failed(monkeypatch):
    fake_module(monkeypatch, lambda: None)
    answer = run()
    assert answer["rc"] == 1
    result = result_of(answer)
    assert result["failed"] is True and in_controller.NO_EXIT in json.dumps(result)


def test_it_runs_where_the_connection_starts_a_module_and_leaves_the_process_as_it_was(monkeypatch, tmp_path):
    """The playbook's directory, a temporary directory under remote_tmp, the locale: each run's own."""
    seen = {}

    def main():
        module = ansible_module()
        seen.update(cwd=os.getcwd(), tmpdir=module.tmpdir)
        locale.setlocale(locale.LC_ALL, "C")
        module.exit_json(changed=False)

    fake_module(monkeypatch, main)
    (tmp_path / "playbook").mkdir()
    before = (os.getcwd(), locale.setlocale(locale.LC_ALL))
    answer = run({"_ansible_remote_tmp": str(tmp_path / "remote_tmp")}, cwd=str(tmp_path / "playbook"))
    assert answer["rc"] == 0, answer
    assert seen["cwd"] == str(tmp_path / "playbook")
    assert os.path.dirname(seen["tmpdir"]) == str(tmp_path / "remote_tmp") and not os.path.exists(seen["tmpdir"])
    assert stat.S_IMODE(os.stat(tmp_path / "remote_tmp").st_mode) == 0o700
    assert (os.getcwd(), locale.setlocale(locale.LC_ALL)) == before
    assert getattr(basic, "_PARSED_MODULE_ARGS", None) is None  # 2.19 and later keep the arguments there during a run


def test_the_task_environment_is_seen_and_put_back(monkeypatch):
    monkeypatch.setenv("JSM_OPS_TEST_KEPT", "before")
    monkeypatch.delenv("JSM_OPS_TEST_ADDED", raising=False)
    seen = {}

    def main():
        seen.update(kept=os.environ.get("JSM_OPS_TEST_KEPT"), added=os.environ.get("JSM_OPS_TEST_ADDED"))
        ansible_module().exit_json(changed=False)

    fake_module(monkeypatch, main)
    assert run(environment={"JSM_OPS_TEST_KEPT": "task", "JSM_OPS_TEST_ADDED": 7})["rc"] == 0
    assert seen == {"kept": "task", "added": "7"}
    assert os.environ["JSM_OPS_TEST_KEPT"] == "before" and "JSM_OPS_TEST_ADDED" not in os.environ


def test_warnings_belong_to_one_run(monkeypatch):
    """A loop's items run one after another in one worker: an item's warnings are not repeated in the next."""
    def main():
        module = ansible_module()
        if module.params["warn"]:
            module.warn("only the first item warns")
        module.exit_json(changed=False)

    fake_module(monkeypatch, main)
    first, second = result_of(run({"warn": True})), result_of(run({"warn": False}))
    # A plain message before ansible-core 2.19, a WarningSummary (as the module's process sends it) since.
    assert [warning if isinstance(warning, str) else warning["event"]["msg"] for warning in first["warnings"]] == ["only the first item warns"]
    assert "warnings" not in second


def test_only_the_collections_modules_are_run_here():
    modules = COLLECTION / "plugins" / "modules"
    assert collection_module(str(modules / "jsmops_schedule_info.py")) == "ansible_collections.jsm.ops.plugins.modules.jsmops_schedule_info"
    assert collection_module(str(COLLECTION / "plugins" / "action" / "jsmops_schedule_info.py")) is None
    assert collection_module(str(modules / "README.md")) is None
    assert collection_module(None) is None


def test_the_controller_python_is_the_interpreter_by_its_path():
    assert is_controller_python("#!" + sys.executable) is True
    assert is_controller_python("#!" + sys.executable + " -I") is False
    assert is_controller_python("#!/usr/bin/python3-not-this-one") is False
    assert is_controller_python(None) is False


class Task:  # pylint: disable=too-few-public-methods
    def __init__(self, async_val=0, delegate_to=None):
        self.async_val = async_val
        self.delegate_to = delegate_to


class Templar:  # pylint: disable=too-few-public-methods
    @staticmethod
    def template(value):
        return value


def decide(connection=None, task=None, task_vars=None, shebang=None):
    plugin = JsmOpsAction.__new__(JsmOpsAction)
    plugin._connection = connection or FakeConnection()  # pylint: disable=protected-access
    plugin._task = task or Task()  # pylint: disable=protected-access
    plugin._templar = Templar()  # pylint: disable=protected-access
    return plugin._runs_in_controller(shebang or "#!" + sys.executable, task_vars or {})  # pylint: disable=protected-access


def test_the_local_connection_on_the_controller_python_runs_here():
    assert decide() is True
    assert decide(task_vars={IN_CONTROLLER_VAR: True}) is True


@pytest.mark.parametrize("why, kwargs", [
    ("another connection", {"connection": FakeConnection(transport="ssh")}),
    ("become", {"connection": FakeConnection(become=object())}),
    ("async", {"task": Task(async_val=30)}),
    ("another Python", {"shebang": "#!/opt/other/bin/python3"}),
    ("turned off", {"task_vars": {IN_CONTROLLER_VAR: False}}),
    ("turned off as a string", {"task_vars": {IN_CONTROLLER_VAR: "no"}}),
    ("turned off for the host delegated to", {"task": Task(delegate_to="api-runner"),
                                              "task_vars": {"ansible_delegated_vars": {"api-runner": {IN_CONTROLLER_VAR: False}}}}),
])
def test_a_process_of_its_own_otherwise(why, kwargs):
    assert decide(**kwargs) is False, why


def test_kept_remote_files_run_as_a_process(monkeypatch):
    monkeypatch.setattr(action.C, "DEFAULT_KEEP_REMOTE_FILES", True)
    assert decide() is False


def test_a_wrong_switch_is_named():
    with pytest.raises(AnsibleError, match="jsm_ops_run_in_controller must be true or false, not 'maybe'"):
        decide(task_vars={IN_CONTROLLER_VAR: "maybe"})


PLAYBOOK = PLAY_AGAINST_THE_EMULATOR + """  tasks:
    - name: A query
      jsm.ops.jsmops_schedule_info:
        name: Platform*
      register: query

    - name: Check mode and diff
      jsm.ops.jsmops_schedule:
        name: Same either way
        timezone: Europe/Berlin
      check_mode: true
      diff: true
      register: predicted

    - name: Created
      jsm.ops.jsmops_schedule:
        name: Same either way
        timezone: Europe/Berlin
      register: created

    - name: Again, unchanged
      jsm.ops.jsmops_schedule:
        name: Same either way
        timezone: Europe/Berlin
      register: again

    - name: Refused before any request
      jsm.ops.jsmops_schedule:
        name: Same either way
        timezone: Mars/Olympus
      register: refused
      ignore_errors: true

    - name: HTTP 401
      jsm.ops.jsmops_schedule_info:
        api_token: not-the-token
      register: unauthorized
      ignore_errors: true

    - name: A loop whose items warn differently, and the token from the task's environment
      jsm.ops.jsmops_schedule_info:
        name: Same either way
        validate_certs: "{{ item }}"
        api_token: "{{ omit }}"
      environment:
        JSM_OPS_API_TOKEN: "{{ token }}"
      loop: [false, true]
      register: looped

    - name: A file under a relative path, which is the playbook's directory's
      jsm.ops.jsmops_schedule_export:
        schedule: Same either way
        dest: calendar.ics
        mode: "0600"
      register: exported

    - name: Deleted
      jsm.ops.jsmops_schedule:
        name: Same either way
        state: absent
      register: deleted

    - name: Results
      ansible.builtin.copy:
        dest: "{{ out }}"
        content: "{{ {'query': query, 'predicted': predicted, 'created': created, 'again': again, 'refused': refused,
                      'unauthorized': unauthorized, 'looped': looped, 'exported': exported, 'deleted': deleted} | to_nice_json }}"
        mode: "0600"
"""

ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHA1 = re.compile(r"\b[0-9a-f]{40}\b")  # the calendar's checksum: its stamps are the time of the export
TIMES = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")


def test_a_playbook_gives_the_same_results_either_way(emulator, tmp_path):
    """The same tasks, run in the controller's process and then each in a Python process of its own: same results."""
    admin = ACCOUNTS["ada"]
    playbook_dir = tmp_path / "playbook"  # ansible-playbook starts in tmp_path, so relative paths tell the two apart
    playbook_dir.mkdir()
    (playbook_dir / "play.yml").write_text(textwrap.dedent(PLAYBOOK), encoding="utf-8")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTION.parents[2]), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), ANSIBLE_HOME=str(tmp_path / "home"))
    env.pop("ANSIBLE_CONFIG", None)
    env.pop("JSM_OPS_API_TOKEN", None)
    results = {}
    for in_process in (True, False):
        emulator.reset()
        out = tmp_path / ("results-%s.json" % in_process)
        (tmp_path / "vars.json").write_text(json.dumps({
            "url": emulator.url, "cloud_id": emulator.cloud_id, "email": admin["email"], "token": admin["apiToken"],
            "out": str(out), IN_CONTROLLER_VAR: in_process,
        }), encoding="utf-8")
        process = subprocess.run(
            [sys.executable, "-m", "ansible", "playbook", "-vvv", "-i", "localhost,", "-c", "local",
             "-e", "ansible_python_interpreter=" + sys.executable, "-e", "@" + str(tmp_path / "vars.json"), str(playbook_dir / "play.yml")],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
        )
        output = process.stdout + process.stderr
        assert process.returncode == 0, output[-3000:]
        assert (playbook_dir / "calendar.ics").is_file() and not (tmp_path / "calendar.ics").exists()
        (playbook_dir / "calendar.ics").unlink()
        ran_here = output.count("in the controller's Python process")
        assert ran_here == (10 if in_process else 0), output[-3000:]  # 9 tasks, one of them a loop of 2
        # The first item's warning, shown once with its task's result; not repeated for the second item.
        assert output.count("[WARNING]: validate_certs is false") == 1, output[-3000:]
        results[in_process] = SHA1.sub("<sha1>", TIMES.sub("<time>", ID.sub("<id>", out.read_text(encoding="utf-8"))))
    assert results[True] == results[False]
    seen = json.loads(results[True])
    assert seen["created"]["changed"] and not seen["again"]["changed"] and seen["deleted"]["changed"]
    assert seen["predicted"]["diff"]["after"]["name"] == "Same either way"
    assert seen["exported"]["changed"] and seen["exported"]["dest"] == "calendar.ics"
    assert seen["refused"]["failed"] and "timezone" in seen["refused"]["msg"]
    assert seen["unauthorized"]["failed"] and "HTTP 401" in seen["unauthorized"]["msg"]
    first, second = seen["looped"]["results"]
    assert "warnings" not in second  # the first item's warning is in the output once, as counted above
    assert [item["schedules"][0]["name"] for item in (first, second)] == ["Same either way"] * 2
    assert admin["apiToken"] not in results[True]
