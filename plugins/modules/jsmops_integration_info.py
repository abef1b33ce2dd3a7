#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_integration_info
short_description: List integrations
version_added: 0.2.0
description:
  - Returns the integrations the account can see, or the one with a given name, each with its type-specific properties
    (one request per integration, as the list names them only). API keys are never returned; the API shows a key only once.
options:
  name:
    description:
      - Only the integration with this name, in any case.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_integration
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Integrations that are off
  jsm.ops.jsmops_integration_info:
  register: found

- name: Show them
  ansible.builtin.debug:
    msg: "{{ found.integrations | rejectattr('enabled') | map(attribute='name') }}"
"""

RETURN = r"""
integrations:
  description: The integrations, with the API's field names.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import INTEGRATIONS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(name=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, INTEGRATIONS.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
