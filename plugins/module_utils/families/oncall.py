# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who is on call: shared by jsmops_oncall_info and the jsmops_oncall lookup.

Schedules are read concurrently by the collection's bounded worker pool (core/pool.py), one pool item per
request: one per schedule for the default form (the user ids), one more for each other form or moment asked.
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


# The two forms of the API's answer: the query value of ``flat``, the suffix of the API's field and the result key.
ANSWERS = {
    "users": ("true", "Users", "users"),  # account ids, with teams and escalations resolved to users
    "participants": ("false", "Participants", "participants"),  # as the API nests them
}
# What the ``form`` option asks for; each form is one request per schedule (and one more with ``next``).
FORMS = {"users": ("users",), "participants": ("participants",), "both": ("users", "participants")}
DEFAULT_FORM = "users"
# Now and next: the path, the API's field prefix and the result key prefix.
MOMENTS = {"now": (ON_CALLS, "onCall", ""), "next": (NEXT_ON_CALLS, "nextOnCall", "next_")}


def check_form(value) -> tuple[str, ...]:
    if value not in FORMS:
        raise ConfigurationError("form must be one of %s; got %r." % (", ".join(FORMS), value))
    return FORMS[value]


def on_call_requests(schedules: list[dict], moments, answers) -> list[tuple[int, str, str]]:
    """One ``(schedule index, moment, answer)`` per request, a schedule's requests side by side.

    The pool takes each request on its own, so a schedule asked two or four things does not hold one worker
    for two or four round trips while others are idle.
    """
    return [(index, moment, answer) for index in range(len(schedules)) for moment in moments for answer in answers]


def ask(client, schedule: dict, moment: str, answer: str, date: str) -> tuple[str, list]:
    """One on-call request: the result key and the API's list (empty when the answer has none)."""
    template, field, prefix = MOMENTS[moment]
    flat, suffix, key = ANSWERS[answer]
    data = client.get(client.path(template, schedule["id"]), {"flat": flat, "date": date}) or {}
    return prefix + key, data.get(field + suffix) or []


def on_calls(client, schedules, date=None, include_next=False, concurrency=DEFAULT_CONCURRENCY, continue_on_error=False,
             form=DEFAULT_FORM, include_now=True) -> dict:
    """On-call entries for the named schedules (all visible ones when none are named).

    ``form`` picks the answers fetched: ``users`` (the user ids, one request per schedule), ``participants``
    (nested) or ``both``; ``include_next`` adds who is next, ``include_now=False`` leaves out who is on call now.
    Returns ``{"date", "on_calls", "errors", "missing"}``.  Without ``continue_on_error`` the first failing
    schedule raises an error naming it.
    """
    check_concurrency(concurrency)
    answers = check_form(form)
    moments = (("now",) if include_now else ()) + (("next",) if include_next else ())
    when = instant(date)
    chosen, missing = select_schedules(client, schedules)
    jobs = on_call_requests(chosen, moments, answers)
    results = run_pool(client, jobs, lambda worker, job: ask(worker, chosen[job[0]], job[1], job[2], when), concurrency,
                       stop_on_error=not continue_on_error)
    entries = [{"schedule_id": schedule["id"], "schedule_name": schedule.get("name")} for schedule in chosen]
    failed: dict = {}
    for (index, _moment, _answer), (value, error) in zip(jobs, results):
        if error is not None:
            failed.setdefault(index, error)
        elif value is not None:
            key, found = value
            entries[index][key] = found
    errors = []
    for index, error in sorted(failed.items()):
        schedule = chosen[index]
        if not continue_on_error:
            raise type(error)("Schedule %r (%s): %s" % (schedule.get("name"), schedule["id"], error))
        errors.append({"schedule_id": schedule["id"], "schedule_name": schedule.get("name"), "msg": str(error)})
    answered = [entry for index, entry in enumerate(entries) if index not in failed]
    return {"date": when, "on_calls": answered, "errors": errors, "missing": missing}
