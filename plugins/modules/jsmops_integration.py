#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_integration
short_description: Create, change and delete integrations, and keep a new integration's API key
version_added: 0.2.0
description:
  - An integration is how a monitoring tool (Prometheus Alertmanager, Datadog, a CI job) sends alerts in. Its actions
    (M(jsm.ops.jsmops_integration_action)) decide what an incoming event does.
  - The integration is found by its O(name), unique in the site in any case. Only the options that are set are compared and changed;
    O(properties) sets only the keys it gives.
  - The API key of an API-type integration is in the answer to its creation and nowhere else. The module never shows it;
    O(api_key_dest) writes it to a file only its owner can read, and O(return_api_key) returns it as RV(api_key) (then set
    C(no_log) on the task). A later run cannot read the key again and says so.
  - The API cannot create Slack or Microsoft Teams integrations; the module refuses them before sending anything. Add
    them in Jira Service Management and manage them here by name.
options:
  name:
    description:
      - Name of the integration, its key.
    type: str
    required: true
  state:
    description:
      - V(present) creates the integration or brings it in line with the options; V(absent) deletes it, with its actions.
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - The integration's type, such as V(API), V(Email), V(Prometheus) or V(Datadog). Required to create one; the API cannot
        change it later (a different type is refused).
    type: str
  enabled:
    description:
      - Whether the integration takes events. A new integration without it is off, as the API makes it.
    type: bool
  team:
    description:
      - The team that owns the integration, by id or name; V("") for none (a global integration).
    type: str
  description:
    description:
      - Description of the integration, sent when it is created or changed.
      - The API's answers do not document the description; where an answer leaves it out, it is not compared, so a
        changed description of an existing integration is sent only with another change.
    type: str
  properties:
    description:
      - Type-specific properties (the API's C(typeSpecificProperties)), such as C(allowWriteAccess) of an API integration or
        C(emailUsername) of an Email one. Only the keys given are compared and changed; the others keep their value.
    type: dict
  return_api_key:
    description:
      - Return the key of a new integration as RV(api_key). Set C(no_log) on the task that registers it.
    type: bool
    default: false
  api_key_dest:
    description:
      - Write the key of a new integration to this file, mode 0600, replacing it. Its directory must exist; that is
        checked before the integration is created (in check mode, a missing directory is a warning).
      - When the integration exists already and this file does not, the module warns that the key cannot be read again.
    type: path
  delete_default_actions:
    description:
      - When the integration is created, delete the actions the API gives a new integration, so that
        M(jsm.ops.jsmops_integration_action) defines all of them. Does nothing to an existing integration.
    type: bool
    default: false
notes:
  - Integrations created through the API may lack write access to alerts; give O(properties) C(allowWriteAccess=true) to an
    API integration that closes or acknowledges alerts.
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.state_module
seealso:
  - module: jsm.ops.jsmops_integration_info
  - module: jsm.ops.jsmops_integration_action
  - module: jsm.ops.jsmops_integration_outgoing_filter
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: A directory only the owner can enter, for the key
  ansible.builtin.file:
    path: "{{ lookup('ansible.builtin.env', 'HOME') }}/.config/jsm-ops"
    state: directory
    mode: "0700"

- name: An API integration for the Platform team, its key in a file only the owner reads
  jsm.ops.jsmops_integration:
    name: Alertmanager (Platform)
    type: API
    team: Platform
    enabled: true
    properties:
      allowWriteAccess: true
    api_key_dest: "{{ lookup('ansible.builtin.env', 'HOME') }}/.config/jsm-ops/alertmanager.key"
    delete_default_actions: true

- name: A key handed to the next task, never shown
  jsm.ops.jsmops_integration:
    name: CI jobs
    type: API
    return_api_key: true
  register: ci_integration
  no_log: true

- name: Delete an integration
  jsm.ops.jsmops_integration:
    name: Old Nagios
    state: absent
"""

RETURN = r"""
integration:
  description:
    - The integration after the task, with the API's field names, without its API key. In check mode, the predicted one.
    - V(null) when O(state=absent).
  returned: always
  type: dict
  sample:
    id: 1d6d7cbb-3a48-4b56-a3a0-3e5f0b4ab0f4
    name: Alertmanager (Platform)
    type: API
    enabled: true
    teamId: 8ae8a0a2-1122-5566-8899-11b82bbd85c9
    typeSpecificProperties: {allowWriteAccess: true}
api_key:
  description:
    - The API key of the integration this task created, with O(return_api_key); V(null) otherwise (the key cannot be read later).
  returned: when O(state=present)
  type: str
deleted_default_actions:
  description: Names of the default actions deleted after the creation, with O(delete_default_actions).
  returned: when O(state=present)
  type: list
  elements: str
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.integrations import INTEGRATIONS, INTEGRATION_OPTIONS, INTEGRATION_CONSTRAINTS


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(INTEGRATION_OPTIONS)
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True, **INTEGRATION_CONSTRAINTS)
    error, result = execute(module, INTEGRATIONS.run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
