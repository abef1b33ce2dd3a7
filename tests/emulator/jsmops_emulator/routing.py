# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Route table of the emulated JSM Ops API and what an endpoint handler gets to work with.

An endpoint is one function decorated with ``@route(METHOD, "/v1/...")``; the template is the
spec's own path without its ``/api/{cloudId}`` prefix, so the emulator can find the operation in
Atlassian's spec and check that every route exists there.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from .common import ApiError

SPEC_PREFIX = "/api/{cloudId}"
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def template_regex(template: str) -> re.Pattern:
    """A regex for a path template such as ``/v1/schedules/{id}`` (one segment per parameter)."""
    parts = []
    last = 0
    for match in _PARAM.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        parts.append(f"(?P<{match.group(1)}>[^/]+)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$")


class Route:
    __slots__ = ("method", "template", "regex", "handler")

    def __init__(self, method: str, template: str, handler):
        self.method = method
        self.template = template
        self.regex = template_regex(template)
        self.handler = handler

    @property
    def spec_template(self) -> str:
        return SPEC_PREFIX + self.template


ROUTES: list[Route] = []


def route(method: str, template: str):
    """Register the decorated function as the handler of ``METHOD template``."""

    def register(handler):
        ROUTES.append(Route(method.upper(), template, handler))
        return handler

    return register


def literal_length(template: str) -> int:
    """How much of a path template is fixed text; the more, the more specific the template."""
    return len(_PARAM.sub("", template))


def match_route(method: str, path: str) -> tuple[Route | None, dict]:
    """The most specific route for the path: ``/v1/schedules/{scheduleId}.ics`` wins over ``/v1/schedules/{id}``."""
    best, params = None, {}
    for candidate in ROUTES:
        if candidate.method != method:
            continue
        found = candidate.regex.match(path)
        if found and (best is None or literal_length(candidate.template) > literal_length(best.template)):
            best, params = candidate, found.groupdict()
    return best, params


class Context:
    """What a handler sees: the store, the caller's account, the request's parts."""

    def __init__(self, store, account: dict, args, params: dict, body: bytes, link_base: str):
        self.store = store
        self.account = account
        self.args = args
        self.params = params
        self.body = body
        self.link_base = link_base

    def json_object(self) -> dict:
        """The request body as a JSON object, or 422 as the API answers unparsable payloads."""
        try:
            data = json.loads(self.body.decode("utf-8")) if self.body else None
        except ValueError as exc:
            raise ApiError(422, "The payload cannot be parsed as JSON") from exc
        if not isinstance(data, dict):
            raise ApiError(422, "The payload must be a JSON object")
        return data

    def int_arg(self, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
        raw = self.args.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError as exc:
            raise ApiError(422, f"Invalid value for query parameter '{name}'") from exc
        if value < minimum or (maximum is not None and value > maximum):
            raise ApiError(422, f"Query parameter '{name}' must be between {minimum} and {maximum}")
        return value

    def expand(self) -> set[str]:
        """Values of ``expand``, given repeated and/or comma-separated."""
        values = set()
        for raw in self.args.getlist("expand"):
            values.update(item.strip() for item in raw.split(",") if item.strip())
        return values

    def link(self, path: str, params: list[tuple[str, str]]) -> str:
        """A link as the API writes it: relative to the API base, or absolute by setting."""
        return f"{self.link_base}{path}?{urlencode(params)}"

    def paginate(self, items: list, path: str, default_size: int = 25, max_size: int = 50) -> tuple[list, dict]:
        """One page of ``items`` and the ``links`` object (``next`` only when more remain)."""
        size = self.int_arg("size", default_size, 1, max_size)
        offset = self.int_arg("offset", 0, 0)
        page = items[offset:offset + size]
        links = {}
        if offset + size < len(items):
            params = [("offset", str(offset + size)), ("size", str(size))]
            params.extend((key, value) for key, value in self.args.items(multi=True) if key not in ("offset", "size"))
            links["next"] = self.link(path, params)
        return page, links
