# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of the Basic header: for any Unicode email and token, the header decodes back to exactly
that pair, or the pair is refused with a one-line reason that names the option and is true of its value."""

from __future__ import annotations

import base64
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.jsm.ops.plugins.module_utils.core.auth import basic_auth_header
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.tests.unit.plugins.figures import write_figures

# deadline and the too_slow check off: the machines that run this are shared and their timing varies.
PROPERTY = settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Every code point, lone surrogates included: os.environ turns bytes that are not UTF-8 into them.
ANY_CHAR = st.characters(exclude_categories=())
# Characters a refusal may be about, mixed into otherwise ordinary values.
TROUBLE = st.sampled_from(" \t\n\r\x0b\x0c\x00\x1b\x7f\x85\xa0\u1680\u2000\u2028\u2029\u200b\u200e\ufeff\u3000\udc80\udcff\ud800:")

ORDINARY_TOKENS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)
# Letters, marks, digits, punctuation and symbols of any script: nothing in them is wrong.
PRINTABLE = st.characters(categories=["L", "M", "N", "P", "S"])
UNICODE_TOKENS = st.text(PRINTABLE, min_size=1, max_size=40)
UNICODE_EMAILS = st.text(st.characters(categories=["L", "M", "N", "P", "S"], exclude_characters=":"), min_size=1, max_size=30)


@st.composite
def with_trouble(draw, base):
    """A value from ``base`` with zero or more troublesome characters inserted anywhere."""
    value = draw(base)
    for char in draw(st.lists(TROUBLE, max_size=3)):
        at = draw(st.integers(0, len(value)))
        value = value[:at] + char + value[at:]
    return value


EMAILS = st.one_of(st.none(), st.emails(), UNICODE_EMAILS, st.text(ANY_CHAR, max_size=30), with_trouble(st.one_of(st.emails(), UNICODE_EMAILS)))
TOKENS = st.one_of(st.none(), ORDINARY_TOKENS, UNICODE_TOKENS, st.text(ANY_CHAR, max_size=40), with_trouble(st.one_of(ORDINARY_TOKENS, UNICODE_TOKENS)))
# Half the pairs have nothing wrong with them, so that the round trip is tried as often as the refusals.
PAIRS = st.one_of(st.tuples(st.one_of(st.emails(), UNICODE_EMAILS), st.one_of(ORDINARY_TOKENS, UNICODE_TOKENS)), st.tuples(EMAILS, TOKENS))

FIGURES = {"accepted": 0, "refused": 0}


def blank(value) -> bool:
    return value is None or str(value).strip() == ""


def has_whitespace(value: str) -> bool:
    return any(char.isspace() for char in value)


def has_control(value: str) -> bool:
    # C0/C1 controls, invisible format characters, line and paragraph separators.
    return any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in value)


def has_surrogate(value: str) -> bool:
    # Not Unicode text at all: UTF-8 cannot encode it.
    return any(unicodedata.category(char) == "Cs" for char in value)


def defects(option: str, value) -> set:
    """What is wrong with a credential value, judged from its characters alone."""
    if blank(value):
        return {"required"}
    found = set()
    if has_whitespace(value):
        found.add("whitespace")
    if has_control(value):
        found.add("control")
    if has_surrogate(value):
        found.add("surrogate")
    if option == "api_email" and ":" in value:
        found.add("colon")
    return found


def reason_of(option: str, message: str) -> str:
    """Which defect a refusal message states for ``option``; fails on any other message."""
    rest = message[len(option) + 1:]
    for prefix, reason in (("is required", "required"), ("contains whitespace", "whitespace"),
                           ("must not contain ':'", "colon"), ("contains a control character", "control"),
                           ("contains a character that is not valid Unicode", "surrogate")):
        if rest.startswith(prefix):
            return reason
    raise AssertionError("unexpected refusal message: %r" % message)


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    write_figures("properties-auth.txt", "auth header: %(accepted)d pairs round-tripped, %(refused)d refused with a named reason" % FIGURES)


@PROPERTY
@given(pair=PAIRS)
@example(pair=("noël.zoë@example.com", "tök€n:with:colons"))
@example(pair=("a@example.com", "unit-token-\udcff-undecodable"))
@example(pair=("\udce9mile@example.com", "unit-token-4b1e9f0c7a2d"))
def test_header_decodes_back_to_the_pair_or_is_refused_with_a_named_reason(pair):
    email, token = pair
    try:
        header = basic_auth_header(email, token)
    except ConfigurationError as exc:
        FIGURES["refused"] += 1
        message = str(exc)
        option = message.split(" ", 1)[0]
        assert option in ("api_email", "api_token"), message
        value = email if option == "api_email" else token
        # The reason is true of the named option's value, and an email is judged before the token.
        assert reason_of(option, message) in defects(option, value), (message, value)
        if option == "api_token":
            assert not defects("api_email", email), message
        assert "\n" not in message and "\r" not in message
        if not blank(token) and len(str(token)) >= 6:
            assert str(token) not in message
        return
    FIGURES["accepted"] += 1
    # Accepted only when neither value has anything wrong with it ...
    assert not defects("api_email", email) and not defects("api_token", token), (email, token)
    # ... and then the header is ASCII and decodes back to exactly the pair (RFC 7617, UTF-8).
    assert header.isascii() and header.startswith("Basic ")
    raw = base64.b64decode(header[len("Basic "):], validate=True)
    user_id, password = raw.decode("utf-8").split(":", 1)
    assert (user_id, password) == (email, token)


@pytest.mark.parametrize("email, token, option", [
    ("a@example.com", "unit-token-\udcff-undecodable", "api_token"),
    ("\udce9mile@example.com", "unit-token-4b1e9f0c7a2d", "api_email"),
])
def test_undecodable_bytes_are_refused_not_a_traceback(email, token, option):
    # Regression: a lone surrogate (what os.environ makes of bytes that are not UTF-8) raised
    # UnicodeEncodeError from the header encoding instead of a message naming the option.
    with pytest.raises(ConfigurationError) as info:
        basic_auth_header(email, token)
    assert str(info.value).startswith(option + " contains a character that is not valid Unicode")
    assert "undecodable" not in str(info.value)
