# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The time_restriction option of rotations, routing rules and notification rules."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  time_restriction:
    description:
      - Limits when it applies (a rotation is on call, a routing rule routes alerts, a notification rule notifies), in its time zone.
    type: dict
    suboptions:
      type:
        description:
          - V(time-of-day) for one daily period in O(time_restriction.restriction), V(weekday-and-time-of-day) for weekday
            periods in O(time_restriction.restrictions).
        type: str
        required: true
        choices: [time-of-day, weekday-and-time-of-day]
      restriction:
        description:
          - The daily period, for V(time-of-day). An end before the start spans midnight.
        type: dict
        suboptions:
          start_hour:
            description: Hour the period starts, 0 to 23.
            type: int
            required: true
          start_min:
            description: Minute the period starts, 0 to 59.
            type: int
            required: true
          end_hour:
            description: Hour the period ends, 0 to 23.
            type: int
            required: true
          end_min:
            description: Minute the period ends, 0 to 59.
            type: int
            required: true
      restrictions:
        description:
          - The weekday periods, for V(weekday-and-time-of-day).
        type: list
        elements: dict
        suboptions:
          start_day:
            description: Day the period starts.
            type: str
            required: true
            choices: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]
          end_day:
            description: Day the period ends.
            type: str
            required: true
            choices: [monday, tuesday, wednesday, thursday, friday, saturday, sunday]
          start_hour:
            description: Hour the period starts, 0 to 23.
            type: int
            required: true
          start_min:
            description: Minute the period starts, 0 to 59.
            type: int
            required: true
          end_hour:
            description: Hour the period ends, 0 to 23.
            type: int
            required: true
          end_min:
            description: Minute the period ends, 0 to 59.
            type: int
            required: true
"""
