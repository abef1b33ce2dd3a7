# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding a schedule for a request: 404 when it does not exist, 403 when the caller may not use it.

Rotations and overrides live inside their schedule, so the schedule's rules decide who may read
and change them.
"""

from __future__ import annotations

from .common import ApiError
from .routing import Context


def visible_schedule(ctx: Context, schedule_id: str) -> dict:
    """The schedule, or 404 when it does not exist, or 403 when the caller cannot see it."""
    schedule = ctx.store.schedules.get(schedule_id)
    if schedule is None:
        raise ApiError(404, "Schedule not found")
    if not ctx.store.can_see_schedule(ctx.account, schedule):
        raise ApiError(403, "You do not have permission to view this schedule")
    return schedule


def editable_schedule(ctx: Context, schedule_id: str) -> dict:
    """The schedule, when the caller may change it (and what is inside it); else 404 or 403."""
    schedule = visible_schedule(ctx, schedule_id)
    if not ctx.store.can_edit_schedule(ctx.account, schedule):
        raise ApiError(403, "You do not have permission to change this schedule")
    return schedule
