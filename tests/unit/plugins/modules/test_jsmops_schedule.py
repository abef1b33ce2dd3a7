# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_schedule against the emulator: create, compare, patch only differences, delete, check and diff modes."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import SCHEDULES, TEAMS


@pytest.fixture
def run(run_module, connection):
    def call(who="ada", check_mode=False, diff=False, **args):
        return run_module(jsmops_schedule, connection(who, **args), check_mode=check_mode, diff=diff)

    return call


def stored(emulator, name):
    matches = [schedule for schedule in emulator.state.dump()["schedules"] if schedule["name"] == name]
    return matches[0] if matches else None


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[1]) for entry in emulator.log if entry["method"] != "GET"]


def test_create_check_mode_then_apply_then_unchanged(emulator, run):
    options = {"name": "Search Primary", "description": "Search on-call", "timezone": "Europe/Paris", "team": "Platform"}
    checked = run(check_mode=True, diff=True, **options)
    assert checked["changed"] is True
    assert checked["schedule"] == {
        "name": "Search Primary", "description": "Search on-call", "timezone": "Europe/Paris", "enabled": True, "teamId": TEAMS["Platform"],
    }
    assert checked["diff"]["before"] == {} and checked["diff"]["after"]["name"] == "Search Primary"
    assert stored(emulator, "Search Primary") is None and writes(emulator) == []

    created = run(**options)
    assert created["changed"] is True and created["schedule"]["id"]
    assert stored(emulator, "Search Primary")["teamId"] == TEAMS["Platform"]
    assert writes(emulator) == [("POST", "/schedules")]

    emulator.clear_log()
    again = run(diff=True, **options)
    assert again["changed"] is False and again["schedule"]["id"] == created["schedule"]["id"]
    assert again["diff"] == {"before": {}, "after": {}}
    assert writes(emulator) == []


def test_patch_sends_only_the_differences(emulator, run):
    platform = SCHEDULES["Platform Primary"]
    result = run(diff=True, name="Platform Primary", description="Platform, first line", timezone=platform["timezone"], enabled=True)
    assert result["changed"] is True
    assert result["diff"] == {"before": {"description": platform["description"]}, "after": {"description": "Platform, first line"}}
    assert writes(emulator) == [("PATCH", "/schedules/%s" % platform["id"])]
    assert stored(emulator, "Platform Primary")["description"] == "Platform, first line"
    assert stored(emulator, "Platform Primary")["timezone"] == platform["timezone"]


def test_check_mode_predicts_an_update_without_writing(emulator, run):
    result = run(check_mode=True, name="Database Primary", enabled=False)
    assert result["changed"] is True and result["schedule"]["enabled"] is False
    assert result["schedule"]["id"] == SCHEDULES["Database Primary"]["id"]
    assert stored(emulator, "Database Primary")["enabled"] is True and writes(emulator) == []


def test_unset_options_are_not_compared(emulator, run):
    result = run(name="Payments Primary")
    assert result["changed"] is False and writes(emulator) == []


def test_rename_by_id(emulator, run):
    wanted = SCHEDULES["Payments Primary"]
    result = run(id=wanted["id"], name="Payments First Line")
    assert result["changed"] is True and result["schedule"]["name"] == "Payments First Line"
    assert stored(emulator, "Payments Primary") is None


def test_team_by_id_and_global(emulator, run):
    result = run(name="Database Primary", team=TEAMS["Payments"])
    assert result["changed"] is True and stored(emulator, "Database Primary")["teamId"] == TEAMS["Payments"]
    result = run(diff=True, name="Database Primary", team="")
    assert result["changed"] is True and "teamId" not in stored(emulator, "Database Primary")
    assert result["diff"]["before"] == {"teamId": TEAMS["Payments"]} and result["diff"]["after"] == {}
    assert run(name="Database Primary", team="")["changed"] is False


def test_absent_then_absent_again(emulator, run):
    wanted = SCHEDULES["Company Incident Commander"]
    checked = run(check_mode=True, name=wanted["name"], state="absent")
    assert checked["changed"] is True and stored(emulator, wanted["name"]) is not None
    deleted = run(diff=True, name=wanted["name"], state="absent")
    assert deleted["changed"] is True and deleted["schedule"] is None
    assert deleted["diff"]["before"]["id"] == wanted["id"] and deleted["diff"]["after"] == {}
    assert stored(emulator, wanted["name"]) is None
    assert run(name=wanted["name"], state="absent")["changed"] is False
    assert run(id=wanted["id"], state="absent")["changed"] is False


@pytest.mark.parametrize(
    "args, message",
    [
        ({"name": "X", "timezone": "Mars/Olympus"}, "timezone 'Mars/Olympus' is not an IANA time zone name"),
        ({"name": "X", "team": "Nope"}, "team 'Nope' is neither the id nor the name of a team the account can see"),
        ({"name": " "}, "name must not be empty."),
        ({"id": "00000000-0000-4000-8000-000000000000", "name": "X"}, "is not a schedule the account can see"),
        ({"id": SCHEDULES["Database Primary"]["id"], "name": "Platform Primary"}, "returned HTTP 409"),
        ({}, "one of the following is required: name, id"),
    ],
)
def test_bad_input_fails_clearly_without_writing(emulator, run, args, message):
    result = run(**args)
    assert result["failed"] is True and message in result["msg"], result["msg"]
    assert writes(emulator) in ([], [("PATCH", "/schedules/%s" % SCHEDULES["Database Primary"]["id"])])


def test_member_cannot_create_for_another_team(emulator, run):
    result = run(who="dana", name="Sneaky", team="Payments")
    assert result["failed"] is True
    assert "returned HTTP 403" in result["msg"] or "is neither the id nor the name" in result["msg"]
    assert stored(emulator, "Sneaky") is None
