#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_config_export
short_description: Export a live setup as the declaration jsm.ops.jsmops_config converges
version_added: 0.2.0
description:
  - Reads the configuration of some teams, or of every team the account can see, and the objects outside any team, and
    returns it - and with O(dest) writes it - in exactly the shape M(jsm.ops.jsmops_config) takes. Converging the export
    right away changes nothing.
  - A team document holds the team's schedules (with their rotations and the overrides that have not ended), escalations,
    routing rules (in the order they are tried, the default rule last, marked C(default=true)), custom team roles,
    integrations (with their actions, in order per direction), alert policies and notification policies (in order) and
    heartbeats. The globals document holds the schedules and integrations of no team, the custom roles and the global
    alert policies.
  - Objects are named, not numbered - users by email where the site's user search shows one (set O(site)), else by
    account id; teams, schedules, escalations and rotations by name. Lists whose order means nothing are sorted by name,
    so the same setup always gives the same files.
  - Nothing secret is written - never an integration's API key, and no integration property that looks like a credential.
    Alerts, maintenance windows, overrides that have ended and other transient objects are not exported.
  - Every list is read once, concurrently (at most O(concurrency) requests at a time).
options:
  dest:
    description:
      - A folder to write the export to - C(teams/<team>.yml), one file per team named after it, and C(globals.yml). A file
        is written only when its content changes, whole or not at all; other files in the folder are left as they are.
      - Without it the export is only returned.
    type: path
  teams:
    description:
      - The teams to export, by name or id. Default - every team the account can see whose operations are on.
    type: list
    elements: str
  globals:
    description:
      - Whether to export the objects outside any team as well.
    type: bool
    default: true
  concurrency:
    description:
      - How many lists are read at the same time, from 1 to 32.
    type: int
    default: 8
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
attributes:
  check_mode:
    support: full
    details: In check mode no file is written; RV(files) says which would change.
  diff_mode:
    support: full
    details: The diff shows each file that changes, before and after.
seealso:
  - module: jsm.ops.jsmops_config
  - ref: ansible_collections.jsm.ops.docsite.adopt_existing_setup
    description: Export an existing setup, review it, commit it and converge it from a pipeline with a drift check.
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Export every team and the global objects into config/
  jsm.ops.jsmops_config_export:
    dest: "{{ playbook_dir }}/config"

- name: Export one team, only to look at it
  jsm.ops.jsmops_config_export:
    teams: [Platform]
    globals: false
  register: exported

- name: Converge what was exported (changes nothing)
  jsm.ops.jsmops_config:
    teams: "{{ exported.teams }}"
"""

RETURN = r"""
teams:
  description: One document per exported team, as M(jsm.ops.jsmops_config) takes them in its O(jsm.ops.jsmops_config#module:teams).
  returned: always
  type: list
  elements: dict
  sample:
    - team: Platform
      schedules:
        - name: Platform on call
          timezone: Europe/Berlin
          enabled: true
          rotations:
            - {name: Weekly, type: weekly, length: 1, start_date: "2026-01-05T09:00:00Z",
               participants: [{type: user, email: dana.platform@example.com}]}
          overrides: []
      escalations: []
      routing_rules:
        - {name: Default routing rule, default: true, notify: {type: schedule, name: Platform on call}}
      roles: []
      integrations: []
      alert_policies: []
      notification_policies: []
      heartbeats: []
globals:
  description:
    - The objects outside any team, as M(jsm.ops.jsmops_config) takes them in its O(jsm.ops.jsmops_config#module:globals).
    - V(null) with O(globals=false).
  returned: always
  type: dict
not_read:
  description: Lists the export could not read - closed by the site's plan (HTTP 402) or the account's rights (HTTP 403) - and left out.
  returned: always
  type: list
  elements: str
files:
  description: With O(dest), each file of the export and whether it changed (in check mode, would change).
  returned: always
  type: list
  elements: dict
  sample:
    - {path: config/teams/platform.yml, changed: true}
    - {path: config/globals.yml, changed: false}
"""

from ansible_collections.jsm.ops.plugins.module_utils.config.export import run_export
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import DEFAULT_CONCURRENCY


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        dest=dict(type="path"),
        teams=dict(type="list", elements="str"),
        globals=dict(type="bool", default=True),
        concurrency=dict(type="int", default=DEFAULT_CONCURRENCY),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run_export)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
