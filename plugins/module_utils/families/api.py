# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Any operation of the API by method and path, for what has no module of its own (``jsmops_api``).

The request goes through the one client, so it gets what every module gets: the credentials, the cloud id, TLS,
retries with ``Retry-After``, redaction, and plain HTTP only to loopback. What is checked here is the path: relative to
the API base, with no segment that would address another endpoint.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# The spec writes its paths as /api/{cloudId}/v1/...: a path copied from it may keep that prefix.
_SPEC_PREFIX = "/api/{cloudId}"
_VERSION = re.compile(r"^v[0-9]+$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SEGMENT_SAFE = "%:@!$&'()*+,;=-._~"  # kept as given; everything else is percent-encoded


def api_path(value: str) -> str:
    """``path`` as sent: relative to the API base (``/v1/...``), every segment a real one; ConfigurationError otherwise."""
    text = value.strip()
    if _SCHEME.match(text) or text.startswith("//"):
        raise ConfigurationError("path must be relative to the API base, such as /v1/teams; got %r. The address comes from api_url "
                                 "and cloud_id (or site)." % value)
    if text.startswith(_SPEC_PREFIX + "/"):
        text = text[len(_SPEC_PREFIX):]
    if not text.startswith("/"):
        text = "/" + text
    if "?" in text or "#" in text:
        raise ConfigurationError("path must not carry a query or fragment; give query parameters in query. Got %r." % value)
    if len(text) > 1 and text.endswith("/"):
        text = text[:-1]
    segments = text.split("/")[1:]
    for segment in segments:
        plain = unquote(segment)
        if plain in ("", ".", "..") or "/" in plain or "\\" in plain:
            raise ConfigurationError("path must not contain empty, '.' or '..' segments (also percent-encoded): they would address "
                                     "another endpoint; got %r." % value)
        if _CONTROL.search(segment):
            raise ConfigurationError("path must not contain spaces or control characters; percent-encode them. Got %r." % value)
        if "{" in segment or "}" in segment:
            raise ConfigurationError("path still has a placeholder (%s); put the id in its place, such as /v1/teams/<team id>/policies." % segment)
    if not _VERSION.match(segments[0]):
        raise ConfigurationError("path must start with the API version, such as /v1/teams; got %r." % value)
    return "/" + "/".join(quote(segment, safe=_SEGMENT_SAFE) for segment in segments)


def _tracker(path: str):
    """How to wait for a request the answer to ``path`` names: (tracker, parents), or None."""
    # Imported here: only a task that waits pays for the families' imports.
    segments = path.split("/")
    if segments[2:3] == ["alerts"]:
        from ansible_collections.jsm.ops.plugins.module_utils.families.alerts import ALERT_REQUESTS  # pylint: disable=import-outside-toplevel

        return ALERT_REQUESTS, ()
    if segments[2:3] == ["teams"] and len(segments) > 3:
        from ansible_collections.jsm.ops.plugins.module_utils.families.teams import TEAM_REQUESTS  # pylint: disable=import-outside-toplevel

        return TEAM_REQUESTS, (unquote(segments[3]),)
    return None


def checked(params: dict) -> dict:
    """The request the options describe, checked before anything is sent."""
    method = params["method"]
    path = api_path(params["path"])
    body = params["body"]
    if body is not None and method not in WRITES:
        raise ConfigurationError("body is sent only with POST, PUT, PATCH or DELETE; method is %s." % method)
    if body is not None and not isinstance(body, (dict, list)):
        raise ConfigurationError("body must be a mapping or a list (it is sent as JSON); got %s." % type(body).__name__)
    if params["paginate"] and method != "GET":
        raise ConfigurationError("paginate follows the pages of a list, which only GET reads; method is %s." % method)
    if params["wait"] and method not in WRITES:
        raise ConfigurationError("wait waits for a write the API processes asynchronously; method is %s." % method)
    if params["wait"] and _tracker(path) is None:
        raise ConfigurationError("wait works for the API's asynchronous requests, on alert paths (/v1/alerts/...) and team paths "
                                 "(/v1/teams/<team id>/...); %s is neither." % path)
    if params["wait_timeout"] < 1:
        raise ConfigurationError("wait_timeout must be 1 or more; got %d." % params["wait_timeout"])
    query = params["query"] or {}
    for name, item in query.items():
        values = item if isinstance(item, list) else [item]
        if any(isinstance(one, (dict, list)) or one is None for one in values):
            raise ConfigurationError("query %s must be a text, a number, a boolean or a list of them; got %r." % (name, item))
    query = {name: _query_value(item) for name, item in query.items()}
    return {"method": method, "path": path, "query": query, "body": body}


def _query_value(item):
    if isinstance(item, list):
        return [_query_value(one) for one in item]
    if isinstance(item, bool):
        return "true" if item else "false"  # the API's spelling, not Python's
    return item


def run(module, client) -> tuple:
    """Return (changed, result, diff)."""
    params = module.params
    request = checked(params)
    method, path, query, body = request["method"], request["path"], request["query"], request["body"]
    result = {"request": request, "status": None, "json": None}
    if method not in WRITES:
        if params["paginate"]:
            values = list(client.paginate(path, query, page_size=None, offset=False))
            result.update(status=200, all_values=values, json={"values": values})
        else:
            response = client.request(method, path, params=query or None)
            result.update(status=response.status, json=response.data)
        return False, result, None
    if module.check_mode:
        return True, result, None  # the request a real run would send, not sent
    response = client.request(method, path, params=query or None, body=body)
    result.update(status=response.status, json=response.data)
    request_id = response.data.get("requestId") if isinstance(response.data, dict) else None
    if params["wait"]:
        if not request_id:
            module.warn("%s %s answered without a requestId, so there was nothing to wait for." % (method, path))
        else:
            tracker, parents = _tracker(path)
            result["request_status"] = tracker.wait(client, request_id, "complete %s %s" % (method, path), params["wait_timeout"], *parents)
    return True, result, None
