# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP Basic credentials for the JSM Ops API: an Atlassian account email and an API token."""

from __future__ import annotations

import base64
import unicodedata

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError


# What os.environ makes of bytes that are not UTF-8 (lone surrogates): no header can carry them.
_NOT_UNICODE = "a character that is not valid Unicode"


def _bad_character(value: str) -> str | None:
    """Describe the first whitespace, control or undecodable character in value, or None."""
    for char in value:
        if char.isspace():
            return "whitespace"
        category = unicodedata.category(char)
        if category == "Cs":
            return _NOT_UNICODE
        if category in ("Cc", "Cf", "Zl", "Zp"):
            return "a control character"
    return None


def _credential(value, option: str, what: str, env: str, pasted: str) -> str:
    """``value`` as text when it is set and every character can go into a header, else a message naming ``option``
    (never the value)."""
    if value is None or not str(value).strip():
        raise ConfigurationError("%s is required: set it to %s (or set %s)." % (option, what, env))
    value = str(value)
    bad = _bad_character(value)
    if bad == _NOT_UNICODE:
        raise ConfigurationError("%s contains %s; the value held bytes that are not UTF-8; set it again as UTF-8 text." % (option, bad))
    if bad:
        raise ConfigurationError("%s contains %s; remove it (%s)." % (option, bad, pasted))
    return value


def check_email(email) -> str:
    """Return the email if it can be the user-id of Basic credentials, else raise."""
    email = _credential(email, "api_email", "the Atlassian account's email", "JSM_OPS_API_EMAIL", "a pasted value may carry a trailing newline")
    if ":" in email:
        raise ConfigurationError("api_email must not contain ':' (HTTP Basic credentials cannot carry it); use the account's email address.")
    return email


def check_token(token) -> str:
    """Return the token if it is usable, else raise.  Messages never include the token."""
    return _credential(token, "api_token", "an Atlassian API token", "JSM_OPS_API_TOKEN", "a pasted token often carries a trailing newline")


def basic_auth_header(email, token) -> str:
    """Return the Authorization header value ``Basic base64(email:token)``, UTF-8 encoded."""
    user_pass = "%s:%s" % (check_email(email), check_token(token))
    return "Basic " + base64.b64encode(user_pass.encode("utf-8")).decode("ascii")
