# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_user_contact and jsmops_user_contact_info against the emulator: found by method and address, turned on and off
through the API's own endpoints."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_user_contact, jsmops_user_contact_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS

DANA = ACCOUNTS["dana"]


@pytest.fixture
def call(run_module, connection):
    def run(module=jsmops_user_contact, who="dana", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def contacts_of(emulator, who=DANA):
    return emulator.state.dump()["contacts"][who["accountId"]]


def test_a_contact_through_its_life(call, emulator):
    predicted = call(check_mode=True, method="voice", to="+49 1511 7654321")
    assert predicted["changed"] is True and writes(emulator) == []
    assert predicted["contact"]["enabled"] is True
    created = call(method="voice", to="+49 1511 7654321")
    contact = created["contact"]
    assert created["changed"] is True and contact["id"] and contact["status"] == {"enabled": True} and contact["enabled"] is True
    assert writes(emulator) == [("POST", "/users/contacts")]
    emulator.clear_log()
    assert call(method="voice", to="+4915117654321")["changed"] is False  # the same number without its spaces
    assert writes(emulator) == []

    off = call(diff=True, method="voice", to="+49 1511 7654321", enabled=False)
    assert off["changed"] is True and off["contact"]["enabled"] is False
    assert off["diff"] == {"before": {"enabled": True}, "after": {"enabled": False}}
    assert writes(emulator) == [("PATCH", "/users/contacts/%s/deactivate" % contact["id"])]
    emulator.clear_log()
    assert call(method="voice", to="+49 1511 7654321", enabled=False)["changed"] is False and writes(emulator) == []

    listed = call(jsmops_user_contact_info, method="voice")["contacts"]
    assert [(item["to"], item["enabled"]) for item in listed] == [("+49 1511 7654321", False)]
    deleted = call(method="voice", to="+49 1511 7654321", state="absent")
    assert deleted["changed"] is True and writes(emulator) == [("DELETE", "/users/contacts/%s" % contact["id"])]
    assert call(method="voice", to="+49 1511 7654321", state="absent")["changed"] is False


def test_a_new_contact_created_off_is_turned_off_after_it_is_created(call, emulator):
    created = call(method="email", to="dana.private@example.com", enabled=False)
    assert created["contact"]["enabled"] is False
    assert [method for method, _path in writes(emulator)] == ["POST", "PATCH"]
    assert writes(emulator)[1][1].endswith("/deactivate")


def test_a_mobile_contact_is_turned_off_but_never_created(call, emulator):
    off = call(method="mobile", to="Dana's phone", enabled=False)
    assert off["changed"] is True and off["contact"]["enabled"] is False
    refused = call(method="mobile", to="Another phone")
    assert refused["failed"] is True and refused["msg"].startswith("A mobile contact is added by signing in to the mobile app")
    refused_check = call(check_mode=True, method="mobile", to="Another phone")
    assert refused_check["failed"] is True
    assert [path for _method, path in writes(emulator)] == ["/users/contacts/%s/deactivate" % off["contact"]["id"]]


def test_an_admin_lists_another_users_contacts(call, emulator):
    listed = call(jsmops_user_contact_info, who="ada", user=DANA["email"])["contacts"]
    assert [(item["method"], item["applyOrder"]) for item in listed] == [("email", 0), ("sms", 1), ("mobile", 2)]
    assert call(jsmops_user_contact_info, who="erin", user=DANA["email"])["contacts"] == []  # not hers to see: nothing
