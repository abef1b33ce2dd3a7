# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_custom_role and jsmops_custom_role_info against the emulator: rights compared as sets, replaced whole, read back."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_custom_role, jsmops_custom_role_assign, jsmops_custom_role_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import ACCOUNTS


@pytest.fixture
def call(run_module, connection):
    def run(module=jsmops_custom_role, who="ada", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return run


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def test_a_role_through_its_life(call, emulator):
    wish = {"name": "Responder", "granted_rights": ["alert-action", "alert-create"], "disallowed_rights": ["alert-delete"]}
    predicted = call(check_mode=True, diff=True, **wish)
    assert predicted["changed"] is True and writes(emulator) == []
    assert predicted["custom_role"] == {"name": "Responder", "extendedRole": "user", "grantedRights": ["alert-action", "alert-create"],
                                        "disallowedRights": ["alert-delete"]}
    created = call(**wish)
    role = created["custom_role"]
    assert created["changed"] is True and role["id"] and role["extendedRole"] == "user"  # read back: the answer is a note
    assert writes(emulator) == [("POST", "/roles")]
    emulator.clear_log()
    again = call(name="Responder", granted_rights=["alert-create", "alert-action"], disallowed_rights=["alert-delete"])
    assert again["changed"] is False and writes(emulator) == []
    assert call(jsmops_custom_role_info, name="Responder")["custom_roles"] == [role]

    more = call(diff=True, name="Responder", granted_rights=["alert-action", "alert-create", "alert-add-note"])
    assert more["changed"] is True
    assert more["diff"]["after"] == {"grantedRights": ["alert-action", "alert-create", "alert-add-note"]}
    assert writes(emulator) == [("PUT", "/roles/%s" % role["id"])]
    [sent] = [entry for entry in emulator.log if entry["method"] == "PUT"]
    assert sent["query"] == "identifierType=id"
    assert emulator.state.dump()["customRoles"][0]["disallowedRights"] == ["alert-delete"]  # the whole role was sent again

    deleted = call(name="Responder", state="absent")
    assert deleted["changed"] is True and emulator.state.dump()["customRoles"] == []
    assert call(name="Responder", state="absent")["changed"] is False
    assert call(jsmops_custom_role_info)["custom_roles"] == []


def test_a_right_both_granted_and_disallowed_is_refused_before_anything_is_sent(call, emulator):
    refused = call(name="Confused", granted_rights=["alert-delete"], disallowed_rights=["alert-delete"])
    assert refused["failed"] is True
    assert refused["msg"] == "A right cannot be both granted and disallowed; alert-delete is in granted_rights and in disallowed_rights."
    assert emulator.log == []


def test_a_member_is_told_it_lacks_the_right(call, emulator):
    refused = call(who="dana", name="Responder", granted_rights=["alert-action"])
    assert refused["failed"] is True and "HTTP 403" in refused["msg"]
    assert call(jsmops_custom_role_info, who="dana")["custom_roles"] == []  # what it may not see reads as nothing


def test_assigning_a_role_by_name_to_a_user_by_email(call, emulator):
    role = call(name="Responder", granted_rights=["alert-action"])["custom_role"]
    erin = ACCOUNTS["erin"]
    emulator.clear_log()
    predicted = call(jsmops_custom_role_assign, check_mode=True, role="Responder", user=erin["email"])
    assert predicted["changed"] is True and writes(emulator) == []
    assigned = call(jsmops_custom_role_assign, role="Responder", user=erin["email"])
    assert (assigned["changed"], assigned["role_id"], assigned["account_id"]) == (True, role["id"], erin["accountId"])
    assert writes(emulator) == [("POST", "/roles/assign")]
    stored = next(account for account in emulator.state.dump()["accounts"] if account["accountId"] == erin["accountId"])
    assert stored["customRoleId"] == role["id"]
    unknown = call(jsmops_custom_role_assign, role="Nope", user=erin["email"])
    assert unknown["failed"] is True
    assert unknown["msg"] == "role 'Nope' is not a custom role of the site; create it with jsm.ops.jsmops_custom_role first."
