# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who is on call: shared by jsmops_oncall_info and the jsmops_oncall lookup.

Schedules are read concurrently by the collection's bounded worker pool (core/pool.py).
"""

from __future__ import annotations

import datetime

from ansible_collections.jsm.ops.plugins.module_utils.core.compare import api_datetime
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import by_name
from ansible_collections.jsm.ops.plugins.module_utils.core.pool import run_pool
from ansible_collections.jsm.ops.plugins.module_utils.families.schedules import list_schedules

ON_CALLS = "/v1/schedules/{}/on-calls"
NEXT_ON_CALLS = "/v1/schedules/{}/next-on-calls"
DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 32


def check_concurrency(value) -> int:
    if value is None or not 1 <= value <= MAX_CONCURRENCY:
        raise ConfigurationError("concurrency must be a whole number from 1 to %d; got %s." % (MAX_CONCURRENCY, value))
    return value


def instant(value) -> str:
    """The moment to ask about, in the API's form: the given date, or now."""
    if value:
        return api_datetime(value, "date")
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def select_schedules(client, wanted) -> tuple[list[dict], list[str]]:
    """The schedules named by id or exact (case-insensitive) name, read with one paged list; and the names not found.

    With no names, every schedule the account can see.
    """
    visible = list_schedules(client)
    if not wanted:
        return visible, []
    by_id = {schedule["id"]: schedule for schedule in visible}
    chosen, missing = [], []
    for value in wanted:
        if value in by_id:
            chosen.append(by_id[value])
            continue
        named = by_name(visible, value)
        if len(named) > 1:
            raise ConfigurationError("schedule %r matches %d schedules by name; give the schedule's id instead." % (value, len(named)))
        if named:
            chosen.append(named[0])
        else:
            missing.append(value)
    return chosen, missing


def schedule_on_call(client, schedule: dict, date: str, include_next: bool) -> dict:
    """Both forms of the on-call answer for one schedule: user ids (flat) and nested participants."""
    entry = {"schedule_id": schedule["id"], "schedule_name": schedule.get("name")}
    calls = [(ON_CALLS, "onCall", "users", "participants")]
    if include_next:
        calls.append((NEXT_ON_CALLS, "nextOnCall", "next_users", "next_participants"))
    for template, field, users_key, participants_key in calls:
        path = client.path(template, schedule["id"])
        flat = client.get(path, {"flat": "true", "date": date}) or {}
        nested = client.get(path, {"flat": "false", "date": date}) or {}
        entry[users_key] = flat.get(field + "Users") or []
        entry[participants_key] = nested.get(field + "Participants") or []
    return entry


def on_calls(client, schedules, date=None, include_next=False, concurrency=DEFAULT_CONCURRENCY, continue_on_error=False) -> dict:
    """On-call entries for the named schedules (all visible ones when none are named).

    Returns ``{"date", "on_calls", "errors", "missing"}``.  Without
    ``continue_on_error`` the first failing schedule raises an error naming it.
    """
    check_concurrency(concurrency)
    when = instant(date)
    chosen, missing = select_schedules(client, schedules)
    results = run_pool(client, chosen, lambda worker, schedule: schedule_on_call(worker, schedule, when, include_next), concurrency,
                       stop_on_error=not continue_on_error)
    entries, errors = [], []
    for schedule, (entry, error) in zip(chosen, results):
        if error is not None:
            if not continue_on_error:
                raise type(error)("Schedule %r (%s): %s" % (schedule.get("name"), schedule["id"], error))
            errors.append({"schedule_id": schedule["id"], "schedule_name": schedule.get("name"), "msg": str(error)})
        elif entry is not None:
            entries.append(entry)
    return {"date": when, "on_calls": entries, "errors": errors, "missing": missing}
