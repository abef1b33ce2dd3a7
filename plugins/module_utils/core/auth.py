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


def _refuse(option: str, bad: str, hint: str) -> ConfigurationError:
    if bad == _NOT_UNICODE:
        hint = "the value held bytes that are not UTF-8; set it again as UTF-8 text"
    return ConfigurationError("%s contains %s; %s." % (option, bad, hint))


def check_email(email) -> str:
    """Return the email if it can be the user-id of Basic credentials, else raise."""
    if email is None or not str(email).strip():
        raise ConfigurationError(
            "api_email is required: set it to the Atlassian account's email (or set JSM_OPS_API_EMAIL)."
        )
    email = str(email)
    bad = _bad_character(email)
    if bad:
        raise _refuse("api_email", bad, "remove it (a pasted value may carry a trailing newline)")
    if ":" in email:
        raise ConfigurationError("api_email must not contain ':' (HTTP Basic credentials cannot carry it); use the account's email address.")
    return email


def check_token(token) -> str:
    """Return the token if it is usable, else raise.  Messages never include the token."""
    if token is None or not str(token).strip():
        raise ConfigurationError(
            "api_token is required: set it to an Atlassian API token (or set JSM_OPS_API_TOKEN)."
        )
    token = str(token)
    bad = _bad_character(token)
    if bad:
        raise _refuse("api_token", bad, "remove it (a pasted token often carries a trailing newline)")
    return token


def basic_auth_header(email, token) -> str:
    """Return the Authorization header value ``Basic base64(email:token)``, UTF-8 encoded."""
    user_pass = "%s:%s" % (check_email(email), check_token(token))
    return "Basic " + base64.b64encode(user_pass.encode("utf-8")).decode("ascii")
