# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors of the jsm.ops collection.

Shared code raises these; only a module's ``main()`` (or a lookup's ``run()``)
turns them into a failure.  Messages are single lines written for the person
running the playbook.  They never contain request headers, request bodies or
credentials: the client builds them from the method, the path and the API's own
error titles only, and redacts secrets once more before raising.
"""

from __future__ import annotations


class JsmOpsError(Exception):
    """Base class: anything that should fail a task with a clear message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = " ".join(str(message).split())

    def __str__(self) -> str:
        return self.message


class ConfigurationError(JsmOpsError):
    """An option is missing or invalid; nothing was sent."""


class PathSegmentError(ConfigurationError):
    """A value that cannot be a segment of a URL path (empty, ``.`` or ``..``): sent, it would address another endpoint.

    The runner names the option that holds ``value``."""

    def __init__(self, value: str, reason: str):
        super().__init__("%r cannot be used in a URL path: %s" % (value, reason))
        self.value = value
        self.reason = reason


class TransportError(JsmOpsError):
    """No usable HTTP response: connection refused, timeout, TLS failure, dropped connection."""


class ResponseFormatError(JsmOpsError):
    """The API answered, but not with the JSON it documents."""


class UnreadableWriteError(ResponseFormatError):
    """A write was answered with success but with a body that cannot be read: it may have been applied."""


class ApiError(JsmOpsError):
    """The API answered with an error status."""

    def __init__(self, message: str, status: int | None = None, titles: tuple[str, ...] = ()):
        super().__init__(message)
        self.status = status
        self.titles = tuple(titles)


class AuthenticationError(ApiError):
    """401: the credentials were not accepted."""


class PaymentRequiredError(ApiError):
    """402: the site's plan does not include the feature."""


class PermissionDeniedError(ApiError):
    """403: the account lacks a permission."""


class NotFoundError(ApiError):
    """404 where the caller did not expect one."""


class ConflictError(ApiError):
    """409: the object already exists (for example a duplicate name)."""


class InvalidRequestError(ApiError):
    """400 or 422: the API could not process the request."""


class RateLimitedError(ApiError):
    """429 after every retry was spent."""


class ServerError(ApiError):
    """5xx after every retry was spent (or where retrying was not safe)."""


# What to do about each status, appended to the API's own titles.
STATUS_ERRORS: dict[int, tuple[type[ApiError], str]] = {
    400: (InvalidRequestError, "The API rejected the request as invalid."),
    401: (
        AuthenticationError,
        "Authentication failed: check api_email and api_token (the token may have been revoked or may belong to another account).",
    ),
    402: (PaymentRequiredError, "The site's Jira Service Management plan does not include this feature."),
    403: (PermissionDeniedError, "The account lacks permission for this operation; ask a Jira Service Management admin for the needed role."),
    404: (NotFoundError, "Not found."),
    409: (ConflictError, "Conflict with an existing object."),
    422: (InvalidRequestError, "The API could not process the request."),
    429: (RateLimitedError, "Rate limited by the API and the retries are spent; lower the request rate or raise retries."),
}


def error_for_status(status: int, method: str, path: str, titles: tuple[str, ...]) -> ApiError:
    """Build the typed error for an HTTP error status."""
    if status in STATUS_ERRORS:
        cls, hint = STATUS_ERRORS[status]
    elif status >= 500:
        cls, hint = ServerError, "The API had a server error; try again later."
    else:
        cls, hint = ApiError, "Unexpected answer from the API."
    detail = "; ".join(titles)
    message = "%s %s returned HTTP %s: %s" % (method, path, status, hint)
    if detail:
        message = "%s API said: %s" % (message, detail)
    return cls(message, status=status, titles=titles)


def unless_hidden(call, default):
    """``call()``, or ``default`` when the account may not see the object (HTTP 403): for _info modules,
    something the account cannot see reads as nothing, like something that does not exist."""
    try:
        return call()
    except PermissionDeniedError:
        return default
