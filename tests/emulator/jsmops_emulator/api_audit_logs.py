# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit logs: ``GET /v1/logs`` over a time range, paged by an opaque ``pageToken``.

As the spec has it: ``startTime`` and ``endTime`` are required; ``limit`` (1000-5000, default 1000) is the page
size; ``category`` and ``level`` filter by the upper-case names of the query enums (several comma-separated), while
the logs carry the display names of the response enums (``CONFIG_CHANGE`` finds "Configuration Changes"; the level
``INFORTMATION``, spelled so by the spec, finds "Information"). ``links.next`` is written as in the spec's example,
``/logs?...&pageToken=...``, and is absent on the last page. Only admins may read the logs: anyone else gets the 401
the spec documents for "a user with insufficient permissions".

The logs are the seed's ``auditLogs`` and one entry for every write the emulator carried out (category "Alerts" for
alert paths, "Heartbeats" for heartbeat pings, "Configuration Changes" otherwise), oldest first.
"""

from __future__ import annotations

import base64
from datetime import datetime

from .audit_store import CATEGORIES, LEVELS
from .common import ApiError, json_reply, to_utc
from .routing import Context, route

FIELDS = ("created", "message", "details", "category", "level")


def _names(ctx: Context, name: str, names: dict) -> set | None:
    raw = ctx.args.get(name)
    if raw is None or raw == "":
        return None
    given = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [part for part in given if part not in names]
    if unknown:
        raise ApiError(400, f"Invalid value for query parameter '{name}': {', '.join(unknown)}")
    return {names[part] for part in given}


def _instant(ctx: Context, name: str) -> datetime:
    value = to_utc(ctx.args.get(name))
    if value is None:
        raise ApiError(400, f"Query parameter '{name}' is required as a date-time")
    return value


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        offset = int(base64.urlsafe_b64decode(token.encode("ascii") + b"==").decode("ascii"))
    except (ValueError, UnicodeError) as exc:
        raise ApiError(400, "Invalid pageToken") from exc
    if offset < 0:
        raise ApiError(400, "Invalid pageToken")
    return offset


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode("ascii")).decode("ascii").rstrip("=")


@route("GET", "/v1/logs")
def list_logs(ctx: Context):
    if not ctx.account.get("admin"):
        raise ApiError(401, "You do not have permission to view audit logs")
    start, end = _instant(ctx, "startTime"), _instant(ctx, "endTime")
    if end < start:
        raise ApiError(400, "endTime must not be before startTime")
    try:
        limit = ctx.int_arg("limit", 1000, 1000, 5000)
    except ApiError as exc:
        raise ApiError(400, exc.title) from exc  # this operation documents 400 for a parameter incorrectly formed
    categories, levels = _names(ctx, "category", CATEGORIES), _names(ctx, "level", LEVELS)
    found = [item for item in ctx.store.audit_logs
             if start <= to_utc(item["created"]) < end
             and (categories is None or item["category"] in categories)
             and (levels is None or item["level"] in levels)]
    offset = _offset(ctx.args.get("pageToken"))
    page = found[offset:offset + limit]
    links = {}
    if offset + limit < len(found):
        kept = [(key, value) for key, value in ctx.args.items(multi=True) if key != "pageToken"]
        links["next"] = ctx.link("/logs", kept + [("pageToken", _token(offset + limit))])
    values = [{key: item[key] for key in FIELDS if item.get(key) is not None} for item in page]
    return json_reply(200, {"values": values, "count": len(values), "links": links})
