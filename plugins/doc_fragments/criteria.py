# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The criteria option of routing rules, notification rules, policies and integration actions: which alerts they apply to."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  criteria:
    description:
      - Which alerts it applies to. A rule, action or policy created without it applies to every alert.
    type: dict
    suboptions:
      type:
        description:
          - V(match-all) matches every alert; V(match-any-condition) an alert that meets one of O(criteria.conditions);
            V(match-all-conditions) one that meets all of them.
        type: str
        required: true
        choices: [match-all, match-any-condition, match-all-conditions]
      conditions:
        description:
          - The conditions, for V(match-any-condition) and V(match-all-conditions). Their order does not matter.
        type: list
        elements: dict
        suboptions:
          field:
            description:
              - The alert field the condition looks at.
            type: str
            required: true
            choices: [message, alias, description, source, entity, tags, actions, extra-properties, priority, details, responders]
          key:
            description:
              - The property's name, for V(extra-properties) and V(details).
            type: str
          negate:
            description:
              - Match the alerts that do not meet the condition (the API's C(not)).
            type: bool
            default: false
          operation:
            description:
              - How the field is compared with O(criteria.conditions[].expected_value).
            type: str
            required: true
            choices: [matches, contains, starts-with, ends-with, equals, contains-key, contains-value, greater-than, less-than,
                      is-empty, equals-ignore-whitespace]
          expected_value:
            description:
              - The value compared with; V(P1) to V(P5) for V(priority).
            type: str
            default: ""
"""
