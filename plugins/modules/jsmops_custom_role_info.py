#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_custom_role_info
short_description: List custom user roles with their rights
version_added: 0.2.0
description:
  - Lists the site's custom user roles, each with the rights it grants and disallows, or the one named.
  - The API's list names the roles only, so each role is one more request.
options:
  name:
    description:
      - Only the role with this name.
    type: str
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_custom_role
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Every custom role and its rights
  jsm.ops.jsmops_custom_role_info:
  register: roles
"""

RETURN = r"""
custom_roles:
  description: The roles (C(id), C(name), C(extendedRole), C(grantedRights), C(disallowedRights)).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.custom_roles import CUSTOM_ROLES


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(name=dict(type="str"))
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, CUSTOM_ROLES.info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
