# Copyright: Contributors to the jsm.ops collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""jsmops_integration, jsmops_integration_action, jsmops_alert_policy and jsmops_notification_policy against the emulator:
what reaches the API (bodies as sent), what the emulator keeps, and what the modules show of an integration's API key."""

from __future__ import annotations

import json
import os
import stat
from unittest import mock
from urllib.parse import urlsplit

import pytest
import requests

from ansible_collections.jsm.ops.plugins.module_utils.core import kit
from ansible_collections.jsm.ops.plugins.module_utils.core.errors import JsmOpsError
from ansible_collections.jsm.ops.plugins.module_utils.families import integrations
from ansible_collections.jsm.ops.plugins.modules import (
    jsmops_alert_policy,
    jsmops_integration,
    jsmops_integration_action,
    jsmops_integration_outgoing_filter,
    jsmops_notification_policy,
)
from ansible_collections.jsm.ops.tests.unit.plugins.modules.seed_data import SEED, TEAMS

PLATFORM = TEAMS["Platform"]
SEEDED_POLICIES = {policy["name"]: policy for policy in SEED["policies"]}
NO_KEY = ("The API key of integration %r is returned only when the integration is created and cannot be read again; "
          "to get a new key, delete the integration and create it again.")
CONDITIONS = [
    {"field": "source", "operation": "equals", "expected_value": "staging"},
    {"field": "tags", "operation": "contains", "expected_value": "noise"},
    {"field": "priority", "operation": "equals", "expected_value": "P5", "negate": True},
]


@pytest.fixture
def call(run_module, connection):
    def run(module, who="ada", check_mode=False, diff=False, **args):
        return run_module(module, connection(who, **args), check_mode=check_mode, diff=diff)

    return run


@pytest.fixture
def sent(monkeypatch):
    """The writes the modules send, as (method, path below /v1, JSON body), read where they leave the client."""
    bodies = []
    real = requests.Session.request

    def request(session, method, url, *args, **kwargs):
        if method.upper() != "GET":
            bodies.append((method.upper(), urlsplit(url).path.split("/v1", 1)[-1], kwargs.get("json")))
        return real(session, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request)
    return bodies


def writes(emulator):
    return [(entry["method"], entry["path"].split("/v1", 1)[-1]) for entry in emulator.log if entry["method"] != "GET"]


def policy(emulator, ident):
    return next(item for item in emulator.state.dump()["policies"] if item["id"] == ident)


def integration(emulator, name):
    return next((item for item in emulator.state.dump()["integrations"] if item["name"] == name), None)


def api_key(emulator, name):
    """The key the emulator made for the integration (the state dump leaves it out)."""
    with emulator.lock:
        return next(item["apiKey"] for item in emulator.state.incidents.integrations if item["name"] == name)


def action_names(emulator, name):
    """The integration's actions in the API's order: each direction's in their order, incoming ones first."""
    actions = integration(emulator, name)["actions"]
    return [action["name"] for direction in ("incoming", "outgoing") for action in actions if action["direction"] == direction]


# -- notification policies: the delay as the API reads it ------------------------------------------------

@pytest.mark.parametrize("delay, expected", [
    ({"option": "for-duration", "duration": 30},
     {"delayOption": "forMinutes", "waitDuration": 30, "durationFormat": "minutes", "delayTime": {"hours": 0, "minutes": 0}}),
    ({"option": "for-duration", "duration": 2, "unit": "hours"},
     {"delayOption": "forMinutes", "waitDuration": 2, "durationFormat": "hours", "delayTime": {"hours": 0, "minutes": 0}}),
    ({"option": "next-weekday", "time": "09:30"},
     {"delayOption": "nextWeekday", "delayTime": {"hours": 9, "minutes": 30}, "waitDuration": 0, "durationFormat": "minutes"}),
])
def test_a_notification_delay_reaches_the_api_in_the_fields_it_reads(call, emulator, sent, delay, expected):
    created = call(jsmops_notification_policy, team="Platform", name="Hold back", delay=delay)
    assert created["changed"] is True, created
    assert sent == [("POST", "/teams/%s/policies" % PLATFORM, sent[0][2])]
    assert sent[0][2]["delayAction"] == expected and sent[0][2]["type"] == "notification" and sent[0][2]["enabled"] is True
    assert policy(emulator, created["notification_policy"]["id"])["delayAction"] == expected
    emulator.clear_log()
    again = call(jsmops_notification_policy, team="platform", name="Hold back", delay=delay)
    assert again["changed"] is False and writes(emulator) == []


def test_a_longer_delay_is_one_put_of_the_new_wait_duration(call, emulator, sent):
    created = call(jsmops_notification_policy, team="Platform", name="Hold back", suppress=False,
                   delay={"option": "for-duration", "duration": 30})["notification_policy"]
    emulator.clear_log()
    del sent[:]
    longer = call(jsmops_notification_policy, team="Platform", name="Hold back", delay={"option": "for-duration", "duration": 45})
    assert longer["changed"] is True
    assert writes(emulator) == [("PUT", "/teams/%s/policies/%s" % (PLATFORM, created["id"]))]
    assert sent[0][2]["delayAction"] == {"delayOption": "forMinutes", "waitDuration": 45, "durationFormat": "minutes",
                                         "delayTime": {"hours": 0, "minutes": 0}}
    assert policy(emulator, created["id"])["delayAction"]["waitDuration"] == 45


# -- alert policies: a PUT of the whole policy, conditions as a set -----------------------------------------

@pytest.mark.parametrize("team", ["Platform", None])
def test_one_field_of_an_alert_policy_is_one_put_and_the_rest_survives(call, emulator, team):
    where = {"team": team} if team else {}
    created = call(jsmops_alert_policy, name="Staging noise", alert_message="{{message}} (staging)", tags=["staging", "noise"], priority="P4",
                   criteria={"type": "match-any-condition", "conditions": CONDITIONS}, alias="staging-{{alias}}", details={"env": "staging"},
                   keep_original_tags=False, **where)
    assert created["changed"] is True, created
    ident = created["alert_policy"]["id"]
    before = policy(emulator, ident)
    assert before["message"] == "{{message}} (staging)" and before["priorityValue"] == "P4" and before["tags"] == ["staging", "noise"]
    assert before["filter"]["type"] == "match-any-condition" and len(before["filter"]["conditions"]) == 3
    assert before["alias"] == "staging-{{alias}}" and before["details"] == {"env": "staging"} and before["keepOriginalTags"] is False
    emulator.clear_log()

    changed = call(jsmops_alert_policy, diff=True, name="Staging noise", description="Noise from staging", **where)
    assert changed["changed"] is True
    assert changed["diff"] == {"before": {"description": ""}, "after": {"description": "Noise from staging"}}
    path = "/teams/%s/policies/%s" % (PLATFORM, ident) if team else "/alerts/policies/%s" % ident
    assert writes(emulator) == [("PUT", path)]
    after = policy(emulator, ident)
    assert after["description"] == "Noise from staging"
    assert {key: value for key, value in after.items() if key != "description"} == {key: value for key, value in before.items() if key != "description"}


@pytest.mark.parametrize("module, extra", [(jsmops_alert_policy, {"alert_message": "{{message}}"}), (jsmops_notification_policy, {"suppress": True})])
def test_the_conditions_of_a_policy_in_another_order_are_no_change(call, emulator, module, extra):
    criteria = {"type": "match-all-conditions", "conditions": CONDITIONS}
    assert call(module, team="Platform", name="Every condition", criteria=criteria, **extra)["changed"] is True
    emulator.clear_log()
    reversed_order = call(module, diff=True, team="Platform", name="Every condition", criteria=dict(criteria, conditions=CONDITIONS[::-1]), **extra)
    assert reversed_order["changed"] is False and reversed_order["diff"] == {"before": {}, "after": {}}
    assert writes(emulator) == []
    other_type = call(module, check_mode=True, team="Platform", name="Every condition", criteria=dict(criteria, type="match-any-condition"), **extra)
    assert other_type["changed"] is True and writes(emulator) == []  # the comparison does look at the filter
    one_less = call(module, check_mode=True, team="Platform", name="Every condition", criteria=dict(criteria, conditions=CONDITIONS[1:]), **extra)
    assert one_less["changed"] is True and writes(emulator) == []


# -- enabled goes through enable and disable -------------------------------------------------------------

@pytest.mark.parametrize("module, name, team, enabled, path", [
    (jsmops_alert_policy, "Platform business hours", "Platform", False, "/teams/{team}/policies/{id}/disable"),
    (jsmops_alert_policy, "Suppress test alerts", None, False, "/alerts/policies/{id}/disable"),
    (jsmops_notification_policy, "Platform quiet nights", "Platform", True, "/teams/{team}/policies/{id}/enable"),
])
def test_enabled_of_an_existing_policy_is_one_post_and_no_put(call, emulator, sent, module, name, team, enabled, path):
    ident = SEEDED_POLICIES[name]["id"]
    before = policy(emulator, ident)
    result = call(module, diff=True, name=name, enabled=enabled, **({"team": team} if team else {}))
    assert result["changed"] is True, result
    assert result["diff"] == {"before": {"enabled": not enabled}, "after": {"enabled": enabled}}
    assert writes(emulator) == [("POST", path.format(team=PLATFORM, id=ident))]
    assert sent == [("POST", path.format(team=PLATFORM, id=ident), None)]
    assert policy(emulator, ident) == dict(before, enabled=enabled)
    emulator.clear_log()
    assert call(module, name=name, enabled=enabled, **({"team": team} if team else {}))["changed"] is False and writes(emulator) == []


def test_a_new_policy_meant_to_be_off_is_created_off_in_one_request(call, emulator, sent):
    created = call(jsmops_notification_policy, team="Platform", name="Off from the start", enabled=False, suppress=True)
    assert created["changed"] is True and created["notification_policy"]["enabled"] is False
    assert writes(emulator) == [("POST", "/teams/%s/policies" % PLATFORM)] and sent[0][2]["enabled"] is False
    assert policy(emulator, created["notification_policy"]["id"])["enabled"] is False


# -- integration actions: one reorder call ----------------------------------------------------------------

def test_moving_an_action_to_the_front_is_one_reorder_call(call, emulator, sent, tmp_path):
    made = call(jsmops_integration, name="Alertmanager (unit)", type="API", team="Platform", api_key_dest=str(tmp_path / "key"))
    ident = made["integration"]["id"]
    outgoing = call(jsmops_integration_action, integration=ident, name="Forward", direction="outgoing", type="createIssue", group_type="forwarding")
    assert outgoing["changed"] is True, outgoing
    incoming = ["Create Alert", "Close Alert", "Acknowledge Alert", "Add Note"]
    assert action_names(emulator, "Alertmanager (unit)") == incoming + ["Forward"]
    actions = {action["name"]: action["id"] for action in integration(emulator, "Alertmanager (unit)")["actions"]}
    emulator.clear_log()
    del sent[:]

    moved = call(jsmops_integration_action, integration="alertmanager (UNIT)", name="Add Note", order=0)
    assert moved["changed"] is True and moved["integration_id"] == ident
    assert writes(emulator) == [("PATCH", "/integrations/%s/actions/%s/order" % (ident, actions["Add Note"]))]
    assert sent == [("PATCH", "/integrations/%s/actions/%s/order" % (ident, actions["Add Note"]), {"successorId": actions["Create Alert"]})]
    assert action_names(emulator, "Alertmanager (unit)") == ["Add Note", "Create Alert", "Close Alert", "Acknowledge Alert", "Forward"]
    emulator.clear_log()
    assert call(jsmops_integration_action, integration=ident, name="Add Note", order=0)["changed"] is False and writes(emulator) == []

    del sent[:]
    last = call(jsmops_integration_action, integration=ident, name="Add Note", order=3)  # last of the incoming ones
    assert last["changed"] is True
    assert sent == [("PATCH", "/integrations/%s/actions/%s/order" % (ident, actions["Add Note"]), {})]  # last: no successor
    assert action_names(emulator, "Alertmanager (unit)") == incoming + ["Forward"]


# -- the API key of a new integration ---------------------------------------------------------------------

def test_the_api_key_goes_to_its_file_only_and_a_second_run_writes_nothing(call, emulator, tmp_path):
    folder = tmp_path / "keys"
    folder.mkdir()
    dest = folder / "alertmanager.key"
    task = dict(name="Alertmanager (unit)", type="API", team="Platform", enabled=True, properties={"allowWriteAccess": True},
                api_key_dest=str(dest))
    created = call(jsmops_integration, diff=True, **task)
    key = api_key(emulator, "Alertmanager (unit)")
    assert created["changed"] is True and created["api_key"] is None and "apiKey" not in created["integration"]
    assert len(key) > 10 and key not in json.dumps(created)  # result, diff, warnings and stderr
    assert created["_warnings"] == []
    assert dest.read_text(encoding="utf-8") == key + "\n"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert os.listdir(folder) == ["alertmanager.key"]  # no temporary file left behind
    written = dest.stat().st_mtime_ns
    emulator.clear_log()

    again = call(jsmops_integration, diff=True, **task)
    assert again["changed"] is False and again["_warnings"] == [] and again["api_key"] is None
    assert writes(emulator) == []
    assert key not in json.dumps(again)
    assert dest.read_text(encoding="utf-8") == key + "\n" and dest.stat().st_mtime_ns == written


def test_a_key_neither_kept_nor_returned_is_shown_nowhere_and_the_module_says_so(call, emulator):
    created = call(jsmops_integration, diff=True, name="CI jobs (unit)", type="API")
    key = api_key(emulator, "CI jobs (unit)")
    assert created["changed"] is True and created["api_key"] is None and "apiKey" not in created["integration"] and key not in json.dumps(created)
    assert created["_warnings"] == ["Integration 'CI jobs (unit)' was created; its API key was not kept (set api_key_dest or return_api_key) "
                                    "and cannot be read again."]


def test_return_api_key_returns_the_key_once(call, emulator):
    returned = call(jsmops_integration, name="CI jobs (unit)", type="API", return_api_key=True)
    assert returned["changed"] is True and returned["api_key"] == api_key(emulator, "CI jobs (unit)")
    assert "apiKey" not in returned["integration"] and returned["_warnings"] == []
    emulator.clear_log()
    again = call(jsmops_integration, name="CI jobs (unit)", type="API", return_api_key=True)
    assert again["changed"] is False and again["api_key"] is None and writes(emulator) == []
    assert again["_warnings"] == [NO_KEY % "CI jobs (unit)"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_key_file_in_a_directory_that_is_not_there_is_refused_before_the_create(call, emulator, tmp_path, check_mode):
    dest = tmp_path / "missing" / "key"
    result = call(jsmops_integration, check_mode=check_mode, name="Alertmanager (unit)", type="API", api_key_dest=str(dest))
    assert writes(emulator) == [] and integration(emulator, "Alertmanager (unit)") is None
    if check_mode:  # an earlier task of the run may create the directory: only a warning
        assert result["changed"] is True and any("does not exist yet" in text for text in result["_warnings"])
    else:
        assert result["failed"] is True
        assert result["msg"] == "api_key_dest %s: the directory %s does not exist; create it first." % (dest, dest.parent)


def test_the_key_asked_for_is_returned_though_the_default_actions_could_not_be_deleted(call, emulator):
    with mock.patch.object(kit.Collection, "delete", side_effect=JsmOpsError("DELETE /v1/integrations/x/actions/y returned HTTP 403.")):
        created = call(jsmops_integration, name="CI jobs (unit)", type="API", return_api_key=True, delete_default_actions=True)
    assert created.get("failed") is not True and created["changed"] is True
    assert created["api_key"] == api_key(emulator, "CI jobs (unit)")
    assert created["deleted_default_actions"] == []
    assert [text for text in created["_warnings"] if "not all of its default actions could be deleted" in text] != []


def test_a_key_file_that_cannot_be_written_fails_naming_api_key_dest_and_keeps_the_returned_key(call, emulator, tmp_path):
    dest = tmp_path / "key"
    with mock.patch.object(integrations, "write_key", side_effect=OSError(28, "No space left on device")):
        failed = call(jsmops_integration, name="CI jobs (unit)", type="API", return_api_key=True, api_key_dest=str(dest))
    key = api_key(emulator, "CI jobs (unit)")
    assert failed["failed"] is True and failed["changed"] is True
    assert failed["msg"] == ("api_key_dest %s: integration 'CI jobs (unit)' was created, but its API key could not be written there "
                             "(No space left on device); it is in the result's api_key." % dest)
    assert failed["api_key"] == key and "\n" not in failed["msg"]

    with mock.patch.object(integrations, "write_key", side_effect=OSError(28, "No space left on device")):
        lost = call(jsmops_integration, name="Alertmanager (unit)", type="API", api_key_dest=str(dest))
    assert lost["failed"] is True and lost["api_key"] is None and api_key(emulator, "Alertmanager (unit)") not in json.dumps(lost)
    assert lost["msg"].endswith("it cannot be read again: delete the integration and run the task again.")


def test_a_key_directory_gone_later_does_not_fail_a_task_on_the_existing_integration(call, emulator, tmp_path):
    call(jsmops_integration, name="CI jobs (unit)", type="API", return_api_key=True)
    emulator.clear_log()
    again = call(jsmops_integration, name="CI jobs (unit)", type="API", api_key_dest=str(tmp_path / "gone" / "key"))
    assert again.get("failed") is not True and again["changed"] is False and writes(emulator) == []
    assert again["_warnings"] == [NO_KEY % "CI jobs (unit)"]


def test_a_description_the_api_does_not_answer_is_not_a_change_on_every_run(call, emulator):
    task = dict(name="CI jobs (unit)", type="API", description="Builds of the main branch", return_api_key=True)
    assert call(jsmops_integration, **task)["changed"] is True
    assert integration(emulator, "CI jobs (unit)")["description"] == "Builds of the main branch"
    emulator.clear_log()
    again = call(jsmops_integration, **task)
    assert again["changed"] is False and writes(emulator) == []


def test_an_existing_outgoing_action_changes_without_its_group_type(call, emulator):
    ident = call(jsmops_integration, name="Alertmanager (unit)", type="API", return_api_key=True)["integration"]["id"]
    created = call(jsmops_integration_action, integration=ident, name="Forward", direction="outgoing", type="createIssue", group_type="forwarding")
    assert created["changed"] is True
    turned_off = call(jsmops_integration_action, integration=ident, name="Forward", direction="outgoing", enabled=False)
    assert turned_off.get("failed") is not True and turned_off["changed"] is True and turned_off["action"]["enabled"] is False
    refused = call(jsmops_integration_action, integration=ident, name="Forward again", direction="outgoing", type="createIssue")
    assert refused["failed"] is True and refused["msg"] == "group_type is required to create an outgoing action (forwarding, updating or checkbox)."


def test_check_mode_predicts_the_outgoing_filter_of_an_integration_not_created_yet(call, emulator):
    criteria = {"type": "match-any-condition", "conditions": CONDITIONS[:1]}
    predicted = call(jsmops_integration_outgoing_filter, check_mode=True, diff=True, integration="Alertmanager (later)", criteria=criteria)
    assert predicted["changed"] is True and predicted["integration_id"] is None
    assert predicted["_warnings"] == ["integration 'Alertmanager (later)' does not exist yet; check mode predicts its outgoing filter."]
    assert predicted["filter"]["conditionMatchType"] == "match-any-condition" and len(predicted["filter"]["conditions"]) == 1
    assert writes(emulator) == []
    real = call(jsmops_integration_outgoing_filter, integration="Alertmanager (later)", criteria=criteria)
    assert real["failed"] is True and real["msg"].startswith("integration 'Alertmanager (later)' is not an integration the account can see")


# -- what the API cannot create ----------------------------------------------------------------------------

@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("kind", ["Slack", "slack-app", "Microsoft Teams", "MicrosoftTeamsV2"])
def test_a_chat_integration_is_refused_before_anything_is_written(call, emulator, kind, check_mode):
    result = call(jsmops_integration, check_mode=check_mode, name="Chat", type=kind)
    assert result["failed"] is True
    assert result["msg"] == ("type %s: the API cannot create Slack or Microsoft Teams integrations; add them from Jira Service Management's "
                             "integration page, then manage them here by name." % kind)
    assert writes(emulator) == [] and integration(emulator, "Chat") is None


# -- check mode of an action whose integration an earlier task only predicted ------------------------------

def test_check_mode_predicts_an_action_of_an_integration_not_created_yet(call, emulator):
    task = dict(integration="Alertmanager (later)", name="Critical", type="add_note",
                criteria={"type": "match-any-condition", "conditions": CONDITIONS[:1]})
    predicted = call(jsmops_integration_action, check_mode=True, diff=True, **task)
    assert predicted["changed"] is True and predicted["integration_id"] is None
    assert predicted["_warnings"] == ["integration 'Alertmanager (later)' does not exist yet; check mode predicts the action as new."]
    action = predicted["action"]
    assert (action["name"], action["type"], action["direction"]) == ("Critical", "addNote", "incoming")
    assert action["filter"] == {"conditionMatchType": "match-any-condition",
                                "conditions": [{"field": "source", "not": False, "operation": "equals", "expectedValue": "staging"}]}
    assert predicted["diff"]["before"] == {} and predicted["diff"]["after"] == action
    assert writes(emulator) == []

    real = call(jsmops_integration_action, **task)
    assert real["failed"] is True and real["_warnings"] == []
    assert real["msg"] == ("integration 'Alertmanager (later)' is not an integration the account can see; create it with "
                           "jsm.ops.jsmops_integration first.")
    assert writes(emulator) == []


def test_check_mode_of_an_action_of_an_integration_not_created_yet_refuses_what_the_create_would(call, emulator, tmp_path):
    """Without type the create fails once the integration exists; check mode must not report it as fine before."""
    predicted = call(jsmops_integration_action, check_mode=True, integration="Alertmanager (later)", name="Critical")
    assert writes(emulator) == []
    call(jsmops_integration, name="Alertmanager (later)", type="API", api_key_dest=str(tmp_path / "key"))
    real = call(jsmops_integration_action, integration="Alertmanager (later)", name="Critical")
    assert real["failed"] is True and real["msg"] == "type is required to create integration action 'Critical'."
    assert predicted.get("failed") is True and predicted["msg"] == real["msg"]
