# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection option table: one source for every module's argument spec, the lookups' options and the secrets.

``plugins/doc_fragments/connection.py`` documents these options; a unit test
keeps the two in step (names, types, defaults, environment variables, no_log).
Options stay flat so ``module_defaults`` for the ``jsm.ops.jsmops`` group can set them once.
The table also says which options hold a secret: the modules' argument spec, the module runner and the
action that masks the debug output all read it from here (``SECRET_OPTIONS``, ``URL_OPTIONS``).
"""

from __future__ import annotations

import os

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.validation import check_type_bool, check_type_float, check_type_int, check_type_path, check_type_str

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

DEFAULT_API_URL = "https://api.atlassian.com"
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3

# What of an option's value is secret (the last field of the table):
SECRET = "secret"  # the whole value: the option is no_log and never shown
URL_PASSWORD = "url-password"  # a URL that may carry a password (https://user:password@host): that password is masked

# name -> (type, default, environment variables (first wins), secret: None, SECRET or URL_PASSWORD)
CONNECTION_OPTIONS: dict[str, tuple[str, object, tuple[str, ...], str | None]] = {
    "api_email": ("str", None, ("JSM_OPS_API_EMAIL", "ATLASSIAN_OPS_API_EMAIL_ADDRESS"), None),
    "api_token": ("str", None, ("JSM_OPS_API_TOKEN", "ATLASSIAN_OPS_API_TOKEN"), SECRET),
    "cloud_id": ("str", None, ("JSM_OPS_CLOUD_ID", "ATLASSIAN_OPS_CLOUD_ID"), None),
    "site": ("str", None, ("JSM_OPS_SITE", "ATLASSIAN_OPS_DOMAIN_NAME"), URL_PASSWORD),
    "api_url": ("str", DEFAULT_API_URL, ("JSM_OPS_API_URL",), URL_PASSWORD),
    "validate_certs": ("bool", True, ("JSM_OPS_VALIDATE_CERTS",), None),
    "ca_path": ("path", None, ("JSM_OPS_CA_PATH",), None),
    "timeout": ("float", DEFAULT_TIMEOUT, ("JSM_OPS_TIMEOUT",), None),
    "retries": ("int", DEFAULT_RETRIES, ("JSM_OPS_RETRIES",), None),
}

# The options whose whole value is secret (api_token): no_log in the argument spec.
SECRET_OPTIONS: tuple[str, ...] = tuple(name for name, (_type, _default, _env, secret) in CONNECTION_OPTIONS.items() if secret == SECRET)
# The URL options into which a password may be written (site, api_url): the password is masked like a secret.
URL_OPTIONS: tuple[str, ...] = tuple(name for name, (_type, _default, _env, secret) in CONNECTION_OPTIONS.items() if secret == URL_PASSWORD)


def connection_argument_spec() -> dict:
    """Argument spec entries for the connection options, with env fallbacks and no_log for SECRET_OPTIONS."""
    spec = {}
    for name, (type_, default, env, _secret) in CONNECTION_OPTIONS.items():
        entry: dict = {"type": type_, "fallback": (env_fallback, list(env))}
        if default is not None:
            entry["default"] = default
        if name in SECRET_OPTIONS:
            entry["no_log"] = True
        spec[name] = entry
    return spec


def connection_params(get) -> dict:
    """Collect the connection options through ``get(name)``.

    ``get`` is ``module.params.get`` for modules and ``self.get_option`` for
    lookups, so both read the same table and feed the same client.
    """
    return {name: get(name) for name in CONNECTION_OPTIONS}


def _check_text(value) -> str:
    """Text, or a number written as text; a list, a mapping or a boolean is refused rather than turned into its repr."""
    if isinstance(value, (bool, list, tuple, set, dict)):
        raise TypeError("not text")
    return check_type_str(value)


_CONVERTERS = {"str": _check_text, "bool": check_type_bool, "float": check_type_float, "int": check_type_int, "path": check_type_path}
_TYPE_NAMES = {"bool": "true or false", "float": "a number", "int": "a whole number"}


def option_reader(values: dict, environ=None):
    """``get(name)`` for connection options given as plain values, such as an Event-Driven Ansible source's arguments.

    An option that is absent or None falls back to its environment variables (the first one set wins, even when set
    to an empty value, as with ``env_fallback``), then to the table's default, like a module's argument spec does;
    the value is converted to the table's type. A value that cannot be converted fails with a message that names
    the option, never the value of a secret one.
    """
    environ = os.environ if environ is None else environ

    def get(name: str):
        type_, default, env, secret = CONNECTION_OPTIONS[name]
        value = values.get(name)
        if value is None:
            value = next((environ[variable] for variable in env if variable in environ), None)  # as env_fallback: set, even empty
        if value is None:
            return default
        try:
            return _CONVERTERS[type_](value)
        except (TypeError, ValueError):
            shown = "" if secret else "; got %r" % (value,)
            raise ConfigurationError("%s must be %s%s." % (name, _TYPE_NAMES.get(type_, "text"), shown)) from None

    return get
