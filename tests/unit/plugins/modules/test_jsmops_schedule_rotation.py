# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_schedule_rotation and jsmops_schedule_rotation_info against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule_rotation, jsmops_schedule_rotation_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SCHEDULES, TEAMS

WEEKDAYS = {"type": "weekday-and-time-of-day", "restrictions": [
    {"start_day": "monday", "end_day": "friday", "start_hour": 9, "start_min": 0, "end_hour": 17, "end_min": 30},
]}


@pytest.fixture
def run(run_module, connection):
    def call(who="ada", check_mode=False, diff=False, **args):
        args.setdefault("schedule", "Database Primary")
        return run_module(jsmops_schedule_rotation, connection(who, **args), check_mode=check_mode, diff=diff)

    return call


@pytest.fixture
def info(run_module, connection):
    return lambda **args: run_module(jsmops_schedule_rotation_info, connection(**args))


def stored(emulator, schedule="Database Primary", name="On call"):
    for item in emulator.state.dump()["schedules"]:
        if item["name"] == schedule:
            return next((rotation for rotation in item.get("rotations", []) if rotation.get("name") == name), None)
    raise AssertionError("no schedule %s" % schedule)


def writes(emulator):
    return [entry["method"] for entry in emulator.log if entry["method"] != "GET"]


NEW = {
    "name": "On call",
    "type": "weekly",
    "length": 2,
    "start_date": "2026-03-02T09:00:00+01:00",
    "participants": [
        {"type": "user", "email": ACCOUNTS["erin"]["email"]},
        {"type": "team", "name": "Database"},
        {"type": "noone"},
        {"type": "user", "id": ACCOUNTS["ada"]["accountId"]},
    ],
    "time_restriction": WEEKDAYS,
}
API_PARTICIPANTS = [
    {"type": "user", "id": ACCOUNTS["erin"]["accountId"]},
    {"type": "team", "id": TEAMS["Database"]},
    {"type": "noone"},
    {"type": "user", "id": ACCOUNTS["ada"]["accountId"]},
]


def test_flow_check_create_unchanged_change_delete(emulator, run, info):
    checked = run(check_mode=True, diff=True, **NEW)
    assert checked["changed"] is True and stored(emulator) is None and writes(emulator) == []
    assert checked["rotation"]["startDate"] == "2026-03-02T08:00:00Z"
    assert checked["rotation"]["participants"] == API_PARTICIPANTS
    assert checked["diff"]["before"] == {}

    created = run(**NEW)
    assert created["changed"] is True and created["rotation"]["id"]
    assert created["schedule_id"] == SCHEDULES["Database Primary"]["id"]
    rotation = stored(emulator)
    assert rotation["participants"] == API_PARTICIPANTS and rotation["length"] == 2
    assert rotation["timeRestriction"]["restrictions"][0]["endMin"] == 30

    emulator.clear_log()
    same_instant_other_offset = dict(NEW, start_date="2026-03-02T03:00:00-05:00", schedule=SCHEDULES["Database Primary"]["id"])
    again = run(**same_instant_other_offset)
    assert again["changed"] is False and writes(emulator) == []

    listed = info(schedule="Database Primary", name="on CALL")
    assert [item["id"] for item in listed["rotations"]] == [created["rotation"]["id"]]

    reordered = dict(NEW, participants=list(reversed(NEW["participants"])))
    changed = run(diff=True, **reordered)
    assert changed["changed"] is True
    assert list(changed["diff"]["before"]) == ["participants"] and list(changed["diff"]["after"]) == ["participants"]
    assert stored(emulator)["participants"] == list(reversed(API_PARTICIPANTS))
    assert writes(emulator) == ["PATCH"]

    deleted = run(name="On call", state="absent")
    assert deleted["changed"] is True and stored(emulator) is None
    assert run(name="On call", state="absent")["changed"] is False


def test_time_of_day_across_midnight(emulator, run):
    restriction = {"type": "time-of-day", "restriction": {"start_hour": 22, "start_min": 0, "end_hour": 6, "end_min": 0}}
    result = run(name="Nights", type="daily", start_date="2026-03-01T22:00:00Z", participants=[{"type": "noone"}], time_restriction=restriction)
    assert result["changed"] is True
    assert stored(emulator, name="Nights")["timeRestriction"] == {
        "type": "time-of-day", "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 0},
    }
    assert run(name="Nights", time_restriction=restriction)["changed"] is False


def test_only_set_options_are_compared(emulator, run):
    result = run(schedule="Platform Primary", name="Weekly", type="weekly")
    assert result["changed"] is False and writes(emulator) == []


@pytest.mark.parametrize(
    "args, message",
    [
        ({"name": "New", "start_date": "2026-03-01T00:00:00Z"}, "type is required to create rotation 'New'."),
        ({"name": "New"}, "type and start_date are required to create rotation 'New'."),
        ({"name": "New", "type": "daily", "start_date": "2026-03-01"}, "start_date must be an ISO 8601 date and time with a UTC offset"),
        ({"name": "New", "type": "daily", "start_date": "2026-03-02T00:00:00Z", "end_date": "2026-03-01T00:00:00Z"}, "end_date must be after start_date."),
        ({"name": "New", "type": "daily", "start_date": "2026-03-01T00:00:00Z", "participants": [{"type": "user", "email": "nobody@example.com"}]},
         "participants[0] 'nobody@example.com': no Jira user has that email address"),
        ({"name": "New", "type": "daily", "start_date": "2026-03-01T00:00:00Z", "participants": [{"type": "team", "name": "Nope"}]},
         "participants[0] 'Nope' is neither the id nor the name of a team"),
        ({"schedule": "No Such Schedule", "name": "New"}, "schedule 'No Such Schedule' is not a schedule the account can see"),
        ({"name": "New", "type": "daily", "start_date": "2026-03-01T00:00:00Z",
          "time_restriction": {"type": "time-of-day", "restriction": {"start_hour": 9, "start_min": 75, "end_hour": 17, "end_min": 0}}},
         "time_restriction.restriction.start_min must be from 0 to 59; got 75."),
    ],
)
def test_bad_input_writes_nothing(emulator, run, args, message):
    for check_mode in (True, False):
        result = run(check_mode=check_mode, **args)
        assert result["failed"] is True and message in result["msg"], result["msg"]
    assert writes(emulator) == []


def test_email_needs_site(emulator, run):
    result = run(site=None, name="New", type="daily", start_date="2026-03-01T00:00:00Z", participants=[{"type": "user", "email": "x@example.com"}])
    assert result["failed"] is True and "set site (or JSM_OPS_SITE)" in result["msg"]


def test_absent_on_unknown_schedule_is_unchanged(run):
    assert run(schedule="No Such Schedule", name="x", state="absent")["changed"] is False


def test_info_of_invisible_schedule_is_empty(info):
    result = info(who="dana", schedule=SCHEDULES["Database Primary"]["id"])
    assert result["rotations"] == [] and result["schedule_id"] is None
