#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_custom_role_assign
short_description: Give a user a custom user role
version_added: 0.2.0
description:
  - Assigns a custom user role (M(jsm.ops.jsmops_custom_role)) to a user, as onboarding does.
  - The API does not tell which role a user has, so the module cannot compare; it sends the assignment on every run and
    reports it as changed. Assigning the role a user has already changes nothing in Jira Service Management.
  - The admin roles are assigned in Atlassian Administration, not here.
options:
  role:
    description:
      - The custom role, by name or id.
    type: str
    required: true
  user:
    description:
      - The user, by account id or email address (an email is looked up through the site's Jira user search, so O(site)
        must be set).
    type: str
    required: true
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
attributes:
  check_mode:
    support: full
    details: In check mode the role and the user are looked up and nothing is sent.
  diff_mode:
    support: none
seealso:
  - module: jsm.ops.jsmops_custom_role
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Erin joins as a responder
  jsm.ops.jsmops_custom_role_assign:
    role: Responder
    user: erin.database@example.com
"""

RETURN = r"""
role_id:
  description: ID of the role assigned.
  returned: always
  type: str
account_id:
  description: Account ID of the user.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.custom_roles import run_assign


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        role=dict(type="str", required=True),
        user=dict(type="str", required=True),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run_assign)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
