# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rotation option conversion, validation and comparison."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.module_utils.core.errors import ConfigurationError
from ansible_collections.jsm.ops.plugins.module_utils.core.kit import Context
from ansible_collections.jsm.ops.plugins.module_utils.families.rotations import (
    participant_for_api,
    ROTATIONS,
    same_participants,
    same_restriction,
    time_restriction_for_api,
)


class FakeResolver:
    def user_id(self, value, option="user"):
        return {"dana@example.com": "712020:dana"}.get(value, value)

    def team_id(self, value, option="team"):
        return {"Platform": "team-platform"}.get(value, value)


def times(start_hour=9, start_min=0, end_hour=17, end_min=0):
    return {"start_hour": start_hour, "start_min": start_min, "end_hour": end_hour, "end_min": end_min}


def test_time_of_day():
    assert time_restriction_for_api({"type": "time-of-day", "restriction": times(22, 0, 6, 30), "restrictions": None}) == {
        "type": "time-of-day",
        "restriction": {"startHour": 22, "startMin": 0, "endHour": 6, "endMin": 30},
    }


def test_weekday_and_time_of_day():
    period = dict(times(), start_day="monday", end_day="friday")
    assert time_restriction_for_api({"type": "weekday-and-time-of-day", "restriction": None, "restrictions": [period]}) == {
        "type": "weekday-and-time-of-day",
        "restrictions": [{"startDay": "monday", "endDay": "friday", "startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}],
    }


@pytest.mark.parametrize(
    "restriction, message",
    [
        ({"type": "time-of-day", "restriction": times(start_hour=24)}, "time_restriction.restriction.start_hour must be from 0 to 23; got 24."),
        ({"type": "time-of-day", "restriction": times(end_min=60)}, "time_restriction.restriction.end_min must be from 0 to 59; got 60."),
        ({"type": "time-of-day", "restriction": times(start_min=-1)}, "time_restriction.restriction.start_min must be from 0 to 59; got -1."),
        ({"type": "time-of-day", "restriction": None}, "time_restriction of type time-of-day takes restriction"),
        ({"type": "weekday-and-time-of-day", "restrictions": []}, "time_restriction of type weekday-and-time-of-day takes restrictions"),
        (
            {"type": "weekday-and-time-of-day", "restrictions": [dict(times(end_hour=25), start_day="monday", end_day="friday")]},
            "time_restriction.restrictions[0].end_hour must be from 0 to 23; got 25.",
        ),
    ],
)
def test_time_restriction_validation(restriction, message):
    with pytest.raises(ConfigurationError) as info:
        time_restriction_for_api(restriction)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    "participant, expected",
    [
        ({"type": "user", "id": "712020:abc"}, {"type": "user", "id": "712020:abc"}),
        ({"type": "user", "email": "dana@example.com"}, {"type": "user", "id": "712020:dana"}),
        ({"type": "team", "name": "Platform"}, {"type": "team", "id": "team-platform"}),
        ({"type": "team", "id": "t-1"}, {"type": "team", "id": "t-1"}),
        ({"type": "escalation", "id": "e-1"}, {"type": "escalation", "id": "e-1"}),
        ({"type": "noone"}, {"type": "noone"}),
    ],
)
def test_participants(participant, expected):
    assert participant_for_api(FakeResolver(), participant, "participants[0]") == expected


@pytest.mark.parametrize(
    "participant, message",
    [
        ({"type": "user"}, "participants[1]: a user participant takes id (the account id) or email; got none of them."),
        ({"type": "user", "id": "a", "email": "b@example.com"}, "participants[1]: a user participant takes id (the account id) or email; got email, id."),
        ({"type": "team", "email": "x@example.com"}, "participants[1]: a team participant takes id or name; got email."),
        ({"type": "escalation", "name": "Esc"}, "participants[1]: a escalation participant takes id; got name."),
        ({"type": "noone", "id": "x"}, "participants[1]: a noone participant takes no id, email or name; got id."),
    ],
)
def test_participant_errors(participant, message):
    with pytest.raises(ConfigurationError) as info:
        participant_for_api(FakeResolver(), participant, "participants[1]")
    assert str(info.value) == message


def test_participant_order_matters():
    first = [{"type": "user", "id": "a"}, {"type": "noone"}]
    assert same_participants(first, [{"type": "user", "id": "a"}, {"type": "noone"}])
    assert not same_participants(first, list(reversed(first)))
    assert same_participants(None, [])


def test_restriction_comparison_ignores_extra_fields():
    wanted = {"type": "time-of-day", "restriction": {"startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0}}
    current = {"type": "time-of-day", "restriction": {"startHour": 9, "startMin": 0, "endHour": 17, "endMin": 0, "extra": True}}
    assert same_restriction(current, wanted)
    assert not same_restriction(current, {"type": "time-of-day", "restriction": {"startHour": 9, "startMin": 30, "endHour": 17, "endMin": 0}})
    assert not same_restriction(None, wanted)


def test_rotation_desired_converts_and_checks_dates():
    params = {
        "name": "Weekly", "type": "weekly", "length": 2, "start_date": "2026-03-02T09:00:00+01:00", "end_date": None,
        "participants": [{"type": "user", "email": "dana@example.com", "id": None, "name": None}], "time_restriction": None,
    }
    assert ROTATIONS.desired(ctx=Context(None, resolver=FakeResolver()), params=params) == {
        "name": "Weekly", "type": "weekly", "length": 2, "startDate": "2026-03-02T08:00:00Z", "participants": [{"type": "user", "id": "712020:dana"}],
    }
    with pytest.raises(ConfigurationError, match="end_date must be after start_date"):
        ROTATIONS.desired(ctx=Context(None, resolver=FakeResolver()), params=dict(params, end_date="2026-03-02T08:00:00Z"))
    with pytest.raises(ConfigurationError, match="length must be 1 or more"):
        ROTATIONS.desired(ctx=Context(None, resolver=FakeResolver()), params=dict(params, length=0))
