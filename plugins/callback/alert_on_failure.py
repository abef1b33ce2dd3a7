# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: alert_on_failure
type: notification
short_description: Raise a Jira Service Management operations alert when a playbook run fails, close it when a run succeeds
version_added: 0.2.0
description:
  - When a run of a playbook ends with failed or unreachable hosts, opens one alert for the playbook in Jira Service Management
    operations. Its alias comes from the playbook's path and O(alias_key), so a failing run that is retried raises no second alert;
    the API counts the open alert again instead.
  - The alert's description and custom properties (C(extraProperties)) name each failed task with its host, its module and its
    failure message. Task arguments and the rest of task results are never sent, and the API token is removed from every text
    in every form it could take.
  - When a later run of the same playbook ends without failed or unreachable hosts, closes the open alert with that alias,
    after adding a note that the run succeeded (see O(close_on_success)). Nothing is sent when no alert is open.
  - Never fails the run and never changes its exit code. When the API cannot be reached, answers with an error, or the
    configuration is incomplete (for example no token), it prints a one-line warning.
  - Does nothing in check mode (C(--check)).
  - Enable it in C(ansible.cfg) with C(callbacks_enabled = jsm.ops.alert_on_failure) under C([defaults]),
    or with C(ANSIBLE_CALLBACKS_ENABLED=jsm.ops.alert_on_failure) in the environment.
  - The connection options are those of every jsm.ops module. Each is read, in this order of precedence, from a variable
    C(ansible_jsm_ops_<option>), the environment variables named below, and the C([callback_alert_on_failure]) section of
    C(ansible.cfg). O(api_token) has no C(ansible.cfg) entry, so that the token is never written into a file that is
    usually committed.
  - Variables are read at play level (play C(vars), C(vars_files) and extra variables given with C(-e)) and templated,
    so a play variable C(ansible_jsm_ops_api_token) set to C({{ vault_jsm_ops_token }}) works. Inventory and host variables
    are not read, because the alert belongs to the playbook, not to a host.
requirements:
  - Enabled in C(callbacks_enabled).
options:
  priority:
    description:
      - Priority of the alert.
    type: str
    choices: [P1, P2, P3, P4, P5]
    default: P3
    ini:
      - section: callback_alert_on_failure
        key: priority
    env:
      - name: JSM_OPS_ALERT_PRIORITY
    vars:
      - name: ansible_jsm_ops_alert_priority
  responders:
    description:
      - Teams the alert is routed to, each by name or id.
      - A team that cannot be found gives a warning, and the alert is raised without it.
    type: list
    elements: str
    ini:
      - section: callback_alert_on_failure
        key: responders
    env:
      - name: JSM_OPS_ALERT_RESPONDERS
    vars:
      - name: ansible_jsm_ops_alert_responders
  tags:
    description:
      - Tags of the alert.
    type: list
    elements: str
    ini:
      - section: callback_alert_on_failure
        key: tags
    env:
      - name: JSM_OPS_ALERT_TAGS
    vars:
      - name: ansible_jsm_ops_alert_tags
  alias_key:
    description:
      - Added to the playbook's path before it is hashed into the alert's alias, to keep the alerts of one playbook apart,
        for example per inventory or per AWX job template.
      - The alias is C(ansible-playbook-) followed by 16 hexadecimal digits of the SHA-256 of the resolved path of the
        playbook and this key. The key is also shown in the alert's custom properties.
    type: str
    ini:
      - section: callback_alert_on_failure
        key: alias_key
    env:
      - name: JSM_OPS_ALERT_ALIAS_KEY
    vars:
      - name: ansible_jsm_ops_alert_alias_key
  close_on_success:
    description:
      - Close the playbook's open alert when a run ends without failed or unreachable hosts.
      - A run limited with C(--limit) or C(--tags) counts as a run of the playbook; give such runs their own O(alias_key)
        when their success should not close the alert of a full run.
    type: bool
    default: true
    ini:
      - section: callback_alert_on_failure
        key: close_on_success
    env:
      - name: JSM_OPS_ALERT_CLOSE_ON_SUCCESS
    vars:
      - name: ansible_jsm_ops_alert_close_on_success
  api_email:
    ini:
      - section: callback_alert_on_failure
        key: api_email
  cloud_id:
    ini:
      - section: callback_alert_on_failure
        key: cloud_id
  site:
    ini:
      - section: callback_alert_on_failure
        key: site
  api_url:
    ini:
      - section: callback_alert_on_failure
        key: api_url
  validate_certs:
    ini:
      - section: callback_alert_on_failure
        key: validate_certs
  ca_path:
    ini:
      - section: callback_alert_on_failure
        key: ca_path
  timeout:
    ini:
      - section: callback_alert_on_failure
        key: timeout
  retries:
    ini:
      - section: callback_alert_on_failure
        key: retries
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.connection.plugins
notes:
  - The API is called from the controller, at the end of the run, with the Python that runs Ansible, which needs C(requests).
    O(timeout) and O(retries) bound how long that can take when the API is slow or unreachable.
  - Each playbook of an C(ansible-playbook) command has its own alert.
seealso:
  - module: jsm.ops.jsmops_alert
  - ref: ansible_collections.jsm.ops.docsite.pipelines
    description: The Pipelines guide, on enabling the callback in C(ansible.cfg) and in AWX.
author:
  - jsm.ops contributors (@jsm-ops)
"""

import os

from ansible import constants as C
from ansible import context
from ansible.plugins.callback import CallbackBase
from ansible.template import Templar

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.core.options import CONNECTION_OPTIONS, SECRET_OPTIONS, connection_params
from ansible_collections.jsm.ops.plugins.module_utils.core.resolve import Resolver
from ansible_collections.jsm.ops.plugins.plugin_utils.failure_alert import (
    Failure,
    alert_body,
    close_alert,
    one_line,
    playbook_alias,
    raise_alert,
    result_message,
)

NAME = "jsm.ops.alert_on_failure"
WARNING_CHARS = 600


def _parts(result):
    """(host, task, result dict) of a task result, on ansible-core releases with and without the public properties."""
    if hasattr(result, "task"):
        return result.host, result.task, result.result
    return result._host, result._task, result._result  # pylint: disable=protected-access


def _host_label(host, task, data) -> str:
    """The host as Ansible's own output names it, with the host a task was delegated to.

    What ``CallbackBase.host_label`` does, from the parts that ``_parts`` found: before ansible-core 2.19 that
    method reads only the result's private attributes.
    """
    label = host.get_name()
    delegate_to = getattr(task, "delegate_to", None)
    if delegate_to and delegate_to != label:
        label += " -> %s" % delegate_to
        ahost = ((data or {}).get("_ansible_delegated_vars") or {}).get("ansible_host", delegate_to)
        if ahost != delegate_to:
            label += "(%s)" % ahost
    return label


def _plain(value):
    """A templated variable's value as plain Python data (text as str, also for vault-encrypted text)."""
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def _secret_values(variables) -> list[str]:
    """The values the secret options may have been given (environment and play variables), longest first."""
    found = []
    for name in SECRET_OPTIONS:
        values = [os.environ.get(env) for env in CONNECTION_OPTIONS[name][2]] + [(variables or {}).get("ansible_jsm_ops_" + name)]
        for value in values:
            found.extend(str(item) for item in (value if isinstance(value, (list, tuple)) else [value]) if item)
    return sorted(set(found), key=len, reverse=True)


def _alert_name(alert: dict, alias: str) -> str:
    return "#%s (alias %s)" % (alert["tinyId"], alias) if alert.get("tinyId") else "with alias %s" % alias


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = NAME
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None, options=None):
        self._options_error = None
        super().__init__(display=display, options=options)
        self._playbooks: list[str] = []  # resolved paths, in the order they ran
        self._names: dict[str, str] = {}  # resolved path -> the file name shown in the alert
        self._failures: dict[str, list[Failure]] = {}
        self._current: str | None = None
        self._variables: dict = {}  # templated ansible_jsm_ops_* play variables, later plays win

    # -- configuration ------------------------------------------------------------------------

    def set_options(self, task_keys=None, var_options=None, direct=None):
        """As CallbackBase does; a bad value is remembered and reported as a warning at the end of the run,
        instead of keeping the callback from loading."""
        try:
            super().set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # Ansible's message may quote the value it refused: a token given where it does not fit is masked.
            text = str(exc)
            for secret in _secret_values(var_options):
                text = text.replace(secret, "********")
            self._options_error = one_line(text, WARNING_CHARS)
        else:
            self._options_error = None

    def _variable_names(self) -> set:
        """The variables named in the options' ``vars`` entries."""
        definitions = C.config.get_configuration_definitions(self.plugin_type, self._load_name) or {}
        names = {entry.get("name") for option in definitions.values() for entry in option.get("vars") or [] if isinstance(entry, dict)}
        return {name for name in names if name}

    def _read_variables(self, play) -> None:
        """The play's variables that configure this callback, templated."""
        names = self._variable_names()
        manager = play.get_variable_manager()
        if not names or manager is None:
            return
        variables = manager.get_vars(play=play)
        wanted = [name for name in sorted(names) if name in variables]
        if not wanted:
            return
        templar = Templar(loader=play.get_loader(), variables=variables)
        for name in wanted:
            try:
                self._variables[name] = _plain(templar.template(variables[name]))
            except Exception:  # pylint: disable=broad-exception-caught
                # The value is not repeated: it may be, or lead to, a secret.
                self._warn("the variable %s could not be templated and is ignored." % name)

    # -- events -------------------------------------------------------------------------------

    def v2_playbook_on_start(self, playbook):
        try:
            path = os.path.realpath(playbook._file_name)  # pylint: disable=protected-access
        except Exception:  # pylint: disable=broad-exception-caught
            path = "playbook"
        self._current = path
        if path not in self._failures:
            self._playbooks.append(path)
            self._names[path] = os.path.basename(path)
            self._failures[path] = []

    def v2_playbook_on_play_start(self, play):
        try:
            self._read_variables(play)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            self._warn("could not read the play's variables (%s); options come from the environment and ansible.cfg." % type(exc).__name__)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            self._record(result, unreachable=False)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def _record(self, result, unreachable: bool) -> None:
        """Keep the host, the task's name, its module and the failure message; nothing else of the result."""
        try:
            host, task, data = _parts(result)
            action = getattr(task, "resolved_action", None) or task.action
            failure = Failure(_host_label(host, task, data), task.get_name().strip() or action, str(action), result_message(data),
                              unreachable=unreachable, host_name=host.get_name())
        except Exception as exc:  # pylint: disable=broad-exception-caught
            self._warn("could not record a failed task (%s)." % type(exc).__name__)
            return
        if self._current is None:
            self.v2_playbook_on_start(None)
        self._failures[self._current].append(failure)

    def v2_playbook_on_stats(self, stats):
        try:
            self._report(stats)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # A bug must not fail the run or print a traceback; the exception's text is not shown, as it could hold data.
            self._warn("stopped by an unexpected %s; no alert was raised or closed." % type(exc).__name__)

    # -- the end of the run -------------------------------------------------------------------

    def _warn(self, message: str, client=None) -> None:
        if client is not None:
            message = client.redact(message)
        self._display.warning(one_line("%s: %s" % (NAME, message), WARNING_CHARS))

    def _say(self, message: str) -> None:
        self._display.display(one_line("%s: %s" % (NAME, message), WARNING_CHARS), stderr=True)

    def _report(self, stats) -> None:
        if context.CLIARGS.get("check"):
            self._display.v("%s: check mode, no alert is raised or closed." % NAME)
            return
        if self._variables:
            self.set_options(var_options=self._variables)
        if self._options_error:
            self._warn("bad configuration, no alert was raised or closed: %s" % self._options_error)
            return
        failed_hosts = sorted(host for host, count in stats.failures.items() if count)
        unreachable_hosts = sorted(host for host, count in stats.dark.items() if count)
        bad = set(failed_hosts) | set(unreachable_hosts)
        failed = {path: [item for item in self._failures[path] if item.host_name in bad] for path in self._playbooks}
        failed = {path: items for path, items in failed.items() if items}
        if bad and not failed and self._playbooks:
            failed[self._playbooks[-1]] = []  # failures the callback was not told of (such as an implicit task's)
        succeeded = [path for path in self._playbooks if path not in failed] if self.get_option("close_on_success") else []
        if not failed and not succeeded:
            return
        try:
            client = JsmOpsClient(connection_params(self.get_option), warn=self._warn)
        except JsmOpsError as exc:
            self._warn("%s; no alert was raised or closed." % str(exc).rstrip("."))
            return
        alias_key = self.get_option("alias_key") or None
        responders = self._responders(client) if failed else None
        for path, failures in failed.items():
            name = self._names[path]
            alias = playbook_alias(path, alias_key)
            if failures:
                hosts = sorted({item.host_name for item in failures if not item.unreachable} & set(failed_hosts))
                dark = sorted({item.host_name for item in failures if item.unreachable} & set(unreachable_hosts))
            else:
                hosts, dark = failed_hosts, unreachable_hosts
            body = alert_body(name, alias, failures, hosts, dark, client.redact,
                              priority=self.get_option("priority"), tags=self.get_option("tags"), responders=responders,
                              alias_key=alias_key)
            try:
                alert = raise_alert(client, body)
            except JsmOpsError as exc:
                self._warn("could not raise the alert for playbook %s: %s" % (name, exc), client)
                continue
            count = alert.get("count")
            self._say("playbook %s failed; alert %s is open%s." % (
                name, _alert_name(alert, alias), ", raised %s times" % count if isinstance(count, int) and count > 1 else ""))
        for path in succeeded:
            name = self._names[path]
            alias = playbook_alias(path, alias_key)
            note = "Playbook %s ran again without failed or unreachable hosts; closed by the %s callback." % (name, NAME)
            try:
                closed = close_alert(client, alias, note)
            except JsmOpsError as exc:
                self._warn("could not close the alert of playbook %s: %s" % (name, exc), client)
                continue
            if closed is None:
                self._display.v("%s: playbook %s succeeded; no alert with alias %s is open." % (NAME, name, alias))
            else:
                self._say("playbook %s succeeded; closed alert %s." % (name, _alert_name(closed, alias)))

    def _responders(self, client) -> list:
        """The teams of the responders option, by id; a team that cannot be found is left out with a warning."""
        resolver = Resolver(client)
        found = []
        for value in self.get_option("responders") or []:
            value = str(value).strip()
            if not value:
                continue
            try:
                team = {"type": "team", "id": resolver.team_id(value, option="responders")}
            except ConfigurationError as exc:
                self._warn("%s The alert is raised without it." % exc, client)
                continue
            except JsmOpsError:
                return found  # the API is not answering: raising the alert says why
            if team not in found:
                found.append(team)
        return found
