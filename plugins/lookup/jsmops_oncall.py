# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: jsmops_oncall
short_description: The users on call in Jira Service Management operations schedules
version_added: 0.1.0
description:
  - Returns, for each schedule named in the terms, the account ids of the users on call now (or at O(date), or next with O(next)).
  - Uses the same client, connection options and on-call code as M(jsm.ops.jsmops_oncall_info); credentials come from options,
    variables or the environment, never from the terms.
  - Runs on the controller. Each schedule costs one request, besides the paged list of schedules.
options:
  _terms:
    description: Schedules, by id or exact (case-insensitive) name.
    required: true
    type: list
    elements: str
  next:
    description: Return who is on call next instead of now.
    type: bool
    default: false
  date:
    description: The moment to ask about, as an ISO 8601 date and time with a UTC offset. Defaults to now.
    type: str
  concurrency:
    description: How many schedules are read at the same time, from 1 to 32.
    type: int
    default: 8
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.connection.plugins
seealso:
  - module: jsm.ops.jsmops_oncall_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Mention the on-call engineers of two schedules in a deploy message
  ansible.builtin.debug:
    msg: "On call: {{ query('jsm.ops.jsmops_oncall', 'Platform Primary', 'Database Primary') | flatten | join(', ') }}"
  vars:
    ansible_jsm_ops_site: example.atlassian.net
    ansible_jsm_ops_api_email: ops-bot@example.com
    ansible_jsm_ops_api_token: "{{ vault_jsm_ops_token }}"

- name: Who takes over next in one schedule (credentials from JSM_OPS_* environment variables)
  ansible.builtin.set_fact:
    next_oncall: "{{ lookup('jsm.ops.jsmops_oncall', 'Platform Primary', next=true, wantlist=true) | first }}"
"""

RETURN = r"""
_raw:
  description:
    - One list per term, in the order of the terms, with the account ids of the users on call in that schedule.
    - A schedule that does not exist or that the account cannot see is an error.
  type: list
  elements: list
"""

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import on_calls
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_params

display = Display()
# Keywords ansible-core itself takes for every lookup.
LOOKUP_KEYWORDS = frozenset(["wantlist", "errors"])


class LookupModule(LookupBase):
    _sources = (None, None)  # the variables and keyword arguments of the current run()

    def _option(self, name):
        """An option's value; one that came from a variable is templated first, as Ansible hands lookups
        variables untemplated (``ansible_jsm_ops_api_token: "{{ vault_token }}"`` must give the token)."""
        if hasattr(self, "_origins"):  # ansible-core 2.19 and later keep each option's origin
            value, origin = self.get_option_and_origin(name)
        else:
            # Before 2.19, get_option_and_origin() reads the configuration again without the variables, so the
            # origin is asked of the configuration with the sources set_options was given.
            value = self.get_option(name)
            variables, direct = self._sources
            try:
                dummy, origin = C.config.get_config_value_and_origin(name, plugin_type=self.plugin_type, plugin_name=self._load_name,
                                                                     variables=variables, direct=direct)
            except (AttributeError, AnsibleError):  # a lookup that Ansible's plugin loader did not load
                dummy, origin = self.get_option_and_origin(name)
        if isinstance(value, str) and str(origin).startswith("var") and self._templar is not None:
            value = self._templar.template(value)
        return value

    def run(self, terms, variables=None, **kwargs):
        self._sources = (variables, kwargs)
        self.set_options(var_options=variables, direct=kwargs)
        # ansible-core drops a keyword it does not know without a word: a typo (nxt=true) would go unnoticed.
        unknown = sorted(set(kwargs) - set(self._options) - LOOKUP_KEYWORDS)
        if unknown:
            raise AnsibleError("jsm.ops.jsmops_oncall: unknown option%s %s; the options are %s." % (
                "s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(sorted(name for name in self._options if not name.startswith("_")))))
        if not terms:
            raise AnsibleError("jsm.ops.jsmops_oncall needs at least one schedule name or id as a term.")
        for number, term in enumerate(terms):
            if isinstance(term, (list, tuple, set, dict)) or not str(term).strip():
                raise AnsibleError("jsm.ops.jsmops_oncall: term %d must be a schedule's name or id (text); got %s." % (
                    number + 1, "a mapping" if isinstance(term, dict) else "a list" if not isinstance(term, str) else "an empty text"))
        date = self.get_option("date")
        if isinstance(date, (list, tuple, set, dict)):
            raise AnsibleError("jsm.ops.jsmops_oncall: date must be text, not %s; give a single value." % ("a mapping" if isinstance(date, dict) else "a list"))
        names = [str(term) for term in terms]
        users_key = "next_users" if self.get_option("next") else "users"
        try:
            client = JsmOpsClient(connection_params(self._option), warn=display.warning)
            # Only the user ids, and only of the moment asked about: one request per schedule.
            result = on_calls(client, names, date=date, include_next=self.get_option("next"),
                              include_now=not self.get_option("next"), concurrency=self.get_option("concurrency"), form="users")
        except JsmOpsError as exc:
            raise AnsibleError("jsm.ops.jsmops_oncall: %s" % exc) from None
        if result["missing"]:
            raise AnsibleError("jsm.ops.jsmops_oncall: no schedule the account can see is named %s." % ", ".join(repr(name) for name in result["missing"]))
        found = {}
        for entry in result["on_calls"]:
            found[entry["schedule_id"]] = entry[users_key]
            found.setdefault(entry["schedule_name"].casefold(), entry[users_key])
        return [found.get(name, found.get(name.casefold(), [])) for name in names]
