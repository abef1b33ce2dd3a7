# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: local_time
short_description: Write an instant in a time zone
version_added: 0.1.0
description:
  - Writes an ISO 8601 date and time with a UTC offset (as the JSM Ops API returns them, such as V(2026-11-23T08:00:00Z)),
    or a datetime that carries its offset, in an IANA time zone with a C(strftime) format.
  - Works the same on every supported ansible-core, with Python's own time zone database.
positional: timezone, fmt
options:
  _input:
    description: The instant.
    type: raw
    required: true
  timezone:
    description: IANA time zone name, such as V(Europe/Berlin) or V(UTC).
    type: str
    default: UTC
  fmt:
    description: C(strftime) format.
    type: str
    default: "%Y-%m-%d %H:%M %Z"
seealso:
  - plugin: jsm.ops.oncall_segments
    plugin_type: filter
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: When a timeline starts, in Tokyo
  ansible.builtin.debug:
    msg: "{{ timeline.timeline.startDate | jsm.ops.local_time('Asia/Tokyo') }}"

- name: Now in New York, as a weekday and time
  ansible.builtin.debug:
    msg: "{{ now(utc=true).isoformat() | jsm.ops.local_time('America/New_York', '%A %H:%M') }}"
"""

RETURN = r"""
_value:
  description: The instant in the time zone, written with the format.
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.jsm.ops.plugins.plugin_utils.timeline_report import ReportError, local_text


def local_time(value, timezone="UTC", fmt="%Y-%m-%d %H:%M %Z"):
    """Wrap the pure function, turning its errors into filter errors."""
    try:
        return local_text(value, timezone, fmt)
    except ReportError as exc:
        raise AnsibleFilterError("jsm.ops.local_time: %s" % exc) from None


class FilterModule:
    """The jsm.ops.local_time filter."""

    def filters(self):
        return {"local_time": local_time}
