# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_oncall_info and the jsmops_oncall lookup against the emulator: one answer through both, the pool under faults."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleError

from ansible_collections.jsm.ops.plugins.lookup.jsmops_oncall import LookupModule
from ansible_collections.jsm.ops.plugins.modules import jsmops_oncall_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS, SCHEDULES

# 2026-03-10 10:00Z: Platform Primary's weekly rotation (Dana, Noël from Monday 2026-01-05 09:00Z) is in week 10, Noël's turn.
WHEN = "2026-03-10T11:00:00+01:00"


@pytest.fixture
def run(run_module, connection):
    return lambda who="ada", check_mode=False, **args: run_module(jsmops_oncall_info, connection(who, **args), check_mode=check_mode)


@pytest.fixture
def lookup(connection, monkeypatch):
    """The lookup's run() with its options given directly; how Ansible fills them from variables and the
    environment is exercised by the jsmops_oncall_lookup integration target."""

    def call(*terms, who="ada", **options):
        values = dict(connection(who), next=False, date=None, concurrency=8, retries=3, timeout=30, validate_certs=True, ca_path=None)
        values.update(options)
        plugin = LookupModule()
        monkeypatch.setattr(plugin, "set_options", lambda var_options=None, direct=None: None)
        monkeypatch.setattr(plugin, "get_option", values.get)
        monkeypatch.setattr(plugin, "get_option_and_origin", lambda name: (values.get(name), "direct"))
        return plugin.run(list(terms), variables={})

    return call


def on_call_queries(emulator) -> list[tuple[str, str]]:
    """``(path's last segment, flat)`` of each on-call request in the emulator's log."""
    return [(entry["path"].rsplit("/", 1)[1], "flat=true" if "flat=true" in entry["query"] else "flat=false")
            for entry in emulator.log if entry["path"].endswith("on-calls")]


def test_one_schedule_user_ids_by_default_with_one_request(emulator, run):
    result = run(schedules=["Platform Primary"], date=WHEN)
    assert result["changed"] is False and result["date"] == "2026-03-10T10:00:00Z"
    [entry] = result["on_calls"]
    assert entry == {"schedule_id": SCHEDULES["Platform Primary"]["id"], "schedule_name": "Platform Primary",
                     "users": [ACCOUNTS["noël"]["accountId"]]}
    assert on_call_queries(emulator) == [("on-calls", "flat=true")]


@pytest.mark.parametrize("form, nxt, keys, queries", [
    ("participants", False, ["participants"], [("on-calls", "flat=false")]),
    ("both", False, ["users", "participants"], [("on-calls", "flat=true"), ("on-calls", "flat=false")]),
    ("users", True, ["users", "next_users"], [("on-calls", "flat=true"), ("next-on-calls", "flat=true")]),
    ("both", True, ["users", "participants", "next_users", "next_participants"],
     [("on-calls", "flat=true"), ("on-calls", "flat=false"), ("next-on-calls", "flat=true"), ("next-on-calls", "flat=false")]),
])
def test_each_form_and_moment_is_one_request(emulator, run, form, nxt, keys, queries):
    noel, dana = ACCOUNTS["noël"]["accountId"], ACCOUNTS["dana"]["accountId"]
    answers = {"users": [noel], "participants": [{"id": noel, "type": "user"}],
               "next_users": [dana], "next_participants": [{"id": dana, "type": "user"}]}
    [entry] = run(schedules=["Platform Primary"], date=WHEN, form=form, next=nxt, concurrency=1)["on_calls"]
    assert entry == dict({"schedule_id": SCHEDULES["Platform Primary"]["id"], "schedule_name": "Platform Primary"},
                         **{key: answers[key] for key in keys})
    assert on_call_queries(emulator) == queries


def test_a_schedules_requests_go_out_side_by_side(emulator, run):
    emulator.set_faults([{"kind": "latency", "delay": 0.2, "path": "on-calls$"}])
    run(schedules=["Platform Primary"], date=WHEN, form="both", next=True, concurrency=4)
    clients = {entry["client"] for entry in emulator.log if entry["path"].endswith("on-calls")}
    assert len(clients) == 4  # four workers for the schedule's four requests, not one worker four times


def test_the_lookup_asks_once_per_schedule(emulator, lookup):
    lookup("Platform Primary", "Database Primary", date=WHEN)
    assert on_call_queries(emulator) == [("on-calls", "flat=true")] * 2
    emulator.clear_log()
    lookup("Platform Primary", date=WHEN, next=True)
    assert on_call_queries(emulator) == [("next-on-calls", "flat=true")]


def test_next_on_call(run):
    [entry] = run(schedules=["Platform Primary"], date=WHEN, next=True)["on_calls"]
    assert entry["next_users"] == [ACCOUNTS["dana"]["accountId"]]


def test_lookup_gives_the_same_users_as_the_module(run, lookup):
    names = ["Platform Primary", SCHEDULES["Database Primary"]["id"], "company incident commander"]
    module = run(schedules=names, date=WHEN, next=True)
    by_id = {entry["schedule_id"]: entry for entry in module["on_calls"]}
    expected = [by_id[SCHEDULES[name]["id"]]["users"] for name in ("Platform Primary", "Database Primary", "Company Incident Commander")]
    assert lookup(*names, date=WHEN) == expected
    ordered = [by_id[SCHEDULES[name]["id"]] for name in ("Platform Primary", "Database Primary", "Company Incident Commander")]
    assert lookup(*names, date=WHEN, next=True) == [entry["next_users"] for entry in ordered]
    assert expected[2] == []  # nobody is on call in a schedule without rotations


def test_every_visible_schedule_and_missing_names(run):
    everything = run(who="dana", date=WHEN)
    assert [entry["schedule_name"] for entry in everything["on_calls"]] == ["Platform Primary", "Platform Secondary"]
    partial = run(who="dana", schedules=["Platform Primary", "Database Primary"], date=WHEN)
    assert [entry["schedule_name"] for entry in partial["on_calls"]] == ["Platform Primary"]
    assert partial["missing"] == ["Database Primary"]


def test_lookup_refuses_unknown_schedules(lookup):
    with pytest.raises(AnsibleError, match="no schedule the account can see is named 'Nope'"):
        lookup("Platform Primary", "Nope")


def test_concurrency_does_not_change_the_answer(run):
    one = run(date=WHEN, concurrency=1, next=True, form="both")
    many = run(date=WHEN, concurrency=8, next=True, form="both")
    assert one["on_calls"] == many["on_calls"] and len(one["on_calls"]) == len(SCHEDULES)


def test_each_worker_keeps_its_connection(emulator, run):
    run(date=WHEN, concurrency=3)
    clients = {entry["client"] for entry in emulator.log if "/on-calls" in entry["path"]}
    assert 1 <= len(clients) <= 3  # three keep-alive connections at most for all the schedules' requests


def test_a_failing_schedule_fails_the_task_with_its_name(emulator, run):
    emulator.set_faults([{"kind": "status", "status": 500, "path": SCHEDULES["Database Primary"]["id"] + "/on-calls"}])
    result = run(date=WHEN)
    assert result["failed"] is True
    assert result["msg"].startswith("Schedule 'Database Primary' (%s): GET /v1/schedules/" % SCHEDULES["Database Primary"]["id"])
    assert "HTTP 500" in result["msg"]


def test_continue_on_error_collects_errors(emulator, run):
    emulator.set_faults([{"kind": "status", "status": 500, "path": SCHEDULES["Database Primary"]["id"] + "/on-calls"}])
    result = run(date=WHEN, continue_on_error=True)
    assert [error["schedule_name"] for error in result["errors"]] == ["Database Primary"]
    assert len(result["on_calls"]) == len(SCHEDULES) - 1


def test_a_schedule_with_several_failed_requests_is_one_error(emulator, run):
    emulator.set_faults([{"kind": "status", "status": 500, "path": SCHEDULES["Database Primary"]["id"] + "/(next-)?on-calls"}])
    result = run(date=WHEN, continue_on_error=True, form="both", next=True)
    [error] = result["errors"]
    assert error["schedule_name"] == "Database Primary" and error["msg"].startswith("GET /v1/schedules/")
    assert "Database Primary" not in [entry["schedule_name"] for entry in result["on_calls"]]
    assert all(len(entry) == 6 for entry in result["on_calls"])  # the others have all four answers


def test_429_is_waited_out_and_retried(emulator, run):
    emulator.set_faults([{"kind": "status", "status": 429, "retry_after": 1, "times": 2, "path": "/on-calls"}])
    result = run(date=WHEN, concurrency=4)
    assert result["changed"] is False and len(result["on_calls"]) == len(SCHEDULES)
    assert [entry["status"] for entry in emulator.log].count(429) == 2
    warnings = result["_warnings"]
    assert len(warnings) == 2 and all("HTTP 429; retrying in 1.0 s" in warning for warning in warnings)


@pytest.mark.parametrize(
    "args, message",
    [
        ({"concurrency": 0}, "concurrency must be a whole number from 1 to 32; got 0."),
        ({"concurrency": -3}, "concurrency must be a whole number from 1 to 32; got -3."),
        ({"date": "next tuesday"}, "date must be an ISO 8601 date and time with a UTC offset"),
        ({"schedules": ["Nope"], "date": "2026-03-10"}, "date must be an ISO 8601 date and time"),
    ],
)
def test_bad_input(emulator, run, args, message):
    result = run(**args)
    assert result["failed"] is True and result["msg"].startswith(message)
    assert not [entry for entry in emulator.log if "/on-calls" in entry["path"]]


def test_check_mode_answers_the_same(run):
    assert run(check_mode=True, date=WHEN)["on_calls"] == run(date=WHEN)["on_calls"]
