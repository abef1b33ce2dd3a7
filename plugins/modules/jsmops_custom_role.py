#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_custom_role
short_description: Create, change and delete custom user roles
version_added: 0.2.0
description:
  - Manages a custom user role of the site by name, with the rights it grants and the rights it takes away from the role
    it extends. The API replaces a role whole; the module sends the role's current fields with the ones that differ.
  - The rights are the names Jira Service Management uses, such as C(alert-create), C(alert-delete) or C(contacts-edit);
    the API's reference does not list them, so the API itself refuses a right it does not know.
  - Needs an account with the admin role and the right to manage custom user roles.
  - M(jsm.ops.jsmops_custom_role_assign) gives a user the role.
options:
  name:
    description:
      - Name of the role; names are matched exactly.
    type: str
    required: true
  granted_rights:
    description:
      - The rights the role grants, compared as a set (their order means nothing). A new role without it grants none beyond
        the role it extends.
    type: list
    elements: str
  disallowed_rights:
    description:
      - The rights the role takes away, compared as a set. A right cannot be in both lists.
    type: list
    elements: str
  state:
    description:
      - V(present) creates the role or changes what differs; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_custom_role_info
  - module: jsm.ops.jsmops_custom_role_assign
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Responders may act on alerts but not delete them
  jsm.ops.jsmops_custom_role:
    name: Responder
    granted_rights: [alert-action, alert-create, alert-add-note]
    disallowed_rights: [alert-delete]
"""

RETURN = r"""
custom_role:
  description: The role after the task (C(id), C(name), C(extendedRole), C(grantedRights), C(disallowedRights)); V(null) once deleted.
  returned: always
  type: dict
  sample:
    id: 288c1908-2337-47c0-8a15-9d80fb1256ea
    name: Responder
    extendedRole: user
    grantedRights: [alert-action, alert-create, alert-add-note]
    disallowedRights: [alert-delete]
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.custom_roles import CUSTOM_ROLES, CUSTOM_ROLE_OPTIONS, CUSTOM_ROLE_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(CUSTOM_ROLE_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **CUSTOM_ROLE_CONSTRAINTS)
    error, result = execute(module, CUSTOM_ROLES.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
