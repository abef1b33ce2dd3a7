# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every jsm.ops module (the table lives in module_utils/core/options.py)."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  api_email:
    description:
      - Email address of the Atlassian account the API calls are made as (the user name of HTTP Basic authentication).
      - If not set, the environment variable E(JSM_OPS_API_EMAIL) is used, then E(ATLASSIAN_OPS_API_EMAIL_ADDRESS).
      - Required, either as an option or from the environment.
    type: str
  api_token:
    description:
      - Atlassian API token of that account (the password of HTTP Basic authentication).
        Create one at U(https://id.atlassian.com/manage-profile/security/api-tokens).
      - If not set, the environment variable E(JSM_OPS_API_TOKEN) is used, then E(ATLASSIAN_OPS_API_TOKEN).
      - Required, either as an option or from the environment. It is never logged or returned.
    type: str
  cloud_id:
    description:
      - Cloud ID (a UUID) of the Atlassian site that holds Jira Service Management.
        U(https://example.atlassian.net/_edge/tenant_info) shows it for the site C(example.atlassian.net).
      - If not set, the environment variable E(JSM_OPS_CLOUD_ID) is used, then E(ATLASSIAN_OPS_CLOUD_ID).
      - One of O(cloud_id) or O(site) is required. When both are set, O(cloud_id) is used for the API.
    type: str
  site:
    description:
      - The Atlassian site, as a host name such as C(example.atlassian.net) or as a URL such as C(https://example.atlassian.net).
      - When O(cloud_id) is not set, the cloud ID is looked up at C(https://<site>/_edge/tenant_info).
      - If not set, the environment variable E(JSM_OPS_SITE) is used, then E(ATLASSIAN_OPS_DOMAIN_NAME).
    type: str
  api_url:
    description:
      - Base URL of the API gateway. Change it to go through a proxy, or to reach a local emulator.
      - Plain C(http://) is accepted only for loopback addresses, so that the token never travels unencrypted.
      - If not set, the environment variable E(JSM_OPS_API_URL) is used.
    type: str
    default: https://api.atlassian.com
  validate_certs:
    description:
      - Whether TLS certificates are verified. Setting it to V(false) is insecure and gives a warning.
      - If not set, the environment variable E(JSM_OPS_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle file (or directory) to verify TLS certificates with, for example for a TLS-inspecting proxy.
      - If not set, the environment variable E(JSM_OPS_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request.
      - If not set, the environment variable E(JSM_OPS_TIMEOUT) is used.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503 or 504 or a connection error,
        with jittered exponential backoff that honours the API's C(Retry-After) header (60 seconds of waiting at most).
      - A request that creates something (C(POST)) is retried only when it provably was not processed (HTTP 429, connection refused).
      - If not set, the environment variable E(JSM_OPS_RETRIES) is used.
    type: int
    default: 3
requirements:
  - requests
"""

    # For lookups: the same options, also read from variables and the environment.  Ansible's plugin
    # configuration lets the LAST environment variable listed win, so each list is the option table's
    # order reversed: JSM_OPS_* still beats ATLASSIAN_OPS_*, as for modules.
    PLUGINS = r"""
options:
  api_email:
    env:
      - name: ATLASSIAN_OPS_API_EMAIL_ADDRESS
      - name: JSM_OPS_API_EMAIL
    vars:
      - name: ansible_jsm_ops_api_email
  api_token:
    env:
      - name: ATLASSIAN_OPS_API_TOKEN
      - name: JSM_OPS_API_TOKEN
    vars:
      - name: ansible_jsm_ops_api_token
  cloud_id:
    env:
      - name: ATLASSIAN_OPS_CLOUD_ID
      - name: JSM_OPS_CLOUD_ID
    vars:
      - name: ansible_jsm_ops_cloud_id
  site:
    env:
      - name: ATLASSIAN_OPS_DOMAIN_NAME
      - name: JSM_OPS_SITE
    vars:
      - name: ansible_jsm_ops_site
  api_url:
    env:
      - name: JSM_OPS_API_URL
    vars:
      - name: ansible_jsm_ops_api_url
  validate_certs:
    env:
      - name: JSM_OPS_VALIDATE_CERTS
    vars:
      - name: ansible_jsm_ops_validate_certs
  ca_path:
    env:
      - name: JSM_OPS_CA_PATH
    vars:
      - name: ansible_jsm_ops_ca_path
  timeout:
    env:
      - name: JSM_OPS_TIMEOUT
    vars:
      - name: ansible_jsm_ops_timeout
  retries:
    env:
      - name: JSM_OPS_RETRIES
    vars:
      - name: ansible_jsm_ops_retries
"""
