# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Custom user roles of the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

from ansible_collections.jsm.ops.tests.unit.emulator.support import ADA, DANA, DANA_ID


def test_create_read_by_id_or_name_replace_assign_delete(api, emulator):
    admin = api(ADA)
    created = admin.post("/v1/roles", json={"name": "Responder", "grantedRights": ["alert-action"], "disallowedRights": ["alert-delete"]})
    assert created.status_code == 200, created.text
    assert created.json()["message"] == "Created"
    role_id = created.json()["data"]["id"]
    assert admin.get("/v1/roles").json()["values"] == [{"id": role_id, "name": "Responder"}]
    by_id = admin.get(f"/v1/roles/{role_id}", params={"identifierType": "id"}).json()
    assert by_id == {"id": role_id, "name": "Responder", "extendedRole": "user", "grantedRights": ["alert-action"],
                     "disallowedRights": ["alert-delete"]}
    assert admin.get("/v1/roles/Responder", params={"identifierType": "name"}).json() == by_id
    updated = admin.put(f"/v1/roles/{role_id}", params={"identifierType": "id"}, json={"name": "Responder", "grantedRights": []})
    assert updated.status_code == 200 and updated.json()["message"] == "Updated"
    assert admin.get(f"/v1/roles/{role_id}").json()["grantedRights"] == []
    assigned = admin.post("/v1/roles/assign", json={"accountId": DANA_ID, "roleId": role_id})
    assert assigned.status_code == 200, assigned.text
    assert next(account for account in emulator.state.dump()["accounts"] if account["accountId"] == DANA_ID)["customRoleId"] == role_id
    assert admin.delete(f"/v1/roles/{role_id}", params={"identifierType": "id"}).status_code == 204
    assert admin.get(f"/v1/roles/{role_id}").status_code == 404


def test_what_is_refused(api):
    admin = api(ADA)
    admin.post("/v1/roles", json={"name": "Taken"})
    assert admin.post("/v1/roles", json={"name": "Taken"}).status_code == 400
    assert admin.post("/v1/roles", json={"name": "Both", "grantedRights": ["x-y"], "disallowedRights": ["x-y"]}).status_code == 400
    assert admin.post("/v1/roles/assign", json={"accountId": "712020:nobody", "roleId": "none"}).status_code == 404
    assert api(DANA).get("/v1/roles").status_code == 403
