# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection option table: one source for every module's argument spec and the lookups' options.

``plugins/doc_fragments/connection.py`` documents these options; a unit test
keeps the two in step (names, types, defaults, environment variables, no_log).
Options stay flat so ``module_defaults`` for the ``jsm.ops.jsmops`` group can set them once.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

DEFAULT_API_URL = "https://api.atlassian.com"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3

# name -> (type, default, environment variables (first wins), no_log)
CONNECTION_OPTIONS: dict[str, tuple[str, object, tuple[str, ...], bool]] = {
    "api_email": ("str", None, ("JSM_OPS_API_EMAIL", "ATLASSIAN_OPS_API_EMAIL_ADDRESS"), False),
    "api_token": ("str", None, ("JSM_OPS_API_TOKEN", "ATLASSIAN_OPS_API_TOKEN"), True),
    "cloud_id": ("str", None, ("JSM_OPS_CLOUD_ID", "ATLASSIAN_OPS_CLOUD_ID"), False),
    "site": ("str", None, ("JSM_OPS_SITE", "ATLASSIAN_OPS_DOMAIN_NAME"), False),
    "api_url": ("str", DEFAULT_API_URL, ("JSM_OPS_API_URL",), False),
    "validate_certs": ("bool", True, ("JSM_OPS_VALIDATE_CERTS",), False),
    "ca_path": ("path", None, ("JSM_OPS_CA_PATH",), False),
    "timeout": ("float", DEFAULT_TIMEOUT, ("JSM_OPS_TIMEOUT",), False),
    "retries": ("int", DEFAULT_RETRIES, ("JSM_OPS_RETRIES",), False),
}


def connection_argument_spec() -> dict:
    """Argument spec entries for the connection options, with env fallbacks and no_log."""
    spec = {}
    for name, (type_, default, env, no_log) in CONNECTION_OPTIONS.items():
        entry: dict = {"type": type_, "fallback": (env_fallback, list(env))}
        if default is not None:
            entry["default"] = default
        if no_log:
            entry["no_log"] = True
        spec[name] = entry
    return spec


def connection_params(get) -> dict:
    """Collect the connection options through ``get(name)``.

    ``get`` is ``module.params.get`` for modules and ``self.get_option`` for
    lookups, so both read the same table and feed the same client.
    """
    return {name: get(name) for name in CONNECTION_OPTIONS}
