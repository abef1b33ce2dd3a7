# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes shared by every jsm.ops module."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
notes:
  - The API is called from the host the task runs on, usually the controller. For C(localhost) set
    C(ansible_python_interpreter) to C({{ ansible_playbook_python }}) so that the Python with C(requests) installed is used.
  - All jsm.ops modules belong to the action group C(jsm.ops.jsmops), so C(module_defaults) for C(group/jsm.ops.jsmops)
    sets the connection options once.
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
  action_group:
    description: Use C(group/jsm.ops.jsmops) in C(module_defaults) to set the connection options for all jsm.ops modules at once.
    support: full
    membership:
      - jsm.ops.jsmops
"""

    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    details: This module only reads; it runs normally in check mode.
  diff_mode:
    support: N/A
    details: This module only reads.
"""

    STATE_MODULE = r"""
attributes:
  check_mode:
    support: full
    details: In check mode nothing is written; the result predicts the object a real run would produce.
  diff_mode:
    support: full
    details: The diff shows the fields that change, before and after.
"""
