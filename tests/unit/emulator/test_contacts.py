# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The calling account's contacts in the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

from ansible_collections.jsm.ops.tests.unit.emulator.support import ADA, DANA, DANA_ID, ERIN


def test_every_account_starts_with_its_own_email_and_acts_for_itself(api):
    dana = api(DANA)
    listed = dana.get("/v1/users/contacts").json()["values"]
    assert [(item["method"], item["to"], item["status"], item["applyOrder"]) for item in listed][0] == (
        "email", DANA, {"enabled": True}, 0)
    created = dana.post("/v1/users/contacts", json={"method": "voice", "to": "+49-1511-7654321"})
    assert created.status_code == 201 and created.json()["message"] == "Created"
    contact_id = created.json()["data"]["id"]
    assert dana.patch(f"/v1/users/contacts/{contact_id}/deactivate").json() == {"message": "Deactivated", "data": {"id": contact_id}}
    assert dana.get(f"/v1/users/contacts/{contact_id}").json()["status"] == {"enabled": False}
    assert dana.patch(f"/v1/users/contacts/{contact_id}/activate").status_code == 200
    assert dana.patch(f"/v1/users/contacts/{contact_id}", json={"to": "+49-1511-0000000"}).status_code == 422  # email only
    assert api(ERIN).get(f"/v1/users/contacts/{contact_id}").status_code == 404  # not Erin's
    assert dana.delete(f"/v1/users/contacts/{contact_id}").status_code == 204
    assert dana.get(f"/v1/users/contacts/{contact_id}").status_code == 404


def test_what_is_refused(api):
    dana = api(DANA)
    assert dana.post("/v1/users/contacts", json={"method": "email", "to": DANA.upper()}).status_code == 422  # there already
    assert dana.post("/v1/users/contacts", json={"method": "sms", "to": "call me"}).status_code == 422
    assert dana.get("/v1/users/contacts", params={"targetAccountId": ADA}).status_code == 403
    assert api(ADA).get("/v1/users/contacts", params={"targetAccountId": DANA_ID}).json()["values"][0]["to"] == DANA
