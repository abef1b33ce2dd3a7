# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_schedule_timeline_info's responder names against the emulator."""

from __future__ import annotations

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule_timeline_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SCHEDULES, TEAMS

# Within the range the API serves until September 2029 (see the integration target's vars).
WEEK = {"date": "2028-10-25T12:00:00Z", "interval": 1, "interval_unit": "weeks"}


def test_names_of_users_come_from_the_site_user_search(run_module, connection):
    result = run_module(jsmops_schedule_timeline_info, connection(schedule="Platform Primary", responder_names=True, **WEEK))
    dana, noel = ACCOUNTS["dana"], ACCOUNTS["noël"]
    assert result["responders"] == {
        noel["accountId"]: {"type": "user", "name": noel["displayName"]},
        dana["accountId"]: {"type": "user", "name": dana["displayName"]},
    }
    assert result["schedule_name"] == "Platform Primary"
    assert result["schedule_timezone"] == SCHEDULES["Platform Primary"]["timezone"]
    assert result["_warnings"] == []


def test_teams_are_named_from_the_team_list_and_nobody_is_left_out(run_module, connection):
    result = run_module(jsmops_schedule_timeline_info, connection(schedule="Follow The Sun", responder_names=True, **WEEK))
    assert result["responders"][TEAMS["Payments"]] == {"type": "team", "name": "Payments"}
    assert {entry["type"] for entry in result["responders"].values()} == {"user", "team"}
    database = run_module(jsmops_schedule_timeline_info, connection(schedule="Database Primary", responder_names=True, **WEEK))
    assert database["responders"] == {ACCOUNTS["erin"]["accountId"]: {"type": "user", "name": "Erin Database"}}


def test_without_site_users_have_no_name_and_a_warning_says_why(run_module, connection):
    args = connection(schedule="Platform Primary", responder_names=True, **WEEK)
    del args["site"]
    result = run_module(jsmops_schedule_timeline_info, args)
    assert result["responders"] and all(entry["name"] is None for entry in result["responders"].values())
    assert any("set site" in warning for warning in result["_warnings"])


def test_names_are_only_returned_when_asked_for_and_unknown_schedules_have_none(run_module, connection):
    plain = run_module(jsmops_schedule_timeline_info, connection(schedule="Platform Primary", **WEEK))
    assert "responders" not in plain and plain["timeline"]["finalTimeline"]["rotations"]
    missing = run_module(jsmops_schedule_timeline_info, connection(schedule="No Such Schedule", responder_names=True, **WEEK))
    assert missing["responders"] == {} and missing["schedule_id"] is None and missing["schedule_name"] is None
