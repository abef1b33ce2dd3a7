#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_user_contact
short_description: Add, turn on or off and delete the contact methods of the calling account
version_added: 0.2.0
description:
  - Manages one contact method of the account the module signs in with (O(api_email)), the addresses Jira Service Management
    notifies it at; an email address, a number for SMS or voice calls, or the mobile app.
  - A contact is found by its O(method) and O(to) (an email address in any case, a number with or without spaces), so a new
    address is a new contact. The API acts for the calling account only; to manage another person's contacts, run the task
    with that person's credentials.
  - A mobile contact is added by signing in to the mobile app; this module can turn one on or off, or delete it.
options:
  method:
    description:
      - How the contact is reached.
    type: str
    choices: [email, sms, voice, mobile]
    required: true
  to:
    description:
      - The email address, or the phone number with its country code (such as C(+49-1511-2345678)).
    type: str
    required: true
  enabled:
    description:
      - Whether notifications go to this contact; turned on or off through the API's own endpoints. A new contact without
        it is on.
    type: bool
  state:
    description:
      - V(present) adds the contact or changes what differs; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_user_contact_info
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Text me as well as mailing me
  jsm.ops.jsmops_user_contact:
    method: sms
    to: "+49-1511-2345678"

- name: No calls while I am on leave
  jsm.ops.jsmops_user_contact:
    method: voice
    to: "+49-1511-2345678"
    enabled: false
"""

RETURN = r"""
contact:
  description:
    - The contact after the task (C(id), C(method), C(to), C(status)), with C(enabled) read from C(status); V(null) once deleted.
  returned: always
  type: dict
  sample:
    id: 35c958bb-ecc3-4cfa-8976-3830daa6231e
    method: sms
    to: "+49-1511-2345678"
    status: {enabled: true}
    enabled: true
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.contacts import CONTACTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        method=dict(type="str", choices=["email", "sms", "voice", "mobile"], required=True),
        to=dict(type="str", required=True),
        enabled=dict(type="bool"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, CONTACTS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
