#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_audit_log_info
short_description: Read the JSM Ops audit logs over a time range
version_added: 0.2.0
description:
  - Reads the audit logs of Jira Service Management operations (configuration changes, incoming data, notifications, API
    use, ...) created from O(start) up to O(end), page by page until the last page or until O(limit) logs.
  - Reading audit logs needs a Jira Service Management organization, site or product admin role. The API answers an
    account without it as it answers wrong credentials (HTTP 401); the message says so.
options:
  start:
    description:
      - The earliest creation time of the logs, an ISO 8601 date and time with a UTC offset, such as C(2026-12-01T00:00:00Z).
      - Defaults to one day before O(end).
    type: str
  end:
    description:
      - The time before which the logs were created, an ISO 8601 date and time with a UTC offset. Defaults to now.
    type: str
  category:
    description:
      - Only logs of these categories, by the names the logs carry (V(Configuration Changes), V(Incoming Data), V(Alerts),
        V(API), V(Emails), V(Heartbeats), V(Integrations), V(Notifications), V(Oncall Management), ...) or by the API's
        query names (V(CONFIG_CHANGE), V(INCOMING_DATA), ...); case, spaces and underscores do not matter.
    type: list
    elements: str
  level:
    description:
      - Only logs of these levels, V(Information), V(Warning) or V(Error) (also V(info) and V(warn)).
    type: list
    elements: str
  limit:
    description:
      - Return at most this many logs, 1 or more, the oldest pages first. Without it every log of the range is read.
    type: int
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
  - jsm.ops.attributes.info_module
seealso:
  - module: jsm.ops.jsmops_api
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Configuration changes of the last week
  jsm.ops.jsmops_audit_log_info:
    start: "{{ '%Y-%m-%dT%H:%M:%SZ' | strftime(now(utc=true).timestamp() - 7 * 86400, utc=true) }}"
    category: [Configuration Changes]
  register: changes

- name: Errors of integrations on one day, at most 200
  jsm.ops.jsmops_audit_log_info:
    start: "2026-12-01T00:00:00Z"
    end: "2026-12-02T00:00:00Z"
    category: [Integrations, Incoming Data]
    level: [Error]
    limit: 200
  register: integration_errors
"""

RETURN = r"""
audit_logs:
  description:
    - The logs, as the API returns them (C(created), C(category), C(level), C(message), C(details), a JSON text).
  returned: always
  type: list
  elements: dict
  sample:
    - created: "2026-11-30T08:15:02.120Z"
      category: Configuration Changes
      level: Information
      message: Schedule [Platform Primary] updated
      details: '{"user":"ada.admin@example.com"}'
start:
  description: The start of the range as sent, in UTC.
  returned: always
  type: str
end:
  description: The end of the range as sent, in UTC.
  returned: always
  type: str
pages:
  description: How many pages were read.
  returned: always
  type: int
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.audit_logs import run


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        start=dict(type="str"),
        end=dict(type="str"),
        category=dict(type="list", elements="str"),
        level=dict(type="list", elements="str"),
        limit=dict(type="int"),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
