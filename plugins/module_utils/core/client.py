# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: modules and lookups all talk to JSM Ops through it.

One ``requests.Session`` per run (keep-alive), Basic auth sent only to the API
and site origins, no redirects followed, retries with jittered exponential
backoff that honour ``Retry-After``, and one pagination generator.
"""

from __future__ import annotations

import base64
import binascii
import copy
import ipaddress
import os
import re
import time
import uuid
from urllib.parse import parse_qsl, quote, urlsplit

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.jsm.ops.plugins.module_utils.core.auth import basic_auth_header
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import (
    ConfigurationError,
    JsmOpsError,
    PathSegmentError,
    ResponseFormatError,
    TransportError,
    UnreadableWriteError,
    error_for_status,
)
from ansible_collections.jsm.ops.plugins.module_utils.core.options import SECRET_OPTIONS, URL_OPTIONS, connection_params
from ansible_collections.jsm.ops.plugins.module_utils.core.policy import BACKOFF_BASE, MAX_TOTAL_WAIT, RetryPolicy

try:
    import requests
    import urllib3
except ImportError:
    HAS_REQUESTS = False
else:
    HAS_REQUESTS = True

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "jsm.ops/%s (Ansible collection)" % COLLECTION_VERSION

MAX_PAGES = 10000
MAX_BODY = 32 * 1024 * 1024  # bytes: the largest answer read into memory (a year of calendar export is far smaller)
WRITE_METHODS = frozenset(["POST", "PUT", "PATCH", "DELETE"])

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*://)?)[^/@]*@")
_TLS_REASON = re.compile(r"certificate verify failed: ([^(\]\"']+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses, where plain http cannot leave the machine."""
    host = (host or "").strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _base_url(value: str, option: str, bare_host_ok: bool) -> str:
    """Normalise an origin-style URL option; refuse plain http to anything but loopback."""
    given = _USERINFO.sub(r"\1", str(value).strip())  # as the user wrote it, for messages, without any user:password@
    value = str(value).strip()
    if _CONTROL.search(value):
        # urlsplit would silently drop tabs and line breaks; requests would send what was left to another host.
        raise ConfigurationError("%s must not contain a control character (such as a tab or a line break); got %r." % (option, given))
    if bare_host_ok and not _SCHEME.match(value):
        value = "https://" + value
    if "@" in re.split(r"[/?#]", value.split("://", 1)[-1], maxsplit=1)[0]:
        raise ConfigurationError("%s must not carry a user name or password; give the credentials in api_email and api_token." % option)
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        valid_port = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, host, valid_port = urlsplit(""), "", False
    valid_host = bool(_HOSTNAME.match(host)) or _is_ip(host)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not valid_host or not valid_port or parts.query or parts.fragment or parts.username:
        example = "example.atlassian.net or https://example.atlassian.net" if bare_host_ok else "https://api.atlassian.com"
        raise ConfigurationError("%s must be a host name or an http(s) URL such as %s; got %r." % (option, example, given))
    if bare_host_ok and parts.path not in ("", "/"):
        raise ConfigurationError("%s must name the site only (such as example.atlassian.net), without a path; got %r." % (option, given))
    if scheme == "http" and not is_loopback(host):
        raise ConfigurationError(
            "%s uses plain http:// to %s, which would send the API token unencrypted; use https:// "
            "(plain http is accepted only for loopback addresses)." % (option, host)
        )
    # The one normal form every later decision reads (proxies, credentials, links): scheme and host in lower case.
    return "%s://%s%s" % (scheme, parts.netloc.lower(), parts.path.rstrip("/"))


def is_plain_http(url: str) -> bool:
    """True for an http:// URL, however its scheme is written."""
    return urlsplit(url).scheme.lower() == "http"


def url_password(value) -> str | None:
    """The password of a URL option written as ``user:password@host`` (with or without a scheme), else None."""
    if not value or "@" not in str(value):
        return None
    text = str(value).strip()
    try:
        return urlsplit(text if "://" in text else "https://" + text).password or None
    except ValueError:
        return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _check_cloud_id(value) -> str | None:
    """The cloud ID in its canonical form (lower case, with hyphens; a URN or braces are removed), or None when it is no UUID."""
    text = str(value).strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


class ConnectionConfig:
    """The validated connection options of one run."""

    def __init__(self, params: dict):
        self._params = dict(params)
        self.email = params.get("api_email")
        self.token = params.get("api_token")
        self.auth_header = basic_auth_header(self.email, self.token)
        if not params.get("cloud_id") and not params.get("site"):
            raise ConfigurationError(
                "One of cloud_id or site is required: set cloud_id (or JSM_OPS_CLOUD_ID) to the site's cloud ID, "
                "or site (or JSM_OPS_SITE) to the site's host name such as example.atlassian.net."
            )
        self.cloud_id = None
        if params.get("cloud_id"):
            self.cloud_id = _check_cloud_id(params["cloud_id"])
            if self.cloud_id is None:
                raise ConfigurationError(
                    "cloud_id must be the site's cloud ID, a UUID such as 1a2b3c4d-0000-4000-8000-0123456789ab "
                    "(https://<site>/_edge/tenant_info shows it); or set site instead and let the collection look it up."
                )
        self.site = _base_url(params["site"], "site", bare_host_ok=True) if params.get("site") else None
        self.api_url = _base_url(params.get("api_url") or "https://api.atlassian.com", "api_url", bare_host_ok=False)
        timeout = params.get("timeout")
        self.timeout = 30.0 if timeout is None else float(timeout)
        if not 0 < self.timeout <= 3600:
            raise ConfigurationError("timeout must be a number of seconds greater than 0 and at most 3600; got %s." % timeout)
        retries = params.get("retries")
        self.retries = 3 if retries is None else int(retries)
        if not 0 <= self.retries <= 20:
            raise ConfigurationError("retries must be a whole number from 0 to 20; got %s." % retries)
        self.validate_certs = params.get("validate_certs") is not False
        self.ca_path = params.get("ca_path")
        if self.ca_path and not os.path.exists(self.ca_path):
            raise ConfigurationError("ca_path %s does not exist; point it at a CA bundle file or a directory of CA certificates." % self.ca_path)

    def secrets(self) -> list[str]:
        """The secret values of the run: the token, passwords written into URL options, and the Basic credentials."""
        values = {str(self._params[name]) for name in SECRET_OPTIONS if self._params.get(name)}
        values |= {password for password in (url_password(self._params.get(name)) for name in URL_OPTIONS) if password}
        values |= {self.auth_header, self.auth_header.split(" ", 1)[1]}
        return sorted(values, key=len, reverse=True)

    def redaction(self):
        """One pattern for every form in which a server, a proxy or an error page could echo a secret back."""
        return secret_pattern(self.secrets())


def secret_forms(value: str) -> tuple[set, set]:
    """(forms matched as written, forms matched in any case) of one secret: the value, its base64 (standard and URL-safe,
    padded or not) and its hexadecimal digits."""
    raw = value.encode("utf-8")
    exact = {value, value.rstrip("="), value.rstrip("=").replace("+", "-").replace("/", "_")}  # a value that is base64 itself
    for encoded in (base64.b64encode(raw).decode("ascii"), base64.urlsafe_b64encode(raw).decode("ascii")):
        exact |= {encoded, encoded.rstrip("=")}
    folded = {binascii.hexlify(raw).decode("ascii")}
    return exact, folded


def _tolerant(form: str, fold: bool) -> str:
    """A pattern for ``form`` with any of its characters percent-encoded (hex digits in either case, ``+`` for a space)."""
    parts = []
    for char in form:
        choices = [re.escape(char)]
        if fold and char.lower() != char.upper():
            choices = ["[%s%s]" % (re.escape(char.lower()), re.escape(char.upper()))]
        choices += ["".join("%%%s" % "".join("[%s%s]" % (digit.lower(), digit.upper()) if digit.isalpha() else digit for digit in "%02X" % byte)
                            for byte in char.encode("utf-8"))]
        if char == " ":
            choices.append(r"\+")
        parts.append("(?:%s)" % "|".join(choices))
    return "".join(parts)


def secret_pattern(secrets):
    """The compiled pattern of every form of every secret (None when there is none); longest forms first."""
    alternatives = []
    for value in secrets:
        if not value:
            continue
        exact, folded = secret_forms(value)
        alternatives += [(len(form), _tolerant(form, False)) for form in exact]
        alternatives += [(len(form), _tolerant(form, True)) for form in folded]
    if not alternatives:
        return None
    return re.compile("|".join(pattern for _length, pattern in sorted(alternatives, reverse=True)))


class Response:
    """What callers need of an answer: status, decoded JSON (or the text, for ``text=True``; None when empty) and headers."""

    def __init__(self, status: int, data, headers):
        self.status = status
        self.data = data
        self.headers = headers


class JsmOpsClient:
    """A JSM Ops API client for one module run or one lookup call."""

    def __init__(self, params: dict, warn=None, sleep=time.sleep, clock=time.monotonic, backoff_base=BACKOFF_BASE, max_total_wait=MAX_TOTAL_WAIT):
        if not HAS_REQUESTS:
            raise JsmOpsError(missing_required_lib("requests"))
        self.config = ConnectionConfig(params)
        warn = warn or (lambda message: None)
        self._warn = lambda message: warn(self.redact(message))
        # The one retry and polling policy of the run, shared with every spawned worker client.
        self.policy = RetryPolicy(self.config.retries, sleep=sleep, clock=clock, backoff_base=backoff_base, max_total_wait=max_total_wait)
        self._redaction = False  # compiled on first use: most runs never redact anything
        self._cloud_id = self.config.cloud_id
        # Writes of this run that were (or may have been) applied, for a failure's ``changed``; and those whose
        # outcome is unknown (the answer was lost or could not be read), which the failure names.
        self.writes_applied: list[str] = []
        self.writes_unconfirmed: list[str] = []
        # A run that converges many objects (jsmops_config) reads each list once and resolves each name once: it sets
        # ``list_cache`` to a dict (shared with spawned workers; a write drops the lists it may change, see forget_lists)
        # and ``resolver`` to one Resolver.
        self.list_cache = None
        self.resolver = None
        self.session = self._new_session()
        if not self.config.validate_certs:
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            self._warn("validate_certs is false: TLS certificates of %s are not verified." % self.config.api_url)

    def _new_session(self):
        session = requests.Session()
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        session.verify = (self.config.ca_path or True) if self.config.validate_certs else False
        return session

    def spawn(self) -> JsmOpsClient:
        """Another client for a worker thread: its own keep-alive session, the same settings, and
        the same throttle, so a 429 seen by one worker slows them all."""
        other = copy.copy(self)
        other.session = self._new_session()
        other.session.headers["User-Agent"] = self.session.headers["User-Agent"]
        return other

    @classmethod
    def from_module(cls, module):
        """The client for an AnsibleModule whose argument spec includes the connection options; its User-Agent names the module."""
        client = cls(connection_params(module.params.get), warn=module.warn)
        name = str(getattr(module, "_name", "") or "").rsplit(".", 1)[-1]
        if name.startswith("jsmops_"):
            client.session.headers["User-Agent"] = "%s; %s)" % (USER_AGENT[:-1], name)
        return client

    # -- URLs ---------------------------------------------------------------

    @property
    def cloud_id(self) -> str:
        if self._cloud_id is None:
            self._cloud_id = self._resolve_cloud_id()
        return self._cloud_id

    @property
    def api_base(self) -> str:
        return "%s/jsm/ops/api/%s" % (self.config.api_url, self.cloud_id)

    @staticmethod
    def path(template: str, *values) -> str:
        """Fill ``{}`` placeholders with URL-quoted values: ``path('/v1/schedules/{}', sid)``.

        Every value that becomes a path segment passes here: an empty one, ``.`` or ``..`` would be dropped or
        merged on the way out and address another endpoint, so it is refused (PathSegmentError; the module's runner
        names the option that held it)."""
        for value in values:
            text = str(value)
            if text in ("", ".", ".."):
                raise PathSegmentError(text, "an empty value, '.' or '..' would address another endpoint; give the object's id or name.")
            if isinstance(value, (list, tuple, set, dict)):
                raise PathSegmentError(text, "it is %s, not text." % ("a mapping" if isinstance(value, dict) else "a list"))
        return template.format(*(quote(str(value), safe="") for value in values))

    def _resolve_cloud_id(self) -> str:
        url = self.config.site + "/_edge/tenant_info"
        try:
            data = self._send("GET", url, where=url, auth=False).data
        except JsmOpsError as exc:
            raise ConfigurationError("Could not look up the cloud ID of site %s: %s Set cloud_id instead." % (self.config.site, exc)) from None
        cloud_id = data.get("cloudId") if isinstance(data, dict) else None
        if not cloud_id:
            raise ConfigurationError("Site %s did not report a cloud ID at /_edge/tenant_info; set cloud_id instead." % self.config.site)
        checked = _check_cloud_id(cloud_id)
        if checked is None:
            raise ConfigurationError("Site %s reported a cloud ID at /_edge/tenant_info that is not a UUID; set cloud_id instead." % self.config.site)
        return checked

    def _api_url(self, path: str) -> str:
        return path if _SCHEME.match(path) else self.api_base + path

    def _resolve_link(self, link: str) -> str:
        """Turn a ``links.next`` value into a URL on the API origin.

        Atlassian returns it absolute, relative to the API base (``/v1/...``),
        relative to the spec's server (``/api/{cloudId}/v1/...``) or as an
        absolute path.  A link to another origin is refused: it would carry
        the credentials elsewhere.
        """
        api = urlsplit(self.api_base)
        origin = "%s://%s" % (api.scheme, api.netloc)
        marker = "/jsm/ops/api/%s/" % self.cloud_id
        if _SCHEME.match(link):
            parts = urlsplit(link)
            if (parts.scheme.lower(), parts.netloc.lower()) == (api.scheme, api.netloc) and parts.path.startswith(api.path + "/"):
                return link
            if marker in parts.path:
                # The API names its own host; behind a proxy api_url, the same path goes through the proxy.
                rest = parts.path.split(marker, 1)[1]
                return self.api_base + "/" + rest + ("?" + parts.query if parts.query else "")
            raise ResponseFormatError("The API's links.next points to another host (%s); refusing to follow it with credentials." % parts.netloc)
        if marker in link and not link.startswith(api.path + "/"):
            return self.api_base + "/" + link.split(marker, 1)[1]
        if not link.startswith("/"):
            return self.api_base + "/" + link
        if link.startswith(api.path + "/"):
            return origin + link
        if link.startswith("/jsm/ops/"):
            return origin + link
        if link.startswith("/api/"):
            return self.config.api_url + "/jsm/ops" + link
        return self.api_base + link

    # -- requests -----------------------------------------------------------

    def request(self, method: str, path: str, params=None, body=None, missing_ok: bool = False, text: bool = False,
                expect=None) -> Response | None:
        """Call the API; ``path`` is relative to the API base (``/v1/schedules``) or a full URL.

        Returns None for a 404 when ``missing_ok``; raises a typed error for any
        other failure.  ``text`` returns the body as text (for calendar exports) instead of JSON.
        ``expect`` (``dict`` or ``list``) is the shape the API documents for the answer; any other shape (an empty
        body too) fails naming the request, and for a write says that it may have been applied.
        """
        url = self._api_url(path)
        where = urlsplit(url).path.replace("/jsm/ops/api/%s" % self.cloud_id, "", 1)
        if method in WRITE_METHODS and self.list_cache:
            self.forget_lists(where)
        response = self._send(method, url, params=params, body=body, where=where, missing_ok=missing_ok, text=text)
        if response is not None and expect is not None:
            self._check_shape(method, where, response, expect)
        return response

    def forget_lists(self, where: str) -> None:
        """Before a write to ``where``: drop the kept lists it may change - the list it writes in (and those above it,
        whose objects may show it) and the lists below it (an object's children, gone with a delete)."""
        for key in list(self.list_cache):
            base = key[0]
            if where == base or where.startswith(base + "/") or base.startswith(where + "/"):
                self.list_cache.pop(key, None)

    def _check_shape(self, method: str, where: str, response: Response, expect) -> None:
        if isinstance(response.data, expect):
            return
        wanted = "a JSON object" if expect is dict else "a JSON list"
        got = _shape_of(response.data)
        if method in WRITE_METHODS:
            self.writes_unconfirmed.append("%s %s" % (method, where))
            raise UnreadableWriteError(
                "%s %s returned HTTP %s with %s where the API documents %s; the write may have been applied: check before "
                "running the task again." % (method, where, response.status, got, wanted)
            )
        raise ResponseFormatError(
            "GET %s returned %s where the API documents %s; a proxy or gateway may be answering instead of the JSM Ops API." % (where, got, wanted)
        )

    def get(self, path: str, params=None, missing_ok: bool = False, expect=dict):
        """GET and return the decoded JSON (None for a 404 when ``missing_ok``): by default a JSON object, as the
        API documents nearly every answer; ``expect=list`` for a list, None for any shape."""
        response = self.request("GET", path, params=params, missing_ok=missing_ok, expect=expect)
        return None if response is None else response.data

    def site_get(self, path: str, params=None, expect=None):
        """GET from the Atlassian site itself (``https://<site>/rest/api/3/...``), with the same credentials."""
        if not self.config.site:
            raise ConfigurationError("This needs the Atlassian site: set site (or JSM_OPS_SITE), such as example.atlassian.net.")
        response = self._send("GET", self.config.site + path, params=params, where=path)
        if expect is not None:
            self._check_shape("GET", path, response, expect)
        return response.data

    def paginate(self, path: str, params=None, page_size: int | None = 50, items_key: str = "values", offset: bool = True):
        """Yield every item of a paged list: offset/size first (size only for cursor-paged lists, ``offset=False``;
        neither with ``page_size=None``: the query as given), then ``links.next`` until it is absent or null."""
        query = dict(params or {})
        if offset:
            query.setdefault("offset", 0)
        if page_size is not None:
            query["size"] = page_size
        url = self._api_url(path)
        seen = set()
        for _page in range(MAX_PAGES):
            page_url = requests.Request("GET", url, params=query).prepare().url
            if _page_key(page_url) in seen:
                raise ResponseFormatError("The API's links.next repeats a page already read (%s); stopping to avoid a loop." % urlsplit(page_url).path)
            seen.add(_page_key(page_url))
            data = self.get(page_url)
            items = data.get(items_key)
            if not isinstance(items, list):
                raise ResponseFormatError("GET %s returned no '%s' list." % (path, items_key))
            yield from items
            link = (data.get("links") or {}).get("next") if isinstance(data.get("links"), dict) else None
            if not link or not items:
                return
            url, query = self._resolve_link(link), None
        raise ResponseFormatError("GET %s did not end after %d pages." % (path, MAX_PAGES))

    def _send(self, method, url, params=None, body=None, where="", missing_ok=False, auth=True, text=False) -> Response | None:
        """Send with retries; ``where`` names the call in messages (a path, never a query or body)."""
        try:
            return self._send_with_retries(method, url, params, body, where, missing_ok, auth, text)
        except JsmOpsError as exc:
            exc.message = self.redact(exc.message)
            raise

    def redact(self, text: str) -> str:
        """``text`` without any form of a secret of the run (raw, base64, hexadecimal, percent-encoded)."""
        if self._redaction is False:
            self._redaction = self.config.redaction()
        return self._redaction.sub("********", text) if self._redaction is not None else text

    def _send_with_retries(self, method, url, params, body, where, missing_ok, auth, text):
        display = "%s %s" % (method, where)
        headers = {}
        # An explicit auth object keeps requests from reading ~/.netrc, which would replace the credentials;
        # plain http is allowed only to loopback and must not be handed to a proxy from the environment.
        credentials = _HeaderAuth(self.config.auth_header if auth else None)
        proxies = _NO_PROXIES if is_plain_http(url) else None
        if text:
            headers["Accept"] = "text/calendar, text/plain, */*"
        policy = self.policy
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            failure, reason, retry_after = None, None, None
            policy.throttle.wait()
            try:
                # verify is passed on every request: requests lets REQUESTS_CA_BUNDLE override a session's own setting.
                response = self.session.request(
                    method, url, params=params, json=body, headers=headers, timeout=self.config.timeout, allow_redirects=False,
                    verify=self.session.verify, auth=credentials, proxies=proxies, stream=True,
                )
                if method in WRITE_METHODS and response.status_code < 400:
                    self.writes_applied.append(display)
                    try:
                        _read_bounded(response, display)
                    except ResponseFormatError as exc:
                        self.writes_unconfirmed.append(display)
                        raise UnreadableWriteError(exc.message + " The write may have been applied: check before running the task again.") from None
                else:
                    _read_bounded(response, display)
            except requests.exceptions.SSLError as exc:
                raise TransportError(self._tls_message(url, exc)) from None
            except requests.exceptions.RequestException as exc:
                failure, reason, retryable = self._transport_failure(method, url, display, exc)
                if not retryable:
                    raise failure from None
            else:
                status = response.status_code
                if policy.retries_status(method, status):
                    failure, reason = error_for_status(status, method, where, _error_titles(response)), "HTTP %s" % status
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                elif 300 <= status < 400:
                    raise TransportError(
                        "%s was redirected (HTTP %s) to %s; redirects are not followed so the credentials stay with the API. "
                        "Set api_url to the final address." % (display, status, urlsplit(response.headers.get("Location", "")).netloc or "an unknown place")
                    )
                elif status == 404 and missing_ok:
                    return None
                elif status >= 400:
                    raise error_for_status(status, method, where, _error_titles(response))
                else:
                    if text:
                        return Response(status, response.text, response.headers)
                    try:
                        return Response(status, _decode(response), response.headers)
                    except ValueError:
                        reason = "the body was not JSON"
                        failure = ResponseFormatError(
                            "%s returned HTTP %s with a body that is not JSON (content type %s); a proxy or gateway may be "
                            "answering instead of the JSM Ops API." % (display, status, response.headers.get("Content-Type") or "unknown")
                        )
                        if method in WRITE_METHODS:
                            self.writes_unconfirmed.append(display)
                            raise UnreadableWriteError(failure.message[:-1] + "; the write may have been applied: check before running the task "
                                                       "again.") from None
                        if method not in ("GET", "HEAD"):
                            raise failure from None
            wait = policy.next_wait(attempt, waited, retry_after)
            if wait is None:
                if retry_after is not None and attempt <= policy.retries:
                    failure.message += " The API asked to wait %.0f s, beyond the retry budget." % retry_after
                elif policy.retries:
                    failure.message += " Gave up after %d attempts." % attempt
                raise failure
            self._warn("%s: %s; retrying in %.1f s (retry %d of %d)." % (display, reason, wait, attempt, policy.retries))
            policy.wait(wait, status_is_rate_limit(failure))  # after a 429 every worker waits, this one at the top of the loop
            waited += wait

    def _transport_failure(self, method, url, display, exc):
        """Map a requests exception to (error, short reason, retryable)."""
        host = urlsplit(url).netloc
        if isinstance(exc, requests.exceptions.ConnectTimeout) or _not_connected(exc):
            kind = "timed out connecting" if isinstance(exc, requests.exceptions.ConnectTimeout) else "could not connect"
            error = TransportError("%s: %s to %s; check api_url/site and the network or proxy." % (display, kind, host))
            return error, kind, self.policy.retries_lost(method, sent=False)
        if isinstance(exc, requests.exceptions.Timeout):
            error = TransportError(
                "%s: no answer from %s within the timeout of %s s; the API or a proxy is not responding. "
                "Raise timeout or try again later." % (display, host, _seconds(self.config.timeout))
            )
            reason = "no answer within the timeout"
        elif isinstance(exc, requests.exceptions.ConnectionError):
            reason = "the connection was closed"
            error = TransportError("%s: the connection to %s was closed before an answer arrived." % (display, host))
        else:
            reason = type(exc).__name__
            error = TransportError("%s: the request to %s failed (%s)." % (display, host, reason))
        # The request may have been processed: the policy decides whether it may be sent again.
        retryable = self.policy.retries_lost(method, sent=True)
        if method in WRITE_METHODS and not retryable:
            self.writes_unconfirmed.append(display)
            self.writes_applied.append(display)
        return error, reason, retryable

    def _tls_message(self, url, exc) -> str:
        host = urlsplit(url).netloc
        match = _TLS_REASON.search(str(exc))
        reason = match.group(1).strip() if match else "the TLS handshake failed"
        return (
            "TLS certificate verification failed for %s: %s. Set ca_path to the CA bundle that signed it "
            "(for example a TLS-inspecting proxy's CA), or validate_certs: false to skip verification (insecure)." % (host, reason)
        )


_NO_PROXIES = {"http": None, "https": None, "all": None}  # "all": ALL_PROXY too


if HAS_REQUESTS:

    class _HeaderAuth(requests.auth.AuthBase):  # pylint: disable=too-few-public-methods
        """Sets the Basic header (or nothing, for public endpoints) and so keeps ~/.netrc out of the request."""

        def __init__(self, header):
            self.header = header

        def __call__(self, request):
            request.headers.pop("Authorization", None)
            if self.header:
                request.headers["Authorization"] = self.header
            return request


def _page_key(url: str) -> tuple:
    """What makes two page URLs the same page: the order and the escaping of query parameters do not."""
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc.lower(), parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True))))


def status_is_rate_limit(error) -> bool:
    return getattr(error, "status", None) == 429


def _not_connected(exc) -> bool:
    """True when the connection was never established, so the request was provably not sent."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError))


def _read_bounded(response, display: str) -> None:
    """Read the body into ``response`` (it was streamed), at most MAX_BODY bytes; a larger one fails naming the request."""
    declared = response.headers.get("Content-Length")
    chunks, size = [], 0
    read = getattr(response, "_content", False)
    if read not in (False, None):  # already in memory
        chunks, size = [read], len(read)
    elif declared and declared.isdigit() and int(declared) > MAX_BODY:
        size = int(declared)
    else:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BODY:
                break
            chunks.append(chunk)
    if size > MAX_BODY:
        response.close()
        raise ResponseFormatError("%s returned a body of more than %d MiB; the JSM Ops API sends far less, so a proxy or gateway may be "
                                  "answering instead; nothing more was read." % (display, MAX_BODY // (1024 * 1024)))
    response._content = b"".join(chunks)  # pylint: disable=protected-access


def _shape_of(data) -> str:
    if data is None:
        return "an empty body"
    if isinstance(data, dict):
        return "a JSON object"
    if isinstance(data, list):
        return "a JSON list"
    return "a JSON %s" % ("text" if isinstance(data, str) else "number" if isinstance(data, (int, float)) and not isinstance(data, bool) else "value")


def _decode(response):
    if response.status_code == 204 or not response.content:
        return None
    return response.json()


def _error_titles(response) -> tuple[str, ...]:
    """The API's own error titles (``errors[].title``, ``message``), short and on one line each."""
    try:
        data = response.json()
    except ValueError:
        return ()
    titles = []
    if isinstance(data, dict):
        for item in data.get("errors") or []:
            if isinstance(item, dict) and item.get("title"):
                titles.append(str(item["title"]))
        for key in ("message", "errorMessage"):
            if isinstance(data.get(key), str) and data[key]:
                titles.append(data[key])
        titles.extend(str(item) for item in data.get("errorMessages") or [] if item)
    return tuple(" ".join(title.split())[:300] for title in titles[:5])


def _retry_after(value) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils  # pylint: disable=import-outside-toplevel  # only an HTTP-date Retry-After needs it

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _seconds(value: float) -> str:
    return ("%g" % value)
