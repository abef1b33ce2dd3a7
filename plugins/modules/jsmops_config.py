#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_config
short_description: Converge a whole declared setup - teams' schedules, routing, integrations, policies - in one task
version_added: 0.2.0
description:
  - Brings every object a declaration names in line with it, in one task. The declaration is one document per team
    (O(teams)) and one for the objects outside any team (O(globals)), or the folder M(jsm.ops.jsmops_config_export) writes
    (O(src)). Each entry takes the options of the state module of its kind, so an entry converges exactly as that module
    would - found by its name, only the options it sets compared and changed, check mode and diff.
  - Kinds of a team document, with the state module whose options an entry takes (without the team, which the
    document gives, and without C(order), which is the entry's place in its list) -
    C(schedules) (M(jsm.ops.jsmops_schedule), each with C(rotations) (M(jsm.ops.jsmops_schedule_rotation)) and C(overrides)
    (M(jsm.ops.jsmops_schedule_override))), C(escalations) (M(jsm.ops.jsmops_escalation)), C(routing_rules)
    (M(jsm.ops.jsmops_routing_rule), in the order they are tried; the team's default rule is marked C(default=true) and
    stays last), C(roles) (M(jsm.ops.jsmops_team_role)), C(integrations) (M(jsm.ops.jsmops_integration), each with
    C(actions) (M(jsm.ops.jsmops_integration_action), in order per direction)), C(alert_policies)
    (M(jsm.ops.jsmops_alert_policy), in order), C(notification_policies) (M(jsm.ops.jsmops_notification_policy), in order)
    and C(heartbeats) (M(jsm.ops.jsmops_heartbeat)).
  - Kinds of the globals document - C(schedules) without a team, C(custom_roles) (M(jsm.ops.jsmops_custom_role)),
    C(integrations) without a team, and global C(alert_policies).
  - Every list is read once, at the API's largest page (the schedules with their rotations), concurrently (at most
    O(concurrency) requests at a time, slowed together by an HTTP 429); every user and team name is looked up once. A run
    that changes nothing costs about the requests of those lists, plus one read for each integration, action, policy and
    custom role (their lists only name them), not a task per object. A write updates the list it was made in, so the
    objects after it are not read again; writes are sent one at a time.
  - The whole declaration is checked before the first request; an entry with an unknown key, a wrong type or a value its
    module would refuse without asking the API (a date, a number out of range, the folder of an C(api_key_dest)) fails the
    task naming the entry (C(teams[0].schedules[2].rotations[0])), and nothing is written. A name the API must look up (a
    user's email, a schedule an escalation pages) is checked when its entry is converged.
  - Objects are written in dependency order - schedules, rotations, overrides, escalations, routing rules, team roles,
    custom roles, integrations, actions, alert policies, notification policies, heartbeats - and deleted (entries with
    C(state=absent), and what O(prune) removes) in the reverse order, at the end of the run.
    A failure names the object and stops the run there. The objects after it are not converged, what was done before is
    in RV(actions), and the task reports V(changed) when anything was written.
  - The teams must exist with their operations on (M(jsm.ops.jsmops_team)); creating Atlassian teams is not part of this API.
  - An integration created here gets its API key written only to its C(api_key_dest); the key is never returned.
options:
  teams:
    description:
      - One document per team, each a mapping with C(team) (the team's name or id), an optional C(prune) (overrides
        O(prune) for this team), and a list for each kind to converge.
      - A kind the document leaves out is not touched; an empty list declares that the team has none of that kind
        (which O(prune) then deletes).
    type: list
    elements: dict
  globals:
    description:
      - The objects outside any team, a mapping with an optional C(prune) and the lists C(schedules), C(custom_roles),
        C(integrations) and C(alert_policies).
    type: dict
  src:
    description:
      - A folder written by M(jsm.ops.jsmops_config_export) - C(teams/*.yml), one document per team, and C(globals.yml) -
        read instead of O(teams) and O(globals). It is read where the task runs.
    type: path
  prune:
    description:
      - Delete the objects of each declared team, and of the globals, that the declaration does not name, for the kinds the
        document lists (rotations and overrides of the declared schedules, actions of the declared integrations too).
      - Objects of teams that are not declared are never touched; a team's default routing rule and overrides that have
        ended are never deleted. An undeclared escalation or schedule that a routing rule or an escalation step of the team
        still names is kept, with a warning.
      - Routing rules, policies and actions are pruned before the declared ones take their places, so that one rule taken
        out of the declaration is one delete; the other kinds are pruned after every write, children first.
    type: bool
    default: false
  fail_on_drift:
    description:
      - Only compare, as in check mode, and fail the task when anything differs from the declaration; the message names
        the objects and the fields, and RV(actions) lists them all. For a scheduled pipeline that watches for changes made by hand.
    type: bool
    default: false
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
    details: In check mode nothing is written; RV(actions) and the diff show what a real run would do. Objects nested in an
      object the run would create are reported as created with it; an object that names one the run would create (a rule
      notifying a new escalation) cannot be read yet and is listed in RV(unchecked).
  diff_mode:
    support: full
    details: One diff per object that changes, headed with what it is, its name and its team.
seealso:
  - module: jsm.ops.jsmops_config_export
  - ref: ansible_collections.jsm.ops.docsite.adopt_existing_setup
    description: Export an existing setup, review it, commit it and converge it from a pipeline with a drift check.
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Converge the setup exported into config/
  jsm.ops.jsmops_config:
    src: "{{ playbook_dir }}/config"

- name: Fail the nightly job when someone changed the setup by hand
  jsm.ops.jsmops_config:
    src: "{{ playbook_dir }}/config"
    fail_on_drift: true

- name: One team's schedules and routing, written inline
  jsm.ops.jsmops_config:
    teams:
      - team: Platform
        schedules:
          - name: Platform on call
            timezone: Europe/Berlin
            rotations:
              - name: Weekly
                type: weekly
                start_date: "2026-01-05T09:00:00Z"
                participants:
                  - {type: user, email: dana.platform@example.com}
                  - {type: user, email: lee.platform@example.com}
        escalations:
          - name: Platform escalation
            rules:
              - {delay: 1, recipient: {type: schedule, name: Platform on call}}
        routing_rules:
          - name: Critical
            criteria:
              type: match-any-condition
              conditions:
                - {field: priority, operation: equals, expected_value: P1}
            notify: {type: escalation, name: Platform escalation}
          - name: Default routing rule
            default: true
            notify: {type: schedule, name: Platform on call}
  register: platform

- name: Show what changed
  ansible.builtin.debug:
    var: platform.summary
"""

RETURN = r"""
summary:
  description: For each kind the run met, how many objects were created, changed, deleted and left unchanged.
  returned: always
  type: dict
  sample:
    schedules: {created: 0, changed: 1, deleted: 0, unchanged: 29}
    routing_rules: {created: 0, changed: 0, deleted: 1, unchanged: 8}
actions:
  description:
    - What the run did (in check mode, would do), in order - C(kind), C(scope) (the team, or C(globals)), C(name),
      C(action) (V(created), V(changed) or V(deleted)), C(fields) (what changed) and C(where) (the entry in the declaration).
  returned: always
  type: list
  elements: dict
  sample:
    - {kind: schedules, scope: "team 'Platform'", name: Platform on call, action: changed, fields: [timezone], where: "teams[0].schedules[0]"}
unchecked:
  description: Check mode - entries that name an object the run would create, which cannot be read yet, with why.
  returned: always
  type: list
  elements: str
teams:
  description: The declared teams with their ids.
  returned: always
  type: list
  elements: dict
  sample:
    - {team: Platform, team_id: 9d838765-af78-5275-921e-d62872b4dfdf}
"""

from ansible_collections.jsm.ops.plugins.module_utils.config.converge import run_config
from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.oncall import DEFAULT_CONCURRENCY


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        teams=dict(type="list", elements="dict"),
        globals=dict(type="dict"),
        src=dict(type="path"),
        prune=dict(type="bool", default=False),
        fail_on_drift=dict(type="bool", default=False),
        concurrency=dict(type="int", default=DEFAULT_CONCURRENCY),
    )
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("src", "teams"), ("src", "globals")],
                          required_one_of=[("src", "teams", "globals")], supports_check_mode=True)
    error, result = execute(module, run_config)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
