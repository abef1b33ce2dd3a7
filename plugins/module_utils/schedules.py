# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading schedules: shared by the schedule modules and the on-call code."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.module_utils.errors import PermissionDeniedError

SCHEDULES = "/v1/schedules"
PAGE_SIZE = 50  # the API's maximum for schedules, rotations and overrides


def _expand(expand) -> dict:
    return {"expand": ",".join(expand)} if expand else {}


def name_matches(pattern: str, name: str) -> bool:
    """The API's ``query`` rule: exact and case-insensitive, or a prefix match when it ends with ``*``."""
    pattern, name = pattern.casefold(), (name or "").casefold()
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern


def list_schedules(client, name: str | None = None, expand=None) -> list[dict]:
    """Every schedule the account can see, or those whose name matches ``name`` (see name_matches)."""
    params = _expand(expand)
    if name:
        params["query"] = name
    schedules = list(client.paginate(SCHEDULES, params, page_size=PAGE_SIZE))
    if name:
        schedules = [schedule for schedule in schedules if name_matches(name, schedule.get("name"))]
    return schedules


def get_schedule(client, schedule_id: str, expand=None) -> dict | None:
    """One schedule by id, or None when it does not exist or the account cannot see it.

    The single-schedule endpoint has no ``expand``; rotations are read from
    the schedule's rotations list instead.
    """
    try:
        schedule = client.get(client.path(SCHEDULES + "/{}", schedule_id), missing_ok=True)
        if schedule is not None and expand and "rotation" in expand:
            schedule["rotations"] = list_rotations(client, schedule_id)
    except PermissionDeniedError:
        return None
    return schedule


def list_rotations(client, schedule_id: str) -> list[dict]:
    return list(client.paginate(client.path(SCHEDULES + "/{}/rotations", schedule_id), page_size=PAGE_SIZE))
