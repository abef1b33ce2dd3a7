#!/usr/bin/python
# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: jsmops_api
short_description: Call any JSM Ops API operation by method and path
version_added: 0.2.0
description:
  - Sends one request to the JSM Ops REST API, for operations that have no module of their own, with everything the other
    modules get; the credentials, the cloud ID (or its lookup from O(site)), TLS settings, retries that honour C(Retry-After),
    redaction of the token from every message, and plain HTTP only to a loopback address.
  - The path is relative to the API base, such as C(/v1/teams), as Atlassian's API reference writes it after C(/api/{cloudId});
    a path copied with that prefix is accepted as well. A full URL, a query or fragment in the path, an unfilled placeholder
    and empty, C(.) or C(..) segments (also percent-encoded) are refused before anything is sent.
  - A GET is never C(changed). A write (POST, PUT, PATCH, DELETE) is C(changed) whenever it is sent, because the module cannot
    know what it did; use C(changed_when) on the task where the answer tells. The dedicated modules compare before they write, so
    prefer them where they exist.
  - The module does not check the request against the API's schema; the API's own error message is returned when it refuses it.
options:
  method:
    description:
      - The HTTP method.
    type: str
    choices: [GET, POST, PUT, PATCH, DELETE]
    default: GET
  path:
    description:
      - The operation's path relative to the API base, with its parameters filled in, such as C(/v1/teams/<team id>/policies).
    type: str
    required: true
  query:
    description:
      - Query parameters. A list sends the parameter once per item; a boolean is sent as C(true) or C(false).
    type: dict
  body:
    description:
      - The request body, sent as JSON. Only with POST, PUT, PATCH or DELETE.
    type: raw
  paginate:
    description:
      - For a GET of a list; read every page by following the answer's C(links.next) and return all C(values) together.
        The first request carries O(query) as given (set C(size) there for larger pages).
    type: bool
    default: false
  wait:
    description:
      - For a write the API processes asynchronously; wait until the API reports the request named by the answer's
        C(requestId) processed, and fail if it failed or did not finish within O(wait_timeout).
      - Works on alert paths (C(/v1/alerts/...)), whose requests are read at C(/v1/alerts/requests/{id}), and team paths
        (C(/v1/teams/<team id>/...)), read at C(/v1/teams/<team id>/requests/{id}).
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for the request to be processed, 1 or more.
    type: int
    default: 60
extends_documentation_fragment:
  - jsm.ops.connection
  - jsm.ops.attributes
attributes:
  check_mode:
    support: partial
    details: In check mode a GET is sent as usual; a write is not sent, and RV(request) in the result shows what would be sent.
  diff_mode:
    support: none
seealso:
  - name: JSM Ops REST API reference
    description: Atlassian's reference of every operation, its path, parameters and body.
    link: https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/intro/
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Every integration the account can see, over all pages
  jsm.ops.jsmops_api:
    path: /v1/integrations
    paginate: true
  register: integrations

- name: The alert log of one alert
  jsm.ops.jsmops_api:
    path: "/v1/alerts/{{ alert_id }}/logs"
    query:
      size: 100
  register: alert_log

- name: Add a responder to an open alert and wait until the API has processed it
  jsm.ops.jsmops_api:
    method: POST
    path: "/v1/alerts/{{ alert_id }}/responders"
    body:
      type: team
      id: "{{ team_id }}"
    wait: true

- name: Disable a global alert policy; the answer tells nothing, so say what changed
  jsm.ops.jsmops_api:
    method: POST
    path: "/v1/alerts/policies/{{ policy_id }}/disable"
  changed_when: true
"""

RETURN = r"""
request:
  description:
    - The request as sent (or, in check mode for a write, as it would be sent); C(method), C(path) (relative to the API base),
      C(query) and C(body).
  returned: always
  type: dict
  sample: {method: GET, path: /v1/teams, query: {}, body: null}
status:
  description: The HTTP status of the answer (of the last page with O(paginate)); V(null) when nothing was sent.
  returned: always
  type: int
  sample: 200
json:
  description:
    - The decoded JSON answer; V(null) for an empty answer (such as a 204) and when nothing was sent. With O(paginate),
      C(values) holds the items of every page, as does RV(all_values).
  returned: always
  type: raw
all_values:
  description: With O(paginate), the items of every page, in the API's order.
  returned: when O(paginate=true)
  type: list
  elements: dict
request_status:
  description: With O(wait), the API's report of the processed request.
  returned: when O(wait=true) and the answer named a request
  type: dict
"""

from ansible_collections.jsm.ops.plugins.module_utils.core.options import connection_argument_spec
from ansible_collections.jsm.ops.plugins.module_utils.core.runner import JsmOpsModule, execute
from ansible_collections.jsm.ops.plugins.module_utils.families.api import run


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        method=dict(type="str", choices=["GET", "POST", "PUT", "PATCH", "DELETE"], default="GET"),
        path=dict(type="str", required=True),
        query=dict(type="dict"),
        body=dict(type="raw"),
        paginate=dict(type="bool", default=False),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=60),
    )
    module = JsmOpsModule(argument_spec=argument_spec, supports_check_mode=True)
    error, result = execute(module, run)
    if error:
        module.fail_json(msg=error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
