#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_user_contact_info
short_description: List the contact methods of the calling account, or of another user
version_added: 0.2.0
description:
  - Lists the contact methods of the account the module signs in with, in the order they are tried, or, for an account
    with the Jira admin or operations admin role, those of O(user).
options:
  user:
    description:
      - Another user whose contacts to list, by account id or email address (an email needs O(site)).
    type: str
  method:
    description:
      - Only contacts of this method.
    type: str
    choices: [email, sms, voice, mobile]
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_user_contact
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: How Dana is reached
  jsm.ops.jsmops_user_contact_info:
    user: dana.platform@example.com
  register: dana_contacts
"""

RETURN = r"""
contacts:
  description: The contacts (C(id), C(method), C(to), C(status), C(applyOrder)), each with C(enabled) read from C(status).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.contacts import run_info


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        user=dict(type="str"),
        method=dict(type="str", choices=["email", "sms", "voice", "mobile"]),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run_info)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
