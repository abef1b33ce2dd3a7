# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_schedule_info against the emulator: the module's logic and its main() output."""

from __future__ import annotations

import json
import pathlib

import pytest
import requests

from ansible.module_utils.testing import patch_module_args

from ansible_collections.jsm.ops.plugins.modules import jsmops_schedule_info

SEED = json.loads((pathlib.Path(__file__).resolve().parents[3] / "emulator" / "seed.json").read_text(encoding="utf-8"))
ACCOUNTS = {account["email"].split(".")[0]: account for account in SEED["accounts"]}
SCHEDULES = {schedule["name"]: schedule for schedule in SEED["schedules"]}


def module_args(emulator, who="ada", **args):
    account = ACCOUNTS[who]
    base = {
        "api_url": emulator.url,
        "cloud_id": emulator.cloud_id,
        "api_email": account["email"],
        "api_token": account["apiToken"],
    }
    base.update(args)
    return base


def run_main(capsys, args, check_mode=False):
    """Run the module's main() and return its parsed JSON result."""
    if check_mode:
        args = dict(args, _ansible_check_mode=True)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            jsmops_schedule_info.main()
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def names(result):
    return [schedule["name"] for schedule in result["schedules"]]


def test_all_schedules_as_admin(emulator, capsys):
    result = run_main(capsys, module_args(emulator))
    assert result["changed"] is False
    assert names(result) == [schedule["name"] for schedule in SEED["schedules"]]
    assert all("rotations" not in schedule for schedule in result["schedules"])


def test_all_pages_are_read(emulator, capsys):
    session = requests.Session()
    session.auth = (ACCOUNTS["ada"]["email"], ACCOUNTS["ada"]["apiToken"])
    for number in range(57):
        session.post(emulator.api_base + "/v1/schedules", json={"name": "Bulk %02d" % number, "timezone": "UTC"}).raise_for_status()
    emulator.clear_log()
    result = run_main(capsys, module_args(emulator))
    assert len(result["schedules"]) == len(SEED["schedules"]) + 57
    pages = [entry for entry in emulator.log if entry["path"].endswith("/v1/schedules")]
    assert len(pages) == 2  # 50 + 12 with the maximum page size


def test_member_sees_only_their_teams(emulator, capsys):
    result = run_main(capsys, module_args(emulator, who="dana"))
    assert names(result) == ["Platform Primary", "Platform Secondary"]


def test_by_id(emulator, capsys):
    wanted = SCHEDULES["Database Primary"]
    result = run_main(capsys, module_args(emulator, id=wanted["id"]))
    assert len(result["schedules"]) == 1
    schedule = result["schedules"][0]
    assert schedule["id"] == wanted["id"] and schedule["name"] == "Database Primary"
    assert schedule["teamId"] == wanted["teamId"] and schedule["timezone"] == "America/New_York"


def test_by_id_with_rotations(emulator, capsys):
    wanted = SCHEDULES["Platform Secondary"]
    result = run_main(capsys, module_args(emulator, id=wanted["id"], expand=["rotation"]))
    rotations = result["schedules"][0]["rotations"]
    assert [rotation["name"] for rotation in rotations] == ["Business hours"]
    assert rotations[0]["timeRestriction"]["type"] == "weekday-and-time-of-day"


def test_unknown_id_gives_empty_list(emulator, capsys):
    result = run_main(capsys, module_args(emulator, id="00000000-0000-4000-8000-000000000000"))
    assert result["schedules"] == [] and result["changed"] is False


def test_invisible_id_gives_empty_list(emulator, capsys):
    result = run_main(capsys, module_args(emulator, who="dana", id=SCHEDULES["Database Primary"]["id"]))
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
def test_by_name(emulator, capsys, name, expected):
    assert names(run_main(capsys, module_args(emulator, name=name))) == expected


def test_by_name_with_rotations(emulator, capsys):
    result = run_main(capsys, module_args(emulator, name="Database Primary", expand=["rotation"]))
    assert [rotation["name"] for rotation in result["schedules"][0]["rotations"]] == ["Daily"]


def test_check_mode_reads_the_same(emulator, capsys):
    normal = run_main(capsys, module_args(emulator, name="Platform*"))
    checked = run_main(capsys, module_args(emulator, name="Platform*"), check_mode=True)
    assert checked["schedules"] == normal["schedules"] and checked["changed"] is False


def test_only_reads(emulator, capsys):
    run_main(capsys, module_args(emulator))
    run_main(capsys, module_args(emulator, id=SCHEDULES["Platform Primary"]["id"], expand=["rotation"]))
    assert {entry["method"] for entry in emulator.log} == {"GET"}


def test_site_instead_of_cloud_id(emulator, capsys):
    args = module_args(emulator, name="Payments Primary")
    del args["cloud_id"]
    args["site"] = emulator.url
    assert names(run_main(capsys, args)) == ["Payments Primary"]


def test_credentials_from_the_environment(emulator, capsys, monkeypatch):
    monkeypatch.setenv("ATLASSIAN_OPS_API_EMAIL_ADDRESS", ACCOUNTS["erin"]["email"])
    monkeypatch.setenv("ATLASSIAN_OPS_API_TOKEN", ACCOUNTS["erin"]["apiToken"])
    monkeypatch.setenv("JSM_OPS_CLOUD_ID", emulator.cloud_id)
    monkeypatch.setenv("JSM_OPS_API_URL", emulator.url)
    assert names(run_main(capsys, {})) == ["Database Primary"]


def test_mutually_exclusive_id_and_name(emulator, capsys):
    result = run_main(capsys, module_args(emulator, id="x", name="y"))
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
def test_failures_are_one_clear_line_without_the_token(emulator, capsys, change, message):
    args = module_args(emulator)
    args.update(change)
    result = run_main(capsys, args)
    assert result["failed"] is True
    assert message in result["msg"] and "\n" not in result["msg"]
    assert "exception" not in result
    text = json.dumps(result)
    for account in SEED["accounts"]:
        if account["apiToken"]:
            assert account["apiToken"] not in text
