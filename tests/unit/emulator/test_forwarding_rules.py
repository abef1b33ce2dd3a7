# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarding rules of the local JSM Ops API emulator (tests/emulator), over real HTTP."""

from __future__ import annotations

from ansible_collections.jsm.ops.tests.unit.emulator.support import ADA, DANA, DANA_ID, ERIN, ERIN_ID, NOEL_ID

RULE = {"fromUserId": DANA_ID, "toUserId": ERIN_ID, "startDate": "2027-01-04T08:00:00+01:00", "endDate": "2027-01-05T08:00:00Z"}


def test_create_read_replace_delete(api):
    admin = api(ADA)
    created = admin.post("/v1/forwarding-rules", json=RULE)
    assert created.status_code == 201, created.text
    rule = created.json()
    assert rule["startDate"] == "2027-01-04T07:00:00Z" and rule["id"]
    assert admin.get(f"/v1/forwarding-rules/{rule['id']}").json() == rule
    assert admin.get("/v1/forwarding-rules", params={"showAll": "true"}).json()["values"] == [rule]
    replaced = admin.put(f"/v1/forwarding-rules/{rule['id']}", json=dict(RULE, toUserId=NOEL_ID))
    assert replaced.status_code == 200 and replaced.json()["toUserId"] == NOEL_ID
    assert admin.delete(f"/v1/forwarding-rules/{rule['id']}").status_code == 204
    assert admin.get(f"/v1/forwarding-rules/{rule['id']}").status_code == 404


def test_what_is_refused(api):
    admin, dana, erin = api(ADA), api(DANA), api(ERIN)
    assert admin.post("/v1/forwarding-rules", json=dict(RULE, toUserId="712020:nobody")).status_code == 404
    assert admin.post("/v1/forwarding-rules", json=dict(RULE, endDate=RULE["startDate"])).status_code == 422
    assert admin.post("/v1/forwarding-rules", json=dict(RULE, toUserId=DANA_ID)).status_code == 422
    assert erin.post("/v1/forwarding-rules", json=RULE).status_code == 403  # Erin may forward only her own notifications
    rule = dana.post("/v1/forwarding-rules", json=RULE).json()
    assert [item["id"] for item in erin.get("/v1/forwarding-rules").json()["values"]] == [rule["id"]]  # forwarded to her
    assert erin.delete(f"/v1/forwarding-rules/{rule['id']}").status_code == 403
    assert api("noël.zoë@example.com").get(f"/v1/forwarding-rules/{rule['id']}").status_code == 403
