# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.auth import basic_auth_header
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

TOKEN = "unit-test-token-4b1e9f0c7a2d8e6b5c3f"


def test_atlassian_documented_example():
    assert basic_auth_header("user@example.com", "user_api_token") == "Basic dXNlckBleGFtcGxlLmNvbTp1c2VyX2FwaV90b2tlbg=="


def test_non_ascii_email_is_utf8_encoded():
    header = basic_auth_header("noël.zoë@example.com", TOKEN)
    assert header.startswith("Basic ")
    assert base64.b64decode(header[6:]).decode("utf-8") == "noël.zoë@example.com:" + TOKEN
    assert base64.b64decode(header[6:]) == ("noël.zoë@example.com:" + TOKEN).encode("utf-8")


def test_token_may_contain_colon():
    # Only the user-id is forbidden to contain ':' (RFC 7617); the password may.
    header = basic_auth_header("a@example.com", "part1:part2")
    assert base64.b64decode(header[6:]).decode() == "a@example.com:part1:part2"


@pytest.mark.parametrize(
    "email, token, message",
    [
        ("", TOKEN, "api_email is required"),
        (None, TOKEN, "api_email is required"),
        ("   ", TOKEN, "api_email is required"),
        ("a@example.com", "", "api_token is required"),
        ("a@example.com", None, "api_token is required"),
        ("a@example.com", " \t", "api_token is required"),
        ("user:name@example.com", TOKEN, "api_email must not contain ':'"),
        ("a@example.com\n", TOKEN, "api_email contains whitespace"),
        (" a@example.com", TOKEN, "api_email contains whitespace"),
        ("a@exa\x00mple.com", TOKEN, "api_email contains a control character"),
        ("a@example.com", TOKEN + "\n", "api_token contains whitespace"),
        ("a@example.com", TOKEN + "\r\n", "api_token contains whitespace"),
        ("a@example.com", "tok en" + TOKEN, "api_token contains whitespace"),
        ("a@example.com", TOKEN + "\x7f", "api_token contains a control character"),
        ("a@example.com", TOKEN + "\u200b", "api_token contains a control character"),
    ],
)
def test_bad_credentials_are_refused_without_echoing_the_token(email, token, message):
    with pytest.raises(ConfigurationError) as info:
        basic_auth_header(email, token)
    text = str(info.value)
    assert text.startswith(message)
    assert "\n" not in text
    assert TOKEN not in text
