# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small shared types: a buffered HTTP reply and the error an API handler raises."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timezone
from http import HTTPStatus

JSON_TYPE = "application/json"

# Titles of the ErrorResponses bodies the emulator sends for error statuses it produces itself.
STATUS_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    422: "Unprocessable entity",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class Reply:
    """A complete HTTP response, always sent with a Content-Length so connections stay reusable."""

    __slots__ = ("status", "body", "content_type", "headers")

    def __init__(self, status: int, body: bytes = b"", content_type: str | None = None, headers: list[tuple[str, str]] | None = None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = list(headers or [])

    @property
    def status_line(self) -> str:
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = "Unknown"
        return f"{self.status} {phrase}"

    def json(self):
        """The body decoded as JSON (None when empty)."""
        if not self.body:
            return None
        return json.loads(self.body)

    def wsgi_headers(self) -> list[tuple[str, str]]:
        headers = []
        if self.content_type:
            headers.append(("Content-Type", self.content_type))
        headers.extend(self.headers)
        if self.status >= 200 and self.status not in (204, 304):
            headers.append(("Content-Length", str(len(self.body))))
        return headers


def json_reply(status: int, data, headers: list[tuple[str, str]] | None = None) -> Reply:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, JSON_TYPE, headers)


def error_reply(status: int, title: str | None = None, headers: list[tuple[str, str]] | None = None) -> Reply:
    """An ErrorResponses body, the general error shape of the JSM Ops API."""
    return json_reply(status, {"errors": [{"title": title or STATUS_TITLES.get(status, "Error")}]}, headers)


def empty_reply(status: int = 204) -> Reply:
    return Reply(status)


class ApiError(Exception):
    """Raised by an endpoint handler to answer with an ErrorResponses body."""

    def __init__(self, status: int, title: str):
        super().__init__(title)
        self.status = status
        self.title = title

    def reply(self) -> Reply:
        return error_reply(self.status, self.title)


# RFC 3339 date-time, the spec's ``format: date-time``: a time zone offset is required.
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$")


def to_utc(value) -> datetime | None:
    """An RFC 3339 date-time string as an aware UTC datetime, or None when it is not one."""
    if not isinstance(value, str):
        return None
    found = _DATE_TIME.match(value)
    if found is None:
        return None
    day, clock, fraction, offset = found.groups()
    fraction = "." + fraction[:6].ljust(6, "0") if fraction else ""
    offset = "+00:00" if offset in ("Z", "z") else offset
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}{fraction}{offset}")
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


def api_date(moment: datetime) -> str:
    """A date-time as the API writes it: UTC with ``Z``, milliseconds only when there are any."""
    moment = moment.astimezone(timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = moment.microsecond // 1000
    if millis:
        text += f".{millis:03d}"
    return text + "Z"


def parse_date(value, name: str) -> datetime:
    """A request's date-time field as a UTC datetime, or 422."""
    moment = to_utc(value)
    if moment is None:
        raise ApiError(422, f"'{name}' must be a date-time with a time zone offset, like 2026-01-05T09:00:00Z")
    return moment


def warn(message: str) -> None:
    """One line on stderr, prefixed so it stands out among test output."""
    sys.stderr.write(f"jsmops emulator: {message}\n")
    sys.stderr.flush()
