# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_schedule_info against the emulator: the module's logic and its main() output."""

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SCHEDULES, SEED, TEAMS


@pytest.fixture
def run(run_module):
    return lambda args, check_mode=False: run_module(jsmops_schedule_info, args, check_mode=check_mode)


@pytest.fixture
def module_args(connection):
    def make(emulator, who="ada", **args):  # pylint: disable=unused-argument
        base = connection(who, **args)
        if "site" not in args:
            del base["site"]
        return base

    return make


def names(result):
    return [schedule["name"] for schedule in result["schedules"]]


def test_all_schedules_as_admin(emulator, run, module_args):
    result = run(module_args(emulator))
    assert result["changed"] is False
    assert names(result) == [schedule["name"] for schedule in SEED["schedules"]]
    assert all("rotations" not in schedule for schedule in result["schedules"])


def test_all_pages_are_read(emulator, run, module_args):
    session = requests.Session()
    session.auth = (ACCOUNTS["ada"]["email"], ACCOUNTS["ada"]["apiToken"])
    for number in range(57):
        session.post(emulator.api_base + "/v1/schedules", json={"name": "Bulk %02d" % number, "timezone": "UTC"}).raise_for_status()
    emulator.clear_log()
    result = run(module_args(emulator))
    assert len(result["schedules"]) == len(SEED["schedules"]) + 57
    pages = [entry for entry in emulator.log if entry["path"].endswith("/v1/schedules")]
    assert len(pages) == 2  # 50 + 12 with the maximum page size


def test_member_sees_only_their_teams(emulator, run, module_args):
    result = run(module_args(emulator, who="dana"))
    assert names(result) == ["Platform Primary", "Platform Secondary"]


def test_by_id(emulator, run, module_args):
    wanted = SCHEDULES["Database Primary"]
    result = run(module_args(emulator, id=wanted["id"]))
    assert len(result["schedules"]) == 1
    schedule = result["schedules"][0]
    assert schedule["id"] == wanted["id"] and schedule["name"] == "Database Primary"
    assert schedule["teamId"] == wanted["teamId"] and schedule["timezone"] == "America/New_York"


def test_by_id_with_rotations(emulator, run, module_args):
    wanted = SCHEDULES["Platform Secondary"]
    result = run(module_args(emulator, id=wanted["id"], expand=["rotation"]))
    rotations = result["schedules"][0]["rotations"]
    assert [rotation["name"] for rotation in rotations] == ["Business hours"]
    assert rotations[0]["timeRestriction"]["type"] == "weekday-and-time-of-day"


def test_unknown_id_gives_empty_list(emulator, run, module_args):
    result = run(module_args(emulator, id="00000000-0000-4000-8000-000000000000"))
    assert result["schedules"] == [] and result["changed"] is False


def test_invisible_id_gives_empty_list(emulator, run, module_args):
    result = run(module_args(emulator, who="dana", id=SCHEDULES["Database Primary"]["id"]))
    assert result["schedules"] == []


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Platform Primary", ["Platform Primary"]),
        ("platform PRIMARY", ["Platform Primary"]),
        ("Platform", []),
        ("Platform*", ["Platform Primary", "Platform Secondary"]),
        ("plat*", ["Platform Primary", "Platform Secondary"]),
        ("No such schedule", []),
    ],
)
def test_by_name(emulator, run, module_args, name, expected):
    assert names(run(module_args(emulator, name=name))) == expected


@pytest.mark.parametrize(
    "team, expected",
    [
        ("Payments", ["Payments Primary", "Follow The Sun"]),
        ("payments", ["Payments Primary", "Follow The Sun"]),
        (TEAMS["Database"], ["Database Primary"]),
        ("", ["Company Incident Commander"]),
    ],
)
def test_by_team(emulator, run, module_args, team, expected):
    assert names(run(module_args(emulator, team=team))) == expected


def test_by_team_and_name(emulator, run, module_args):
    assert names(run(module_args(emulator, team="Platform", name="platform s*"))) == ["Platform Secondary"]
    assert names(run(module_args(emulator, team="Database", name="Platform*"))) == []


def test_by_team_and_id(emulator, run, module_args):
    wanted = SCHEDULES["Database Primary"]
    assert names(run(module_args(emulator, team="Database", id=wanted["id"]))) == ["Database Primary"]
    assert names(run(module_args(emulator, team="Platform", id=wanted["id"]))) == []


def test_unknown_team_is_a_clear_failure(emulator, run, module_args):
    result = run(module_args(emulator, team="No such team"))
    assert result["failed"] is True
    assert "team 'No such team' is neither the id nor the name of a team" in result["msg"]


def test_by_name_with_rotations(emulator, run, module_args):
    result = run(module_args(emulator, name="Database Primary", expand=["rotation"]))
    assert [rotation["name"] for rotation in result["schedules"][0]["rotations"]] == ["Daily"]


def test_check_mode_reads_the_same(emulator, run, module_args):
    normal = run(module_args(emulator, name="Platform*"))
    checked = run(module_args(emulator, name="Platform*"), check_mode=True)
    assert checked["schedules"] == normal["schedules"] and checked["changed"] is False


def test_only_reads(emulator, run, module_args):
    run(module_args(emulator))
    run(module_args(emulator, id=SCHEDULES["Platform Primary"]["id"], expand=["rotation"]))
    assert {entry["method"] for entry in emulator.log} == {"GET"}


def test_site_instead_of_cloud_id(emulator, run, module_args):
    args = module_args(emulator, name="Payments Primary")
    del args["cloud_id"]
    args["site"] = emulator.url
    assert names(run(args)) == ["Payments Primary"]


def test_credentials_from_the_environment(emulator, run, monkeypatch):
    monkeypatch.setenv("ATLASSIAN_OPS_API_EMAIL_ADDRESS", ACCOUNTS["erin"]["email"])
    monkeypatch.setenv("ATLASSIAN_OPS_API_TOKEN", ACCOUNTS["erin"]["apiToken"])
    monkeypatch.setenv("JSM_OPS_CLOUD_ID", emulator.cloud_id)
    monkeypatch.setenv("JSM_OPS_API_URL", emulator.url)
    assert names(run({})) == ["Database Primary"]


def test_mutually_exclusive_id_and_name(emulator, run, module_args):
    result = run(module_args(emulator, id="x", name="y"))
    assert result["failed"] is True and "mutually exclusive: id|name" in result["msg"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"api_token": "emulator-token-wrong-0f9e8d7c6b5a4321"}, "GET /v1/schedules returned HTTP 401: Authentication failed"),
        ({"api_token": None}, "api_token is required"),
        ({"api_email": "nobody@example.com"}, "Authentication failed: check api_email and api_token"),
        ({"cloud_id": "nope"}, "cloud_id must be the site's cloud ID"),
    ],
)
def test_failures_are_one_clear_line_without_the_token(emulator, run, module_args, change, message):
    args = module_args(emulator)
    args.update(change)
    result = run(args)
    assert result["failed"] is True
    assert message in result["msg"] and "\n" not in result["msg"]
    assert "exception" not in result
    text = json.dumps(result)
    for account in SEED["accounts"]:
        if account["apiToken"]:
            assert account["apiToken"] not in text


def test_non_ascii_email_authenticates(emulator, run, module_args):
    # requests would encode auth=(user, password) as Latin-1; the header must be UTF-8.
    result = run(module_args(emulator, who="noël"))
    assert result["changed"] is False and names(result) == ["Platform Primary", "Platform Secondary"]
