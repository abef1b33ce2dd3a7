# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""On-call computation of the JSM Ops API emulator: the pure engine, then the endpoints over HTTP."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import quote

import pytest
import requests

from jsmops_emulator import api_oncall, ical, oncall
from jsmops_emulator.common import to_utc

from ansible_collections.jsm.ops.tests.unit.emulator.support import (
    ADA, DANA, DANA_ID, NOEL, NOEL_ID, OMAR_ID, PAYMENTS_PRIMARY, PAYMENTS_TEAM, PLATFORM_PRIMARY, PLATFORM_SECONDARY, PRIYA_ID,
    Api, needs_spec, refused_by_schema,
)

INCIDENT_COMMANDER = "1685a422-290d-50d5-b336-00d63bcee99c"
FOLLOW_THE_SUN = "5f0c2d7e-8a41-5b39-9c6e-2f4b7d1a9e30"
SHIFTS = "c3a1e6f2-4b7d-5e19-8f20-6d9a3b5c7e41"
MORNINGS = "8e7f2a90-1c3d-5b48-a6e5-0f9d2c4b6a18"

# The emulator's clock for the tests that depend on "now" (timeline limits, default date, export month).
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=timezone.utc)


def at(text: str) -> datetime:
    return to_utc(text)


def user(name: str) -> dict:
    return {"type": "user", "id": name}


NOONE = {"type": "noone"}


def rotation(kind: str, start: str, participants: list, rotation_id: str = "r1", **extra) -> dict:
    data = {"id": rotation_id, "name": rotation_id, "type": kind, "length": extra.pop("length", 1), "startDate": start, "participants": participants}
    data.update(extra)
    return data


def schedule(*rotations, overrides=None, zone="UTC") -> dict:
    return {"id": "s1", "name": "Test", "timezone": zone, "rotations": list(rotations), "overrides": overrides or []}


def on_call_ids(data: dict, moment: str) -> list[str]:
    return [item.get("id") for item in oncall.on_call(data, at(moment))]


def next_ids(data: dict, moment: str) -> list[str]:
    return [item.get("id") for item in oncall.next_on_call(data, at(moment))]


TIME_OF_DAY_NIGHTS = {"type": "time-of-day", "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 0}}
WORK_WEEK = {"type": "weekday-and-time-of-day", "restrictions": [
    {"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}]}
WEEKEND = {"type": "weekday-and-time-of-day", "restrictions": [
    {"startDay": "friday", "endDay": "monday", "startHour": 18, "startMin": 0, "endHour": 8, "endMin": 0}]}


# turns


@pytest.mark.parametrize("moment, expected", [
    # Daily, length 2, from Mon 2026-01-05 09:00Z: ann Jan 5-7, bob Jan 7-9, cy Jan 9-11, ann again from Jan 11.
    ("2026-01-05T09:00:00Z", "ann"),  # the first turn starts exactly at startDate
    ("2026-01-07T08:59:00Z", "ann"),  # one minute before the first two-day turn ends
    ("2026-01-07T09:00:00Z", "bob"),  # turn 1
    ("2026-01-10T12:00:00Z", "cy"),   # turn 2 covers Jan 9 09:00 to Jan 11 09:00
    ("2026-01-11T09:00:00Z", "ann"),  # turn 3: 3 mod 3 participants = 0, the cycle starts over
])
def test_daily_turns_of_two_days_cycle_through_participants(moment, expected):
    data = schedule(rotation("daily", "2026-01-05T09:00:00Z", [user("ann"), user("bob"), user("cy")], length=2))
    assert on_call_ids(data, moment) == [expected]


@pytest.mark.parametrize("moment, expected", [
    # Weekly, length 2, from Mon 2026-01-05 09:00Z: ann for two weeks (to Jan 19 09:00), then bob, then ann.
    ("2026-01-18T12:00:00Z", "ann"),  # Sunday of the second week: still turn 0
    ("2026-01-19T09:00:00Z", "bob"),  # 14 days later: turn 1
    ("2026-02-02T09:00:00Z", "ann"),  # 28 days: turn 2, 2 mod 2 = 0
])
def test_weekly_turns_of_two_weeks(moment, expected):
    data = schedule(rotation("weekly", "2026-01-05T09:00:00Z", [user("ann"), user("bob")], length=2))
    assert on_call_ids(data, moment) == [expected]


@pytest.mark.parametrize("moment, expected", [
    # Hourly, length 3, from 2026-01-05 00:00Z: ann 00-03, bob 03-06, ann 06-09, ...
    ("2026-01-05T02:59:00Z", "ann"),
    ("2026-01-05T03:00:00Z", "bob"),
    ("2026-01-05T06:00:00Z", "ann"),
    ("2026-01-05T23:30:00Z", "bob"),  # 23.5 h // 3 = turn 7, odd: bob
])
def test_hourly_turns_of_three_hours(moment, expected):
    data = schedule(rotation("hourly", "2026-01-05T00:00:00Z", [user("ann"), user("bob")], length=3))
    assert on_call_ids(data, moment) == [expected]


@pytest.mark.parametrize("moment, expected", [
    ("2026-01-05T08:59:00Z", []),       # one minute before startDate: the rotation has not begun
    ("2026-01-08T08:59:00Z", ["ann"]),  # the last minute before endDate
    ("2026-01-08T09:00:00Z", []),       # endDate itself is no longer on call
])
def test_nobody_before_start_and_from_end(moment, expected):
    data = schedule(rotation("daily", "2026-01-05T09:00:00Z", [user("ann")], endDate="2026-01-08T09:00:00Z"))
    assert on_call_ids(data, moment) == expected


def test_noone_participant_means_nobody_for_its_turn():
    data = schedule(rotation("daily", "2026-01-05T09:00:00Z", [user("ann"), NOONE]))
    assert on_call_ids(data, "2026-01-05T10:00:00Z") == ["ann"]  # turn 0: ann
    assert on_call_ids(data, "2026-01-06T10:00:00Z") == []  # turn 1: noone
    assert on_call_ids(data, "2026-01-07T10:00:00Z") == ["ann"]  # turn 2: ann again


def test_rotation_without_participants_or_schedule_without_rotations_has_nobody():
    assert on_call_ids(schedule(rotation("daily", "2026-01-05T09:00:00Z", [])), "2026-01-06T10:00:00Z") == []
    assert on_call_ids(schedule(), "2026-01-06T10:00:00Z") == []


# daylight saving time (Europe/Berlin: CET +01:00 until 2026-03-29 02:00, CEST +02:00 until 2026-10-25 03:00)


@pytest.mark.parametrize("moment, expected", [
    # Daily from Fri 2026-03-27 09:00 CET (08:00Z), hand-off at 09:00 Berlin time every day:
    # ann Fri 08:00Z, bob Sat 08:00Z, ann Sun 07:00Z (09:00 CEST), bob Mon 07:00Z.
    ("2026-03-28T07:00:00Z", "ann"),  # Sat 08:00 CET: Saturday's hand-off (08:00Z) is an hour away
    ("2026-03-29T06:59:00Z", "bob"),  # Sun 08:59 CEST: still Saturday's turn
    ("2026-03-29T07:00:00Z", "ann"),  # Sun 09:00 CEST: the hand-off moved to 07:00Z; 24-hour turns would still say bob
])
def test_daily_hand_off_keeps_local_time_in_spring(moment, expected):
    data = schedule(rotation("daily", "2026-03-27T08:00:00Z", [user("ann"), user("bob")]), zone="Europe/Berlin")
    assert on_call_ids(data, moment) == [expected]


@pytest.mark.parametrize("moment, expected", [
    # Daily from Fri 2026-10-23 09:00 CEST (07:00Z): ann Fri 07:00Z, bob Sat 07:00Z, ann Sun 08:00Z (09:00 CET).
    ("2026-10-25T07:00:00Z", "bob"),  # Sun 08:00 CET: 24-hour turns would have handed over to ann at 07:00Z
    ("2026-10-25T08:00:00Z", "ann"),  # Sun 09:00 CET
])
def test_daily_hand_off_keeps_local_time_in_autumn(moment, expected):
    data = schedule(rotation("daily", "2026-10-23T07:00:00Z", [user("ann"), user("bob")]), zone="Europe/Berlin")
    assert on_call_ids(data, moment) == [expected]


def test_hourly_turns_are_absolute_hours_across_dst():
    # Hourly, length 24, from Sat 2026-03-28 08:00Z: the second turn starts exactly 24 hours later,
    # Sun 08:00Z (10:00 CEST), not at 09:00 local like a daily rotation.
    data = schedule(rotation("hourly", "2026-03-28T08:00:00Z", [user("ann"), user("bob")], length=24), zone="Europe/Berlin")
    assert on_call_ids(data, "2026-03-29T07:30:00Z") == ["ann"]
    assert on_call_ids(data, "2026-03-29T08:00:00Z") == ["bob"]


# time restrictions (times below are Berlin local, written with their offset)


@pytest.mark.parametrize("moment, expected", [
    # Daily from Mon 2026-01-05 09:00 CET, ann then bob; on call only 22:00-06:00 local.
    ("2026-01-05T21:59:00+01:00", []),       # before the window opens
    ("2026-01-05T22:00:00+01:00", ["ann"]),  # the window opens: turn 0 (ann)
    ("2026-01-06T05:59:00+01:00", ["ann"]),  # past midnight, still in the window and still turn 0
    ("2026-01-06T06:00:00+01:00", []),       # the window's end is not on call
    ("2026-01-06T23:30:00+01:00", ["bob"]),  # turn 1 began at 09:00 while nobody was on call: turns keep counting
    ("2026-01-07T05:59:00+01:00", ["bob"]),
])
def test_time_of_day_across_midnight(moment, expected):
    data = schedule(rotation("daily", "2026-01-05T08:00:00Z", [user("ann"), user("bob")], timeRestriction=TIME_OF_DAY_NIGHTS),
                    zone="Europe/Berlin")
    assert on_call_ids(data, moment) == expected


@pytest.mark.parametrize("moment, expected", [
    # Weekly from Mon 2026-01-05 09:00 CET, ann; one period per week from Monday 09:00 to Friday 17:00.
    ("2026-01-10T12:00:00+01:00", []),       # Saturday noon
    ("2026-01-09T16:59:00+01:00", ["ann"]),  # Friday, a minute before the period ends
    ("2026-01-09T17:00:00+01:00", []),       # Friday 17:00
    ("2026-01-07T03:00:00+01:00", ["ann"]),  # Wednesday night: the period runs Monday to Friday without a break
    ("2026-01-12T08:59:00+01:00", []),       # Monday before 09:00
    ("2026-01-12T09:00:00+01:00", ["ann"]),
])
def test_weekday_restriction_monday_to_friday(moment, expected):
    data = schedule(rotation("weekly", "2026-01-05T08:00:00Z", [user("ann")], timeRestriction=WORK_WEEK), zone="Europe/Berlin")
    assert on_call_ids(data, moment) == expected


@pytest.mark.parametrize("moment, expected", [
    # Friday 18:00 to Monday 08:00: the end day comes before the start day, so the period wraps over the week's end.
    ("2026-01-10T12:00:00+01:00", ["ann"]),  # Saturday
    ("2026-01-12T07:59:00+01:00", ["ann"]),  # Monday morning, still inside
    ("2026-01-12T08:00:00+01:00", []),
    ("2026-01-14T12:00:00+01:00", []),       # Wednesday
])
def test_weekday_restriction_wrapping_over_the_weekend(moment, expected):
    data = schedule(rotation("weekly", "2026-01-05T08:00:00Z", [user("ann")], timeRestriction=WEEKEND), zone="Europe/Berlin")
    assert on_call_ids(data, moment) == expected


# overrides


def _two_rotations(*overrides) -> dict:
    # r1: ann every day; r2: bob every day; both from Mon 2026-01-05 00:00Z.
    return schedule(rotation("daily", "2026-01-05T00:00:00Z", [user("ann")], "r1"),
                    rotation("daily", "2026-01-05T00:00:00Z", [user("bob")], "r2"), overrides=list(overrides))


def _override(responder: dict, start: str, end: str, rotation_ids=None) -> dict:
    data = {"alias": f"{start}-{responder.get('id')}", "responder": responder, "startDate": start, "endDate": end}
    if rotation_ids is not None:
        data["rotationIds"] = rotation_ids
    return data


def test_override_of_one_rotation():
    data = _two_rotations(_override(user("cy"), "2026-01-06T10:00:00Z", "2026-01-06T12:00:00Z", ["r1"]))
    assert on_call_ids(data, "2026-01-06T09:59:00Z") == ["ann", "bob"]  # before the override
    assert on_call_ids(data, "2026-01-06T11:00:00Z") == ["cy", "bob"]   # cy replaces ann in r1 only
    assert on_call_ids(data, "2026-01-06T12:00:00Z") == ["ann", "bob"]  # endDate is exclusive


@pytest.mark.parametrize("rotation_ids", [None, []])
def test_override_of_all_rotations(rotation_ids):
    # No rotationIds (or an empty list): cy replaces ann in r1 and bob in r2, and is listed once.
    data = _two_rotations(_override(user("cy"), "2026-01-06T10:00:00Z", "2026-01-06T12:00:00Z", rotation_ids))
    assert on_call_ids(data, "2026-01-06T11:00:00Z") == ["cy"]


def test_noone_override_empties_its_rotation():
    data = _two_rotations(_override(NOONE, "2026-01-06T10:00:00Z", "2026-01-06T12:00:00Z", ["r1"]))
    assert on_call_ids(data, "2026-01-06T11:00:00Z") == ["bob"]


def test_later_starting_override_wins_where_overrides_overlap():
    # cy covers r1 10:00-14:00, dee 11:00-12:00: dee from 11:00 (she starts later), cy again from 12:00.
    data = _two_rotations(_override(user("cy"), "2026-01-06T10:00:00Z", "2026-01-06T14:00:00Z", ["r1"]),
                          _override(user("dee"), "2026-01-06T11:00:00Z", "2026-01-06T12:00:00Z", ["r1"]))
    assert [on_call_ids(data, f"2026-01-06T{hour}:30:00Z")[0] for hour in ("10", "11", "12", "14")] == ["cy", "dee", "cy", "ann"]


def test_override_applies_only_while_the_rotation_is_on_call():
    # ann is on call 22:00-06:00 UTC only; an override 12:00-23:00 replaces her from 22:00 to 23:00 and nothing before.
    data = schedule(rotation("daily", "2026-01-05T00:00:00Z", [user("ann")], timeRestriction=TIME_OF_DAY_NIGHTS),
                    overrides=[_override(user("cy"), "2026-01-06T12:00:00Z", "2026-01-06T23:00:00Z")])
    assert on_call_ids(data, "2026-01-06T13:00:00Z") == []
    assert on_call_ids(data, "2026-01-06T22:30:00Z") == ["cy"]
    assert on_call_ids(data, "2026-01-06T23:30:00Z") == ["ann"]


def test_override_splits_the_final_layer():
    data = _two_rotations(_override(user("cy"), "2026-01-06T10:00:00Z", "2026-01-06T12:00:00Z", ["r1"]))
    layers = oncall.rotation_layers(data, data["rotations"][0], at("2026-01-06T00:00:00Z"), at("2026-01-07T00:00:00Z"))
    final = [(piece.start.hour, piece.end.hour, piece.kind, piece.responder["id"]) for piece in oncall.merge_pieces(layers["final"])]
    assert final == [(0, 10, "base", "ann"), (10, 12, "override", "cy"), (12, 0, "base", "ann")]
    assert [(piece.start.hour, piece.end.hour) for piece in layers["base"]] == [(0, 0)]
    assert [(piece.start.hour, piece.end.hour, piece.responder["id"]) for piece in layers["override"]] == [(10, 12, "cy")]


# next on-call


def test_next_on_call_across_a_restriction_gap():
    # Daily from Mon 2026-01-05 09:00 CET, ann then bob, on call 22:00-06:00 Berlin time.
    data = schedule(rotation("daily", "2026-01-05T08:00:00Z", [user("ann"), user("bob")], timeRestriction=TIME_OF_DAY_NIGHTS),
                    zone="Europe/Berlin")
    # Tue 12:00: nobody is on call; bob's turn began at 09:00 and his first on-call period starts at 22:00 tonight.
    assert on_call_ids(data, "2026-01-06T12:00:00+01:00") == []
    assert next_ids(data, "2026-01-06T12:00:00+01:00") == ["bob"]
    # Tue 23:00: bob is on call until 06:00; the next period starts Wed 22:00 in ann's turn (from Wed 09:00).
    assert next_ids(data, "2026-01-06T23:00:00+01:00") == ["ann"]


def test_next_on_call_skips_noone_turns_and_follows_overrides():
    data = schedule(rotation("daily", "2026-01-05T00:00:00Z", [user("ann"), NOONE, user("bob")]))
    # Jan 5 is ann's turn, Jan 6 nobody's, Jan 7 bob's: the next one on call after ann is bob.
    assert next_ids(data, "2026-01-05T12:00:00Z") == ["bob"]
    data["overrides"] = [_override(user("cy"), "2026-01-05T15:00:00Z", "2026-01-05T16:00:00Z")]
    # An override starting at 15:00 is the next on-call period seen from 12:00; after it, ann's turn resumes.
    assert next_ids(data, "2026-01-05T12:00:00Z") == ["cy"]
    assert next_ids(data, "2026-01-05T15:30:00Z") == ["ann"]


def test_next_on_call_before_start_and_at_the_end():
    data = schedule(rotation("daily", "2026-01-05T09:00:00Z", [user("ann"), user("bob")], endDate="2026-01-07T09:00:00Z"))
    assert next_ids(data, "2026-01-01T00:00:00Z") == ["ann"]  # before startDate: the first turn
    assert next_ids(data, "2026-01-06T10:00:00Z") == []       # bob's is the last turn before endDate
    assert next_ids(data, "2026-01-08T00:00:00Z") == []


def test_next_on_call_over_a_weekend():
    # Weekly ann/bob from Mon 2026-01-05 09:00 CET, Monday 09:00 to Friday 17:00: on Saturday of
    # ann's week the next period is Monday 09:00, which is bob's turn (hand-off Monday 09:00).
    data = schedule(rotation("weekly", "2026-01-05T08:00:00Z", [user("ann"), user("bob")], timeRestriction=WORK_WEEK), zone="Europe/Berlin")
    assert next_ids(data, "2026-01-10T12:00:00+01:00") == ["bob"]


def test_flat_users_expand_teams_and_keep_each_user_once():
    members = {"t1": ["bob", "ann"]}
    responders = [user("ann"), {"type": "team", "id": "t1"}, user("bob"), {"type": "escalation", "id": "e1"}]
    assert oncall.flat_users(responders, lambda team: members.get(team, [])) == ["ann", "bob"]


# timeline ranges


def test_timeline_range_units():
    utc = timezone.utc
    # Weeks start on Monday: Wed 2026-01-07 is in the week of Mon 2026-01-05.
    assert oncall.timeline_range(utc, at("2026-01-07T15:00:00Z"), 1, "weeks") == (at("2026-01-05T00:00:00Z"), at("2026-01-12T00:00:00Z"))
    # The spec's own example: interval 2, months, 2023-12-15T15:20:25Z -> 2023-12-01 to 2024-02-01.
    assert oncall.timeline_range(utc, at("2023-12-15T15:20:25Z"), 2, "months") == (at("2023-12-01T00:00:00Z"), at("2024-02-01T00:00:00Z"))
    # Days in the schedule's time zone: Sunday 2026-03-29 in Berlin is 23 hours long.
    berlin = oncall.schedule_zone({"timezone": "Europe/Berlin"})
    assert oncall.timeline_range(berlin, at("2026-03-29T12:00:00Z"), 1, "days") == (at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z"))


# iCalendar


def test_calendar_lines_are_folded_escaped_and_read_back():
    start = at("2026-01-05T09:00:00Z")
    name = "Noël Zoë, " + "é" * 60
    data = ical.calendar(name, [{"uid": "u1@x", "stamp": start, "start": start, "end": at("2026-01-06T09:00:00Z"),
                                 "summary": "a; b, c", "description": "one\ntwo"}])
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    root = ical.parse_calendar(data)
    assert [prop["value"] for prop in root["properties"] if prop["name"] == "X-WR-CALNAME"] == ["Noël Zoë\\, " + "é" * 60]
    assert ical.read_events(root) == [{"UID": "u1@x", "DTSTAMP": "20260105T090000Z", "DTSTART": "20260105T090000Z", "DTEND": "20260106T090000Z",
                                       "SUMMARY": "a; b, c", "DESCRIPTION": "one\ntwo", "TRANSP": "OPAQUE"}]


@pytest.mark.parametrize("text, reason", [
    ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nEND:VCALENDAR\n", "CRLF"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "PRODID"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nEND:VCALENDAR\r\n", "does not close"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20260101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "DTSTAMP"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + "x" * 80 + "\r\nEND:VCALENDAR\r\n", "75 octets"),
])
def test_calendar_reader_refuses_broken_calendars(text, reason):
    with pytest.raises(ical.CalendarError, match=reason):
        ical.parse_calendar(text)


# endpoints


@pytest.fixture
def frozen_now(monkeypatch):
    """The emulator's on-call clock stopped at NOW (the emulator runs in this process)."""
    monkeypatch.setattr(api_oncall, "utc_now", lambda: NOW)
    return NOW


def on_calls(client: Api, schedule_id: str, which: str = "on-calls", **params) -> dict:
    response = client.get(f"/v1/schedules/{schedule_id}/{which}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("date, nested, users, next_users", [
    # Follow The Sun (Europe/Berlin). Shifts: 8-hour turns from 2026-03-02 06:00Z, so every day
    # Omar 06-14Z, Priya 14-22Z, team Payments 22-06Z. Berlin mornings: daily from Mon 2026-03-23
    # 09:00 CET, Priya, Omar, noone, hand-off 09:00 local (08:00Z until Mar 28, 07:00Z from Mar 29).
    # Sun 08:30 CEST: Omar's shift; mornings turn 5 (Mar 28) is noone. Next: Priya's shift at 14Z and
    # Priya's turn 6 at 07:00Z.
    ("2026-03-29T06:30:00Z", [("user", OMAR_ID)], [OMAR_ID], [PRIYA_ID]),
    # Sun 09:30 CEST: turn 6 began at 07:00Z (a 24-hour rotation would still be in turn 5). Next:
    # Priya's shift at 14Z, Omar's turn 7 on Monday.
    ("2026-03-29T07:30:00Z", [("user", OMAR_ID), ("user", PRIYA_ID)], [OMAR_ID, PRIYA_ID], [PRIYA_ID, OMAR_ID]),
    # Sat 08:30 CET: turn 5 starts at 09:00 CET (08:00Z), so 07:30Z is still turn 4 (Omar). Next:
    # Priya's shift; mornings' next turn (5) is noone, so the next one on call there is Priya's turn 6.
    ("2026-03-28T07:30:00Z", [("user", OMAR_ID)], [OMAR_ID], [PRIYA_ID]),
    # Sun 23:00Z: the Payments team's night shift (flat: its members Priya and Omar, in seed order)
    # and Priya's turn 6. Next: Omar's shift at 06Z and Omar's turn 7 at 07Z.
    ("2026-03-29T23:00:00Z", [("team", PAYMENTS_TEAM), ("user", PRIYA_ID)], [PRIYA_ID, OMAR_ID], [OMAR_ID]),
    # Wed Apr 1 08:00Z: the quiet-morning override (noone, Shifts only, 06-10Z) empties Omar's shift;
    # mornings turn 9 is Priya. Next: Omar's shift resumes at 10Z; turn 10 is Omar.
    ("2026-04-01T08:00:00Z", [("user", PRIYA_ID)], [PRIYA_ID], [OMAR_ID]),
    # Thu Apr 2 15:30Z: the all-hands override (Omar, every rotation, 15-16Z) replaces Priya's shift
    # and Omar's own turn 10. Next: Priya's shift at 16Z; in mornings Omar's turn resumes at 16Z.
    ("2026-04-02T15:30:00Z", [("user", OMAR_ID)], [OMAR_ID], [PRIYA_ID, OMAR_ID]),
])
def test_follow_the_sun_on_calls_in_the_past(api, date, nested, users, next_users):
    admin = api(ADA)
    assert on_calls(admin, FOLLOW_THE_SUN, date=date) == {"onCallParticipants": [{"id": ident, "type": kind} for kind, ident in nested]}
    assert on_calls(admin, FOLLOW_THE_SUN, date=date, flat="true") == {"onCallUsers": users}
    assert on_calls(admin, FOLLOW_THE_SUN, "next-on-calls", date=date, flat="true") == {"nextOnCallUsers": next_users}


def test_platform_primary_in_the_future_with_its_override(api):
    # Weekly Dana/Noël from Mon 2026-01-05 10:00 CET; 2030-03-04 is 217 weeks later, so that week is
    # Noël's (odd turn). The seed override gives Dana the weekly rotation 2030-03-04 08:00Z to
    # 2030-03-06 18:00Z.
    dana = api(DANA)
    assert on_calls(dana, PLATFORM_PRIMARY, date="2030-03-05T12:00:00Z") == {"onCallParticipants": [{"id": DANA_ID, "type": "user"}]}
    assert on_calls(dana, PLATFORM_PRIMARY, date="2030-03-07T12:00:00Z", flat="true") == {"onCallUsers": [NOEL_ID]}
    # From inside the override, the next period is Noël's again when it ends.
    assert on_calls(dana, PLATFORM_PRIMARY, "next-on-calls", date="2030-03-05T12:00:00+01:00") == {
        "nextOnCallParticipants": [{"id": NOEL_ID, "type": "user"}]}


def test_next_on_call_after_a_restriction_gap_over_http(api):
    # Payments Primary: daily Omar/Priya from 2026-03-01 22:00Z (07:00 Tokyo), on call 22:00-06:00
    # Tokyo time. 2026-03-10 12:00 Tokyo is turn 8 (Omar) but outside the window: nobody now, and
    # the next on-call period, 22:00 tonight, is still in Omar's turn.
    admin = api(ADA)
    assert on_calls(admin, PAYMENTS_PRIMARY, date="2026-03-10T12:00:00+09:00", flat="true") == {"onCallUsers": []}
    assert on_calls(admin, PAYMENTS_PRIMARY, "next-on-calls", date="2026-03-10T12:00:00+09:00", flat="true") == {"nextOnCallUsers": [OMAR_ID]}
    # Platform Secondary (Monday 09:00 to Friday 17:00 Berlin) has nobody on a Saturday.
    assert on_calls(admin, PLATFORM_SECONDARY, date="2026-01-10T12:00:00+01:00") == {"onCallParticipants": []}


def test_schedule_without_rotations_has_nobody(api):
    admin = api(ADA)
    assert on_calls(admin, INCIDENT_COMMANDER) == {"onCallParticipants": []}
    assert on_calls(admin, INCIDENT_COMMANDER, flat="true") == {"onCallUsers": []}
    assert on_calls(admin, INCIDENT_COMMANDER, "next-on-calls") == {"nextOnCallParticipants": []}
    assert on_calls(admin, INCIDENT_COMMANDER, "next-on-calls", flat="true") == {"nextOnCallUsers": []}


def test_date_defaults_to_now(api, frozen_now):
    admin = api(ADA)
    # 2026-06-10 12:00Z: Omar's shift (06-14Z) and Berlin mornings turn 79 (from Mar 23; 79 mod 3 = 1:
    # Omar), listed once.
    assert on_calls(admin, FOLLOW_THE_SUN, flat="true") == {"onCallUsers": [OMAR_ID]}
    assert on_calls(admin, FOLLOW_THE_SUN, flat="true") == on_calls(admin, FOLLOW_THE_SUN, flat="true", date="2026-06-10T12:00:00Z")
    assert on_calls(admin, FOLLOW_THE_SUN, "next-on-calls") == on_calls(admin, FOLLOW_THE_SUN, "next-on-calls", date=frozen_now.isoformat())


def test_on_calls_see_changes_made_through_the_api(api):
    admin = api(ADA)
    created = admin.post(f"/v1/schedules/{FOLLOW_THE_SUN}/overrides", json={
        "responder": {"type": "user", "id": DANA_ID}, "startDate": "2026-03-29T06:00:00Z", "endDate": "2026-03-29T07:00:00Z",
        "rotationIds": [SHIFTS]})
    assert created.status_code == 201, created.text
    # 06:30Z: Dana covers Omar's shift; Berlin mornings still has its noone turn.
    assert on_calls(admin, FOLLOW_THE_SUN, date="2026-03-29T06:30:00Z", flat="true") == {"onCallUsers": [DANA_ID]}


def test_permissions_and_unknown_schedules(api):
    dana = api(DANA)
    for path in (f"/v1/schedules/{PAYMENTS_PRIMARY}/on-calls", f"/v1/schedules/{PAYMENTS_PRIMARY}/next-on-calls",
                 f"/v1/schedules/{PAYMENTS_PRIMARY}/timeline", f"/v1/schedules/{PAYMENTS_PRIMARY}.ics"):
        forbidden = dana.get(path)
        assert forbidden.status_code == 403, path
        assert forbidden.json()["errors"][0]["title"]
    for path in ("/v1/schedules/no-such-schedule/on-calls", "/v1/schedules/no-such-schedule/next-on-calls",
                 "/v1/schedules/no-such-schedule/timeline", "/v1/schedules/no-such-schedule.ics"):
        missing = dana.get(path)
        assert missing.status_code == 404, path
        assert missing.json() == {"errors": [{"title": "Schedule not found"}]}
    assert dana.get(f"/v1/schedules/{PLATFORM_PRIMARY}/on-calls").status_code == 200


@pytest.mark.expect_violations
@pytest.mark.parametrize("params", [{"date": "yesterday"}, {"date": "2026-03-29T06:30:00"}, {"date": "2026-02-30T00:00:00Z"}])
def test_unparseable_date(api, emulator, params):
    for which in ("on-calls", "next-on-calls", "timeline"):
        emulator.clear_violations()
        refused_by_schema(emulator, api(ADA).get(f"/v1/schedules/{FOLLOW_THE_SUN}/{which}", params=params))


def test_flat_spellings(api):
    admin = api(ADA)
    for word in ("1", "TRUE", "yes"):
        assert on_calls(admin, FOLLOW_THE_SUN, date="2026-03-29T06:30:00Z", flat=word) == {"onCallUsers": [OMAR_ID]}
    for word in ("0", "False", "no"):
        assert on_calls(admin, FOLLOW_THE_SUN, date="2026-03-29T06:30:00Z", flat=word) == {"onCallParticipants": [{"id": OMAR_ID, "type": "user"}]}


@pytest.mark.expect_violations
def test_flat_that_is_not_a_boolean(api, emulator):
    refused_by_schema(emulator, api(ADA).get(f"/v1/schedules/{FOLLOW_THE_SUN}/on-calls", params={"flat": "sometimes"}))


# timeline


def _periods(timeline: dict, layer: str = "finalTimeline") -> dict:
    return {item["name"]: [(period["startDate"], period["endDate"], period["type"], period["responder"]) for period in item["periods"]]
            for item in timeline[layer]["rotations"]}


def test_timeline_of_one_day_with_layers(api, frozen_now):
    # Wed 2026-04-01 in Berlin (CEST) is 2026-03-31 22:00Z to 2026-04-01 22:00Z.
    response = api(ADA).get(f"/v1/schedules/{FOLLOW_THE_SUN}/timeline",
                            params={"date": "2026-04-01T12:00:00Z", "intervalUnit": "days", "expand": "base,override"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["startDate"], body["endDate"]) == ("2026-03-31T22:00:00Z", "2026-04-01T22:00:00Z")
    assert body["_expands"] == ["base", "forwarding", "override"]
    assert "forwardingTimeline" not in body
    assert [(item["id"], item["name"], item["order"], item["deleted"]) for item in body["finalTimeline"]["rotations"]] == [
        (SHIFTS, "Shifts", 1, False), (MORNINGS, "Berlin mornings", 2, False)]
    team, omar, priya = {"type": "team", "id": PAYMENTS_TEAM}, {"type": "user", "id": OMAR_ID}, {"type": "user", "id": PRIYA_ID}
    # Shifts: the team until 06Z, then the quiet-morning override (noone) 06-10Z over Omar's shift.
    # Berlin mornings: turn 8 (noone) until 07:00Z, then turn 9, Priya.
    assert _periods(body) == {
        "Shifts": [("2026-03-31T22:00:00Z", "2026-04-01T06:00:00Z", "base", team),
                   ("2026-04-01T06:00:00Z", "2026-04-01T10:00:00Z", "override", {"type": "noone"}),
                   ("2026-04-01T10:00:00Z", "2026-04-01T14:00:00Z", "base", omar),
                   ("2026-04-01T14:00:00Z", "2026-04-01T22:00:00Z", "base", priya)],
        "Berlin mornings": [("2026-03-31T22:00:00Z", "2026-04-01T07:00:00Z", "base", {"type": "noone"}),
                            ("2026-04-01T07:00:00Z", "2026-04-01T22:00:00Z", "base", priya)],
    }
    assert _periods(body, "baseTimeline")["Shifts"] == [
        ("2026-03-31T22:00:00Z", "2026-04-01T06:00:00Z", "base", team), ("2026-04-01T06:00:00Z", "2026-04-01T14:00:00Z", "base", omar),
        ("2026-04-01T14:00:00Z", "2026-04-01T22:00:00Z", "base", priya)]
    assert _periods(body, "overrideTimeline") == {
        "Shifts": [("2026-04-01T06:00:00Z", "2026-04-01T10:00:00Z", "override", {"type": "noone"})], "Berlin mornings": []}


def test_timeline_defaults_and_forwarding_layer(api, frozen_now):
    # No date: the week (Monday to Monday, Berlin time) containing Wed 2026-06-10.
    body = api(ADA).get(f"/v1/schedules/{FOLLOW_THE_SUN}/timeline", params=[("expand", "forwarding")]).json()
    assert (body["startDate"], body["endDate"]) == ("2026-06-07T22:00:00Z", "2026-06-14T22:00:00Z")
    assert "baseTimeline" not in body and "overrideTimeline" not in body
    assert [item["periods"] for item in body["forwardingTimeline"]["rotations"]] == [[], []]
    # Seven days of three shifts each, none merged (consecutive shifts have different responders).
    assert len(body["finalTimeline"]["rotations"][0]["periods"]) == 21
    empty = api(ADA).get(f"/v1/schedules/{INCIDENT_COMMANDER}/timeline").json()
    assert empty["finalTimeline"] == {"rotations": []}


@pytest.mark.parametrize("params, status", [
    # Today is 2026-06-10 (Berlin): the range may start at 2025-06-10 00:00 and end at 2028-06-11 00:00 Berlin time.
    ({"date": "2025-06-10T12:00:00Z", "intervalUnit": "days"}, 200),
    ({"date": "2025-06-09T12:00:00Z", "intervalUnit": "days"}, 422),
    # The week containing Tue 2025-06-10 starts on Mon 2025-06-09: one day too early.
    ({"date": "2025-06-10T12:00:00Z", "intervalUnit": "weeks"}, 422),
    ({"date": "2028-06-10T12:00:00Z", "intervalUnit": "days"}, 200),
    ({"date": "2028-06-10T12:00:00Z", "intervalUnit": "days", "interval": 2}, 422),
    # 24 months from 2026-06-01 end on 2028-06-01; 25 would end on 2028-07-01.
    ({"intervalUnit": "months", "interval": 24}, 200),
    ({"intervalUnit": "months", "interval": 25}, 422),
    ({"interval": 0}, 422),
    ({"interval": 2147483647}, 422),
])
def test_timeline_range_limits(api, frozen_now, params, status):
    response = api(ADA).get(f"/v1/schedules/{PLATFORM_PRIMARY}/timeline", params=params)
    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["errors"][0]["title"]


@pytest.mark.expect_violations
def test_timeline_unknown_interval_unit(api, emulator):
    refused_by_schema(emulator, api(ADA).get(f"/v1/schedules/{PLATFORM_PRIMARY}/timeline", params={"intervalUnit": "years"}))


# calendar exports


def _calendar(response: requests.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return ical.read_events(ical.parse_calendar(response.content))


def test_schedule_export_matches_the_timeline(api, frozen_now):
    admin = api(ADA)
    events = _calendar(admin.get(f"/v1/schedules/{FOLLOW_THE_SUN}.ics"))
    # This month in Berlin (from 2026-06-01 00:00 CEST = 2026-05-31 22:00Z) for a year: 365 days of
    # three 8-hour shifts = 1095 events, and 183 daily Berlin mornings turns (May 31 = turn 69, clipped, to
    # turn 251 ending at the rotation's endDate 2026-11-30 08:00Z).
    assert len(events) == 1095 + 183
    assert {event["DTSTAMP"] for event in events} == {"20260531T220000Z"}
    first = events[0]
    assert first["UID"] == f"{FOLLOW_THE_SUN}-{SHIFTS}-20260531T220000Z@jsm-ops-emulator"
    assert (first["DTSTART"], first["DTEND"], first["SUMMARY"]) == ("20260531T220000Z", "20260601T060000Z", "Payments on call (Follow The Sun, Shifts)")
    assert events[1095]["SUMMARY"] == "Priya Private on call (Follow The Sun, Berlin mornings)"
    assert events[-1]["DTEND"] == "20261130T080000Z"
    # The same periods as the timeline of the same range.
    timeline = admin.get(f"/v1/schedules/{FOLLOW_THE_SUN}/timeline", params={"intervalUnit": "months", "interval": 12}).json()
    periods = [period for item in timeline["finalTimeline"]["rotations"] for period in item["periods"]]
    assert [(event["DTSTART"], event["DTEND"]) for event in events] == [
        (ical.stamp(at(period["startDate"])), ical.stamp(at(period["endDate"]))) for period in periods]
    assert len({event["UID"] for event in events}) == len(events)


def test_schedule_export_is_byte_identical_until_something_changes(api):
    admin = api(ADA)
    first = admin.get(f"/v1/schedules/{PLATFORM_PRIMARY}.ics")
    assert first.status_code == 200
    assert admin.get(f"/v1/schedules/{PLATFORM_PRIMARY}.ics").content == first.content
    now = datetime.now(timezone.utc)
    created = admin.post(f"/v1/schedules/{PLATFORM_PRIMARY}/overrides", json={
        "responder": {"type": "noone"}, "startDate": f"{now.year + 1}-01-04T09:00:00Z", "endDate": f"{now.year + 1}-01-05T09:00:00Z"})
    assert created.status_code == 201, created.text
    changed = admin.get(f"/v1/schedules/{PLATFORM_PRIMARY}.ics")
    assert changed.content != first.content
    assert any(event["SUMMARY"].startswith("No one on call") for event in _calendar(changed))
    assert admin.delete(f"/v1/schedules/{PLATFORM_PRIMARY}/overrides/{created.json()['alias']}").status_code == 204
    assert admin.get(f"/v1/schedules/{PLATFORM_PRIMARY}.ics").content == first.content


def test_export_of_a_schedule_without_rotations(api):
    response = api(ADA).get(f"/v1/schedules/{INCIDENT_COMMANDER}.ics")
    assert _calendar(response) == []
    assert b"X-WR-CALNAME:Company Incident Commander on-call\r\n" in response.content
    # The schedule itself is still JSON: the .ics path is a route of its own.
    assert api(ADA).get(f"/v1/schedules/{INCIDENT_COMMANDER}").json()["name"] == "Company Incident Commander"


def test_user_export_for_oneself(api, frozen_now):
    # This month in UTC: from 2026-06-01 00:00Z. Platform Primary (weekly, hand-off Monday 10:00
    # Berlin = 08:00Z in summer): the week from May 25 is turn 20, Dana's. Platform Secondary (daily,
    # Monday 09:00 to Friday 17:00 Berlin): Monday June 1 09:00 CEST (07:00Z) is turn 147, Dana's.
    events = _calendar(api(DANA).get(f"/v1/schedules/on-calls/{DANA_ID}.ics"))
    assert [(event["DTSTART"], event["DTEND"], event["SUMMARY"]) for event in events[:2]] == [
        ("20260601T000000Z", "20260601T080000Z", "On call: Platform Primary (Weekly)"),
        ("20260601T070000Z", "20260602T070000Z", "On call: Platform Secondary (Business hours)")]
    assert {event["SUMMARY"] for event in events} == {"On call: Platform Primary (Weekly)", "On call: Platform Secondary (Business hours)"}
    by_email = api(NOEL).get("/v1/schedules/on-calls/" + quote(NOEL.upper()) + ".ics")
    assert _calendar(by_email) and all("Platform" in event["SUMMARY"] for event in _calendar(by_email))


def test_user_export_through_a_team_and_by_an_admin(api, frozen_now):
    events = _calendar(api(ADA).get("/v1/schedules/on-calls/omar.payments@example.com.ics"))
    # Omar's own shifts and the Payments team's night shifts, his mornings turns, and his Payments Primary nights.
    summaries = {event["SUMMARY"] for event in events}
    assert summaries == {"On call: Follow The Sun (Shifts)", "On call: Follow The Sun (Berlin mornings)", "On call: Payments Primary (Nights)"}
    shifts = [event for event in events if event["SUMMARY"] == "On call: Follow The Sun (Shifts)"]
    # Every day: the team 22-06Z and Omar 06-14Z touch, but they are different responders, so two events.
    assert [(event["DTSTART"], event["DTEND"]) for event in shifts[:2]] == [("20260601T000000Z", "20260601T060000Z"),
                                                                            ("20260601T060000Z", "20260601T140000Z")]
    assert "As: Payments" in shifts[0]["DESCRIPTION"] and "As: Omar Payments" in shifts[1]["DESCRIPTION"]


def test_user_export_permissions(api):
    assert api(DANA).get(f"/v1/schedules/on-calls/{NOEL_ID}.ics").status_code == 403
    assert api(DANA).get("/v1/schedules/on-calls/ada.admin@example.com.ics").status_code == 403
    missing = api(ADA).get("/v1/schedules/on-calls/nobody@example.com.ics")
    assert missing.status_code == 404
    assert missing.json() == {"errors": [{"title": "User not found"}]}
    assert api(ADA).get(f"/v1/schedules/on-calls/{NOEL_ID}.ics").status_code == 200


@needs_spec
@pytest.mark.expect_violations
def test_spec_validation_reads_the_calendar(api, emulator, monkeypatch):
    # A calendar that breaks RFC 5545 (no PRODID) is a response violation like a bad JSON body.
    monkeypatch.setattr(api_oncall.ical, "calendar", lambda name, events: b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    response = api(ADA).get(f"/v1/schedules/{PLATFORM_PRIMARY}.ics")
    assert response.status_code == 500
    assert [item["kind"] for item in emulator.violations] == ["response"]
    assert "PRODID" in emulator.violations[0]["detail"]
