# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iCalendar (RFC 5545) files: writing the calendar exports, and reading them back to check them.

The writer folds lines at 75 octets (never inside a UTF-8 character), ends every line with CRLF
and escapes text values. The reader is strict about the same rules and turns a calendar into
``{"name": "VCALENDAR", "properties": [...], "components": [...]}``; spec validation uses it for
``text/calendar`` responses, whose schema in the spec is an ``object``.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//jsm.ops//JSM Ops API emulator//EN"
_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_PARAM = re.compile(r'^[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*$')
_UTC_STAMP = re.compile(r"^\d{8}T\d{6}Z$")
# Properties each component must have (RFC 5545 3.4 and 3.6.1, for a calendar without METHOD
# REQUEST/REPLY semantics), and those that may appear at most once.
_REQUIRED = {"VCALENDAR": ("PRODID", "VERSION"), "VEVENT": ("UID", "DTSTAMP", "DTSTART")}
_SINGLE = {"VCALENDAR": ("PRODID", "VERSION", "CALSCALE", "METHOD"),
           "VEVENT": ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "STATUS", "TRANSP")}


class CalendarError(ValueError):
    """The text is not an iCalendar object as RFC 5545 describes it."""


def stamp(moment: datetime) -> str:
    """A UTC date-time value such as ``20260105T090000Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into chunks of at most 75 octets, continuation lines starting with a space."""
    chunks, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def calendar(name: str, events: list[dict]) -> bytes:
    """A VCALENDAR with one VEVENT per event (keys ``uid``, ``stamp``, ``start``, ``end``, ``summary``, ``description``)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for event in events:
        lines.extend([
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp(event['stamp'])}",
            f"DTSTART:{stamp(event['start'])}",
            f"DTEND:{stamp(event['end'])}",
            f"SUMMARY:{escape_text(event['summary'])}",
        ])
        if event.get("description"):
            lines.append(f"DESCRIPTION:{escape_text(event['description'])}")
        lines.extend(["TRANSP:OPAQUE", "END:VEVENT"])
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")


def unescape_text(value: str) -> str:
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            following = value[index + 1]
            out.append("\n" if following in "nN" else following)
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _content_line(line: str, number: int) -> dict:
    """``NAME;PARAM=VALUE:value`` split up; the first unquoted colon ends name and parameters."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1:]
            break
    else:
        raise CalendarError(f"line {number}: no ':' in a content line")
    name, *params = head.split(";")
    if not _NAME.match(name):
        raise CalendarError(f"line {number}: bad property name {name!r}")
    for param in params:
        if not _PARAM.match(param):
            raise CalendarError(f"line {number}: bad parameter {param!r}")
    return {"name": name.upper(), "params": params, "value": value}


def _unfold(text: str) -> list[tuple[int, str]]:
    if not text.endswith(CRLF):
        raise CalendarError("the calendar does not end with CRLF")
    physical = text[:-2].split(CRLF)
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(physical, 1):
        if "\n" in line or "\r" in line:
            raise CalendarError(f"line {number}: a line break that is not CRLF")
        if len(line.encode("utf-8")) > LINE_OCTETS:
            raise CalendarError(f"line {number}: longer than {LINE_OCTETS} octets")
        if line[:1] in (" ", "\t"):
            if not lines:
                raise CalendarError("the calendar starts with a continuation line")
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        elif line:
            lines.append((number, line))
        else:
            raise CalendarError(f"line {number}: empty line")
    return lines


def _check_component(component: dict) -> None:
    name = component["name"]
    counts: dict[str, int] = {}
    for prop in component["properties"]:
        counts[prop["name"]] = counts.get(prop["name"], 0) + 1
    for required in _REQUIRED.get(name, ()):
        if required not in counts:
            raise CalendarError(f"{name} without {required}")
    for single in _SINGLE.get(name, ()):
        if counts.get(single, 0) > 1:
            raise CalendarError(f"{name} with more than one {single}")
    if name == "VEVENT":
        values = {prop["name"]: prop["value"] for prop in component["properties"]}
        for key in ("DTSTAMP", "DTSTART", "DTEND"):
            if key in values and not _UTC_STAMP.match(values[key]):
                raise CalendarError(f"VEVENT {key} {values[key]!r} is not a UTC date-time")
        if "DTEND" in values and values["DTEND"] <= values["DTSTART"]:
            raise CalendarError(f"VEVENT {values['UID']} ends before it starts")


def parse_calendar(data) -> dict:
    """One VCALENDAR (bytes or text) as nested dicts; CalendarError when it breaks RFC 5545's syntax."""
    text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else str(data)
    stack: list[dict] = []
    root = None
    for number, line in _unfold(text):
        if root is not None:
            raise CalendarError(f"line {number}: content after END:VCALENDAR")
        item = _content_line(line, number)
        if item["name"] == "BEGIN":
            component = {"name": item["value"].upper(), "properties": [], "components": []}
            if not stack and component["name"] != "VCALENDAR":
                raise CalendarError(f"line {number}: the calendar must start with BEGIN:VCALENDAR")
            if stack:
                stack[-1]["components"].append(component)
            stack.append(component)
        elif item["name"] == "END":
            if not stack or stack[-1]["name"] != item["value"].upper():
                raise CalendarError(f"line {number}: END:{item['value']} does not close the open component")
            component = stack.pop()
            _check_component(component)
            if not stack:
                root = component
        elif not stack:
            raise CalendarError(f"line {number}: a property outside BEGIN:VCALENDAR")
        else:
            stack[-1]["properties"].append(item)
    if root is None:
        raise CalendarError("no complete VCALENDAR")
    uids = [prop["value"] for event in root["components"] for prop in event["properties"] if prop["name"] == "UID"]
    if len(uids) != len(set(uids)):
        raise CalendarError("two components with the same UID")
    return root


def loads(value, **parameters) -> dict:
    """openapi-core media type deserializer for ``text/calendar``."""
    charset = parameters.get("charset", "utf-8")
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value).decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise CalendarError(f"the calendar is not {charset}: {exc}") from exc
    return parse_calendar(value)


def read_events(root: dict) -> list[dict]:
    """The VEVENTs of a parsed calendar as ``{PROPERTY: value}`` (text values unescaped)."""
    found = []
    for component in root["components"]:
        if component["name"] == "VEVENT":
            found.append({prop["name"]: unescape_text(prop["value"]) for prop in component["properties"]})
    return found
