# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of requests and responses against Atlassian's OpenAPI description of JSM Ops.

openapi-core is imported only here and only when a spec is given, so the emulator runs without it
when validation is off.
"""

from __future__ import annotations

import copy
import json
import os
import re
import threading

from . import ical
from .common import to_utc
from .routing import literal_length, template_regex

# openapi-core matches a request's full URL against the spec's server URL
# (https://api.atlassian.com/jsm/ops/) followed by the path template (/api/{cloudId}/v1/...).
# The wrappers below therefore present every request as if it had been sent to
# api.atlassian.com, keeping its real path (/jsm/ops/api/<cloudId>/v1/...), whatever host and
# port the emulator listens on.
SPEC_HOST_URL = "https://api.atlassian.com"

# Statuses the spec's narrative ("Status codes and responses") lists for every operation; an
# operation that does not declare one of them itself may still answer with it, so such a
# response is not validated. The same holds for any 5xx.
GLOBAL_STATUSES = frozenset({400, 401, 402, 403, 404, 409, 422, 429})


class SpecLoadError(RuntimeError):
    """The spec file is missing, unreadable or not an OpenAPI document."""


def one_of_to_any_of(node):
    """Rewrite every ``oneOf`` into ``anyOf`` in place.

    The spec uses ``oneOf`` over branches that are not mutually exclusive (for example a
    rotation's time restriction: neither branch has required properties), so applied strictly it
    rejects valid objects.
    """
    if isinstance(node, dict):
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            one_of_to_any_of(value)
    elif isinstance(node, list):
        for value in node:
            one_of_to_any_of(value)
    return node


def drop_bad_date_time_defaults(document: dict) -> dict:
    """Remove ``default`` values of date-time parameters that are not date-times, in place.

    getTimeline's ``date`` has ``default: "time of request"``; openapi-core fills in a missing
    parameter with its default and then validates it, so every timeline request without a
    ``date`` would be refused.
    """
    for _parameter, schema in _operation_parameters(document):
        if schema.get("format") == "date-time" and "default" in schema and to_utc(schema["default"]) is None:
            del schema["default"]
    return document


def align_path_parameters(document: dict) -> dict:
    """Give a declared path parameter that is not in its path the name of the one variable of the path left undeclared, in place;
    drop it when every variable of the path is declared already.

    ``DELETE /v1/alerts/{id}/tags`` and ``DELETE /v1/alerts/{id}/extra-properties`` declare their
    path parameter as ``alertId``; openapi-core then misses a required ``alertId`` in every request
    and refuses them all. ``POST /v1/teams/{teamId}/policies`` (a create, sharing its operationId
    with the PUT of ``/{policyId}``) declares a required ``policyId`` its path does not have, beside
    ``teamId``: it is dropped. (``cloudId`` is not counted: operations leave it undeclared.)
    """
    for template, item in document.get("paths", {}).items():
        names = set(template_regex(template).groupindex) - {"cloudId"}
        shared = {parameter.get("name") for parameter in item.get("parameters") or [] if isinstance(parameter, dict) and parameter.get("in") == "path"}
        for operation in item.values():
            if not isinstance(operation, dict) or not isinstance(operation.get("parameters"), list):
                continue
            declared = [parameter for parameter in operation["parameters"] if isinstance(parameter, dict) and parameter.get("in") == "path"]
            stray = [parameter for parameter in declared if parameter.get("name") not in names and parameter.get("name") != "cloudId"]
            missing = names - shared - {parameter.get("name") for parameter in declared}
            if len(stray) == 1 and len(missing) == 1:
                stray[0]["name"] = missing.pop()
            elif stray and not missing:
                operation["parameters"] = [parameter for parameter in operation["parameters"] if all(parameter is not odd for odd in stray)]
    return document


def allow_any_map_values(document: dict) -> dict:
    """Let the values of a map whose ``additionalProperties`` is ``type: object`` be of any type, in place.

    The integration and sync schemas type their maps (``typeSpecificProperties``, ``fieldMappings``, a sync's
    ``properties``) as objects of objects, while the spec's own examples of them hold strings, booleans and lists
    (CreateIntegrationRequest's ``{"emailUsername": "...", "suppressNotifications": false}``, IntegrationAction's
    ``fieldMappings``, the answer of getting an integration); as written, no integration an example shows would pass.
    """
    def walk(node) -> None:
        if isinstance(node, dict):
            values = node.get("additionalProperties")
            if isinstance(values, dict) and values.get("type") == "object" and not values.get("properties"):
                del values["type"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document.get("components", {}))
    return document


def responders_as_objects(document: dict) -> dict:
    """Give the ``responders`` of the policy answers the item schema of CreateGlobalPolicyRequest's, ``{type, id}``, in place.

    CreateGlobalPolicyRequest types a policy's responders as objects ``{type, id}``, but GetGlobalAlertPolicy (the
    answer of getting, replacing, enabling and disabling a global policy) and TeamAlertPolicyDto (a team alert
    policy, sent and answered) type them as strings. Atlassian's Terraform provider sends and reads objects for
    both; as written, no policy with a responder could be read back.
    """
    schemas = document.get("components", {}).get("schemas", {})
    wanted = schemas.get("CreateGlobalPolicyRequest", {}).get("properties", {}).get("responders", {}).get("items")
    if not isinstance(wanted, dict) or wanted.get("type") != "object":
        return document
    for name in ("GetGlobalAlertPolicy", "TeamAlertPolicyDto"):
        responders = schemas.get(name, {}).get("properties", {}).get("responders")
        if isinstance(responders, dict) and isinstance(responders.get("items"), dict) and responders["items"].get("type") == "string":
            responders["items"] = copy.deepcopy(wanted)
    return document


def drop_misplaced_identifier_type_enums(document: dict) -> dict:
    """Remove an ``[id, name]`` enum from ``teamId`` path parameters, in place.

    The team role operations ``POST /v1/teams/{teamId}/roles`` and ``PATCH`` and ``DELETE
    /v1/teams/{teamId}/roles/{identifier}`` give their ``teamId`` path parameter the enum
    ``[id, name]`` of an identifier type (the one the custom user roles declare as their
    ``identifierType`` query parameter); as written, no team id would ever be accepted.
    """
    for parameter, schema in _operation_parameters(document):
        if parameter.get("in") == "path" and parameter.get("name") == "teamId" and sorted(schema.get("enum") or []) == ["id", "name"]:
            del schema["enum"]
    return document


def allow_comma_separated_enums(document: dict) -> dict:
    """Let a query parameter whose description promises a comma-separated list take one, in place.

    listLogs (``GET /v1/logs``) describes ``category`` and ``level`` as "Multiple ... can be passed by providing a
    comma-separated list of values" but types each as one string of an enum, which no list would match. Such an enum
    becomes a pattern: one or more of its values, separated by commas.
    """
    for parameter, schema in _operation_parameters(document):
        values = schema.get("enum")
        if parameter.get("in") == "query" and values and "comma-separated" in str(parameter.get("description", "")):
            one = "|".join(re.escape(str(value)) for value in values)
            del schema["enum"]
            schema["pattern"] = "^(%s)(,(%s))*$" % (one, one)
    return document


def _operation_parameters(document: dict):
    """Each parameter that an operation declares, with its schema (parameters without one are skipped)."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters") or []:
                schema = parameter.get("schema") if isinstance(parameter, dict) else None
                if isinstance(schema, dict):
                    yield parameter, schema


class _Request:
    """openapi-core's Request protocol for one emulator request."""

    def __init__(self, method: str, path: str, args, headers, content_type: str | None, body: bytes):
        from openapi_core.datatypes import RequestParameters  # pylint: disable=import-outside-toplevel
        from werkzeug.datastructures import Headers, ImmutableMultiDict  # pylint: disable=import-outside-toplevel

        self.host_url = SPEC_HOST_URL
        self.path = path
        self.method = method.lower()
        self.body = body or None
        self.content_type = content_type or "application/octet-stream"
        self.parameters = RequestParameters(query=ImmutableMultiDict(list(args.items(multi=True))), header=Headers(headers), cookie={})


class _Response:
    """openapi-core's Response protocol for one emulator reply."""

    def __init__(self, reply):
        from werkzeug.datastructures import Headers  # pylint: disable=import-outside-toplevel

        self.status_code = reply.status
        self.data = reply.body
        self.content_type = reply.content_type or ""
        self.headers = Headers(reply.wsgi_headers())


_PART_NAMES = {"InvalidRequestBody": "request body", "InvalidData": "response body", "InvalidHeader": "response header"}


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe(exc: BaseException) -> str:
    """A one-line reason for an openapi-core validation error."""
    from jsonschema.exceptions import best_match  # pylint: disable=import-outside-toplevel

    head = None
    location, name = getattr(exc, "location", None), getattr(exc, "name", None)
    if isinstance(location, str) and isinstance(name, str):
        head = f"{location} parameter '{name}'"
    schema_errors = None
    current = exc
    while current is not None and schema_errors is None:
        schema_errors = getattr(current, "schema_errors", None)
        current = current.__cause__ or current.__context__
    if schema_errors:
        error = best_match(schema_errors)
        where = "/".join(str(part) for part in error.absolute_path)
        if head is None:
            head = _PART_NAMES.get(type(exc).__name__, type(exc).__name__)
        where_text = f" at {where}" if where else ""
        return _short(f"{head}{where_text}: {error.message}")
    if head is not None:
        return _short(f"{head}: {exc.__cause__ if exc.__cause__ is not None else exc}")
    innermost = exc
    while (innermost.__cause__ or innermost.__context__) is not None:
        innermost = innermost.__cause__ or innermost.__context__
    if isinstance(innermost, ical.CalendarError):
        return _short(f"calendar body: {innermost}")
    text = str(exc)
    if exc.__cause__ is not None:
        text = f"{text}: {exc.__cause__}"
    return _short(text)


class SpecValidator:
    """Loads the spec once and validates requests and responses of the operations it declares."""

    def __init__(self, path: str):
        self.path = os.fspath(path)
        try:
            with open(self.path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as exc:
            raise SpecLoadError(f"cannot read the JSM Ops OpenAPI spec {self.path}: {exc}") from exc
        if not isinstance(document, dict) or not isinstance(document.get("paths"), dict) or "openapi" not in document:
            raise SpecLoadError(f"{self.path} is not an OpenAPI document")
        one_of_to_any_of(document)
        drop_bad_date_time_defaults(document)
        align_path_parameters(document)
        drop_misplaced_identifier_type_enums(document)
        allow_comma_separated_enums(document)
        allow_any_map_values(document)
        responders_as_objects(document)
        self.document = document
        self._paths = [(template_regex(template), template) for template in document["paths"]]
        # openapi-core's validators are not documented as thread-safe; validation is a few
        # milliseconds, so one lock costs little.
        self._lock = threading.Lock()
        self._openapi = self._build(document)

    @staticmethod
    def _build(document: dict):
        # pylint: disable=import-outside-toplevel
        from jsonschema_path import SchemaPath
        from openapi_core import OpenAPI
        from openapi_core.configurations import Config
        from openapi_core.templating.paths.finders import APICallPathFinder
        from openapi_core.templating.paths.iterators import TemplatePathsIterator
        from openapi_core.validation.request.validators import V30RequestValidator

        class RequestValidatorWithoutSecurity(V30RequestValidator):
            """Parameters and body only: the emulator checks credentials itself, before this."""

            def _get_security(self, parameters, operation):
                return None

        class SpecificPathsIterator(TemplatePathsIterator):
            """Matching templates, fewest variables first and then the most fixed text first.

            openapi-core orders by the number of variables only, so ``/v1/schedules/abc.ics`` would
            be validated as ``/v1/schedules/{id}`` (JSON) rather than ``/v1/schedules/{scheduleId}.ics``.
            """

            def __call__(self, name, spec, base_url=None):
                found = list(super().__call__(name, spec, base_url=base_url))
                return iter(sorted(found, key=lambda item: (len(item[1].variables or {}), -literal_length(item[1].pattern))))

        class SpecificPathFinder(APICallPathFinder):
            paths_iterator = SpecificPathsIterator("paths")

        # spec_validator_cls=None: the spec fails strict validation (its operations do not
        # declare the {cloudId} path parameter) although requests and responses validate fine.
        # text/calendar bodies are read into an object (see ical.py), as the spec's schema for the
        # calendar exports is ``type: object``; a calendar that breaks RFC 5545 fails to load.
        config = Config(spec_validator_cls=None, request_validator_cls=RequestValidatorWithoutSecurity, path_finder_cls=SpecificPathFinder,
                        extra_media_type_deserializers={"text/calendar": ical.loads})
        return OpenAPI(SchemaPath.from_dict(document), config=config)

    def operation(self, method: str, api_path: str) -> tuple[str | None, dict | None]:
        """The spec's (template, operation) for a path under /jsm/ops (e.g. ``/api/<id>/v1/teams``)."""
        wanted = method.lower()
        for regex, template in self._paths:
            if regex.match(api_path):
                operation = self.document["paths"][template].get(wanted)
                if isinstance(operation, dict):
                    return template, operation
        return None, None

    def has_operation(self, method: str, template: str) -> bool:
        return isinstance(self.document["paths"].get(template, {}).get(method.lower()), dict)

    def validate_request(self, method: str, path: str, args, headers, content_type: str | None, body: bytes) -> str | None:
        """None when the request conforms, else a short reason."""
        request = _Request(method, path, args, headers, content_type, body)
        with self._lock:
            try:
                self._openapi.validate_request(request)
            except Exception as exc:  # pylint: disable=broad-exception-caught
                return describe(exc)
        return None

    def validate_response(self, method: str, path: str, args, headers, content_type: str | None, body: bytes, reply, template: str) -> str | None:
        """None when the reply conforms (or is not the spec's to judge), else a short reason."""
        responses = self.document["paths"][template][method.lower()].get("responses") or {}
        if str(reply.status) not in responses and "default" not in responses:
            if reply.status in GLOBAL_STATUSES or reply.status >= 500:
                return None
            return f"status {reply.status} is not declared for {method.upper()} {template}"
        request = _Request(method, path, args, headers, content_type, body)
        with self._lock:
            try:
                self._openapi.validate_response(request, _Response(reply))
            except Exception as exc:  # pylint: disable=broad-exception-caught
                return describe(exc)
        return None
