# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: oncall_segments
short_description: Who is on call when in a window of a schedule timeline, with local times
version_added: 0.1.0
description:
  - Cuts a window of the final timeline returned by M(jsm.ops.jsmops_schedule_timeline_info) into segments with the same people
    on call, merging the schedule's rotations, and gives each segment its start and end in a chosen time zone and its place
    in the window in percent (for drawing a timeline bar).
  - A stretch in which nobody is on call is a segment of its own, with C(nobody) true.
  - Names come from RV(jsm.ops.jsmops_schedule_timeline_info#module:responders) when the module ran with
    O(jsm.ops.jsmops_schedule_timeline_info#module:responder_names=true); otherwise users are shown by account id.
  - Runs on the controller and needs no library beyond Python's standard library.
positional: start
options:
  _input:
    description:
      - The registered result of M(jsm.ops.jsmops_schedule_timeline_info), or its RV(jsm.ops.jsmops_schedule_timeline_info#module:timeline) alone.
    type: dict
    required: true
  start:
    description:
      - Start of the window, as an ISO 8601 date and time with a UTC offset.
    type: str
    required: true
  days:
    description:
      - Length of the window in days (fractions allowed). Give either O(days) or O(end).
    type: float
  end:
    description:
      - End of the window, as an ISO 8601 date and time with a UTC offset. Give either O(days) or O(end).
    type: str
  timezone:
    description:
      - IANA time zone name in which the local times are written, such as V(Europe/Berlin).
    type: str
    default: UTC
  fmt:
    description:
      - C(strftime) format of the local times.
    type: str
    default: "%a %d %b %H:%M"
  day_format:
    description:
      - C(strftime) format of the labels of the local midnights in the window.
    type: str
    default: "%a %d %b"
seealso:
  - module: jsm.ops.jsmops_schedule_timeline_info
  - plugin: jsm.ops.local_time
    plugin_type: filter
author:
  - jsm.ops contributors (@jsm-ops)
"""

EXAMPLES = r"""
- name: Eight days of the Platform schedule, with names
  jsm.ops.jsmops_schedule_timeline_info:
    schedule: Platform Primary
    interval: 9
    interval_unit: days
    responder_names: true
  register: platform

- name: Who is on call over the next week, in Berlin time
  ansible.builtin.debug:
    msg: "{{ item.start_local }} to {{ item.end_local }}: {{ item.names | join(', ') if not item.nobody else 'nobody' }}"
  loop: "{{ (platform | jsm.ops.oncall_segments(now(utc=true).isoformat(), days=7, timezone='Europe/Berlin')).segments }}"
"""

RETURN = r"""
_value:
  description: The window and its segments.
  type: dict
  contains:
    start:
      description: Start of the window, in UTC (C(2026-11-23T08:00:00Z)).
      type: str
    end:
      description: End of the window, in UTC.
      type: str
    start_local:
      description: Start of the window in O(timezone), written with O(fmt).
      type: str
    end_local:
      description: End of the window in O(timezone), written with O(fmt).
      type: str
    timezone:
      description: O(timezone).
      type: str
    names:
      description: Everyone on call in the window, in order of first appearance.
      type: list
      elements: str
    nobody_hours:
      description: Hours of the window in which nobody is on call.
      type: float
    days:
      description: The local midnights inside the window, each with C(at) (UTC), C(offset) (percent of the window) and C(label).
      type: list
      elements: dict
    segments:
      description:
        - Consecutive stretches with the same people on call, covering the window without gaps.
        - Each has C(start), C(end) (UTC), C(start_local), C(end_local), C(offset) and C(width) (percent of the window), C(hours),
          C(responders) (each with C(id), C(type) and C(name)), C(names), C(rotations) (names of the rotations on call) and C(nobody).
        - A user's name is the display name, a team's its name followed by C( (team)), an escalation's its name followed by
          C( (escalation)); a responder without a known name is shown by its id (users) or by its type and id.
      type: list
      elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.jsm.ops.plugins.plugin_utils.timeline_report import DEFAULT_DAY_FORMAT, DEFAULT_FORMAT, ReportError, segments


def oncall_segments(result, start, days=None, end=None, timezone="UTC", fmt=DEFAULT_FORMAT, day_format=DEFAULT_DAY_FORMAT):
    """Wrap the pure function, turning its errors into filter errors."""
    try:
        return segments(result, start, days=days, end=end, timezone=timezone, fmt=fmt, day_format=day_format)
    except ReportError as exc:
        raise AnsibleFilterError("jsm.ops.oncall_segments: %s" % exc) from None


class FilterModule:
    """The jsm.ops.oncall_segments filter."""

    def filters(self):
        return {"oncall_segments": oncall_segments}
