# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hardening of the shared client, by class: the URL scheme's case, every encoding of a secret, identifiers
in their canonical form, bounded answers, and the lookup's keyword arguments."""

from __future__ import annotations

import base64
import binascii
import itertools
import os
import pathlib
import subprocess
import sys
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.jsm.ops.plugins.module_utils.core import client as client_mod
from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError, InvalidRequestError, ResponseFormatError
from ansible_collections.jsm.ops.tests.unit.plugins.module_utils.test_client import free_port

CLOUD = "bc1f99ce-d025-5345-bb1f-206b030069cf"
BASE = "/jsm/ops/api/%s" % CLOUD
EMAIL = "hardening@example.com"
TOKEN = "tok/en+w=ith~odd:chars!9f3a7c1e%b2"  # characters that each encoding writes differently
PROPERTY = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def params(**overrides):
    values = {"api_email": EMAIL, "api_token": TOKEN, "cloud_id": CLOUD, "api_url": "https://api.example.com", "retries": 0, "timeout": 5}
    values.update(overrides)
    return values


# -- 1. the scheme's case ------------------------------------------------------------------------------------

HTTP_SPELLINGS = sorted({"".join(letters) for letters in itertools.product(*zip("http", "HTTP"))})


@pytest.mark.parametrize("scheme", HTTP_SPELLINGS)
def test_loopback_http_in_any_case_never_goes_through_an_environment_proxy(scheme, httpserver, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:%d" % free_port())  # a proxy that is not there: using it fails
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    httpserver.expect_request(BASE + "/v1/x").respond_with_json({"ok": True})
    httpserver.expect_request(BASE + "/v1/w", method="POST").respond_with_json({"id": "1"})
    api_url = httpserver.url_for("/").rstrip("/").replace("http://", scheme + "://").replace("localhost", "LocalHost")
    client = JsmOpsClient(params(api_url=api_url))
    assert client.config.api_url == httpserver.url_for("/").rstrip("/").lower()  # one normal form, decided once
    assert client.get("/v1/x") == {"ok": True}
    assert client.request("POST", "/v1/w", body={}).data == {"id": "1"}


def test_a_url_option_with_a_control_character_is_refused():
    with pytest.raises(ConfigurationError, match=r"^site must not contain a control character"):
        JsmOpsClient(params(cloud_id=None, site="exa\tmple.atlassian.net"))


# -- 7. redaction of every form a server could echo ----------------------------------------------------------


def forms(token: str, email: str = EMAIL) -> dict:
    raw = token.encode("utf-8")
    pair = ("%s:%s" % (email, token)).encode("utf-8")
    found = {
        "raw": token,
        "base64": base64.b64encode(raw).decode(),
        "base64 unpadded": base64.b64encode(raw).decode().rstrip("="),
        "base64 url-safe": base64.urlsafe_b64encode(raw).decode(),
        "hex": binascii.hexlify(raw).decode(),
        "HEX": binascii.hexlify(raw).decode().upper(),
        "percent": quote(token, safe=""),
        "percent, / kept": quote(token),
        "percent, more kept": quote(token, safe="/:+=!~"),
        "every byte percent-encoded": "".join("%%%02x" % byte for byte in raw),
        "plus": quote_plus(token),
        "basic": base64.b64encode(pair).decode(),
        "basic url-safe unpadded": base64.urlsafe_b64encode(pair).decode().rstrip("="),
        "basic percent": quote(base64.b64encode(pair).decode(), safe=""),
    }
    found["percent lower-case"] = "".join(chr(byte) if chr(byte).isalnum() and byte < 128 else "%%%02x" % byte for byte in raw)
    return found


def test_an_api_that_echoes_the_credentials_shows_none_of_their_forms(httpserver):
    echoed = forms(TOKEN)
    first = {"errors": [{"title": "%s=%s" % item} for item in list(echoed.items())[:5]]}
    second = {"message": " ".join("%s=%s" % item for item in list(echoed.items())[5:])}
    httpserver.expect_request(BASE + "/v1/echo").respond_with_json(first, status=400)
    httpserver.expect_request(BASE + "/v1/echo2").respond_with_json(second, status=400)
    client = JsmOpsClient(params(api_url=httpserver.url_for("/").rstrip("/")))
    for path in ("/v1/echo", "/v1/echo2"):
        with pytest.raises(InvalidRequestError) as caught:
            client.get(path)
        message = str(caught.value)
        assert "********" in message
        assert [name for name, form in echoed.items() if form in message] == []


@PROPERTY
@given(token=st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF, exclude_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp")), min_size=12, max_size=40),
       encoding=st.sampled_from(sorted(forms("x" * 12))))
def test_every_encoding_of_any_token_is_redacted(token, encoding):
    client = JsmOpsClient(params(api_token=token))
    echoed = forms(token)[encoding]
    text = client.redact("the gateway said: <%s> and nothing more" % echoed)
    assert echoed not in text and "********" in text, encoding


def test_warnings_are_redacted_too(httpserver):
    told = []
    httpserver.expect_oneshot_request(BASE + "/v1/x").respond_with_data("", status=503)
    httpserver.expect_request(BASE + "/v1/x").respond_with_json({})
    client = JsmOpsClient(params(api_url=httpserver.url_for("/").rstrip("/"), retries=1), warn=told.append, sleep=lambda seconds: None)
    client._warn("echo " + forms(TOKEN)["hex"])  # pylint: disable=protected-access
    client.get("/v1/x")
    assert told and all(forms(TOKEN)["hex"] not in message for message in told)


# -- 10. identifiers in their canonical form; messages naming what was typed -----------------------------------


@pytest.mark.parametrize("written", ["urn:uuid:" + CLOUD, "{%s}" % CLOUD, CLOUD.upper(), CLOUD.replace("-", ""), " %s " % CLOUD])
def test_a_cloud_id_in_another_notation_is_used_in_its_canonical_form(written):
    client = JsmOpsClient(params(cloud_id=written))
    assert client.api_base == "https://api.example.com/jsm/ops/api/" + CLOUD


def test_a_site_that_reports_no_uuid_is_named_not_cloud_id(httpserver):
    httpserver.expect_request("/_edge/tenant_info").respond_with_json({"cloudId": "not-a-uuid"})
    client = JsmOpsClient(params(cloud_id=None, site=httpserver.url_for("/").rstrip("/"), api_url=httpserver.url_for("/").rstrip("/")))
    with pytest.raises(ConfigurationError) as caught:
        client.api_base  # pylint: disable=pointless-statement
    assert str(caught.value).startswith("Site http://localhost:") and "not a UUID" in str(caught.value)
    assert "cloud_id must" not in str(caught.value)


# -- 11. bounded answers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_answer_beyond_the_bound_is_refused_naming_the_request(httpserver, monkeypatch, chunked):
    monkeypatch.setattr(client_mod, "MAX_BODY", 4096)
    body = b'{"values": "' + b"x" * 10000 + b'"}'
    if chunked:
        from werkzeug.wrappers import Response  # pylint: disable=import-outside-toplevel
        httpserver.expect_request(BASE + "/v1/big").respond_with_response(
            Response(iter([body[i:i + 1000] for i in range(0, len(body), 1000)]), content_type="application/json"))
    else:
        httpserver.expect_request(BASE + "/v1/big").respond_with_data(body, content_type="application/json")
    client = JsmOpsClient(params(api_url=httpserver.url_for("/").rstrip("/")))
    with pytest.raises(ResponseFormatError, match=r"^GET /v1/big returned a body of more than"):
        client.get("/v1/big")


# -- 8. the lookup's keyword arguments -------------------------------------------------------------------------

LOOKUP_PROBE = """
import sys
from ansible.errors import AnsibleError
from ansible.plugins.loader import init_plugin_loader, lookup_loader
init_plugin_loader([sys.argv[1]])
plugin = lookup_loader.get("jsm.ops.jsmops_oncall")
try:
    plugin.run(["Platform Primary"], variables={}, nxt=True, api_token="lookup-probe-token-5e8c", cloud_id="%s")
except AnsibleError as exc:
    print(exc.message)
else:
    print("accepted")
""" % CLOUD


def test_an_unknown_lookup_keyword_is_refused_naming_it():
    collections_root = str(pathlib.Path(__file__).resolve().parents[7])
    env = dict(os.environ, PYTHONPATH=collections_root)
    done = subprocess.run([sys.executable, "-c", LOOKUP_PROBE, collections_root], capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.stdout.strip().startswith("jsm.ops.jsmops_oncall: unknown option nxt; the options are api_email,"), done.stdout + done.stderr
    assert "lookup-probe-token-5e8c" not in done.stdout + done.stderr
