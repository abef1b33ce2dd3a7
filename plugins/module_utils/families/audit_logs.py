# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit logs (``GET /v1/logs``): a time range read page by page with the API's ``pageToken``.

The list's filters take the upper-case names of the spec's query enums (``CONFIG_CHANGE``), while each log carries
the display name of the response enum ("Configuration Changes"); both enums list the same categories in the same
order, and users may give either form. The spec spells the information level ``INFORTMATION``: that is what is sent.
"""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime, parse_datetime
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import AuthenticationError, ConfigurationError, ResponseFormatError

LOGS = "/v1/logs"
CATEGORIES = {
    "AUTOMATION": "Automation", "INCOMING_DATA": "Incoming Data", "ALERTS": "Alerts", "API": "API",
    "CONFIG_CHANGE": "Configuration Changes", "EMAIL": "Emails", "HEARTBEAT": "Heartbeats", "INCIDENT_MANAGEMENT": "Incident Management",
    "INTEGRATION": "Integrations", "SYNC": "Syncs", "NOTIFICATION": "Notifications", "ONCALL_MANAGEMENT": "Oncall Management",
    "SERVICE": "Services", "USER_IMPORT": "User Import", "ADD_USER_TO_GROUP": "Added user to group", "ADD_USER_TO_ROLE": "Added user to role",
}
LEVELS = {"INFORTMATION": "Information", "ERROR": "Error", "WARN": "Warning"}
LEVEL_ALIASES = {"info": "INFORTMATION", "information": "INFORTMATION", "warn": "WARN", "warning": "WARN", "error": "ERROR"}
PAGE_MIN, PAGE_MAX = 1000, 5000  # the API's bounds for a page (its "limit")
MAX_PAGES = 10000
NEEDS_ADMIN = ("GET %s returned HTTP 401: reading audit logs needs a Jira Service Management organization, site or product admin role; "
               "the account lacks it, or api_email and api_token are wrong." % LOGS)


def _folded(text: str) -> str:
    return " ".join(str(text).replace("_", " ").replace("-", " ").split()).casefold()


def query_names(values, names: dict, option: str, aliases=None) -> str | None:
    """The API's comma-separated query value for the names users gave (the display name or the API's, in any case)."""
    if not values:
        return None
    known = dict(aliases or {})
    for api, shown in names.items():
        known[_folded(api)] = api
        known[_folded(shown)] = api
    sent = []
    for value in values:
        api = known.get(_folded(value))
        if api is None:
            raise ConfigurationError("%s %r is not an audit log %s; use one of: %s." % (option, value, option, ", ".join(names.values())))
        if api not in sent:
            sent.append(api)
    return ",".join(sent)


def checked(params: dict, now: datetime.datetime) -> dict:
    """The first page's query, from the options, before anything is sent."""
    # Sent to the second: a default end is rounded up so that the logs of the current second are in the range.
    end = parse_datetime(params["end"], "end") if params["end"] else now.replace(microsecond=0) + datetime.timedelta(seconds=1 if now.microsecond else 0)
    start = parse_datetime(params["start"], "start") if params["start"] else end - datetime.timedelta(days=1)
    if start > end:
        raise ConfigurationError("start must not be after end; got start %s and end %s." % (api_datetime(start, "start"), api_datetime(end, "end")))
    limit = params["limit"]
    if limit is not None and limit < 1:
        raise ConfigurationError("limit must be 1 or more (or left out for every log of the range); got %d." % limit)
    query = {
        "startTime": api_datetime(start, "start"),
        "endTime": api_datetime(end, "end"),
        "limit": PAGE_MAX if limit is None else min(PAGE_MAX, max(PAGE_MIN, limit)),
        "category": query_names(params["category"], CATEGORIES, "category"),
        "level": query_names(params["level"], LEVELS, "level", {_folded(key): value for key, value in LEVEL_ALIASES.items()}),
    }
    return {key: value for key, value in query.items() if value is not None}


def _next_token(data: dict) -> str | None:
    link = (data.get("links") or {}).get("next") if isinstance(data.get("links"), dict) else None
    if not link:
        return None
    tokens = parse_qs(urlsplit(str(link)).query).get("pageToken")
    if not tokens:
        raise ResponseFormatError("GET %s answered a links.next without a pageToken; the logs after that page cannot be read." % LOGS)
    return tokens[0]


def read_logs(client, query: dict, limit: int | None) -> tuple[list, int]:
    """The logs of the range (at most ``limit``), oldest page first, and the number of pages read."""
    logs: list[dict] = []
    seen = set()
    query = dict(query)
    for page in range(1, MAX_PAGES + 1):
        try:
            data = client.get(LOGS, query)
        except AuthenticationError:
            raise AuthenticationError(client.redact(NEEDS_ADMIN), status=401) from None
        values = data.get("values")
        if not isinstance(values, list) or not all(isinstance(item, dict) for item in values):
            raise ResponseFormatError("GET %s returned no 'values' list of audit logs." % LOGS)
        logs.extend(values)
        if limit is not None and len(logs) >= limit:
            return logs[:limit], page
        token = _next_token(data)
        if token is None or not values:
            return logs, page
        if token in seen:
            raise ResponseFormatError("GET %s answered a pageToken already read; stopping to avoid a loop." % LOGS)
        seen.add(token)
        query["pageToken"] = token
    raise ResponseFormatError("GET %s did not end after %d pages; narrow the range with start and end." % (LOGS, MAX_PAGES))


def run(module, client) -> tuple:
    """Return (changed, result, diff)."""
    params = module.params
    query = checked(params, datetime.datetime.now(datetime.timezone.utc))
    logs, pages = read_logs(client, query, params["limit"])
    return False, {"audit_logs": logs, "start": query["startTime"], "end": query["endTime"], "pages": pages}, None
