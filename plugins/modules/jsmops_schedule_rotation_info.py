#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_rotation_info
short_description: List the rotations of an on-call schedule
version_added: 0.1.0
description:
  - Returns the rotations of a schedule, or the one with a given name or id.
  - A schedule or rotation that does not exist, or that the account cannot see, gives an empty list.
options:
  schedule:
    description:
      - The schedule, by id or by exact name.
    type: str
    required: true
  name:
    description:
      - Only the rotation with this name (exact, case-insensitive).
      - Mutually exclusive with O(id).
    type: str
  id:
    description:
      - Only the rotation with this id.
      - Mutually exclusive with O(name).
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_schedule_rotation
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Every rotation of a schedule
  jsm.ops.jsmops_schedule_rotation_info:
    schedule: Platform Primary
  register: rotations

- name: Who takes part in the weekly rotation, in order
  ansible.builtin.debug:
    msg: "{{ (rotations.rotations | selectattr('name', 'equalto', 'Weekly') | first).participants }}"
"""

RETURN = r"""
rotations:
  description: The rotations, with the API's field names.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3ce33f53-69be-4b92-8d34-a1df0efe642e
      name: Weekly
      type: weekly
      length: 1
      startDate: "2026-01-05T09:00:00Z"
      participants:
        - type: user
          id: 712020:0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12
schedule_id:
  description: ID of the schedule; V(null) when it was not found.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import ROTATIONS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(schedule=dict(type="str", required=True), name=dict(type="str"), id=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, mutually_exclusive=[("id", "name")], supports_check_mode=True)
    error, result = execute(module, ROTATIONS.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
