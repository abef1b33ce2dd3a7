# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP client against a real local HTTP server (pytest-httpserver): retries, pagination, errors, TLS rules."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import quote

import pytest
from werkzeug.wrappers import Response

from ansible_collections.jsm.ops.plugins.module_utils.core import client as client_mod
from ansible_collections.jsm.ops.plugins.module_utils.core.client import JsmOpsClient
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import (
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitedError,
    ResponseFormatError,
    ServerError,
    TransportError,
)

CLOUD = "bc1f99ce-d025-5345-bb1f-206b030069cf"
BASE = "/jsm/ops/api/%s" % CLOUD
TOKEN = "unit-client-token-9d3b7e1f5a0c4e28b6d2"
EMAIL = "client@example.com"


class Recorder:
    """Fake time: sleeping records the wait and moves the clock on."""

    def __init__(self):
        self.waits = []
        self.warnings = []
        self.now = 1000.0

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now

    def warn(self, message):
        self.warnings.append(message)


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def make_client(httpserver, rec):
    def make(**overrides):
        params = {
            "api_email": EMAIL,
            "api_token": TOKEN,
            "cloud_id": CLOUD,
            "api_url": httpserver.url_for("/").rstrip("/"),
            "retries": 3,
            "timeout": 5,
            "validate_certs": True,
        }
        params.update(overrides)
        return JsmOpsClient(params, warn=rec.warn, sleep=rec.sleep, clock=rec.clock, backoff_base=0.01)

    return make


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def errors(*titles):
    return {"errors": [{"title": title} for title in titles]}


def test_get_sends_basic_auth_user_agent_and_decodes_json(httpserver, make_client):
    expected = "Basic " + __import__("base64").b64encode(("%s:%s" % (EMAIL, TOKEN)).encode()).decode()
    httpserver.expect_request(BASE + "/v1/schedules/abc", headers={"Authorization": expected}).respond_with_json({"id": "abc"})
    client = make_client()
    assert client.get("/v1/schedules/abc") == {"id": "abc"}
    request = httpserver.log[0][0]
    assert request.headers["User-Agent"].startswith("jsm.ops/")
    assert request.headers["Accept"] == "application/json"


def test_path_quotes_every_value():
    assert JsmOpsClient.path("/v1/schedules/{}/rotations", "a b/../c?d") == "/v1/schedules/a%20b%2F..%2Fc%3Fd/rotations"


def test_404_is_none_only_when_asked(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/schedules/nope").respond_with_json(errors("Schedule not found"), status=404)
    client = make_client()
    assert client.get("/v1/schedules/nope", missing_ok=True) is None
    with pytest.raises(NotFoundError, match="Schedule not found"):
        client.get("/v1/schedules/nope")


@pytest.mark.parametrize(
    "status, body, error, words",
    [
        (401, {"code": 401, "message": "Unauthorized"}, AuthenticationError, ["Authentication failed: check api_email and api_token", "revoked"]),
        (402, errors("Heartbeats are not in your plan"), PaymentRequiredError, ["plan does not include", "Heartbeats are not in your plan"]),
        (403, errors("No permission"), PermissionDeniedError, ["lacks permission", "No permission"]),
        (409, errors("Schedule with name [Ops] already exists"), ConflictError, ["HTTP 409", "Schedule with name [Ops] already exists"]),
        (422, errors("Name cannot be empty", "Timezone invalid"), InvalidRequestError, ["HTTP 422", "Name cannot be empty; Timezone invalid"]),
        (400, errors("Bad request"), InvalidRequestError, ["HTTP 400", "Bad request"]),
        (500, errors("Internal"), ServerError, ["HTTP 500", "server error"]),
    ],
)
def test_error_statuses_become_typed_one_line_errors(httpserver, make_client, rec, status, body, error, words):
    httpserver.expect_request(BASE + "/v1/schedules", method="POST").respond_with_json(body, status=status)
    with pytest.raises(error) as info:
        make_client().request("POST", "/v1/schedules", body={"name": "Ops", "secret": TOKEN})
    message = str(info.value)
    assert message.startswith("POST /v1/schedules returned HTTP %s" % status)
    for word in words:
        assert word in message
    assert "\n" not in message and TOKEN not in message and "Basic " not in message
    assert info.value.status == status
    assert rec.waits == []  # none of these is retried
    assert len(httpserver.log) == 1


def test_html_error_page_from_a_proxy(httpserver, make_client):
    page_html = "<html><body>Bad gateway " + TOKEN + "</body></html>"
    httpserver.expect_request(BASE + "/v1/schedules").respond_with_data(page_html, status=403, content_type="text/html")
    with pytest.raises(PermissionDeniedError) as info:
        make_client().get("/v1/schedules")
    assert "<html>" not in str(info.value) and TOKEN not in str(info.value)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_get_retries_retryable_statuses_then_succeeds(httpserver, make_client, rec, status):
    for _attempt in range(2):
        httpserver.expect_ordered_request(BASE + "/v1/schedules").respond_with_json(errors("busy"), status=status)
    httpserver.expect_ordered_request(BASE + "/v1/schedules").respond_with_json({"values": []})
    assert make_client().get("/v1/schedules") == {"values": []}
    assert len(rec.waits) == 2
    assert len(rec.warnings) == 2 and "HTTP %s; retrying" % status in rec.warnings[0]


def test_backoff_grows_and_is_jittered(httpserver, make_client, rec):
    httpserver.expect_request(BASE + "/v1/x").respond_with_json(errors("busy"), status=503)
    with pytest.raises(ServerError, match="Gave up after 4 attempts"):
        make_client().get("/v1/x")
    assert len(rec.waits) == 3
    for number, wait in enumerate(rec.waits, start=1):
        ceiling = 0.01 * 2 ** (number - 1)
        assert ceiling / 2 <= wait <= ceiling
    assert len(httpserver.log) == 4


def test_retry_after_seconds_is_honoured(httpserver, make_client, rec):
    httpserver.expect_ordered_request(BASE + "/v1/x").respond_with_json(errors("Too many requests"), status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request(BASE + "/v1/x").respond_with_json({"ok": 1})
    assert make_client().get("/v1/x") == {"ok": 1}
    assert rec.waits == [7.0]


def test_retry_after_http_date_is_honoured(httpserver, make_client, rec):
    when = __import__("email.utils").utils.formatdate(time.time() + 30, usegmt=True)
    httpserver.expect_ordered_request(BASE + "/v1/x").respond_with_json(errors("slow down"), status=429, headers={"Retry-After": when})
    httpserver.expect_ordered_request(BASE + "/v1/x").respond_with_json({"ok": 1})
    make_client().get("/v1/x")
    assert 25 <= rec.waits[0] <= 31


def test_retry_after_beyond_the_budget_fails_at_once(httpserver, make_client, rec):
    httpserver.expect_request(BASE + "/v1/x").respond_with_json(errors("Too many requests"), status=429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitedError) as info:
        make_client().get("/v1/x")
    assert "asked to wait 3600 s, beyond the retry budget" in str(info.value)
    assert rec.waits == [] and len(httpserver.log) == 1


def test_total_wait_is_bounded(httpserver, make_client, rec):
    httpserver.expect_request(BASE + "/v1/x").respond_with_json(errors("Too many requests"), status=429, headers={"Retry-After": "25"})
    with pytest.raises(RateLimitedError):
        make_client(retries=10).get("/v1/x")
    assert rec.waits == [25.0, 25.0]  # a third wait would pass the 60 s budget
    assert sum(rec.waits) <= client_mod.MAX_TOTAL_WAIT


def test_retries_zero_means_one_attempt(httpserver, make_client, rec):
    httpserver.expect_request(BASE + "/v1/x").respond_with_json(errors("busy"), status=503)
    with pytest.raises(ServerError):
        make_client(retries=0).get("/v1/x")
    assert len(httpserver.log) == 1 and rec.waits == []


def test_post_is_retried_on_429(httpserver, make_client, rec):
    busy = errors("Too many requests")
    httpserver.expect_ordered_request(BASE + "/v1/schedules", method="POST").respond_with_json(busy, status=429, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request(BASE + "/v1/schedules", method="POST").respond_with_json({"id": "new"}, status=201)
    response = make_client().request("POST", "/v1/schedules", body={"name": "Ops"})
    assert response.status == 201 and response.data == {"id": "new"}
    assert rec.waits == [1.0]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_post_is_not_retried_when_it_may_have_been_processed(httpserver, make_client, rec, status):
    httpserver.expect_request(BASE + "/v1/schedules", method="POST").respond_with_json(errors("gateway"), status=status)
    with pytest.raises(ServerError):
        make_client().request("POST", "/v1/schedules", body={"name": "Ops"})
    assert len(httpserver.log) == 1 and rec.waits == []


def test_connection_refused_is_retried_even_for_post(make_client, rec):
    client = make_client(api_url="http://127.0.0.1:%d" % free_port(), retries=2)
    with pytest.raises(TransportError) as info:
        client.request("POST", "/v1/schedules", body={"name": "Ops"})
    assert "could not connect to 127.0.0.1" in str(info.value)
    assert "Gave up after 3 attempts" in str(info.value)
    assert len(rec.waits) == 2


def test_read_timeout_retries_get_but_not_post(httpserver, make_client, rec):
    def slow(_request):
        time.sleep(0.6)
        return Response("{}", content_type="application/json")

    httpserver.expect_request(BASE + "/v1/slow").respond_with_handler(slow)
    client = make_client(timeout=0.2, retries=1)
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        client.get("/v1/slow")
    assert "no answer from" in str(info.value) and "within the timeout of 0.2 s" in str(info.value)
    assert len(rec.waits) == 1
    with pytest.raises(TransportError):
        client.request("POST", "/v1/slow", body={})
    assert len(rec.waits) == 1  # the POST was not retried
    assert time.monotonic() - started < 5
    deadline = time.monotonic() + 5  # let the server finish the slow answers before the next test
    while len(httpserver.log) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [entry[0].method for entry in httpserver.log] == ["GET", "GET", "POST"]


def test_malformed_json_is_retried_for_get_then_reported(httpserver, make_client, rec):
    httpserver.expect_request(BASE + "/v1/x").respond_with_data("{not json", content_type="application/json")
    with pytest.raises(ResponseFormatError) as info:
        make_client(retries=1).get("/v1/x")
    assert "body that is not JSON" in str(info.value)
    assert len(httpserver.log) == 2


def test_malformed_json_on_post_is_not_retried(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/x", method="POST").respond_with_data("<html>", content_type="text/html")
    with pytest.raises(ResponseFormatError, match="content type text/html"):
        make_client().request("POST", "/v1/x", body={})
    assert len(httpserver.log) == 1


def test_redirects_are_not_followed(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/x").respond_with_data("", status=302, headers={"Location": "https://elsewhere.example.net/steal"})
    with pytest.raises(TransportError) as info:
        make_client().get("/v1/x")
    assert "redirected (HTTP 302) to elsewhere.example.net" in str(info.value)
    assert len(httpserver.log) == 1


def test_204_gives_no_data(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/schedules/abc", method="DELETE").respond_with_data("", status=204)
    response = make_client().request("DELETE", "/v1/schedules/abc")
    assert response.status == 204 and response.data is None


# -- pagination -------------------------------------------------------------


def page(values, next_link=None):
    body = {"values": values}
    if next_link is not False:
        body["links"] = {"next": next_link}
    return body


def test_paginate_follows_relative_links_until_null(httpserver, make_client):
    httpserver.expect_ordered_request(BASE + "/v1/schedules", query_string="query=Ops&offset=0&size=50").respond_with_json(
        page([1, 2], "/v1/schedules?query=Ops&offset=2&size=2")
    )
    httpserver.expect_ordered_request(BASE + "/v1/schedules", query_string="query=Ops&offset=2&size=2").respond_with_json(page([3], None))
    assert list(make_client().paginate("/v1/schedules", {"query": "Ops"})) == [1, 2, 3]


@pytest.mark.parametrize("style", ["absolute", "api-path", "spec-path", "full-path"])
def test_paginate_resolves_every_link_style(httpserver, make_client, style):
    query = "offset=1&size=1"
    links = {
        "absolute": httpserver.url_for(BASE + "/v1/things") + "?" + query,
        "api-path": "/v1/things?" + query,
        "spec-path": "/api/%s/v1/things?%s" % (CLOUD, query),
        "full-path": BASE + "/v1/things?" + query,
    }
    httpserver.expect_ordered_request(BASE + "/v1/things", query_string="offset=0&size=1").respond_with_json(page(["a"], links[style]))
    httpserver.expect_ordered_request(BASE + "/v1/things", query_string=query).respond_with_json(page(["b"], False))
    assert list(make_client().paginate("/v1/things", page_size=1)) == ["a", "b"]


def test_paginate_refuses_a_repeated_link(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/things").respond_with_json(page(["a"], "/v1/things?offset=0&size=50"))
    with pytest.raises(ResponseFormatError, match="repeats a page already read"):
        list(make_client().paginate("/v1/things"))
    assert len(httpserver.log) == 1


def test_paginate_refuses_a_repeated_link_spelt_differently(httpserver, make_client):
    # Regression (found by a property test): a link back to page one with its parameters in another
    # order was read again, so its items came out twice before the loop was noticed.
    httpserver.expect_request(BASE + "/v1/things").respond_with_json(page(["a"], "/v1/things?size=50&offset=0&query=On%20call"))
    with pytest.raises(ResponseFormatError, match="repeats a page already read"):
        list(make_client().paginate("/v1/things", {"query": "On call"}))
    assert len(httpserver.log) == 1


def test_paginate_refuses_a_link_to_another_host(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/things").respond_with_json(page(["a"], "https://evil.example.net/jsm/ops/api/x/v1/things?offset=1"))
    with pytest.raises(ResponseFormatError, match="points to another host"):
        list(make_client().paginate("/v1/things"))


def test_paginate_requires_a_values_list(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/things").respond_with_json({"items": []})
    with pytest.raises(ResponseFormatError, match="no 'values' list"):
        list(make_client().paginate("/v1/things"))


# -- configuration ----------------------------------------------------------


def test_cloud_id_is_looked_up_from_the_site(httpserver, make_client):
    httpserver.expect_request("/_edge/tenant_info").respond_with_json({"cloudId": CLOUD})
    httpserver.expect_request(BASE + "/v1/x").respond_with_json({"ok": True})
    client = make_client(cloud_id=None, site=httpserver.url_for("/"))
    assert client.get("/v1/x") == {"ok": True}
    assert client.cloud_id == CLOUD
    assert "Authorization" not in httpserver.log[0][0].headers  # tenant_info is public
    assert len([entry for entry in httpserver.log if entry[0].path == "/_edge/tenant_info"]) == 1


def test_site_without_cloud_id_answer(httpserver, make_client):
    httpserver.expect_request("/_edge/tenant_info").respond_with_data("<html>login</html>", content_type="text/html")
    client = make_client(cloud_id=None, site=httpserver.url_for("/"), retries=0)
    with pytest.raises(ConfigurationError, match="Could not look up the cloud ID of site .* Set cloud_id instead"):
        client.get("/v1/x")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"cloud_id": None, "site": None}, "One of cloud_id or site is required"),
        ({"cloud_id": "not-a-uuid"}, "cloud_id must be the site's cloud ID, a UUID"),
        ({"site": "exa mple.atlassian.net"}, "site must be a host name or an http(s) URL"),
        ({"site": "https://example.atlassian.net/jira"}, "site must name the site only"),
        ({"site": "http://example.atlassian.net"}, "site uses plain http:// to example.atlassian.net"),
        ({"api_url": "http://api.example.com"}, "api_url uses plain http:// to api.example.com"),
        ({"api_url": "ftp://api.example.com"}, "api_url must be a host name or an http(s) URL"),
        ({"api_url": "https://user:pw@api.example.com"}, "api_url must not carry a user name or password"),
        ({"timeout": 0}, "timeout must be a number of seconds greater than 0"),
        ({"retries": -1}, "retries must be a whole number from 0 to 20"),
        ({"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem does not exist"),
        ({"api_token": TOKEN + "\n"}, "api_token contains whitespace"),
    ],
)
def test_bad_connection_options(make_client, overrides, message):
    with pytest.raises(ConfigurationError) as info:
        make_client(**overrides)
    assert str(info.value).startswith(message), str(info.value)
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:8080", "http://127.5.0.1"])
def test_plain_http_is_allowed_to_loopback(make_client, url):
    assert make_client(api_url=url).config.api_url == url


def test_bare_site_gets_https(make_client):
    assert make_client(site="example.atlassian.net").config.site == "https://example.atlassian.net"


def test_validate_certs_false_warns(make_client, rec):
    client = make_client(validate_certs=False)
    assert client.session.verify is False
    assert any("not verified" in warning for warning in rec.warnings)


def test_ca_path_is_used_for_verification(make_client, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("placeholder")
    assert make_client(ca_path=str(bundle)).session.verify == str(bundle)


def test_redact_removes_every_form_of_the_token(make_client):
    client = make_client()
    header = client.config.auth_header
    text = "a %s b %s c %s" % (TOKEN, header, header.split(" ")[1])
    assert TOKEN not in client.redact(text) and header.split(" ")[1] not in client.redact(text)


def test_redaction_covers_every_option_the_option_table_calls_secret(make_client, monkeypatch):
    """The client redacts by the option table: an option marked secret there is redacted in all its forms."""
    monkeypatch.setattr(client_mod, "SECRET_OPTIONS", ("api_token", "api_email"))
    client = make_client()
    email = client.config.email
    for form in (TOKEN, quote(TOKEN, safe=""), email, quote(email, safe="")):
        assert form not in client.redact("x %s y" % form)


def test_a_429_slows_every_spawned_worker(httpserver):
    """Worker A is told to wait 1 s; worker B, on its own session, does not hit the API before that second is over."""
    arrivals = {}

    def limited(request):
        arrivals.setdefault("a", []).append(time.monotonic())
        if len(arrivals["a"]) == 1:
            return Response('{"errors":[{"title":"Too many requests"}]}', status=429, headers={"Retry-After": "1"}, content_type="application/json")
        return Response("{}", content_type="application/json")

    def other(_request):
        arrivals["b"] = time.monotonic()
        return Response("{}", content_type="application/json")

    httpserver.expect_request(BASE + "/v1/a").respond_with_handler(limited)
    httpserver.expect_request(BASE + "/v1/b").respond_with_handler(other)
    params = {"api_email": EMAIL, "api_token": TOKEN, "cloud_id": CLOUD, "api_url": httpserver.url_for("/").rstrip("/"), "retries": 2, "timeout": 5}
    told_to_wait = threading.Event()
    first = JsmOpsClient(params, warn=lambda message: told_to_wait.set())
    second = first.spawn()
    assert second.session is not first.session
    worker = threading.Thread(target=first.get, args=("/v1/a",))
    worker.start()
    assert told_to_wait.wait(5)
    second.get("/v1/b")
    worker.join()
    assert len(arrivals["a"]) == 2
    assert arrivals["b"] - arrivals["a"][0] >= 0.9  # B waited out A's Retry-After
    assert arrivals["a"][1] - arrivals["a"][0] >= 0.9


def test_plain_http_to_loopback_never_goes_through_an_environment_proxy(httpserver, make_client, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:%d" % free_port())  # a proxy that is not there
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:%d" % free_port())
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    httpserver.expect_request(BASE + "/v1/x").respond_with_json({"ok": True})
    assert make_client(retries=0).get("/v1/x") == {"ok": True}


def test_netrc_does_not_replace_the_credentials(httpserver, make_client, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine localhost login someone@example.com password netrc-password-4c1f\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    expected = "Basic " + __import__("base64").b64encode(("%s:%s" % (EMAIL, TOKEN)).encode()).decode()
    httpserver.expect_request(BASE + "/v1/x", headers={"Authorization": expected}).respond_with_json({"ok": True})
    httpserver.expect_request("/_edge/tenant_info").respond_with_json({"cloudId": CLOUD})
    client = make_client(cloud_id=None, site=httpserver.url_for("/"))
    assert client.get("/v1/x") == {"ok": True}
    assert "Authorization" not in httpserver.log[0][0].headers  # nor on the public tenant_info call


def test_links_are_rebased_onto_a_proxy_api_url(httpserver, make_client):
    prefix = "/atlassian"
    base = prefix + BASE
    httpserver.expect_ordered_request(base + "/v1/things", query_string="offset=0&size=1").respond_with_json(
        page(["a"], "https://api.atlassian.com%s/v1/things?offset=1&size=1" % BASE))
    httpserver.expect_ordered_request(base + "/v1/things", query_string="offset=1&size=1").respond_with_json(
        page(["b"], "%s/v1/things?offset=2&size=1" % BASE))
    httpserver.expect_ordered_request(base + "/v1/things", query_string="offset=2&size=1").respond_with_json(page(["c"], None))
    client = make_client(api_url=httpserver.url_for(prefix))
    assert list(client.paginate("/v1/things", page_size=1)) == ["a", "b", "c"]


def test_an_empty_page_ends_the_list_even_with_a_next_link(httpserver, make_client):
    httpserver.expect_ordered_request(BASE + "/v1/things", query_string="offset=0&size=50").respond_with_json(page([], "/v1/things?offset=50&size=50"))
    assert list(make_client().paginate("/v1/things")) == []
    assert len(httpserver.log) == 1


def test_validate_certs_false_wins_over_ca_path(make_client, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("placeholder")
    assert make_client(validate_certs=False, ca_path=str(bundle)).session.verify is False


def test_unparseable_url_is_a_clear_error(make_client):
    with pytest.raises(ConfigurationError, match="site must be a host name or an http"):
        make_client(site="https://[abc")


def test_a_write_empties_the_lists_a_run_keeps(httpserver, make_client):
    httpserver.expect_request(BASE + "/v1/schedules", method="POST").respond_with_json({"id": "new"}, status=201)
    client = make_client()
    client.request("POST", "/v1/schedules", body={"name": "x"})  # no cache kept: nothing to empty
    client.list_cache = {("/v1/schedules", ()): [{"id": "old"}]}
    worker = client.spawn()
    assert worker.list_cache is client.list_cache  # a worker shares the run's lists
    worker.request("POST", "/v1/schedules", body={"name": "y"})
    assert client.list_cache == {}
