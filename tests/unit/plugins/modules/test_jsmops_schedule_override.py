# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_schedule_override and jsmops_schedule_override_info against the emulator."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule_override, jsmops_schedule_override_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SCHEDULES


@pytest.fixture
def run(run_module, connection):
    def call(who="ada", check_mode=False, diff=False, **args):
        args.setdefault("schedule", "Platform Primary")
        return run_module(jsmops_schedule_override, connection(who, **args), check_mode=check_mode, diff=diff)

    return call


@pytest.fixture
def info(run_module, connection):
    return lambda **args: run_module(jsmops_schedule_override_info, connection(**args))


def stored(emulator, schedule="Platform Primary"):
    for item in emulator.state.dump()["schedules"]:
        if item["name"] == schedule:
            return {override["alias"]: override for override in item.get("overrides", [])}
    raise AssertionError("no schedule %s" % schedule)


def writes(emulator):
    return [entry["method"] for entry in emulator.log if entry["method"] != "GET"]


COVER = {"user": ACCOUNTS["dana"]["email"], "start_date": "2031-05-04T09:00:00+02:00", "end_date": "2031-05-08T18:00:00+02:00"}


def test_flow_create_then_manage_by_alias(emulator, run, info):
    checked = run(check_mode=True, **COVER)
    assert checked["changed"] is True and len(stored(emulator)) == 1 and writes(emulator) == []
    assert checked["override"]["responder"] == {"type": "user", "id": ACCOUNTS["dana"]["accountId"]}
    assert "alias" not in checked["override"]  # the API generates it on creation

    created = run(**COVER)
    alias = created["override"]["alias"]
    assert created["changed"] is True and alias
    saved = stored(emulator)[alias]
    assert saved["startDate"] == "2031-05-04T07:00:00Z" and saved["endDate"] == "2031-05-08T16:00:00Z"
    assert not saved.get("rotationIds")

    emulator.clear_log()
    assert run(**dict(COVER, start_date="2031-05-04T07:00:00Z"))["changed"] is False
    assert run(alias=alias, **COVER)["changed"] is False
    assert writes(emulator) == []

    weekly = SCHEDULES["Platform Primary"]["rotations"][0]
    changed = run(diff=True, alias=alias, **dict(COVER, user=ACCOUNTS["noël"]["accountId"], rotations=["weekly"]))
    assert changed["changed"] is True and writes(emulator) == ["PUT"]
    assert sorted(changed["diff"]["before"]) == ["responder"]  # no rotationIds before: all rotations
    assert sorted(changed["diff"]["after"]) == ["responder", "rotationIds"]
    saved = stored(emulator)[alias]
    assert saved["responder"]["id"] == ACCOUNTS["noël"]["accountId"] and saved["rotationIds"] == [weekly["id"]]
    assert saved["startDate"] == "2031-05-04T07:00:00Z"

    assert alias in [item["alias"] for item in info(schedule="Platform Primary")["overrides"]]
    assert [item["alias"] for item in info(schedule="Platform Primary", alias=alias)["overrides"]] == [alias]

    assert run(alias=alias, state="absent", check_mode=True)["changed"] is True
    assert alias in stored(emulator)
    assert run(alias=alias, state="absent")["changed"] is True
    assert alias not in stored(emulator)
    assert run(alias=alias, state="absent")["changed"] is False
    assert info(schedule="Platform Primary", alias=alias)["overrides"] == []


def test_unknown_alias_with_state_present_is_an_error(emulator, run):
    result = run(alias="my-own-alias", **COVER)
    assert result["failed"] is True
    assert "alias 'my-own-alias' is not an override of schedule 'Platform Primary'; the API generates aliases" in result["msg"]
    assert writes(emulator) == []


def test_without_alias_a_repeat_creates_nothing(emulator, run):
    window = {"noone": True, "start_date": "2031-12-01T00:00:00Z", "end_date": "2031-12-02T00:00:00Z"}
    first = run(**window)
    assert first["changed"] is True and first["override"]["alias"]
    second = run(**window)
    assert second["changed"] is False and second["override"]["alias"] == first["override"]["alias"]
    assert len(stored(emulator)) == 2  # the seed's override and this one
    assert stored(emulator)[first["override"]["alias"]]["responder"] == {"type": "noone"}


@pytest.mark.parametrize(
    "args, message",
    [
        ({"alias": "x", "start_date": "2031-01-01T00:00:00Z", "end_date": "2031-01-02T00:00:00Z"}, "user (or noone: true) is required"),
        ({"alias": "x", "noone": True, "start_date": "2031-01-02T00:00:00Z", "end_date": "2031-01-01T00:00:00Z"}, "end_date must be after start_date."),
        ({"alias": "x", "noone": True, "start_date": "2031-01-01T00:00:00Z", "end_date": "2031-01-02T00:00:00Z", "rotations": ["Nope"]},
         "rotations: 'Nope' is not a rotation of the schedule."),
        ({"alias": "x", "user": "ghost@example.com", "start_date": "2031-01-01T00:00:00Z", "end_date": "2031-01-02T00:00:00Z"},
         "user 'ghost@example.com': no Jira user has that email address"),
        ({"state": "absent"}, "state is absent but all of the following are missing: alias"),
        ({"alias": "x", "user": "a", "noone": True, "start_date": "2031-01-01T00:00:00Z", "end_date": "2031-01-02T00:00:00Z"},
         "parameters are mutually exclusive: user|noone"),
    ],
)
def test_bad_input_writes_nothing(emulator, run, args, message):
    result = run(**args)
    assert result["failed"] is True and message in result["msg"], result["msg"]
    assert writes(emulator) == []


def test_member_cannot_override_another_teams_schedule(emulator, run):
    result = run(who="dana", schedule=SCHEDULES["Database Primary"]["id"], alias="x", noone=True,
                 start_date="2031-01-01T00:00:00Z", end_date="2031-01-02T00:00:00Z")
    assert result["failed"] is True and "is not a schedule the account can see" in result["msg"]
