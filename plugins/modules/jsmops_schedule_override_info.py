#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_schedule_override_info
short_description: List the ongoing and future overrides of an on-call schedule
version_added: 0.1.0
description:
  - Returns the overrides of a schedule that are ongoing or still to come (the API lists no past ones), or the one with a given alias.
  - A schedule or override that does not exist, or that the account cannot see, gives an empty list.
options:
  schedule:
    description:
      - The schedule, by id or by exact name.
    type: str
    required: true
  alias:
    description:
      - Only the override with this alias. A past override can be read this way too.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_schedule_override
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Overrides to come in the Platform schedule
  jsm.ops.jsmops_schedule_override_info:
    schedule: Platform Primary
  register: overrides

- name: One override by alias
  jsm.ops.jsmops_schedule_override_info:
    schedule: Platform Primary
    alias: kubecon-cover
"""

RETURN = r"""
overrides:
  description: The overrides, with the API's field names.
  returned: always
  type: list
  elements: dict
  sample:
    - alias: kubecon-cover
      responder:
        type: user
        id: 712020:0f9b4a52-3c2e-4d6a-9d1e-5b7c8a9e0f12
      startDate: "2026-11-10T07:00:00Z"
      endDate: "2026-11-14T17:00:00Z"
schedule_id:
  description: ID of the schedule; V(null) when it was not found.
  returned: always
  type: str
"""


from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.overrides import OVERRIDES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(schedule=dict(type="str", required=True), alias=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, OVERRIDES.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
