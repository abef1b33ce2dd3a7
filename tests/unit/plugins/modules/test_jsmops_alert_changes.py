# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_alert on an existing alert: its message, description and responders, its notes, deleting it; and its log and
notes through jsmops_alert_info. Each change is sent once and a second run sends nothing."""

from __future__ import annotations

import pytest

from ansible_collections.jsm.ops.plugins.modules import jsmops_alert, jsmops_alert_info
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import TEAMS

ALIAS = "platform-api-latency"  # the seed's open alert, with one note


@pytest.fixture
def run(run_module, connection, emulator):
    emulator.update_settings({"alert_processing_delay": 0.05})

    def call(module=jsmops_alert, check_mode=False, diff=False, **args):
        return run_module(module, connection("ada", **args), check_mode=check_mode, diff=diff)

    return call


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def stored(emulator, alias=ALIAS):
    return [alert for alert in emulator.state.dump()["alerts"] if alert.get("alias") == alias]


def test_message_and_description_change_where_they_differ(run, emulator):
    [alert] = stored(emulator)
    predicted = run(check_mode=True, diff=True, alias=ALIAS, alert_message="API p99 latency above 3 s", description=alert["description"])
    assert predicted["changed"] is True and writes(emulator) == []
    assert predicted["diff"] == {"before": {"message": "API p99 latency above 2 s"}, "after": {"message": "API p99 latency above 3 s"}}
    changed = run(alias=ALIAS, alert_message="API p99 latency above 3 s", description="Now 3 s.")
    assert [request["action"] for request in changed["requests"]] == ["change the message", "change the description"]
    assert writes(emulator) == [("PATCH", "/alerts/%s/message" % alert["id"]), ("PATCH", "/alerts/%s/description" % alert["id"])]
    assert (changed["alert"]["message"], changed["alert"]["description"]) == ("API p99 latency above 3 s", "Now 3 s.")
    emulator.clear_log()
    again = run(alias=ALIAS, alert_message="API p99 latency above 3 s", description="Now 3 s.")
    assert again["changed"] is False and writes(emulator) == []
    assert len(stored(emulator)) == 1  # changed in place, not raised again


def test_missing_responders_are_added_once(run, emulator):
    [alert] = stored(emulator)
    added = run(alias=ALIAS, responders=[{"type": "team", "name": "Platform"}, {"type": "team", "name": "Database"}])
    assert added["changed"] is True
    assert writes(emulator) == [("POST", "/alerts/%s/responders" % alert["id"])]
    assert {"type": "team", "id": TEAMS["Database"]} in stored(emulator)[0]["responders"]
    emulator.clear_log()
    assert run(alias=ALIAS, responders=[{"type": "team", "name": "Database"}])["changed"] is False
    assert writes(emulator) == []


def test_a_note_is_rewritten_by_id_and_removed_by_text(run, emulator):
    [alert] = stored(emulator)
    [seeded] = run(jsmops_alert_info, alias=ALIAS, notes=True)["alerts"][0]["notes"]
    rewritten = run(alias=ALIAS, note_id=seeded["id"], note="Rolled back the gateway.")
    assert [request["action"] for request in rewritten["requests"]] == ["change a note"]
    assert writes(emulator) == [("PATCH", "/alerts/%s/notes/%s" % (alert["id"], seeded["id"]))]
    emulator.clear_log()
    assert run(alias=ALIAS, note_id=seeded["id"], note="Rolled back the gateway.")["changed"] is False
    assert writes(emulator) == []
    removed = run(alias=ALIAS, remove_notes=["Rolled back the gateway.", "a note that is not there"])
    assert [request["action"] for request in removed["requests"]] == ["remove a note"]
    assert run(jsmops_alert_info, alias=ALIAS, notes=True)["alerts"][0]["notes"] == []
    emulator.clear_log()
    assert run(alias=ALIAS, remove_notes=["Rolled back the gateway."])["changed"] is False
    unknown = run(alias=ALIAS, note_id="no-such-note", note="x")
    assert unknown["failed"] is True
    assert unknown["msg"] == ("note_id 'no-such-note' is not a note of alert %s; the alert's notes are read with jsmops_alert_info."
                              % alert["id"])
    assert writes(emulator) == []


def test_deleting_an_alert_once(run, emulator):
    [alert] = stored(emulator)
    predicted = run(check_mode=True, diff=True, alias=ALIAS, state="deleted")
    assert predicted["changed"] is True and predicted["alert"] is None and writes(emulator) == []
    deleted = run(alias=ALIAS, state="deleted", alert_message="ignored on an alert being deleted")
    assert [request["action"] for request in deleted["requests"]] == ["delete the alert"]
    assert deleted["requests"][0]["isSuccess"] is True
    assert writes(emulator) == [("DELETE", "/alerts/%s" % alert["id"])]
    assert deleted["alert"] is None and stored(emulator) == []
    emulator.clear_log()
    assert run(alias=ALIAS, state="deleted")["changed"] is False
    assert run(id=alert["id"], state="deleted")["changed"] is False
    assert writes(emulator) == []


def test_the_log_of_an_alert(run, emulator):
    run(alias=ALIAS, state="acknowledged")
    [found] = run(jsmops_alert_info, alias=ALIAS, logs=True)["alerts"]
    assert found["logs"] and all({"logTime", "log"} <= set(entry) for entry in found["logs"])
    assert "notes" not in found
    searched = run(jsmops_alert_info, query="status: open", logs=True, notes=True)["alerts"]
    assert searched and all("logs" in item and "notes" in item for item in searched)
