# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator: a WSGI application served by Werkzeug on a background thread."""

from __future__ import annotations

import base64
import binascii
import copy
import html
import json
import socket
import threading
import traceback
from datetime import datetime, timezone
from http import HTTPStatus

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request

# Imported for their side effect: each endpoint module registers its routes.
from . import api_alerts, api_heartbeats, api_integrations, api_maintenances, api_policies  # noqa: F401  pylint: disable=unused-import
from . import api_oncall, api_overrides, api_rotations, api_schedules, api_teams  # noqa: F401  pylint: disable=unused-import
from . import api_escalations, api_routing_rules, api_team_roles  # noqa: F401  pylint: disable=unused-import
from . import api_audit_logs, api_contacts, api_custom_roles, api_forwarding_rules, api_notification_rules  # noqa: F401  pylint: disable=unused-import
from .audit_store import record_write
from .common import ApiError, Reply, error_reply, json_reply, warn
from .faults import FaultRuleError, parse_rules, pick
from .incidents_store import SETTINGS as INCIDENT_SETTINGS, check_settings as check_incident_settings
from .jira import USER_SEARCH_PATH, user_search
from .routing import ROUTES, Context, match_route
from .spec import SpecValidator
from .store import Store, load_seed, new_id
from .tls import make_certificates

API_PREFIX = "/jsm/ops/api/"
SPEC_SERVER_PATH = "/jsm/ops"
CONTROL_PREFIX = "/_emulator/"
TENANT_INFO_PATH = "/_edge/tenant_info"
DROP_KEY = "jsmops_emulator.drop"
DEFAULT_SETTINGS = {"link_style": "relative", **INCIDENT_SETTINGS}
LINK_STYLES = ("relative", "absolute")
UNAUTHORIZED_MESSAGE = "Client must be authenticated to access this resource."
FAULT_TITLES = {429: "Too many requests"}


class _Handler(WSGIRequestHandler):
    """Werkzeug's request handler with HTTP/1.1 keep-alive.

    Werkzeug's development server closes the connection after every response. The emulator
    answers from a fully buffered body with a Content-Length and has always read the whole
    request body before answering, so the connection can serve the next request. A response the
    application marks as dropped is never written: the socket is shut down instead.
    """

    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without TCP_NODELAY the body waits for the
        # client's delayed ACK (about 40 ms per response on a kept-alive connection).
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.server.jsmops_connections.add(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.jsmops_connections.discard(self.connection)

    def run_wsgi(self):
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        outcome = {}

        def start_response(status, headers, exc_info=None):  # pylint: disable=unused-argument
            outcome["status"] = status
            outcome["headers"] = headers
            return lambda data: None

        try:
            chunks = self.server.app(environ, start_response)
            try:
                body = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except Exception:  # pylint: disable=broad-exception-caught
            warn("internal error:\n" + traceback.format_exc())
            outcome = {"status": "500 Internal Server Error", "headers": [("Content-Type", "application/json")]}
            body = b'{"errors":[{"title":"Internal server error"}]}'
            self.close_connection = True
        if environ.get(DROP_KEY):
            self.drop_connection()
            return
        try:
            code, phrase = (outcome["status"].split(" ", 1) + [""])[:2]
            status = int(code)
            self.send_response(status, phrase)
            names = set()
            for name, value in outcome["headers"]:
                self.send_header(name, value)
                names.add(name.lower())
            if "content-length" not in names and status not in (204, 304) and status >= 200:
                self.send_header("Content-Length", str(len(body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except (OSError, ValueError):
            self.close_connection = True

    def drop_connection(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def log_request(self, code="-", size="-"):
        """No per-request line on stderr; the emulator keeps its own request log."""

    def log(self, type, message, *args):  # pylint: disable=redefined-builtin
        if type == "error":
            warn(message % args if args else message)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _proxy_page(status: int, url: str) -> bytes:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    title = html.escape(f"{status} {phrase}")
    return (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n"
        f"<p>The proxy could not retrieve the requested URL: <a href=\"{html.escape(url)}\">{html.escape(url)}</a></p>\n"
        "<hr><address>proxy.example.net</address>\n</body></html>\n"
    ).encode("utf-8")


def _module_of(agent: str) -> str | None:
    """The jsm.ops module a User-Agent names (``jsm.ops/0.1.0 (Ansible collection; jsmops_schedule_info)``), or None."""
    inside = agent.partition("(")[2].rstrip(")")
    name = inside.rpartition(";")[2].strip()
    return name if agent.startswith("jsm.ops/") and name.startswith("jsmops_") else None


def _control_error(status: int, message: str) -> Reply:
    return json_reply(status, {"error": message})


class Emulator:
    """A local JSM Ops API: ``Emulator(seed).start()``, then point clients at ``emulator.url``."""

    def __init__(self, seed, spec_path=None, host: str = "127.0.0.1", port: int = 0, tls_dir: str | None = None):
        self._seed = load_seed(seed)
        self._host = host
        self._port = port
        # HTTPS with a certificate made now, signed by a test CA written to tls_dir/ca.pem.
        self.tls_files = make_certificates(tls_dir, host) if tls_dir else None
        self._lock = threading.RLock()
        self._store = Store(self._seed)
        self._spec = SpecValidator(spec_path) if spec_path else None
        if self._spec is not None:
            missing = [f"{item.method} {item.spec_template}" for item in ROUTES if not self._spec.has_operation(item.method, item.spec_template)]
            if missing:
                raise RuntimeError(f"emulator routes not in the JSM Ops spec: {', '.join(missing)}")
        self._faults = []
        self._log = []
        self._seq = 0
        self._violations = []
        self._reached = {}  # (method, spec path) -> the jsm.ops modules that called it; kept across resets
        self._settings = dict(DEFAULT_SETTINGS)
        self._wake = threading.Event()
        self._server = None
        self._thread = None

    # lifecycle

    def start(self) -> "Emulator":
        """Listen and serve on a background thread; returns once the socket accepts connections."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        ssl_context = (self.tls_files["cert"], self.tls_files["key"]) if self.tls_files else None
        server = make_server(self._host, self._port, self, threaded=True, request_handler=_Handler, ssl_context=ssl_context)
        server.jsmops_connections = set()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="jsmops-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._wake.set()
        server.shutdown()
        server.server_close()
        for connection in list(server.jsmops_connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # what tests read and set

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.server_port

    @property
    def url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"{'https' if self.tls_files else 'http'}://{host}:{self.port}"

    @property
    def cloud_id(self) -> str:
        return self._store.cloud_id

    @property
    def api_base(self) -> str:
        return f"{self.url}/jsm/ops/api/{self.cloud_id}"

    @property
    def spec_enabled(self) -> bool:
        return self._spec is not None

    @property
    def state(self) -> Store:
        return self._store

    @property
    def lock(self) -> threading.RLock:
        """Hold this while changing ``state`` from a test that runs alongside requests."""
        return self._lock

    @property
    def log(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._log)

    @property
    def reached(self) -> dict:
        """The operations called since the start, each with the jsm.ops modules that called it (named in their User-Agent)."""
        with self._lock:
            return {key: sorted(names) for key, names in self._reached.items()}

    @property
    def violations(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._violations)

    @property
    def settings(self) -> dict:
        with self._lock:
            return dict(self._settings)

    def reset(self) -> None:
        """Reseed the store and clear faults, log, violations and settings."""
        with self._lock:
            self._store = Store(self._seed)
            self._faults = []
            self._log = []
            self._seq = 0
            self._violations = []
            self._settings = dict(DEFAULT_SETTINGS)
            self._wake.set()
            self._wake = threading.Event()

    def set_faults(self, rules: list) -> None:
        """Replace the fault rules (see the README for their fields); raises ValueError if invalid."""
        parsed = parse_rules(rules)
        with self._lock:
            self._faults = parsed

    def clear_faults(self) -> None:
        with self._lock:
            self._faults = []

    def clear_log(self) -> None:
        with self._lock:
            self._log = []

    def clear_violations(self) -> None:
        with self._lock:
            self._violations = []

    def add_account(self, account: dict) -> None:
        """Add a user to the site, as an admin would in Atlassian administration (until the next reset)."""
        if not isinstance(account, dict):
            raise ValueError("the account must be a JSON object")
        unknown = set(account) - {"accountId", "email", "displayName", "apiToken", "admin", "teams", "emailVisible"}
        if unknown:
            raise ValueError(f"unknown account fields: {', '.join(sorted(unknown))}")
        for field in ("email", "displayName"):
            if not isinstance(account.get(field), str) or not account[field]:
                raise ValueError(f"the account needs a non-empty string {field}")
        with self._lock:
            store = self._store
            if any(known.get("email", "").casefold() == account["email"].casefold() for known in store.accounts):
                raise ValueError(f"an account with the email {account['email']} exists")
            if account.get("accountId") and store.account(account["accountId"]) is not None:
                raise ValueError(f"an account with the accountId {account['accountId']} exists")
            teams = account.get("teams") or []
            known_teams = {team.get("teamName") for team in store.teams}
            if not isinstance(teams, list) or any(team not in known_teams for team in teams):
                raise ValueError("teams must be a list of names of existing teams")
            added = {"accountId": account.get("accountId") or "712020:" + new_id(), "email": account["email"],
                     "displayName": account["displayName"], "apiToken": account.get("apiToken"),
                     "admin": bool(account.get("admin", False)), "teams": list(teams)}
            if "emailVisible" in account:
                added["emailVisible"] = bool(account["emailVisible"])
            store.accounts.append(added)

    def update_settings(self, settings: dict) -> None:
        if not isinstance(settings, dict):
            raise ValueError("settings must be a JSON object")
        unknown = set(settings) - set(DEFAULT_SETTINGS)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        if "link_style" in settings and settings["link_style"] not in LINK_STYLES:
            raise ValueError(f"link_style must be one of {', '.join(LINK_STYLES)}")
        check_incident_settings(settings)
        with self._lock:
            self._settings.update(settings)

    # WSGI

    def __call__(self, environ, start_response):
        reply = self._dispatch(environ)
        if reply is None:
            environ[DROP_KEY] = True
            start_response("500 Internal Server Error", [])
            return [b""]
        start_response(reply.status_line, reply.wsgi_headers())
        return [reply.body]

    def _dispatch(self, environ) -> Reply | None:
        request = Request(environ)
        # Read the whole body first so that a kept-alive connection is at the next request.
        body = request.get_data(cache=True)
        path = request.path
        if path.startswith(CONTROL_PREFIX):
            return self._control(request, body)
        entry = self._log_start(request)
        with self._lock:
            rule = pick(self._faults, request.method, path)
            wake = self._wake
        entry["fault"] = rule.kind if rule else None
        if rule is not None and not rule.after_processing:
            if rule.kind == "latency":
                wake.wait(rule.delay)
                rule = None
            elif rule.kind == "hang":
                wake.wait(rule.delay)
                return None
            elif rule.kind == "drop":
                return None
            else:
                return self._log_end(entry, self._fault_reply(rule, request))
        reply = self._route(request, body, entry)
        entry["processed"] = True
        if rule is not None:
            if rule.kind == "drop":
                return None
            reply = self._fault_reply(rule, request)
        return self._log_end(entry, reply)

    def _log_start(self, request) -> dict:
        environ = request.environ
        with self._lock:
            self._seq += 1
            entry = {
                "seq": self._seq,
                "time": _now(),
                "method": request.method,
                "path": request.path,
                "query": environ.get("QUERY_STRING", ""),
                "status": None,
                "client": f"{environ.get('REMOTE_ADDR', '')}:{environ.get('REMOTE_PORT', '')}",
                "account": None,
                # Whether the request carried an Authorization header at all; what it held is never recorded.
                "credentials": "Authorization" in request.headers,
                "fault": None,
                "processed": False,
            }
            self._log.append(entry)
        return entry

    def _log_end(self, entry: dict, reply: Reply) -> Reply:
        with self._lock:
            entry["status"] = reply.status
        return reply

    @staticmethod
    def _fault_reply(rule, request) -> Reply:
        if rule.kind == "malformed":
            return Reply(200, b'{"values": [{"id": "truncated', "application/json")
        headers = [("Retry-After", rule.retry_after)] if rule.retry_after is not None else []
        if rule.kind == "html":
            # A proxy's own error page; like squid's, it names the URL that was asked for.
            return Reply(rule.status, _proxy_page(rule.status, request.url), "text/html; charset=utf-8", headers)
        if rule.kind == "redirect":
            # As a moved site or a load balancer answers: the same path and query on another origin.
            target = rule.location + request.full_path.rstrip("?")
            page = f'<html><body>Moved to <a href="{html.escape(target)}">{html.escape(target)}</a></body></html>'
            return Reply(rule.status, page.encode("utf-8"), "text/html; charset=utf-8", [("Location", target)])
        return error_reply(rule.status, FAULT_TITLES.get(rule.status), headers or None)

    def _record_violation(self, kind: str, method: str, path: str, detail: str) -> None:
        with self._lock:
            self._violations.append({"kind": kind, "method": method, "path": path, "detail": detail})
        warn(f"SPEC VIOLATION ({kind}) {method} {path}: {detail}")

    # routing

    def _route(self, request, body: bytes, entry: dict) -> Reply:
        path = request.path
        if path == TENANT_INFO_PATH:
            if request.method != "GET":
                return error_reply(404)
            return json_reply(200, {"cloudId": self._store.cloud_id})
        if path == USER_SEARCH_PATH:
            with self._lock:
                account = self._authenticate(request)
                if isinstance(account, Reply):
                    return account
                entry["account"] = account["email"]
                if request.method != "GET":
                    return error_reply(404)
                return user_search(self._store, request.args)
        if path.startswith(API_PREFIX):
            return self._api(request, body, entry)
        return error_reply(404, "No such endpoint")

    def _authenticate(self, request):
        """The caller's account, or a 401 reply; never reveals which part was wrong."""
        header = request.headers.get("Authorization")
        if not header:
            return self._unauthorized()
        scheme, value = (header.strip().split(" ", 1) + [""])[:2]
        if scheme.lower() != "basic":
            return self._unauthorized()
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return self._unauthorized()
        email, colon, token = decoded.partition(":")
        if not colon:
            return self._unauthorized()
        account = self._store.authenticate(email, token)
        return account if account is not None else self._unauthorized()

    @staticmethod
    def _unauthorized() -> Reply:
        return json_reply(401, {"code": 401, "message": UNAUTHORIZED_MESSAGE})

    def _api(self, request, body: bytes, entry: dict) -> Reply:
        method, path = request.method, request.path
        cloud_id, slash, rest = path[len(API_PREFIX):].partition("/")
        found, params = match_route(method, "/" + rest if slash else "")
        with self._lock:
            account = self._authenticate(request)
        if isinstance(account, Reply):
            return self._checked(request, body, account, found)
        entry["account"] = account["email"]
        if found is None:
            return self._unknown(method, path)
        caller = _module_of(request.headers.get("User-Agent", ""))
        with self._lock:
            self._reached.setdefault((method, found.spec_template), set()).update([caller] if caller else [])
        if self._spec is not None:
            detail = self._spec.validate_request(method, path, request.args, request.headers, request.content_type, body)
            if detail:
                self._record_violation("request", method, path, detail)
                return error_reply(400, f"Request does not conform to the JSM Ops API specification: {detail}")
        with self._lock:
            if cloud_id != self._store.cloud_id:
                reply = error_reply(404, f"No site with cloudId '{cloud_id}'")
            else:
                if self._settings["link_style"] == "absolute":
                    link_base = f"{request.host_url.rstrip('/')}{API_PREFIX}{cloud_id}"
                else:
                    link_base = ""
                context = Context(self._store, account, request.args, params, body, link_base)
                context.settings = self._settings  # the alert endpoints read and count down their settings
                context.remote_addr = request.remote_addr
                try:
                    reply = found.handler(context)
                except ApiError as exc:
                    reply = exc.reply()
                if reply.status < 400:
                    record_write(self._store.audit_logs, account, method, "/" + rest, datetime.now(timezone.utc))
        return self._checked(request, body, reply, found)

    def _checked(self, request, body: bytes, reply: Reply, found) -> Reply:
        """The reply, or a 500 when it does not conform to the spec."""
        if self._spec is None or found is None:
            return reply
        detail = self._spec.validate_response(
            request.method, request.path, request.args, request.headers, request.content_type, body, reply, found.spec_template)
        if not detail:
            return reply
        self._record_violation("response", request.method, request.path, detail)
        return error_reply(500, f"Response does not conform to the JSM Ops API specification: {detail}")

    def _unknown(self, method: str, path: str) -> Reply:
        if self._spec is None:
            return error_reply(404, "No such endpoint")
        template = self._spec.operation(method, path[len(SPEC_SERVER_PATH):])[0]
        if template is None:
            self._record_violation("request", method, path, "not an operation of the JSM Ops API specification")
            return error_reply(404, "No such endpoint")
        short = template.split("}", 1)[1] if template.startswith("/api/{cloudId}") else template
        warn(f"not implemented by the emulator: {method} {short}")
        return error_reply(404, f"Not implemented by the JSM Ops emulator: {method} {short}")

    # control endpoints (no authentication)

    def _reached_view(self) -> Reply:
        return json_reply(200, [{"method": method, "path": path, "modules": names} for (method, path), names in sorted(self.reached.items())])

    def _control(self, request, body: bytes) -> Reply:
        name = request.path[len(CONTROL_PREFIX):].strip("/")
        method = request.method
        handlers = {
            ("health", "GET"): lambda: json_reply(200, {"ok": True, "spec_validation": self.spec_enabled}),
            ("log", "GET"): lambda: json_reply(200, self.log),
            ("log", "DELETE"): lambda: self._done(self.clear_log),
            ("violations", "GET"): lambda: json_reply(200, self.violations),
            ("violations", "DELETE"): lambda: self._done(self.clear_violations),
            ("faults", "GET"): self._faults_view,
            ("faults", "PUT"): lambda: self._with_json(body, self.set_faults),
            ("faults", "DELETE"): lambda: self._done(self.clear_faults),
            ("settings", "GET"): lambda: json_reply(200, self.settings),
            ("settings", "PUT"): lambda: self._with_json(body, self.update_settings),
            ("reset", "POST"): lambda: self._done(self.reset),
            ("state", "GET"): self._state_view,
            ("reached", "GET"): self._reached_view,
            ("accounts", "POST"): lambda: self._with_json(body, self.add_account),
        }
        handler = handlers.get((name, method))
        if handler is not None:
            return handler()
        if any(key[0] == name for key in handlers):
            return _control_error(405, f"{method} is not supported on /_emulator/{name}")
        return _control_error(404, f"no control endpoint /_emulator/{name}")

    @staticmethod
    def _done(action) -> Reply:
        action()
        return json_reply(200, {"ok": True})

    @staticmethod
    def _with_json(body: bytes, action) -> Reply:
        try:
            data = json.loads(body.decode("utf-8"))
        except ValueError:
            return _control_error(400, "the body must be JSON")
        try:
            action(data)
        except (FaultRuleError, ValueError) as exc:
            return _control_error(400, str(exc))
        return json_reply(200, {"ok": True})

    def _faults_view(self) -> Reply:
        with self._lock:
            return json_reply(200, [rule.describe() for rule in self._faults])

    def _state_view(self) -> Reply:
        with self._lock:
            return json_reply(200, self._store.dump())
