#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_routing_rule
short_description: Create, change, order and delete routing rules of a team
version_added: 0.2.0
description:
  - A routing rule decides where the team's alerts go. The API tries a team's rules in order and the first rule whose
    O(criteria) and O(time_restriction) match an alert notifies its escalation or schedule.
  - The rule is found by its O(name) within the O(team). The API makes names optional and allows two rules of one name;
    this module needs a name to find the rule again, and refuses a name two rules share, giving their ids (O(id) then names the one meant).
  - Only the options that are set are compared and changed. The conditions of O(criteria) are compared as a set, because
    the API applies them as one whatever their order.
  - Every team has one default rule, last, which matches every alert. Its O(notify), O(timezone) and O(time_restriction)
    can change; it cannot be deleted, moved or given conditions.
options:
  team:
    description:
      - The team that owns the rule, by id or name.
    type: str
    required: true
  name:
    description:
      - Name of the rule, its key within the team.
      - With O(id), the name the rule is given.
    type: str
    required: true
  id:
    description:
      - The rule's id, where two rules of the team have the same name.
    type: str
  state:
    description:
      - V(present) creates the rule or brings it in line with the options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  timezone:
    description:
      - Time zone of O(time_restriction), such as V(Europe/Berlin). The API uses the site's time zone for a new rule without one.
    type: str
  notify:
    description:
      - What the matching alerts notify. Required to create a rule.
    type: dict
    suboptions:
      type:
        description:
          - An escalation of the team, a schedule, or nobody (V(none)).
        type: str
        required: true
        choices: [escalation, schedule, none]
      id:
        description:
          - The escalation's or schedule's id.
        type: str
      name:
        description:
          - The escalation's or schedule's name, instead of O(notify.id).
        type: str
  order:
    description:
      - The rule's position among the team's rules, from V(0) (tried first). The default rule stays last, so the highest
        position is the number of the team's other rules minus one.
      - A new rule is created in its place. A rule that is elsewhere is moved with one call to the API's change-order
        endpoint, which shifts the rules in between by one; a rule already in its place is not moved.
      - To put several rules in order, set O(order) on each, from the first to the last, as the P(jsm.ops.team#role) role does.
      - Without it, a new rule goes just before the default rule and an existing one stays where it is.
    type: int
extends_documentation_fragment:
  - jsm.ops.criteria
  - jsm.ops.connection
  - jsm.ops.time_restriction
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_routing_rule_info
  - module: jsm.ops.jsmops_escalation
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Critical database alerts page the database escalation, first
  jsm.ops.jsmops_routing_rule:
    team: Platform
    name: Database P1
    order: 0
    criteria:
      type: match-all-conditions
      conditions:
        - {field: priority, operation: equals, expected_value: P1}
        - {field: tags, operation: contains, expected_value: database}
    notify: {type: escalation, name: Platform escalation}

- name: Out of office hours, alerts go to the night schedule
  jsm.ops.jsmops_routing_rule:
    team: Platform
    name: Nights
    timezone: Europe/Berlin
    time_restriction:
      type: time-of-day
      restriction: {start_hour: 18, start_min: 0, end_hour: 8, end_min: 0}
    notify: {type: schedule, name: Platform Nights}

- name: The default rule notifies nobody
  jsm.ops.jsmops_routing_rule:
    team: Platform
    name: Default routing rule
    notify: {type: none}

- name: Remove a rule
  jsm.ops.jsmops_routing_rule:
    team: Platform
    name: Nights
    state: absent
"""

RETURN = r"""
routing_rule:
  description:
    - The rule after the task, with the API's field names; C(order) is its position. In check mode, the predicted rule.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 7a2dd2f3-4a4e-4c56-9a53-4b13e0c8cf3c
    name: Database P1
    isDefault: false
    order: 0
    criteria:
      type: match-all-conditions
      conditions:
        - {field: priority, not: false, operation: equals, expectedValue: P1, order: 0}
    timezone: UTC
    notify: {type: escalation, id: 69291859-ed73-4396-8b74-c61a3c810cdf}
team_id:
  description: ID of the team.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.routing_rules import ROUTING_RULES, ROUTING_RULE_OPTIONS, ROUTING_RULE_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(ROUTING_RULE_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **ROUTING_RULE_CONSTRAINTS)
    error, result = execute(module, ROUTING_RULES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
