#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_notification_rule_step
short_description: Add, change and delete the steps of a notification rule
version_added: 0.2.0
description:
  - Manages one step of a notification rule of the calling account; which of its contact methods is notified, and how many
    minutes after the rule applies. A step is found by its contact, which must be one of the account's contact methods
    (M(jsm.ops.jsmops_user_contact)).
options:
  rule:
    description:
      - The notification rule, by name or id.
    type: str
    required: true
  method:
    description:
      - The contact's method.
    type: str
    choices: [email, sms, voice, mobile]
    required: true
  to:
    description:
      - The contact's address, as the account's contact has it (an email address in any case).
    type: str
    required: true
  send_after:
    description:
      - Minutes after which this contact is notified, 0 or more. A new step without it notifies at once.
    type: int
  enabled:
    description:
      - Whether the step is on.
    type: bool
    default: true
  state:
    description:
      - V(present) adds the step or changes what differs; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_notification_rule
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Mail me at once about P1 alerts
  jsm.ops.jsmops_notification_rule_step:
    rule: P1 alerts
    method: email
    to: dana.platform@example.com

- name: Text me if it is still open after 5 minutes
  jsm.ops.jsmops_notification_rule_step:
    rule: P1 alerts
    method: sms
    to: "+49-1511-2345678"
    send_after: 5
"""

RETURN = r"""
step:
  description: The step after the task (C(id), C(contact), C(sendAfter), C(enabled)); V(null) once deleted.
  returned: always
  type: dict
  sample: {id: 0hcb717e-c442-4185-8bc1-cc998844f567, contact: {method: sms, to: "+49-1511-2345678"}, sendAfter: 5, enabled: true}
rule_id:
  description: ID of the notification rule.
  returned: always
  type: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.notification_rules import CONTACT_METHODS, STEPS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        rule=dict(type="str", required=True),
        method=dict(type="str", choices=CONTACT_METHODS, required=True),
        to=dict(type="str", required=True),
        send_after=dict(type="int"),
        enabled=dict(type="bool", default=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, STEPS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
