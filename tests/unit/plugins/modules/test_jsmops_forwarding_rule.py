# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_forwarding_rule and jsmops_forwarding_rule_info against the emulator: found by the two users, replaced whole."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_forwarding_rule, jsmops_forwarding_rule_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS

DANA, ERIN = ACCOUNTS["dana"], ACCOUNTS["erin"]
RULE = {"from_user": DANA["email"], "to_user": ERIN["email"], "start_date": "2027-01-04T00:00:00+01:00",
        "end_date": "2027-01-18T00:00:00+01:00"}


@pytest.fixture
def call(run_module, connection):
    def run(module=jsmops_forwarding_rule, who="ada", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def stored(emulator):
    return emulator.state.dump()["forwardingRules"]


def test_a_rule_through_its_life(call, emulator):
    predicted = call(check_mode=True, diff=True, **RULE)
    assert predicted["changed"] is True and writes(emulator) == [] and stored(emulator) == []
    assert predicted["forwarding_rule"] == {"fromUserId": DANA["accountId"], "toUserId": ERIN["accountId"],
                                            "startDate": "2027-01-03T23:00:00Z", "endDate": "2027-01-17T23:00:00Z"}
    created = call(**RULE)
    assert created["changed"] is True and writes(emulator) == [("POST", "/forwarding-rules")]
    rule_id = created["forwarding_rule"]["id"]
    emulator.clear_log()
    again = call(**RULE)
    assert again["changed"] is False and writes(emulator) == []
    assert call(jsmops_forwarding_rule_info, from_user=DANA["accountId"])["forwarding_rules"] == [created["forwarding_rule"]]
    assert call(jsmops_forwarding_rule_info, id=rule_id)["forwarding_rules"] == [created["forwarding_rule"]]
    assert call(jsmops_forwarding_rule_info, to_user=DANA["email"])["forwarding_rules"] == []

    shorter = call(diff=True, from_user=DANA["email"], to_user=ERIN["email"], end_date="2027-01-11T00:00:00+01:00")
    assert shorter["changed"] is True
    assert shorter["diff"] == {"before": {"endDate": "2027-01-17T23:00:00Z"}, "after": {"endDate": "2027-01-10T23:00:00Z"}}
    assert writes(emulator) == [("PUT", "/forwarding-rules/%s" % rule_id)]
    assert stored(emulator)[0]["startDate"] == "2027-01-03T23:00:00Z"  # the whole rule was sent again
    emulator.clear_log()
    assert call(id=rule_id, end_date="2027-01-10T23:00:00Z")["changed"] is False and writes(emulator) == []

    deleted = call(from_user=DANA["email"], to_user=ERIN["email"], state="absent")
    assert deleted["changed"] is True and deleted["forwarding_rule"] is None
    assert writes(emulator) == [("DELETE", "/forwarding-rules/%s" % rule_id)] and stored(emulator) == []
    assert call(from_user=DANA["email"], to_user=ERIN["email"], state="absent")["changed"] is False


def test_two_rules_for_the_same_users_need_the_id(call, emulator):
    first = call(**RULE)["forwarding_rule"]
    with emulator.lock:  # a second rule for the pair, as a site may hold one made in the web UI
        emulator.state.forwarding_rules.append(dict(first, id="f0f0f0f0-0000-4000-8000-000000000002", startDate="2027-02-01T00:00:00Z",
                                                    endDate="2027-02-02T00:00:00Z"))
    emulator.clear_log()
    ambiguous = call(from_user=DANA["email"], to_user=ERIN["email"], state="absent")
    assert ambiguous["failed"] is True
    assert ambiguous["msg"] == ("from_user and to_user match 2 forwarding rules (%s, f0f0f0f0-0000-4000-8000-000000000002); give the id of "
                                "the one this task is about." % first["id"])
    assert writes(emulator) == []
    assert call(id="f0f0f0f0-0000-4000-8000-000000000002", state="absent")["changed"] is True
    assert [rule["id"] for rule in stored(emulator)] == [first["id"]]


def test_a_member_forwards_only_its_own_notifications(call, emulator):
    own = call(who="dana", **RULE)
    assert own["changed"] is True
    others = call(who="dana", from_user=ERIN["email"], to_user=DANA["email"], start_date=RULE["start_date"], end_date=RULE["end_date"])
    assert others["failed"] is True and "HTTP 403" in others["msg"]
